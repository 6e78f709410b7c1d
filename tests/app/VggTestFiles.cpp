#include "VggTestFiles.h"

#include <QFile>
#include <map>
#include <string>

#include "hrstyle/SafeTensors.h"
#include "hrstyle/Vgg19Layout.h"

namespace hrstyle::test {

namespace {

// F16 bit patterns 0x3000..0x33FF are finite numbers in [0.125, 0.25): never NaN or Inf.
RawTensor patternedF16(std::vector<std::int64_t> shape, int seed) {
    RawTensor tensor;
    tensor.dtype = DType::F16;
    tensor.shape = std::move(shape);
    std::int64_t count = 1;
    for (std::int64_t extent : tensor.shape) count *= extent;
    tensor.bytes.resize(std::size_t(count) * 2);
    for (std::int64_t i = 0; i < count; ++i) {
        const std::uint16_t half = std::uint16_t(0x3000 + (i + seed * 37) % 1024);
        tensor.bytes[std::size_t(i) * 2] = std::uint8_t(half & 0xff);  // little-endian, as the format says
        tensor.bytes[std::size_t(i) * 2 + 1] = std::uint8_t(half >> 8);
    }
    return tensor;
}

bool write(const QString& path, const std::map<std::string, RawTensor>& tensors) {
    return bool(writeSafeTensors(QFile::encodeName(path).toStdString(), tensors, {{"format", "pt"}}));
}

}  // namespace

bool writeVggLayoutFile(const QString& path, bool bareKeys) {
    std::map<std::string, RawTensor> tensors;
    const std::string prefix = bareKeys ? "" : "features.";
    for (const VggConvLayer& layer : vgg19ConvLayers()) {
        const std::string base = prefix + std::to_string(layer.index);
        tensors[base + ".weight"] = patternedF16({layer.outChannels, layer.inChannels, 3, 3}, layer.index);
        tensors[base + ".bias"] = patternedF16({layer.outChannels}, layer.index + 100);
    }
    tensors["classifier.6.bias"] = patternedF16({10}, 999);
    return write(path, tensors);
}

bool writeWrongShapeVggFile(const QString& path) {
    return write(path,
                 {{"features.0.weight", patternedF16({64, 1, 3, 3}, 0)}, {"features.0.bias", patternedF16({64}, 1)}});
}

QByteArray readFileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFileBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

}  // namespace hrstyle::test
