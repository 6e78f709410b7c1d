#include "hrstyle/Image.h"

#include <algorithm>
#include <cmath>

namespace hrstyle {

Rgb8Image toRgb8(const Image& image) {
    Rgb8Image out;
    out.width = image.width;
    out.height = image.height;
    out.rgb.resize(image.rgb.size());
    // Same rule as the reference's save_image: clamp, then np.rint (half to even) in float32.
    std::transform(image.rgb.begin(), image.rgb.end(), out.rgb.begin(), [](float v) {
        const float scaled = std::nearbyint(std::clamp(v, 0.0f, 1.0f) * 255.0f);
        return static_cast<std::uint8_t>(std::clamp(scaled, 0.0f, 255.0f));
    });
    return out;
}

}  // namespace hrstyle
