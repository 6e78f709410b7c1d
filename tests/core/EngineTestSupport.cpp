#include "EngineTestSupport.h"

#include <QDir>

#include <map>
#include <random>

#include "hrstyle/SafeTensors.h"
#include "hrstyle/Vgg19Layout.h"

namespace hrstyle::test {

Image makeTestImage(int width, int height, int seed) {
    Image image;
    image.width = width;
    image.height = height;
    image.rgb.resize(static_cast<std::size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const bool inSquare = std::abs(x - width / 2) < width / 4 && std::abs(y - height / 2) < height / 4;
            for (int c = 0; c < 3; ++c) {
                const float ramp = (x + 0.5f) / width * (c + 1 + seed % 3) / 4.0f + (y + 0.5f) / height * 0.25f;
                image.rgb[(static_cast<std::size_t>(y) * width + x) * 3 + c] =
                    Image::fromUnit(inSquare ? 0.2f + 0.3f * ((c + seed) % 3) : std::min(1.0f, ramp));
            }
        }
    }
    return image;
}

QString writeVggFile(const QString& directory, const QString& name, const QString& skipKey,
                     const QString& wrongShapeKey) {
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 0.05f);
    std::map<std::string, RawTensor> tensors;
    for (const VggConvLayer& layer : vgg19ConvLayers()) {
        const std::string prefix = "features." + std::to_string(layer.index) + ".";
        std::vector<std::int64_t> weightShape{layer.outChannels, layer.inChannels, 3, 3};
        if (QString::fromStdString(prefix + "weight") == wrongShapeKey) weightShape[1] /= 2;
        for (const auto& [key, shape] : {std::pair{prefix + "weight", weightShape},
                                         std::pair{prefix + "bias", std::vector<std::int64_t>{layer.outChannels}}}) {
            if (QString::fromStdString(key) == skipKey) continue;
            std::int64_t count = 1;
            for (auto d : shape) count *= d;
            std::vector<float> values(static_cast<std::size_t>(count));
            for (float& v : values) v = normal(rng);
            tensors[key] = makeFloat32Tensor(shape, values.data());
        }
    }
    const QString path = QDir(directory).filePath(name);
    const Status written = writeSafeTensors(path.toStdString(), tensors, {{"format", "vgg19-features"}});
    return written ? path : QString();
}

}  // namespace hrstyle::test
