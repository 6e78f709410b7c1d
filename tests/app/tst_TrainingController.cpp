// TrainingController + TrainingWorker against a fake backend: the threading contract of docs/architecture.md.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include "TrainingController.h"
#include "fakes/FakeTrainingBackend.h"

using namespace std::chrono_literals;

namespace hrstyle::test {

class tst_TrainingController : public QObject {
    Q_OBJECT

private:
    std::shared_ptr<FakeLog> m_log;

    static FakeOptions stepping(std::chrono::microseconds stepTime) {
        FakeOptions options;
        options.stepTime = stepTime;
        return options;
    }

    std::unique_ptr<TrainingController> makeController(FakeOptions options, int steps) {
        m_log = std::make_shared<FakeLog>();
        auto controller = std::make_unique<TrainingController>(
            std::make_unique<FakeTrainingBackend>(std::move(options), m_log));
        TrainingSetup setup;
        setup.contentPath = QStringLiteral("content.png");
        setup.stylePath = QStringLiteral("style.png");
        setup.params.steps = steps;
        controller->setSetup(setup);
        return controller;
    }

    static QVector<LossSample> collectSamples(const QSignalSpy& spy) {
        QVector<LossSample> all;
        for (const QList<QVariant>& args : spy) {
            all += args.at(0).value<QVector<LossSample>>();
        }
        return all;
    }

private Q_SLOTS:
    void train_runsAllStepsAndReportsThem() {
        auto controller = makeController({}, 20);
        QSignalSpy started(controller.get(), &TrainingController::runStarted);
        QSignalSpy losses(controller.get(), &TrainingController::lossesReady);
        QSignalSpy previews(controller.get(), &TrainingController::previewReady);
        QSignalSpy finished(controller.get(), &TrainingController::finished);

        QVERIFY(controller->train());
        QCOMPARE(controller->state(), TrainingController::State::Training);
        QVERIFY(finished.wait(5000));

        QCOMPARE(started.count(), 1);
        QCOMPARE(started.at(0).at(1).toInt(), 0);
        QCOMPARE(started.at(0).at(2).toInt(), 20);
        const QVector<LossSample> samples = collectSamples(losses);
        QCOMPARE(samples.size(), 20);
        for (int i = 0; i < samples.size(); ++i) {
            QCOMPARE(samples[i].step, i);
        }
        QVERIFY(previews.count() >= 1);
        const QImage last = previews.last().at(0).value<QImage>();
        QCOMPARE(last.size(), QSize(16, 12));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QCOMPARE(finished.at(0).at(1).toInt(), 20);
        QCOMPARE(controller->state(), TrainingController::State::Idle);
        QVERIFY(controller->hasNetwork());
    }

    void train_whileTraining_isRefused() {
        auto controller = makeController(stepping(10ms), 1000);
        QVERIFY(controller->train());
        QVERIFY(!controller->train());
        QVERIFY(!controller->continueTraining());
        QVERIFY(!controller->reset());
    }

