#pragma once
// Plain image value types shared by every layer. No torch, no OpenCV, no Qt.
#include <cstdint>
#include <vector>

namespace hrstyle {

// Owning RGB image, interleaved float in [0,1], row-major: rgb[(y*width + x)*3 + c], c = R,G,B.
// `alpha` is empty or width*height values in [0,1]; the engine sets it aside and export restores it.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<float> rgb;
    std::vector<float> alpha;
    int sourceBitDepth = 8;  // 8 or 16: what the file held, so export can keep 16-bit precision

    bool empty() const { return width <= 0 || height <= 0; }
    bool hasAlpha() const { return !alpha.empty(); }
};

// Owning 8-bit RGB buffer, interleaved, row stride width*3: what previews cross threads as.
struct Rgb8Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;

    bool empty() const { return width <= 0 || height <= 0; }
};

// Quantises like the reference: clamp to [0,1], then round half to even of x*255.
Rgb8Image toRgb8(const Image& image);

}  // namespace hrstyle
