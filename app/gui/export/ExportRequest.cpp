#include "ExportRequest.h"

#include <QFileInfo>

namespace hrstyle {
namespace {

QString lowerSuffix(const QString& path) {
    return QFileInfo(path).suffix().toLower();
}

}  // namespace

Metadata exportSettings(const Metadata& modelMetadata, const QString& contentPath, const QString& stylePath) {
    Metadata settings = modelMetadata;
    // File names only: a full path would leak the user's folder layout into every shared image.
    settings["content"] = QFileInfo(contentPath).fileName().toStdString();
    settings["style"] = QFileInfo(stylePath).fileName().toStdString();
    return settings;
}

bool formatSupportsSixteenBit(const QString& path) {
    const QString suffix = lowerSuffix(path);
    return suffix == QLatin1String("png") || suffix == QLatin1String("tif") || suffix == QLatin1String("tiff");
}

bool formatHasQuality(const QString& path) {
    const QString suffix = lowerSuffix(path);
    return suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg");
}

}  // namespace hrstyle
