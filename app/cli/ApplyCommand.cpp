#include <QDir>
#include <QFileInfo>

#include <optional>

#include "CliSupport.h"
#include "Commands.h"
#include "PresetReference.h"
#include "hrstyle/Device.h"
#include "hrstyle/LookControls.h"
#include "hrstyle/StyleModel.h"

namespace hrstyle::cli {

namespace {

// `--in A B C`: QCommandLineParser takes one value per option, the rest arrive as positional arguments.
QStringList inputPaths(const QCommandLineParser& parser) {
    QStringList inputs = parser.values("in") + parser.positionalArguments();
    if (parser.values("in").isEmpty()) failUsage("missing --in");
    return inputs;
}

QString outputPathFor(const QCommandLineParser& parser, const QString& input, int inputCount) {
    if (parser.isSet("out") == parser.isSet("out-dir")) failUsage("give exactly one of --out and --out-dir");
    if (parser.isSet("out")) {
        if (inputCount > 1) failUsage("several inputs need --out-dir");
        return parser.value("out");
    }
    const QDir dir(parser.value("out-dir"));
    if (!dir.exists()) fail(parser.value("out-dir") + ": no such directory");
    return dir.filePath(QFileInfo(input).fileName());
}

// The generator named by --model, or the one stored in --preset's preset (docs/cli.md, "apply").
// `keep` holds an exported preset's unpacked files for as long as the path is used.
QString modelPathFrom(const QCommandLineParser& parser, std::optional<ResolvedPreset>& keep) {
    if (!parser.isSet("preset")) return parser.value("model");
    Result<ResolvedPreset> resolved =
        resolvePresetReference(parser.value("preset"), PresetStore(PresetStore::defaultRoot()));
    if (!resolved) fail(resolved.failure());
    keep = std::move(resolved).value();
    if (!keep->stored.preset.hasGenerator()) {
        fail(QString("preset '%1' has no trained generator; train it first").arg(keep->stored.name()));
    }
    return keep->stored.generatorPath();
}

LookControls lookControlsValue(const QCommandLineParser& parser) {
    LookControls look;
    look.strength = doubleValue(parser, "strength", 100.0) / 100.0;
    if (look.strength > 1.0) {
        failUsage("--strength expects a percentage from 0 to 100, got " + parser.value("strength"));
    }
    if (parser.isSet("colour")) {
        const std::optional<ColourMode> mode = colourModeFromName(parser.value("colour").toStdString());
        if (!mode) failUsage("--colour expects full, keep or only, got '" + parser.value("colour") + "'");
        look.colourMode = *mode;
    }
    return look;
}

// The network's output for `photo`, composed with the photo as `look` says (at the size it was made at).
Image restyled(const StyleModel& model, Image photo, DeviceChoice device, int longSide,
               const StyleModel::ApplyControl& control, const LookControls& look) {
    Image output = valueOrFail(model.apply(photo, device, longSide, control));
    if (look.leavesOutputAsIs()) {
        return output;
    }
    if (photo.width != output.width || photo.height != output.height) {
        photo = valueOrFail(resizedImage(photo, output.width, output.height));
    }
    if (const Status composed = composeLook(photo, output, look); !composed) fail(composed.failure());
    return output;
}

}  // namespace

int runApply(const QStringList& args) {
    QCommandLineParser parser;
    parser.addOptions({
        {"model", "Trained generator (safetensors).", "M"},
        {"preset", "Use the trained generator of preset P (a name, folder or exported file) instead of --model.",
         "P"},
        {"in", "Input image(s): --in A [B ...].", "IMG"},
        {"out", "Output image (one input).", "O"},
        {"out-dir", "Output folder (any number of inputs; same file names).", "D"},
        {"size", "Resize inputs so their long side is L first (default: the image's own size).", "L"},
        {"device", "auto, cpu or cuda (default auto).", "D"},
        {"threads", "CPU threads (default: one per core).", "T"},
        {"memory-limit",
         "Peak memory while restyling, e.g. 300M or 2G (default 2G): large photos go through in tiles that fit.",
         "SIZE"},
        {"strength", "How much of the look, 0-100 % (default 100): 0 is the photo, 100 the network's output.", "P"},
        {"colour", "full (default), keep (the look's lightness on the photo's colours) or only (the look's "
                   "colours on the photo's lightness).", "MODE"},
    });
    parseOrExit(parser, "apply", "Stylise images with a trained generator, at any size.", args);
    if (parser.isSet("model") && parser.isSet("preset")) failUsage("give one of --model and --preset");
    requiredValue(parser, parser.isSet("preset") ? "preset" : "model");
    const QStringList inputs = inputPaths(parser);
    const int longSide = intValue(parser, "size", 0, 1);
    StyleModel::ApplyControl control;
    control.memoryLimitBytes = memoryLimitValue(parser);
    LookControls look = lookControlsValue(parser);
    for (const QString& input : inputs) outputPathFor(parser, input, static_cast<int>(inputs.size()));  // usage first
    const DeviceChoice device = prepareDevice(parser);

    std::optional<ResolvedPreset> preset;
    const QString modelPath = modelPathFrom(parser, preset);
    if (preset) {  // the preset's look, where no flag says otherwise
        if (!parser.isSet("strength")) look.strength = preset->stored.preset.look.strength;
        if (!parser.isSet("colour")) look.colourMode = preset->stored.preset.look.colourMode;
    }
    const StyleModel model = valueOrFail(StyleModel::load(modelPath.toStdString()));
    Metadata settings = model.metadata();
    addLookSettings(look, settings);
    for (const QString& input : inputs) {
        // The photo is freed before the result is encoded: the two never wait in memory beside the encoder.
        const Image stylised = restyled(model, loadImageOrFail(input, control.memoryLimitBytes), device, longSide,
                                        control, look);
        saveImageOrFail(outputPathFor(parser, input, static_cast<int>(inputs.size())), stylised, settings);
    }
    return kExitOk;
}

}  // namespace hrstyle::cli
