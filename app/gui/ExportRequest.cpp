#include "ExportRequest.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace hrstyle {
namespace {

QString lowerSuffix(const QString& path) {
    return QFileInfo(path).suffix().toLower();
}

}  // namespace

std::string exportDescription(const Metadata& modelMetadata, const QString& contentPath, const QString& stylePath) {
    QJsonObject object;
    for (const auto& [key, value] : modelMetadata) {
        object.insert(QString::fromStdString(key), QString::fromStdString(value));
    }
    // File names only: a full path would leak the user's folder layout into every shared image.
    object.insert(QStringLiteral("content"), QFileInfo(contentPath).fileName());
    object.insert(QStringLiteral("style"), QFileInfo(stylePath).fileName());
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
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
