#include "hrstyle/Image.h"

#include <algorithm>
#include <cmath>

namespace hrstyle {

ImageSize scaledToLongSide(int width, int height, int longSide, bool multipleOf4) {
    ImageSize size{};
    const std::int64_t w = width, h = height, side = longSide;
    if (w >= h) {
        size = {longSide, static_cast<int>((h * side + w / 2) / w)};
    } else {
        size = {static_cast<int>((w * side + h / 2) / h), longSide};
    }
    if (multipleOf4) size = {size.width - size.width % 4, size.height - size.height % 4};
    return size;
}

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
