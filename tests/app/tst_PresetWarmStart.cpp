// A preset with a trained network, on the real engine at 32 px with random features (a few
// seconds): saving includes the generator, applying shows the stylised photo by inference alone (on a
// background thread) and the next Train fine-tunes that generator instead of starting from the seed.
#include <QAction>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <mutex>

#include "AppSession.h"
#include "EnginePresetFunctions.h"
#include "RealTrainingBackend.h"
#include "ResultView.h"
#include "StylisedExport.h"
#include "fakes/StripedTestImage.h"
#include "hrstyle/Device.h"

namespace hrstyle::test {

// The real backend, recording whether each prepare() was handed a starting generator.
class RecordingBackend final : public TrainingBackend {
public:
    struct Log {
        std::mutex mutex;
        std::vector<bool> preparedWithInitialModel;
    };
    RecordingBackend(EngineConfig config, std::shared_ptr<Log> log)
        : m_real(std::move(config)), m_log(std::move(log)) {}

    Status prepare(const TrainingSetup& setup, bool warmStart) override {
        {
            std::lock_guard<std::mutex> lock(m_log->mutex);
            m_log->preparedWithInitialModel.push_back(setup.initialModel != nullptr);
        }
        return m_real.prepare(setup, warmStart);
    }
    bool hasSession() const override { return m_real.hasSession(); }
    void discardSession() override { m_real.discardSession(); }
    void setLossWeights(const LossWeights& weights) override { m_real.setLossWeights(weights); }
    Result<RunOutcome> run(int steps, const TrainCallbacks& callbacks, const std::atomic<bool>& cancel) override {
        return m_real.run(steps, callbacks, cancel);
    }
    int stepsDone() const override { return m_real.stepsDone(); }
    SessionInfo sessionInfo() const override { return m_real.sessionInfo(); }
    StyleModelPtr model() const override { return m_real.model(); }

private:
    RealTrainingBackend m_real;
    std::shared_ptr<Log> m_log;
};

class tst_PresetWarmStart : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::shared_ptr<RecordingBackend::Log> m_log;

    QString writeImage(const QString& name, QSize size, QColor color) {
        return writeStripedImage(m_dir.filePath(name), size, color);
    }

    std::unique_ptr<AppSession> makeSession() {
        const QString ini = m_dir.filePath(QStringLiteral("hrstyle.ini"));
        QFile::remove(ini);
        auto store = std::make_unique<QSettings>(ini, QSettings::IniFormat);
        store->setValue(QStringLiteral("training/workingSize"), 32);
        store->setValue(QStringLiteral("training/steps"), 3);
        store->setValue(QStringLiteral("images/content"), writeImage(QStringLiteral("photo.png"), {48, 36}, Qt::darkCyan));
        store->setValue(QStringLiteral("images/style"), writeImage(QStringLiteral("style.png"), {32, 32}, Qt::yellow));
        EngineConfig config;
        config.device = DeviceChoice::Cpu;
        m_log = std::make_shared<RecordingBackend::Log>();
        auto session = std::make_unique<AppSession>(std::make_unique<RecordingBackend>(config, m_log),
                                                    describeEngine(config), std::move(store), false,
                                                    makeEngineExportFunction(config.device),
                                                    makeEnginePresetFunctions(config.device));
        session->window().show();
        return session;
    }

    // Trains and returns the first step's total loss (NaN on failure).
    static double trainAndGetFirstLoss(AppSession& session) {
        QSignalSpy losses(&session.controller(), &TrainingController::lossesReady);
        QSignalSpy finished(&session.controller(), &TrainingController::finished);
        session.window().actions().train->trigger();
        if (!finished.wait(60000) || losses.isEmpty()) {
            return std::nan("");
        }
        return losses.first().first().value<QVector<LossSample>>().first().total;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        qputenv("HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("home"))));
        QStandardPaths::setTestModeEnabled(true);
        configureThreads(2);
    }

    void presetWithNetwork_previewsAtOnce_andTrainingStartsFromIt() {
        auto session = makeSession();
        const double freshLoss = trainAndGetFirstLoss(*session);
        QVERIFY(std::isfinite(freshLoss));
        PresetPresenter& presets = session->presetPresenter();
        QVERIFY(presets.saveLook(QStringLiteral("Trained"), true));
        const StoredPreset stored = presets.store().find(QStringLiteral("Trained")).value();
        QVERIFY(stored.preset.hasGenerator());
        QVERIFY(QFileInfo(stored.generatorPath()).size() > 0);

        // A new start: no network, no result.
        session->window().actions().reset->trigger();
        QVERIFY(!session->controller().hasNetwork());
        QVERIFY(!session->window().resultView()->hasImage());

        QSignalSpy shown(&presets, &PresetPresenter::presetPreviewShown);
        QVERIFY(presets.applyPreset(QStringLiteral("Trained")));
        QVERIFY(shown.wait(30000));
        QVERIFY(session->window().resultView()->hasImage());
        QCOMPARE(session->document().preview().size(), QSize(32, 24));  // the preset's working size
        QVERIFY(session->controller().hasNetwork());
        QVERIFY(session->window().actions().continueTraining->isEnabled());
        QVERIFY(session->window().actions().exportImage->isEnabled());  // export works from the preset alone

        // The next Train fine-tunes the preset's generator: handed to prepare(), and its first loss is not
        // the loss of the seed's untrained generator (same seed, same images: a fresh run repeats freshLoss).
        const double warmLoss = trainAndGetFirstLoss(*session);
        QVERIFY(std::isfinite(warmLoss));
        {
            std::lock_guard<std::mutex> lock(m_log->mutex);
            QCOMPARE(m_log->preparedWithInitialModel, (std::vector<bool>{false, true}));
        }
        QVERIFY2(std::abs(warmLoss - freshLoss) > 1e-6 * std::abs(freshLoss),
                 qPrintable(QStringLiteral("fresh %1, warm %2").arg(freshLoss).arg(warmLoss)));

        // Once used, the preset's generator is not forced on later runs: Train after Reset starts fresh again.
        session->window().actions().reset->trigger();
        QCOMPARE(trainAndGetFirstLoss(*session), freshLoss);
    }

    void presetWithUnreadableNetwork_saysSo_andKeepsTheSettings() {
        auto session = makeSession();
        (void)trainAndGetFirstLoss(*session);
        PresetPresenter& presets = session->presetPresenter();
        QVERIFY(presets.saveLook(QStringLiteral("Broken"), true));
        const StoredPreset stored = presets.store().find(QStringLiteral("Broken")).value();
        QFile generator(stored.generatorPath());
        QVERIFY(generator.open(QIODevice::WriteOnly | QIODevice::Truncate));
        generator.write("garbage");
        generator.close();
        session->window().actions().reset->trigger();

        QSignalSpy failed(&presets, &PresetPresenter::presetPreviewFailed);
        QVERIFY(presets.applyPreset(QStringLiteral("Broken")));
        QVERIFY(failed.wait(30000));
        QVERIFY(!session->controller().hasNetwork());
        QCOMPARE(session->document().imagePath(ui::ImageRole::Style), stored.styleImagePath());
    }
};

}  // namespace hrstyle::test

QTEST_MAIN(hrstyle::test::tst_PresetWarmStart)
#include "tst_PresetWarmStart.moc"
