#include "Settings.h"

#include <array>

#include "VggWeightsLocator.h"
#include "hrstyle/Memory.h"

namespace hrstyle {
namespace {

struct SettingSpec {
    SettingKey key;
    const char* name;
    QVariant cpuDefault;
    QVariant gpuDefault;  // invalid: same as cpuDefault
};

// The one table of keys and defaults. Weights and learning rate are the seed's (docs/algorithm.md); working
// size and steps are smaller on a CPU, where a 256 px step takes ~1.5 s (docs/contributing.md, "CPU speed").
const std::array<SettingSpec, 21>& settingTable() {
    const TrainParams seed;
    static const std::array<SettingSpec, 21> table{{
        {SettingKey::WindowGeometry, "window/geometry", QByteArray(), {}},
        {SettingKey::WindowState, "window/state", QByteArray(), {}},
        {SettingKey::PaneLayout, "window/panes", QByteArray(), {}},
        {SettingKey::ContentPath, "images/content", QString(), {}},
        {SettingKey::StylePath, "images/style", QString(), {}},
        {SettingKey::RecentContent, "images/recentContent", QStringList(), {}},
        {SettingKey::RecentStyle, "images/recentStyle", QStringList(), {}},
        {SettingKey::ContentWeight, "weights/content", seed.weights.content, {}},
        {SettingKey::StyleWeight, "weights/style", seed.weights.style, {}},
        {SettingKey::LayerWeights, "weights/layers",
         QVariantList{seed.weights.layers[0], seed.weights.layers[1], seed.weights.layers[2],
                      seed.weights.layers[3], seed.weights.layers[4]},
         {}},
        {SettingKey::WorkingSize, "training/workingSize", 256, seed.workingSize},
        {SettingKey::Steps, "training/steps", 300, seed.steps},
        {SettingKey::LearningRate, "training/learningRate", seed.learningRate, {}},
        {SettingKey::Seed, "training/seed", static_cast<qulonglong>(seed.seed), {}},
        {SettingKey::Vgg19Path, "engine/vgg19Path", QString(), {}},
        {SettingKey::Vgg19DownloadUrl, "engine/vgg19DownloadUrl", QString::fromLatin1(kDefaultVggUrl), {}},
        {SettingKey::Device, "engine/device", QStringLiteral("auto"), {}},
        {SettingKey::CpuThreads, "engine/cpuThreads", 0, {}},
        {SettingKey::DefaultWorkingSize, "training/defaultWorkingSize", 256, seed.workingSize},
        {SettingKey::MemoryLimitMb, "engine/memoryLimitMb", static_cast<int>(kDefaultMemoryLimitBytes >> 20), {}},
        {SettingKey::TrainingMemoryLimitMb, "engine/trainingMemoryLimitMb",
         static_cast<int>(kDefaultTrainingMemoryLimitBytes >> 20), {}},
    }};
    return table;
}

const SettingSpec& specFor(SettingKey key) {
    const SettingSpec& spec = settingTable().at(static_cast<std::size_t>(key));
    Q_ASSERT(spec.key == key);  // the table lists the keys in enum order
    return spec;
}

}  // namespace

Settings::Settings(QSettings& store, bool gpuDefaults) : m_store(store), m_gpuDefaults(gpuDefaults) {}

QString Settings::keyName(SettingKey key) {
    return QString::fromLatin1(specFor(key).name);
}

QVariant Settings::defaultValue(SettingKey key) const {
    const SettingSpec& spec = specFor(key);
    return m_gpuDefaults && spec.gpuDefault.isValid() ? spec.gpuDefault : spec.cpuDefault;
}

QVariant Settings::value(SettingKey key) const {
    return m_store.value(keyName(key), defaultValue(key));
}

void Settings::setValue(SettingKey key, const QVariant& value) {
    m_store.setValue(keyName(key), value);
}

void Settings::addRecentFile(SettingKey list, const QString& path) {
    QStringList files = recentFiles(list);
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecentFiles) {
        files.removeLast();
    }
    setValue(list, files);
}

LossWeights Settings::lossWeights() const {
    LossWeights weights;
    weights.content = value(SettingKey::ContentWeight).toDouble();
    weights.style = value(SettingKey::StyleWeight).toDouble();
    QVariantList layers = value(SettingKey::LayerWeights).toList();
    if (layers.size() != kStyleLayerCount) {
        layers = defaultValue(SettingKey::LayerWeights).toList();  // a hand-edited file: fall back as a whole
    }
    for (int i = 0; i < kStyleLayerCount; ++i) {
        weights.layers[static_cast<std::size_t>(i)] = layers[i].toDouble();
    }
    return weights;
}

void Settings::setLossWeights(const LossWeights& weights) {
    setValue(SettingKey::ContentWeight, weights.content);
    setValue(SettingKey::StyleWeight, weights.style);
    QVariantList layers;
    for (double layer : weights.layers) {
        layers.append(layer);
    }
    setValue(SettingKey::LayerWeights, layers);
}

TrainParams Settings::trainParams() const {
    TrainParams params;
    params.weights = lossWeights();
    // The remembered working size wins; until there is one, the preference.
    params.workingSize = m_store.contains(keyName(SettingKey::WorkingSize)) ? value(SettingKey::WorkingSize).toInt()
                                                                            : defaultWorkingSize();
    params.steps = value(SettingKey::Steps).toInt();
    params.learningRate = value(SettingKey::LearningRate).toDouble();
    params.seed = value(SettingKey::Seed).toULongLong();
    params.memoryLimitBytes = trainingMemoryLimitBytes();
    return params;
}

void Settings::setTrainParams(const TrainParams& params) {
    setValue(SettingKey::WorkingSize, params.workingSize);
    setValue(SettingKey::Steps, params.steps);
    setValue(SettingKey::LearningRate, params.learningRate);
    setValue(SettingKey::Seed, static_cast<qulonglong>(params.seed));
}

}  // namespace hrstyle
