// hrstyle: the desktop app. Builds the real engine backend and an AppSession, then runs the event loop.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "AppSession.h"
#include "EnginePresetFunctions.h"
#include "RealTrainingBackend.h"
#include "SignalWatcher.h"
#include "StylisedExport.h"
#include "VggWeightsLocator.h"
#include "hrstyle/Device.h"
#include "hrstyle/Memory.h"

namespace {

struct Options {
    hrstyle::DeviceChoice device = hrstyle::DeviceChoice::Auto;
    bool deviceGiven = false;  // --device on the command line; else the preference
    QString vgg19Path;  // empty: use the settings / HRSTYLE_VGG19
    bool randomFeatures = false;
    bool trainAtStart = false;
    QStringList files;  // from a file manager (hrstyle %F): the content photo, then the style image
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
    parser.addPositionalArgument(QStringLiteral("photo"), QObject::tr("Content photo to open."), QStringLiteral("[photo]"));
    parser.addPositionalArgument(QStringLiteral("style"), QObject::tr("Style image to open."), QStringLiteral("[style]"));
    parser.process(app);

    Options options;
    const hrstyle::Result<hrstyle::DeviceChoice> choice = hrstyle::parseDeviceChoice(parser.value(device).toStdString());
    if (!choice) {
        std::fprintf(stderr, "hrstyle: %s\n", choice.error().c_str());
        std::exit(2);
    }
    options.device = choice.value();
    options.deviceGiven = parser.isSet(device);
    options.vgg19Path = parser.value(vgg);
    options.randomFeatures = parser.isSet(random);
    options.trainAtStart = parser.isSet(train);
    options.files = parser.positionalArguments();
    return options;
}

// One order everywhere (docs/file-formats.md): --vgg (else the preference), HRSTYLE_VGG19, the downloaded file;
// none found: random features, and the window offers to download or locate the weights.
QString chooseVgg19Path(const Options& options, const hrstyle::Settings& settings) {
    if (options.randomFeatures) {
        return {};
    }
    const QString explicitPath = options.vgg19Path.isEmpty() ? settings.vgg19Path() : options.vgg19Path;
    return hrstyle::locateVggWeights(explicitPath).path;
}

// --device wins; else the preference; a preference that no longer parses (hand-edited) means auto.
hrstyle::DeviceChoice devicePreference(const Options& options, const hrstyle::Settings& settings) {
    if (options.deviceGiven) {
        return options.device;
    }
    const hrstyle::Result<hrstyle::DeviceChoice> stored = hrstyle::parseDeviceChoice(settings.device().toStdString());
    return stored ? stored.value() : hrstyle::DeviceChoice::Auto;
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

    auto store = std::make_unique<QSettings>();
    const hrstyle::Settings preferences(*store);
    // LibTorch defaults to one thread on Debian (docs/contributing.md); the preference's 0 means one per core.
    hrstyle::configureThreads(preferences.cpuThreads());
    hrstyle::configureAllocator();
    hrstyle::Result<hrstyle::DeviceChoice> device = hrstyle::resolveDevice(devicePreference(options, preferences));
    if (!device && !options.deviceGiven) {
        device = hrstyle::resolveDevice(hrstyle::DeviceChoice::Auto);  // a "cuda" preference, no GPU now
    }
    if (!device) {
        std::fprintf(stderr, "hrstyle: %s\n", device.error().c_str());
        return 1;
    }
    hrstyle::EngineConfig config;
    config.device = device.value();
    config.vgg19Path = chooseVgg19Path(options, hrstyle::Settings(*store));
    // One loss network for training and a refined export alike (VGG19 is ~550 MB).
    config.sharedLossNetwork = std::make_shared<hrstyle::SharedLossNetwork>();
    const bool gpu = config.device == hrstyle::DeviceChoice::Cuda;

    hrstyle::StartupInfo startup = hrstyle::describeEngine(config);
    startup.randomFeaturesChosen = options.randomFeatures;
    hrstyle::AppSession session(std::make_unique<hrstyle::RealTrainingBackend>(config), startup, std::move(store), gpu,
                                hrstyle::makeEngineExportFunction(config),
                                hrstyle::makeEnginePresetFunctions(config.device),
                                hrstyle::DeviceControl{&hrstyle::cudaAvailable, &hrstyle::configureThreads});
    hrstyle::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &hrstyle::SignalWatcher::terminationRequested, &session.window(), &QWidget::close);
    // Files from the command line replace the remembered ones; one that cannot be read says so in the window.
    const hrstyle::ui::ImageRole roles[] = {hrstyle::ui::ImageRole::Content, hrstyle::ui::ImageRole::Style};
    for (int i = 0; i < std::min<int>(options.files.size(), 2); ++i) {
        session.documentPresenter().openImage(roles[i], QFileInfo(options.files.at(i)).absoluteFilePath());
    }
    session.window().show();
    if (options.trainAtStart) {
        QTimer::singleShot(0, session.window().actions().train, &QAction::trigger);
    }
    const int exitCode = app.exec();
    // Shutdown (docs/architecture.md): stop requested (the window's closing handler), quit() and wait(). The
    // engine polls the cancel flag inside a step (forward checkpoints, backward hooks), so the wait lasts a
    // fraction of a step.
    session.controller().shutdown();
    return exitCode;
}
