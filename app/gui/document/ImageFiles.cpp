#include "ImageFiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "ImageConversion.h"
#include "hrstyle/ImageIO.h"

namespace hrstyle {

LoadedImage readImageFile(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) {
        return {{}, QObject::tr("the file does not exist")};
    }
    if (!info.isFile() || !info.isReadable()) {
        return {{}, QObject::tr("it is not a readable file")};
    }
    // The engine's own decoder, so the pane shows exactly what training and export read: the same EXIF
    // orientation, 16-bit samples, alpha and pixel limit (a second decoder would have its own rules).
    const std::string file = path.toStdString();
    const Result<Image> image = loadImage(file);
    if (!image) {
        std::string reason = image.error();
        if (reason.rfind(file + ": ", 0) == 0) {
            reason.erase(0, file.size() + 2);  // the message bar names the file itself
        }
        return {{}, QString::fromStdString(reason)};
    }
    return {toQImage(image.value()), {}};
}

QString samplesDirectory() {
    QStringList candidates;
    const QString fromEnvironment = qEnvironmentVariable("HRSTYLE_SAMPLES_DIR");
    if (!fromEnvironment.isEmpty()) {
        candidates << fromEnvironment;
    }
    candidates << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/hrstyle/samples")
               << QStringLiteral(HRSTYLE_INSTALLED_SAMPLES_DIR) << QStringLiteral(HRSTYLE_SOURCE_SAMPLES_DIR);
    for (const QString& candidate : candidates) {
        if (QFileInfo::exists(candidate + QStringLiteral("/chelsea.png"))) {
            return QDir(candidate).absolutePath();
        }
    }
    return {};
}

QString sampleContentPath() {
    const QString dir = samplesDirectory();
    return dir.isEmpty() ? QString() : dir + QStringLiteral("/chelsea.png");
}

QString sampleStylePath() {
    const QString dir = samplesDirectory();
    return dir.isEmpty() ? QString() : dir + QStringLiteral("/rocket.jpg");
}

}  // namespace hrstyle
