#pragma once
// A small photo for GUI tests that train on it: a flat colour with a red diagonal, enough structure to stylise.
#include <QColor>
#include <QImage>
#include <QSize>
#include <QString>

namespace hrstyle::test {

// Writes the image to `path`; returns the path, or an empty string when it could not be saved.
inline QString writeStripedImage(const QString& path, QSize size, QColor color) {
    QImage image(size, QImage::Format_RGB32);
    image.fill(color);
    for (int x = 0; x < size.width(); x += 3) {
        image.setPixel(x, x % size.height(), qRgb(250, 20, 20));
    }
    return image.save(path) ? path : QString();
}

}  // namespace hrstyle::test
