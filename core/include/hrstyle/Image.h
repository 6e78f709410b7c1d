#pragma once
// Plain image value types shared by every layer. No torch, no OpenCV, no Qt.
#include <cmath>
#include <cstdint>
#include <vector>

namespace hrstyle {

// Owning RGB image, interleaved 16-bit samples (0 = black, 65535 = full), row-major:
// rgb[(y*width + x)*3 + c], c = R,G,B. An 8-bit value v is stored as v*257, so v/255 comes back exactly
// (unitValue). 16 bits a sample, not float: a 100-megapixel photo is 600 MB here, 1.2 GB as float, and the
// export keeps source, result and tiles within one memory budget (docs/performance.md, "Large photos").
// `alpha` is empty or width*height samples on the same scale; the engine sets it aside and export restores it.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint16_t> rgb;
    std::vector<std::uint16_t> alpha;
    int sourceBitDepth = 8;  // 8 or 16: what the file held, so export can keep 16-bit precision

    bool empty() const { return width <= 0 || height <= 0; }
    bool hasAlpha() const { return !alpha.empty(); }
    std::size_t pixelCount() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(height); }

    // A sample as a value in [0,1]: a correctly rounded division, so an 8-bit v gives float(v)/255 exactly.
    static float unitValue(std::uint16_t sample) { return static_cast<float>(sample) / 65535.0f; }
    // [0,1] -> sample: clamped, rounded half to even; NaN becomes 0.
    static std::uint16_t fromUnit(float value) {
        const float clamped = value >= 0.0f ? (value < 1.0f ? value : 1.0f) : 0.0f;
        return static_cast<std::uint16_t>(std::nearbyint(clamped * 65535.0f));
    }
};

// Owning 8-bit RGB buffer, interleaved, row stride width*3: what previews cross threads as.
struct Rgb8Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;

    bool empty() const { return width <= 0 || height <= 0; }
};

struct ImageSize {
    int width = 0;
    int height = 0;
};

// width x height scaled so its long side is `longSide`, keeping the aspect (integer arithmetic, round half up,
// a tie counts as landscape: the reference's target_size()); optionally floored to multiples of 4.
ImageSize scaledToLongSide(int width, int height, int longSide, bool multipleOf4);

// Quantises like the reference: the sample's value in [0,1] times 255, rounded half to even.
Rgb8Image toRgb8(const Image& image);

}  // namespace hrstyle
