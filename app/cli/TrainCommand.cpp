#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>


#include "CliSupport.h"
#include "Commands.h"
#include "ProgressLine.h"
#include "hrstyle/Device.h"
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

StyleModel initialModel(const QCommandLineParser& parser, std::uint64_t seed) {
    if (!parser.isSet("init-model")) return StyleModel::initialised(seed);
    return valueOrFail(StyleModel::load(parser.value("init-model").toStdString()));
}

}  // namespace

int runTrain(const QStringList& args) {
    QCommandLineParser parser;
    addLossOptions(parser);
    parser.addOptions({
        {"content", "Content image.", "C"},
        {"style", "Style image.", "S"},
        {"steps", "Training steps (default 1000).", "N"},
        {"init-model", "Start from this trained generator (warm start).", "M"},
        {"out-model", "Write the trained generator (safetensors).", "M.safetensors"},
        {"out-image", "Write the stylised content at working size.", "O.png"},
        {"log", "Write one JSON object per step (step, content, style, total, lr, seconds).", "losses.jsonl"},
        {"quiet", "No progress line."},
    });
    parseOrExit(parser, "train", "Train a style generator for one content/style pair.", args);
    const QString contentPath = requiredValue(parser, "content");
    const QString stylePath = requiredValue(parser, "style");
    TrainParams params = lossParams(parser);
    params.steps = intValue(parser, "steps", params.steps, 0);
    const bool quiet = parser.isSet("quiet");
    const DeviceChoice device = prepareDevice(parser);

    QFile log(parser.value("log"));
    if (parser.isSet("log") && !log.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        fail(QString("%1: cannot write the log: %2").arg(log.fileName(), log.errorString()));
    }
    const Image content = loadImageOrFail(contentPath);
    const Image style = loadImageOrFail(stylePath);
    const LossNetwork lossNetwork = chooseLossNetwork(parser, quiet);
    const StyleModel start = initialModel(parser, params.seed);
    if (!quiet) {
        std::fprintf(stderr, "loss network: %s\ndevice: %s\n", lossNetwork.description().c_str(),
                     describeDevice(device).c_str());
    }
    std::unique_ptr<Trainer> trainer =
        valueOrFail(Trainer::create(lossNetwork, content, style, params, device, &start));

    ProgressLine progress(params.steps, quiet);
    TrainCallbacks callbacks;
    callbacks.onStep = [&](const LossSample& sample) {
        if (log.isOpen() && log.write(logLine(sample)) < 0) fail(log.fileName() + ": " + log.errorString());
        log.flush();
        progress.update(sample);
    };
    const std::atomic<bool> neverCancel{false};
    const Result<RunOutcome> outcome = trainer->run(params.steps, callbacks, neverCancel);
    progress.finish();
    if (!outcome) fail(QString::fromStdString(outcome.error()));

    const StyleModel model = trainer->model();
    Metadata settings = model.metadata();
    settings["style_digest"] = "sha256:" + fileDigest(stylePath).toStdString();
    if (parser.isSet("out-model")) {
        const Status saved = model.save(parser.value("out-model").toStdString(), settings);
        if (!saved) fail(QString::fromStdString(saved.error()));
    }
    if (parser.isSet("out-image")) {
        saveImageOrFail(parser.value("out-image"), valueOrFail(trainer->currentOutput()), settingsText(settings));
    }
    return kExitOk;
}

}  // namespace hrstyle::cli
