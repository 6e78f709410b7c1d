// End to end with the real engine: TrainingController + RealTrainingBackend train a few steps on tiny images
// with the random-feature loss network, and deliver previews and loss points; failures come back as messages.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "RealTrainingBackend.h"
#include "TrainingController.h"
#include "hrstyle/Device.h"

namespace hrstyle::test {

class tst_RealTrainingBackend : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // A gradient with a few shapes: enough structure for non-trivial Grams.
    QString writeImage(const QString& name, QSize size, int seed) {
        QImage image(size, QImage::Format_RGB32);
        for (int y = 0; y < size.height(); ++y) {
            for (int x = 0; x < size.width(); ++x) {
                image.setPixelColor(x, y, QColor((x * 7 + seed * 40) % 256, (y * 5 + seed * 90) % 256,
                                                 ((x ^ y) * 3 + seed * 20) % 256));
            }
        }
        const QString path = m_dir.filePath(name);
        image.save(path);
        return path;
    }

    std::unique_ptr<TrainingController> makeController(const QString& vgg19Path = {}) {
        EngineConfig config;
        config.device = DeviceChoice::Cpu;
        config.vgg19Path = vgg19Path;
        auto controller = std::make_unique<TrainingController>(std::make_unique<RealTrainingBackend>(config));
        TrainingSetup setup;
        setup.contentPath = writeImage(QStringLiteral("content.png"), {64, 48}, 1);
        setup.stylePath = writeImage(QStringLiteral("style.png"), {40, 40}, 2);
        setup.params.workingSize = 32;
        setup.params.steps = 3;
        controller->setSetup(setup);
        return controller;
    }

private Q_SLOTS:
    void initTestCase() { configureThreads(0); }

    void trainsAFewSteps_deliversPreviewAndLosses() {
        auto controller = makeController();
        QSignalSpy started(controller.get(), &TrainingController::runStarted);
        QSignalSpy losses(controller.get(), &TrainingController::lossesReady);
        QSignalSpy previews(controller.get(), &TrainingController::previewReady);
        QSignalSpy finished(controller.get(), &TrainingController::finished);
        QSignalSpy failed(controller.get(), &TrainingController::failed);
        QVERIFY(controller->train());
        QVERIFY2(finished.wait(60000), failed.isEmpty() ? "timeout" : qPrintable(failed.at(0).at(0).toString()));

        const SessionInfo info = started.at(0).at(0).value<SessionInfo>();
        QCOMPARE(info.workingWidth, 32);
        QCOMPARE(info.workingHeight, 24);
        QVERIFY2(info.lossNetwork.contains(QLatin1String("random")), qPrintable(info.lossNetwork));
        QVERIFY(info.device.contains(QLatin1String("CPU"), Qt::CaseInsensitive));

        QVector<LossSample> samples;
        for (const auto& args : losses) {
            samples += args.at(0).value<QVector<LossSample>>();
        }
        QCOMPARE(samples.size(), 3);
        for (const LossSample& sample : samples) {
            QVERIFY(std::isfinite(sample.total) && sample.total > 0.0);
            QVERIFY(sample.content >= 0.0 && sample.style > 0.0);
        }
        QVERIFY(previews.count() >= 1);
        const QImage preview = previews.last().at(0).value<QImage>();
        QCOMPARE(preview.size(), QSize(32, 24));
        QCOMPARE(finished.at(0).at(1).toInt(), 3);
    }

    void continueWithNewWeights_keepsCounting() {
        auto controller = makeController();
        QSignalSpy started(controller.get(), &TrainingController::runStarted);
        QSignalSpy finished(controller.get(), &TrainingController::finished);
        controller->train();
        QVERIFY(finished.wait(60000));
        LossWeights weights = controller->lossWeights();
        weights.style = 10.0;
        controller->setLossWeights(weights);  // idle: a debounced continue
        QVERIFY(finished.wait(60000));
        QCOMPARE(started.count(), 2);
        QCOMPARE(started.at(1).at(1).toInt(), 3);
        QCOMPARE(finished.at(1).at(1).toInt(), 6);
    }

    void weightChangeWhileTraining_isUsedFromTheNextStep() {
        auto controller = makeController();
        TrainingSetup setup = controller->setup();
        setup.params.steps = 200;
        controller->setSetup(setup);
        QSignalSpy losses(controller.get(), &TrainingController::lossesReady);
        QSignalSpy applied(controller.get(), &TrainingController::weightsApplied);
        QSignalSpy finished(controller.get(), &TrainingController::finished);
        controller->train();
        QVERIFY(losses.wait(60000));
        LossWeights weights = controller->lossWeights();
        weights.content = 1.0;  // from 150: the total must drop to content + style at the applied step
        controller->setLossWeights(weights);
        QVERIFY(applied.wait(30000));
        const int firstNewStep = applied.at(0).at(0).toInt();
        QTRY_VERIFY_WITH_TIMEOUT(controller->stepsDone() > firstNewStep, 30000);
        controller->stop();
        QVERIFY(finished.count() == 1 || finished.wait(30000));

        for (const auto& args : losses) {
            for (const LossSample& sample : args.at(0).value<QVector<LossSample>>()) {
                const double contentWeight = sample.step >= firstNewStep ? 1.0 : 150.0;
                QVERIFY2(std::abs(sample.total - (contentWeight * sample.content + sample.style)) <=
                             1e-3 * sample.total,
                         qPrintable(QStringLiteral("step %1").arg(sample.step)));
            }
        }
    }

    void badInputs_failWithAMessage_data() {
        QTest::addColumn<QString>("vgg19");
        QTest::addColumn<bool>("breakContent");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing VGG19 file") << QStringLiteral("/nonexistent/vgg19.safetensors") << false
                                            << QStringLiteral("VGG19");
        QTest::newRow("unreadable content") << QString() << true << QStringLiteral("Content photo");
    }

    void badInputs_failWithAMessage() {
        QFETCH(QString, vgg19);
        QFETCH(bool, breakContent);
        QFETCH(QString, expected);
        auto controller = makeController(vgg19);
        if (breakContent) {
            TrainingSetup setup = controller->setup();
            setup.contentPath = m_dir.filePath(QStringLiteral("missing.png"));
            controller->setSetup(setup);
        }
        QSignalSpy failed(controller.get(), &TrainingController::failed);
        controller->train();
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.at(0).at(0).toString().contains(expected), qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(controller->isIdle());
    }
};

}  // namespace hrstyle::test

QTEST_GUILESS_MAIN(hrstyle::test::tst_RealTrainingBackend)
#include "tst_RealTrainingBackend.moc"
