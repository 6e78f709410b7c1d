// hrstyle: the desktop app. Builds the real engine backend and an AppSession, then runs the event loop.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include <cstdio>
#include <cstdlib>

#include "AppSession.h"
#include "RealTrainingBackend.h"
#include "SignalWatcher.h"
#include "hrstyle/Device.h"

namespace {

// Quitting while training: how long to wait for the step in progress before leaving without it.
constexpr int kQuitGraceMs = 1200;

struct Options {
    hrstyle::DeviceChoice device = hrstyle::DeviceChoice::Auto;
    QString vgg19Path;  // empty: use the settings / HRSTYLE_VGG19
    bool randomFeatures = false;
    bool trainAtStart = false;
};

Options parseOptions(const QApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("Photorealistic neural style transfer"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption vgg(QStringLiteral("vgg"), QObject::tr("VGG19 weights (safetensors)."), QStringLiteral("file"));
    const QCommandLineOption random(QStringLiteral("random-features"),
                                    QObject::tr("Use the random-feature loss network even if VGG19 weights are set."));
    const QCommandLineOption device(QStringLiteral("device"), QObject::tr("auto, cpu or cuda."), QStringLiteral("device"),
                                    QStringLiteral("auto"));
    const QCommandLineOption train(QStringLiteral("train"), QObject::tr("Start training as soon as the window opens."));
    parser.addOptions({vgg, random, device, train});
    parser.process(app);

    Options options;
    const hrstyle::Result<hrstyle::DeviceChoice> choice = hrstyle::parseDeviceChoice(parser.value(device).toStdString());
    if (!choice) {
        std::fprintf(stderr, "hrstyle: %s\n", choice.error().c_str());
        std::exit(2);
    }
    options.device = choice.value();
    options.vgg19Path = parser.value(vgg);
    options.randomFeatures = parser.isSet(random);
    options.trainAtStart = parser.isSet(train);
    return options;
}

// --vgg, else HRSTYLE_VGG19, else the path chosen in the app earlier (SPEC §2).
QString chooseVgg19Path(const Options& options, const hrstyle::Settings& settings) {
    if (options.randomFeatures) {
        return {};
    }
    if (!options.vgg19Path.isEmpty()) {
        return options.vgg19Path;
    }
    const QString fromEnvironment = qEnvironmentVariable("HRSTYLE_VGG19");
    return fromEnvironment.isEmpty() ? settings.vgg19Path() : fromEnvironment;
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("HRStyle"));
    QApplication::setApplicationName(QStringLiteral("hrstyle"));
    QApplication::setApplicationDisplayName(QStringLiteral("HRStyle"));
    QApplication::setApplicationVersion(QStringLiteral(HRSTYLE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hrstyle.png")));
    const Options options = parseOptions(app);

    hrstyle::configureThreads(0);  // LibTorch defaults to one thread on Debian (BUILD-NOTES.md)
    const hrstyle::Result<hrstyle::DeviceChoice> device = hrstyle::resolveDevice(options.device);
    if (!device) {
        std::fprintf(stderr, "hrstyle: %s\n", device.error().c_str());
        return 1;
    }
    auto store = std::make_unique<QSettings>();
    hrstyle::EngineConfig config;
    config.device = device.value();
    config.vgg19Path = chooseVgg19Path(options, hrstyle::Settings(*store));
    const bool gpu = config.device == hrstyle::DeviceChoice::Cuda;

    hrstyle::AppSession session(std::make_unique<hrstyle::RealTrainingBackend>(config), hrstyle::describeEngine(config),
                                std::move(store), gpu);
    hrstyle::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &hrstyle::SignalWatcher::terminationRequested, &session.window(), &QWidget::close);
    session.window().show();
    if (options.trainAtStart) {
        QTimer::singleShot(0, session.window().actions().train, &QAction::trigger);
    }
    const int exitCode = app.exec();
    if (!session.controller().waitForShutdown(kQuitGraceMs)) {
        // A training step on a busy CPU can take several seconds and cannot be interrupted. It writes nothing,
        // and the settings are saved, so leave now rather than keep a closed window's process alive.
        session.settings().sync();
        std::_Exit(exitCode);
    }
    return exitCode;
}
