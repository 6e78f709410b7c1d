#include "VggWeightsLocator.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace hrstyle {

namespace {

// Fixed so that every HRStyle executable shares one data folder (see defaultDownloadedVggPath()).
constexpr char kDataOrganisation[] = "HRStyle";
constexpr char kDataApplication[] = "hrstyle";
constexpr char kDownloadedFileName[] = "vgg19.safetensors";

}  // namespace

QString defaultDownloadedVggPath() {
    const QString dataRoot = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (dataRoot.isEmpty()) return {};
    return QDir(dataRoot).filePath(QStringLiteral("%1/%2/%3")
                                       .arg(QLatin1String(kDataOrganisation), QLatin1String(kDataApplication),
                                            QLatin1String(kDownloadedFileName)));
}

VggWeightsLocation locateVggWeights(const QString& explicitPath) {
    if (!explicitPath.isEmpty()) return {explicitPath, VggWeightsSource::Explicit};

    const QString fromEnvironment = qEnvironmentVariable(kVggEnvironmentVariable);
    if (!fromEnvironment.isEmpty()) return {fromEnvironment, VggWeightsSource::Environment};

    const QString downloaded = defaultDownloadedVggPath();
    if (!downloaded.isEmpty() && QFileInfo(downloaded).isFile()) return {downloaded, VggWeightsSource::Downloaded};

    return {};
}

QString vggWeightsSourceName(VggWeightsSource source) {
    switch (source) {
    case VggWeightsSource::Explicit: return QStringLiteral("--vgg / preference");
    case VggWeightsSource::Environment: return QLatin1String(kVggEnvironmentVariable);
    case VggWeightsSource::Downloaded: return QStringLiteral("downloaded");
    case VggWeightsSource::None: break;
    }
    return QStringLiteral("none");
}

QString describeVggWeights(const VggWeightsLocation& location) {
    if (!location.found()) return QStringLiteral("No VGG19 weights found: using random features (lower quality)");
    return QStringLiteral("VGG19 weights: %1 (%2)").arg(location.path, vggWeightsSourceName(location.source));
}

}  // namespace hrstyle
