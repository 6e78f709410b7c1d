#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>
#include <optional>

#include "CliSupport.h"
#include "Commands.h"
#include "PresetFolder.h"
#include "PresetReference.h"
#include "ProgressLine.h"
#include "hrstyle/Device.h"
#include "hrstyle/ImageIO.h"
#include "hrstyle/StyleModel.h"
#include "hrstyle/Trainer.h"

namespace hrstyle::cli {

namespace {

QByteArray logLine(const LossSample& sample) {
    const QJsonObject entry{{"step", sample.step},       {"content", sample.content},
                            {"style", sample.style},     {"total", sample.total},
                            {"lr", sample.learningRate}, {"seconds", sample.seconds}};
    return QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n';
}

StyleModel initialModel(const QCommandLineParser& parser, const std::optional<ResolvedPreset>& preset,
                        std::uint64_t seed) {
    if (parser.isSet("fine-tune")) {
        if (!preset->stored.preset.hasGenerator()) {
            fail(QString("preset '%1' has no trained generator to fine-tune; train it first").arg(preset->stored.name()));
        }
        return valueOrFail(StyleModel::load(preset->stored.generatorPath().toStdString()));
    }
    if (!parser.isSet("init-model")) return StyleModel::initialised(seed);
    return valueOrFail(StyleModel::load(parser.value("init-model").toStdString()));
}

void checkPresetUsage(const QCommandLineParser& parser) {
    if (parser.isSet("fine-tune") && !parser.isSet("preset")) failUsage("--fine-tune needs --preset");
    if (parser.isSet("fine-tune") && parser.isSet("init-model")) failUsage("--fine-tune and --init-model exclude each other");
    if (!parser.isSet("preset")) requiredValue(parser, "style");
    if (parser.isSet("save-preset")) {
        if (const QString problem = presetNameProblem(parser.value("save-preset")); !problem.isEmpty()) {
            failUsage("--save-preset: " + problem);
        }
    }
}

std::optional<ResolvedPreset> presetOption(const QCommandLineParser& parser) {
    if (!parser.isSet("preset")) return std::nullopt;
    Result<ResolvedPreset> resolved =
        resolvePresetReference(requiredValue(parser, "preset"), PresetStore(PresetStore::defaultRoot()));
    if (!resolved) fail(resolved.failure());
    return std::move(resolved).value();
}

// The preset's settings, with every flag given on the command line taking precedence.
TrainParams mergedParams(const QCommandLineParser& parser, const Preset& preset) {
    const TrainParams flags = lossParams(parser);
    TrainParams params = preset.trainParams();
    if (parser.isSet("size")) params.workingSize = flags.workingSize;
    if (parser.isSet("style-size")) params.styleSize = flags.styleSize;
    if (parser.isSet("content-weight")) params.weights.content = flags.weights.content;
    if (parser.isSet("style-weight")) params.weights.style = flags.weights.style;
    if (parser.isSet("layer-weights")) params.weights.layers = flags.weights.layers;
    if (parser.isSet("lr")) params.learningRate = flags.learningRate;
    if (parser.isSet("seed")) params.seed = flags.seed;
    return params;
}

QString stylePathFrom(const QCommandLineParser& parser, const std::optional<ResolvedPreset>& preset) {
    if (parser.isSet("style") || !preset) return requiredValue(parser, "style");
    const QString path = preset->stored.styleImagePath();
    if (path.isEmpty()) failUsage(QString("preset '%1' has no style image; give --style").arg(preset->stored.name()));
    return path;
}

// A small stylised content image for the preset list; a preset without one is still useful, so failures
// only drop it.
QByteArray thumbnailPng(const StyleModel& model, const Image& content, DeviceChoice device, const QTemporaryDir& dir) {
    constexpr int kThumbnailSide = 160;
    const Result<Image> small = model.apply(content, device, kThumbnailSide);
    const QString path = dir.filePath("thumbnail.png");
    if (!small || !saveImage(path.toStdString(), small.value())) return {};
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void saveAsPreset(const QString& name, const QString& stylePath, const TrainParams& params, const StyleModel& model,
                  const Metadata& settings, const Image& content, DeviceChoice device) {
    QTemporaryDir dir;
    if (!dir.isValid()) fail("cannot create a temporary folder: " + dir.errorString());
    PresetDraft draft{name, stylePath, params, dir.filePath("generator.safetensors"), {}, LookControls{}};
    const Status saved = model.save(draft.generatorPath.toStdString(), settings);
    if (!saved) fail(saved.failure());
    draft.thumbnailPng = thumbnailPng(model, content, device, dir);
    // Replacing like --out-model overwrites: re-running a script updates its preset.
    PresetStore store(PresetStore::defaultRoot());
    const Result<StoredPreset> stored = store.save(draft, SaveMode::ReplaceExisting);
    if (!stored) fail(stored.failure());
}

}  // namespace

int runTrain(const QStringList& args) {
    QCommandLineParser parser;
    addLossOptions(parser);
    parser.addOptions({
        {"content", "Content image.", "C"},
        {"style", "Style image (default: the preset's).", "S"},
        {"preset", "Take the style image and settings from preset P (a name, folder or exported file); flags "
                   "override it.", "P"},
        {"fine-tune", "Start from the preset's trained generator."},
        {"save-preset", "Store the result as preset NAME (style image, settings, generator); replaces one of "
                        "that name.", "NAME"},
        {"steps", "Training steps (default 1000).", "N"},
        {"init-model", "Start from this trained generator (warm start).", "M"},
        {"out-model", "Write the trained generator (safetensors).", "M.safetensors"},
        {"out-image", "Write the stylised content at working size.", "O.png"},
        {"log", "Write one JSON object per step (step, content, style, total, lr, seconds).", "losses.jsonl"},
        {"memory-limit", "Peak memory while training, e.g. 3G (default 4G): a working size that does not fit is "
                         "refused before training starts, naming one that fits.", "SIZE"},
        {"quiet", "No progress line."},
    });
    parseOrExit(parser, "train", "Train a style generator for one content/style pair.", args);
    const QString contentPath = requiredValue(parser, "content");
    checkPresetUsage(parser);
    TrainParams params = lossParams(parser);  // a bad flag is a usage error before any file is read
    params.steps = intValue(parser, "steps", params.steps, 0);
    const bool quiet = parser.isSet("quiet");
    const DeviceChoice device = prepareDevice(parser);
    const std::optional<ResolvedPreset> preset = presetOption(parser);
    if (preset) {
        params = mergedParams(parser, preset->stored.preset);
        params.steps = intValue(parser, "steps", params.steps, 0);
    }
    params.memoryLimitBytes = memoryLimitValue(parser, kDefaultTrainingMemoryLimitBytes);
    const QString stylePath = stylePathFrom(parser, preset);

    QFile log(parser.value("log"));
    if (parser.isSet("log") && !log.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        fail(QString("%1: cannot write the log: %2").arg(log.fileName(), log.errorString()));
    }
    const Image content = loadImageOrFail(contentPath);
    const Image style = loadImageOrFail(stylePath);
    const LossNetwork lossNetwork = chooseLossNetwork(parser, quiet);
    const StyleModel start = initialModel(parser, preset, params.seed);
    if (!quiet) {
        std::fprintf(stderr, "loss network: %s\ndevice: %s\n", lossNetwork.description().c_str(),
                     describeDevice(device).c_str());
    }
    std::unique_ptr<Trainer> trainer =
        valueOrFail(Trainer::create(lossNetwork, content, style, params, device, &start));

    ProgressLine progress(params.steps, quiet);
    TrainCallbacks callbacks;
    callbacks.onStep = [&](const LossSample& sample) {
        if (log.isOpen()) {  // flushing an unopened QFile warns on stderr at every step
            if (log.write(logLine(sample)) < 0) fail(log.fileName() + ": " + log.errorString());
            log.flush();
        }
        progress.update(sample);
    };
    const std::atomic<bool> neverCancel{false};
    const Result<RunOutcome> outcome = trainer->run(params.steps, callbacks, neverCancel);
    progress.finish();
    if (!outcome) fail(outcome.failure());

    const StyleModel model = trainer->model();
    Metadata settings = model.metadata();
    settings["style_digest"] = "sha256:" + fileDigest(stylePath).toStdString();
    if (parser.isSet("out-model")) {
        const Status saved = model.save(parser.value("out-model").toStdString(), settings);
        if (!saved) fail(saved.failure());
    }
    if (parser.isSet("out-image")) {
        saveImageOrFail(parser.value("out-image"), valueOrFail(trainer->currentOutput()), settings);
    }
    if (parser.isSet("save-preset")) {
        saveAsPreset(parser.value("save-preset").trimmed(), stylePath, params, model, settings, content, device);
        if (!quiet) std::fprintf(stderr, "saved preset '%s'\n", qPrintable(parser.value("save-preset").trimmed()));
    }
    return kExitOk;
}

}  // namespace hrstyle::cli
