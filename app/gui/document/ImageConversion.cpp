#include "ImageConversion.h"

#include <algorithm>
#include <cmath>

namespace hrstyle {

QImage toQImage(const Rgb8Image& image) {
    if (image.empty() || image.rgb.size() < static_cast<std::size_t>(image.width) * image.height * 3) {
        return {};
    }
    const QImage view(image.rgb.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888);
    return view.copy();  // detach from the engine's buffer
}

QImage toQImage(const Image& image) {
    return toQImage(toRgb8(image));
}

Image fromQImage(const QImage& source) {
    const QImage rgb = source.convertToFormat(QImage::Format_RGB888);
    Image image;
    image.width = rgb.width();
    image.height = rgb.height();
    image.rgb.resize(static_cast<std::size_t>(image.width) * image.height * 3);
    for (int y = 0; y < image.height; ++y) {
        const uchar* line = rgb.constScanLine(y);
        std::uint16_t* out = image.rgb.data() + static_cast<std::size_t>(y) * image.width * 3;
        for (int i = 0; i < image.width * 3; ++i) {
            out[i] = static_cast<std::uint16_t>(line[i] * 257);  // Image's 16-bit scale: 8-bit v is v*257
        }
    }
    return image;
}

}  // namespace hrstyle
