#include "hrstyle/Image.h"

#include <algorithm>
#include <cmath>

namespace hrstyle {

Rgb8Image toRgb8(const Image& image) {
    Rgb8Image out;
    out.width = image.width;
    out.height = image.height;
    out.rgb.resize(image.rgb.size());
    // Same rule as the reference's save_image: np.rint (half to even) of value*255 in float32.
    std::transform(image.rgb.begin(), image.rgb.end(), out.rgb.begin(), [](std::uint16_t v) {
        return static_cast<std::uint8_t>(std::nearbyint(Image::unitValue(v) * 255.0f));
    });
    return out;
}

}  // namespace hrstyle
