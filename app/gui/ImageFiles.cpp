#include "ImageFiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>

namespace hrstyle {

LoadedImage readImageFile(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) {
        return {{}, QObject::tr("the file does not exist")};
    }
    if (!info.isFile() || !info.isReadable()) {
        return {{}, QObject::tr("it is not a readable file")};
    }
    QImageReader reader(path);
    reader.setAutoTransform(true);
    QImage image = reader.read();
    if (image.isNull()) {
        return {{}, reader.errorString()};
    }
    return {image, {}};
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
