#include "CliSupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <cmath>
#include <cstdio>

#include "hrstyle/Device.h"
#include "VggWeightsLocator.h"
#include "hrstyle/ImageIO.h"
#include "hrstyle/Memory.h"

namespace hrstyle::cli {

void failUsage(const QString& message) { throw CommandExit{kExitUsage, message}; }
void fail(const QString& message) { throw CommandExit{kExitFailure, message}; }

void parseOrExit(QCommandLineParser& parser, const QString& command, const QString& summary,
                 const QStringList& args) {
    parser.setApplicationDescription(summary);
    const QCommandLineOption help({"h", "help"}, "Show this help.");
    parser.addOption(help);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(QStringList{"hrstyle-cli " + command} + args)) failUsage(parser.errorText());
    if (parser.isSet(help)) {
        std::fputs(parser.helpText().toLocal8Bit().constData(), stdout);
        throw CommandExit{kExitOk, {}};
    }
}

int exitCodeFor(ErrorKind kind) {
    // Every failure a script should treat as "this file did not work" is 1, as docs/cli.md promises: a bad or
    // missing input, a full disk, a run out of memory or with a NaN loss. Only a cancelled command differs.
    return kind == ErrorKind::Cancelled ? kExitCancelled : kExitFailure;
}

void fail(const Error& error) { throw CommandExit{exitCodeFor(error.kind), QString::fromStdString(error.message)}; }

QString requiredValue(const QCommandLineParser& parser, const QString& name) {
    if (!parser.isSet(name) || parser.value(name).isEmpty()) failUsage("missing --" + name);
    return parser.value(name);
}

int intValue(const QCommandLineParser& parser, const QString& name, int fallback, int minimum) {
    if (!parser.isSet(name)) return fallback;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < minimum) {
        failUsage(QString("--%1 expects a whole number >= %2, got '%3'").arg(name).arg(minimum).arg(parser.value(name)));
    }
    return value;
}

std::size_t memoryLimitValue(const QCommandLineParser& parser, std::size_t fallback) {
    if (!parser.isSet("memory-limit")) return fallback;
    // "300M", "2G", "1.5G", or a number of megabytes; binary units, as free(1) and top show memory.
    const QString text = parser.value("memory-limit").trimmed().toUpper();
    const QChar unit = text.isEmpty() ? QChar('M') : text.back();
    const double scale = unit == 'G' ? double(1 << 30) : unit == 'K' ? double(1 << 10) : double(1 << 20);
    bool ok = false;
    const double amount = (unit.isDigit() ? text : text.chopped(1)).toDouble(&ok);
    const double bytes = amount * scale;
    if (!ok || !std::isfinite(bytes) || bytes < double(kMinimumMemoryLimitBytes) || bytes > 1e15) {
        failUsage(QString("--memory-limit expects a size of at least %1M such as 300M or 2G, got '%2'")
                      .arg(kMinimumMemoryLimitBytes >> 20)
                      .arg(parser.value("memory-limit")));
    }
    return static_cast<std::size_t>(bytes);
}

double doubleValue(const QCommandLineParser& parser, const QString& name, double fallback) {
    if (!parser.isSet(name)) return fallback;
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0) {
        failUsage(QString("--%1 expects a non-negative number, got '%2'").arg(name, parser.value(name)));
    }
    return value;
}

DeviceChoice deviceValue(const QCommandLineParser& parser) {
    if (!parser.isSet("device")) return DeviceChoice::Auto;
    Result<DeviceChoice> choice = parseDeviceChoice(parser.value("device").toStdString());
    if (!choice) failUsage(QString::fromStdString(choice.error()));
    return choice.value();
}

DeviceChoice prepareDevice(const QCommandLineParser& parser) {
    if (parser.isSet("threads")) configureThreads(intValue(parser, "threads", 0, 1));
    return valueOrFail(resolveDevice(deviceValue(parser)));
}

void addLossOptions(QCommandLineParser& parser) {
    parser.addOptions({
        {"vgg", "VGG19 weights (safetensors).", "V"},
        {"random-features", "Use the random-feature loss network (no VGG19 weights)."},
        {"size", "Content long side in pixels (default: the image's own size).", "L"},
        {"style-size", "Style long side in pixels (default: native).", "L"},
        {"content-weight", "Content weight alpha (default 150).", "A"},
        {"style-weight", "Style weight beta (default 1).", "B"},
        {"layer-weights", "Five style layer weights (default 0.1,0.2,0.4,0.8,1.6).", "w1,w2,w3,w4,w5"},
        {"lr", "Adam learning rate (default 5e-3).", "X"},
        {"seed", "Generator initialisation seed (default 0).", "K"},
        {"device", "auto, cpu or cuda (default auto).", "D"},
        {"threads", "CPU threads (default: one per core).", "T"},
    });
}

namespace {

StyleLayerWeights layerWeightsValue(const QCommandLineParser& parser, const StyleLayerWeights& fallback) {
    if (!parser.isSet("layer-weights")) return fallback;
    const QStringList parts = parser.value("layer-weights").split(',');
    StyleLayerWeights weights{};
    bool valid = parts.size() == kStyleLayerCount;
    for (int i = 0; valid && i < kStyleLayerCount; ++i) {
        weights[i] = parts[i].toDouble(&valid);
        valid = valid && std::isfinite(weights[i]) && weights[i] >= 0;
    }
    if (!valid) failUsage("--layer-weights expects five non-negative numbers, e.g. 0.1,0.2,0.4,0.8,1.6");
    return weights;
}

}  // namespace

TrainParams lossParams(const QCommandLineParser& parser) {
    if (parser.isSet("vgg") && parser.isSet("random-features")) failUsage("--vgg and --random-features exclude each other");
    TrainParams params;
    params.workingSize = intValue(parser, "size", 0, 4);
    params.styleSize = intValue(parser, "style-size", 0, 1);
    params.weights.content = doubleValue(parser, "content-weight", params.weights.content);
    params.weights.style = doubleValue(parser, "style-weight", params.weights.style);
    params.weights.layers = layerWeightsValue(parser, params.weights.layers);
    params.learningRate = doubleValue(parser, "lr", params.learningRate);
    params.seed = static_cast<std::uint64_t>(intValue(parser, "seed", 0, 0));
    return params;
}

LossNetwork chooseLossNetwork(const QCommandLineParser& parser, bool quiet) {
    if (parser.isSet("random-features")) return LossNetwork::randomFeatures();
    const VggWeightsLocation location = locateVggWeights(parser.value("vgg"));
    if (location.found()) return valueOrFail(LossNetwork::load(location.path.toStdString()));
    if (!quiet) {
        std::fprintf(stderr, "note: %s; get them with 'hrstyle-cli fetch-weights' or point --vgg or %s at a file\n",
                     qPrintable(describeVggWeights(location)), kVggEnvironmentVariable);
    }
    return LossNetwork::randomFeatures();
}

Image loadImageOrFail(const QString& path, std::size_t memoryLimitBytes) {
    return valueOrFail(loadImage(path.toStdString(), ImageLoadLimits::within(memoryLimitBytes)));
}

void saveImageOrFail(const QString& path, const Image& image, const Metadata& settings) {
    ImageSaveOptions options;
    options.settings = settings;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (image.sourceBitDepth == 16 && (suffix == "png" || suffix == "tif" || suffix == "tiff")) options.bitDepth = 16;
    const Status saved = saveImage(path.toStdString(), image, options);
    if (!saved) fail(saved.failure());
}

QString fileDigest(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
}

}  // namespace hrstyle::cli