    void stop_cancelsWithinAStep() {
        auto controller = makeController(stepping(20ms), 100000);
        QSignalSpy losses(controller.get(), &TrainingController::lossesReady);
        QSignalSpy finished(controller.get(), &TrainingController::finished);
        controller->train();
        QVERIFY(losses.wait(5000));

        QElapsedTimer timer;
        timer.start();
        controller->stop();
        QCOMPARE(controller->state(), TrainingController::State::Stopping);
        QVERIFY(finished.wait(2000));
        QVERIFY2(timer.elapsed() < 500, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QCOMPARE(controller->state(), TrainingController::State::Idle);
        QVERIFY(m_log->sawCancel);
        QVERIFY(controller->hasNetwork());  // the network keeps its weights: Continue is possible
    }

    void weightChange_whileTraining_reachesWorkerFromNextStep() {
        auto controller = makeController(stepping(5ms), 100000);
        QSignalSpy losses(controller.get(), &TrainingController::lossesReady);
        QSignalSpy applied(controller.get(), &TrainingController::weightsApplied);
        controller->train();
        QVERIFY(losses.wait(5000));

        LossWeights edited = controller->lossWeights();
        edited.content = 7.0;
        edited.layers[2] = 0.05;
        controller->setLossWeights(edited);
        QVERIFY(applied.wait(2000));
        const int firstStepWithNewWeights = applied.at(0).at(0).toInt();
        QVERIFY(applied.at(0).at(1).value<LossWeights>() == edited);
        QVERIFY(losses.wait(2000));
        controller->stop();
        QTRY_COMPARE(controller->state(), TrainingController::State::Idle);

        const std::vector<LossWeights> used = m_log->weights();
        QVERIFY(static_cast<int>(used.size()) > firstStepWithNewWeights);
        for (int step = 0; step < static_cast<int>(used.size()); ++step) {
            const bool expectNew = step >= firstStepWithNewWeights;
            QVERIFY2((used[step] == edited) == expectNew, qPrintable(QStringLiteral("step %1").arg(step)));
        }
        QCOMPARE(m_log->prepareCount, 1);  // no restart
    }

    void previewsAndLosses_areThrottled() {
        auto controller = makeController(stepping(200us), 100000);
        QSignalSpy losses(controller.get(), &TrainingController::lossesReady);
        QSignalSpy previews(controller.get(), &TrainingController::previewReady);
        QElapsedTimer timer;
        timer.start();
        controller->train();
        QTest::qWait(1500);
        controller->stop();
        QTRY_COMPARE(controller->state(), TrainingController::State::Idle);
        const qint64 elapsed = timer.elapsed();

        const int steps = collectSamples(losses).size();
        QVERIFY2(steps > 500, qPrintable(QString::number(steps)));  // the fake really ran fast
        QVERIFY(previews.count() >= 2);
        QVERIFY2(previews.count() <= elapsed / TrainingWorker::kPreviewIntervalMs + 2,
                 qPrintable(QString::number(previews.count())));
        QVERIFY2(losses.count() <= elapsed / TrainingWorker::kLossBatchMs + 2,
                 qPrintable(QString::number(losses.count())));
    }

    void failure_surfacesMessage_data() {
        QTest::addColumn<QString>("prepareError");
        QTest::addColumn<int>("failAtStep");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("stepsBeforeFailure");
        QTest::newRow("unreadable image") << QStringLiteral("cannot read style.png") << -1
                                          << QStringLiteral("cannot read style.png") << 0;
        QTest::newRow("NaN during run") << QString() << 3 << QStringLiteral("NaN") << 3;
    }

    void failure_surfacesMessage() {
        QFETCH(QString, prepareError);
        QFETCH(int, failAtStep);
        QFETCH(QString, expected);
        QFETCH(int, stepsBeforeFailure);
        FakeOptions options;
        options.prepareError = prepareError;
        options.failAtStep = failAtStep;
        auto controller = makeController(options, 50);
        QSignalSpy losses(controller.get(), &TrainingController::lossesReady);
        QSignalSpy failed(controller.get(), &TrainingController::failed);
        QSignalSpy finished(controller.get(), &TrainingController::finished);

        controller->train();
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.at(0).at(0).toString().contains(expected), qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(finished.count(), 0);
        QCOMPARE(controller->state(), TrainingController::State::Idle);
        QCOMPARE(collectSamples(losses).size(), stepsBeforeFailure);  // what was made is still delivered
        QCOMPARE(controller->hasNetwork(), stepsBeforeFailure > 0);
    }

    void idleWeightChange_continuesAfterDebounce() {
        auto controller = makeController(stepping(1ms), 5);
        QSignalSpy started(controller.get(), &TrainingController::runStarted);
        QSignalSpy finished(controller.get(), &TrainingController::finished);
        controller->train();
        QVERIFY(finished.wait(5000));

        LossWeights edited = controller->lossWeights();
        for (double style : {2.0, 3.0, 4.0}) {  // a drag: several edits in quick succession
            edited.style = style;
            controller->setLossWeights(edited);
            QTest::qWait(50);
        }
        QCOMPARE(controller->state(), TrainingController::State::Idle);  // still debouncing
        QVERIFY(finished.wait(5000));
        QCOMPARE(started.count(), 2);
        QCOMPARE(started.at(1).at(1).toInt(), 5);  // continued from step 5, not restarted
        QCOMPARE(m_log->prepareCount, 1);
        QCOMPARE(m_log->weights().back().style, 4.0);
    }

    void idleWeightChange_withoutNetwork_doesNothing() {
        auto controller = makeController(stepping(1ms), 5);
        LossWeights edited;
        edited.style = 9.0;
        controller->setLossWeights(edited);
        QTest::qWait(TrainingController::kRetuneDebounceMs + 150);
        QCOMPARE(controller->state(), TrainingController::State::Idle);
        QCOMPARE(m_log->prepareCount, 0);
    }

    void continueAfterImageChange_warmStarts() {
        auto controller = makeController(stepping(1ms), 5);
        QSignalSpy finished(controller.get(), &TrainingController::finished);
        controller->train();
        QVERIFY(finished.wait(5000));
        TrainingSetup setup = controller->setup();
        setup.contentPath = QStringLiteral("other.png");
        controller->setSetup(setup);
        QVERIFY(controller->continueTraining());
        QVERIFY(finished.wait(5000));
        QCOMPARE(m_log->prepareCount, 2);
        QCOMPARE(m_log->warmStarts, 1);
    }

    void reset_forgetsNetwork() {
        auto controller = makeController(stepping(1ms), 5);
        QSignalSpy finished(controller.get(), &TrainingController::finished);
        QSignalSpy discarded(controller.get(), &TrainingController::networkDiscarded);
        controller->train();
        QVERIFY(finished.wait(5000));
        QVERIFY(controller->reset());
        QCOMPARE(discarded.count(), 1);
        QVERIFY(!controller->hasNetwork());
        QVERIFY(!controller->continueTraining());
        QTRY_COMPARE(m_log->discards, 1);
    }

    void shutdownWhileTraining_isCleanAndFast() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));  // e.g. "Destroyed while running"
        auto controller = makeController(stepping(10ms), 100000);
        QSignalSpy losses(controller.get(), &TrainingController::lossesReady);
        controller->train();
        QVERIFY(losses.wait(5000));

        QElapsedTimer timer;
        timer.start();
        controller.reset();
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(m_log->sawCancel);
        QVERIFY(m_log->destroyed);
        QVERIFY(m_log->destroyedOnTrainingThread);
    }
};

}  // namespace hrstyle::test

QTEST_GUILESS_MAIN(hrstyle::test::tst_TrainingController)
#include "tst_TrainingController.moc"
