#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

#include "CliSupport.h"
#include "Commands.h"
#include "hrstyle/Device.h"
#include "hrstyle/StyleModel.h"
#include "hrstyle/Trainer.h"

namespace hrstyle::cli {

int runEval(const QStringList& args) {
    QCommandLineParser parser;
    addLossOptions(parser);
    parser.addOptions({
        {"model", "Trained generator (safetensors).", "M"},
        {"content", "Content image.", "C"},
        {"style", "Style image.", "S"},
        {"json", "Print one JSON line: content, style, total, style_layers, height, width."},
    });
    parseOrExit(parser, "eval", "Compute the losses of a trained generator on a content/style pair.", args);
    const QString modelPath = requiredValue(parser, "model");
    const QString contentPath = requiredValue(parser, "content");
    const QString stylePath = requiredValue(parser, "style");
    const TrainParams params = lossParams(parser);
    const DeviceChoice device = prepareDevice(parser);

    const StyleModel model = valueOrFail(StyleModel::load(modelPath.toStdString()));
    const Image content = loadImageOrFail(contentPath);
    const Image style = loadImageOrFail(stylePath);
    const LossNetwork lossNetwork = chooseLossNetwork(parser, parser.isSet("json"));
    std::unique_ptr<Trainer> trainer = valueOrFail(Trainer::create(lossNetwork, content, style, params, device, &model));
    const LossSample losses = valueOrFail(trainer->evaluate());

    if (parser.isSet("json")) {
        QJsonArray layers;
        for (double term : losses.styleLayers) layers.append(term);
        const QJsonObject line{{"content", losses.content}, {"style", losses.style},
                               {"total", losses.total},     {"style_layers", layers},
                               {"height", trainer->workingHeight()}, {"width", trainer->workingWidth()}};
        std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("content %.9g\nstyle %.9g\ntotal %.9g\nsize %dx%d\nloss network: %s\n", losses.content,
                    losses.style, losses.total, trainer->workingWidth(), trainer->workingHeight(),
                    lossNetwork.description().c_str());
    }
    return kExitOk;
}

}  // namespace hrstyle::cli
