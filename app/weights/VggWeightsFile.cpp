#include "VggWeightsFile.h"

#include <QFile>
#include <QFileInfo>
#include <map>

#include "hrstyle/SafeTensors.h"
#include "hrstyle/Vgg19Layout.h"

namespace hrstyle {

std::string toNativeFilePath(const QString& path) { return QFile::encodeName(path).toStdString(); }

QString verifyVggFile(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) return QStringLiteral("%1: no such file").arg(path);
    if (!info.isFile()) return QStringLiteral("%1: not a file").arg(path);
    Result<SafeTensorsReader> reader = SafeTensorsReader::open(toNativeFilePath(path));
    if (!reader) return QString::fromStdString(reader.error());
    const Status layout = checkVgg19Tensors(reader.value());
    if (!layout) return QString::fromStdString(layout.error());
    return {};
}

QString writeLossLayersOnly(const QString& sourcePath, const QString& destinationPath) {
    Result<SafeTensorsReader> reader = SafeTensorsReader::open(toNativeFilePath(sourcePath));
    if (!reader) return QString::fromStdString(reader.error());

    // Keys are normalised to the "features." form so the slim file looks like torchvision's state_dict.
    std::map<std::string, RawTensor> kept;
    for (const VggConvLayer& layer : vgg19ConvLayers()) {
        for (const std::string tensor : {"weight", "bias"}) {
            const std::string key = findVggKey(reader.value(), layer.index, tensor);
            const std::string wanted = "features." + std::to_string(layer.index) + "." + tensor;
            if (key.empty())
                return QStringLiteral("%1: missing tensor %2").arg(sourcePath, QString::fromStdString(wanted));
            Result<RawTensor> raw = reader->read(key);
            if (!raw) return QString::fromStdString(raw.error());
            kept.emplace(wanted, std::move(raw).value());
        }
    }
    Metadata metadata = reader->metadata();
    metadata["hrstyle_content"] = "VGG19 features.0-28 convolutions only (the loss network's layers)";
    const Status written = writeSafeTensors(toNativeFilePath(destinationPath), kept, metadata);
    if (!written) return QString::fromStdString(written.error());
    return {};
}

}  // namespace hrstyle
