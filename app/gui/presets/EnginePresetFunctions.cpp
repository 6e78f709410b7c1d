#include "EnginePresetFunctions.h"

#include "ImageConversion.h"
#include "hrstyle/ImageIO.h"

namespace hrstyle {
namespace {

Result<PresetPreview> previewWithGenerator(const QString& generatorPath, const QString& contentPath, int longSide,
                                           DeviceChoice device) {
    Result<StyleModel> model = StyleModel::load(generatorPath.toStdString());
    if (!model) {
        return model.failure().withContext("Trained network: ");
    }
    Result<Image> content = loadImage(contentPath.toStdString());
    if (!content) {
        return content.failure().withContext("Content photo: ");
    }
    Result<Image> stylised = model.value().apply(content.value(), device, longSide);
    if (!stylised) {
        return stylised.failure();
    }
    return PresetPreview{std::make_shared<const StyleModel>(std::move(model).value()), toQImage(stylised.value())};
}

}  // namespace

PresetEngine makeEnginePresetFunctions(DeviceChoice device) {
    PresetEngine engine;
    engine.preview = [device](const QString& generatorPath, const QString& contentPath, int longSide) {
        return previewWithGenerator(generatorPath, contentPath, longSide, device);
    };
    // The metadata the trainer wrote (weights, steps, sizes) travels with the network into the preset.
    engine.saveModel = [](const StyleModel& model, const QString& path) {
        return model.save(path.toStdString(), model.metadata());
    };
    return engine;
}

}  // namespace hrstyle
