#pragma once
// Reading images for display, and finding the bundled sample images.
#include <QImage>
#include <QString>

namespace hrstyle {

struct LoadedImage {
    QImage image;    // null on failure
    QString error;   // why, for the message bar
};

// Decoded by the engine's loader (core's loadImage: EXIF orientation, 16-bit, alpha, the pixel limit;
// docs/algorithm.md, "Input"), so the pane shows exactly what will be trained on.
LoadedImage readImageFile(const QString& path);

// The bundled samples (resources/samples): $HRSTYLE_SAMPLES_DIR, then an install next to the executable
// (../share/hrstyle/samples), the configured install prefix, and the source tree this was built from.
// Empty if none of them exists.
QString samplesDirectory();
QString sampleContentPath();  // chelsea.png: a cat, CC0
QString sampleStylePath();    // rocket.jpg: a launch at dusk, public domain

}  // namespace hrstyle
