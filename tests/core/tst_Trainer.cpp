// Trainer: determinism, cancellation, the NaN guard, live weight changes, previews and the lr schedule.
#include <QtTest>

#include <chrono>
#include <cmath>
#include <thread>

#include "EngineTestSupport.h"
#include "hrstyle/Memory.h"
#include "hrstyle/Trainer.h"

using namespace hrstyle;

namespace {

TrainParams tinyParams() {
    TrainParams params;
    params.workingSize = 32;
    params.seed = 11;
    return params;
}

std::unique_ptr<Trainer> makeTrainer(const TrainParams& params = tinyParams()) {
    Result<std::unique_ptr<Trainer>> trainer =
        Trainer::create(LossNetwork::randomFeatures(), test::makeTestImage(40, 28, 1), test::makeTestImage(24, 24, 2),
                        params, DeviceChoice::Cpu);
    if (!trainer) qFatal("%s", trainer.error().c_str());
    return std::move(trainer).value();
}

std::vector<LossSample> runSteps(Trainer& trainer, int steps, const TrainCallbacks& extra = {}) {
    std::vector<LossSample> samples;
    TrainCallbacks callbacks = extra;
    callbacks.onStep = [&](const LossSample& s) {
        samples.push_back(s);
        if (extra.onStep) extra.onStep(s);
    };
    const std::atomic<bool> never{false};
    const Result<RunOutcome> outcome = trainer.run(steps, callbacks, never);
    if (!outcome) qFatal("%s", outcome.error().c_str());
    return samples;
}

}  // namespace

class TstTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void workingSizeKeepsAspectInMultiplesOf4() {
        auto trainer = makeTrainer();
        QCOMPARE(trainer->workingWidth(), 32);   // 40x28 -> long side 32, short (28*32+20)/40 = 22 -> 20
        QCOMPARE(trainer->workingHeight(), 20);
    }

    void sameSeedSameLosses() {
        auto a = makeTrainer(), b = makeTrainer();
        const auto lossesA = runSteps(*a, 3), lossesB = runSteps(*b, 3);
        for (int i = 0; i < 3; ++i) QCOMPARE(lossesA[i].total, lossesB[i].total);
        TrainParams other = tinyParams();
        other.seed = 12;
        QVERIFY(runSteps(*makeTrainer(other), 1)[0].total != lossesA[0].total);
    }

    void lossesDecreaseOnAverage() {
        auto trainer = makeTrainer();
        const auto losses = runSteps(*trainer, 10);
        QVERIFY2(losses.back().total < losses.front().total, "10 Adam steps should lower the loss");
    }

    void cancelStopsWithinOneStep() {
        auto trainer = makeTrainer();
        std::atomic<bool> cancel{false};
        int stepsSeen = 0;
        TrainCallbacks callbacks;
        callbacks.onStep = [&](const LossSample&) {
            if (++stepsSeen == 2) cancel = true;  // e.g. the GUI's Stop button, pressed during step 2
        };
        const Result<RunOutcome> outcome = trainer->run(100, callbacks, cancel);
        QVERIFY(outcome.ok());
        QCOMPARE(outcome.value(), RunOutcome::Cancelled);
        QCOMPARE(stepsSeen, 2);
        QCOMPARE(trainer->stepsDone(), 2);
    }

    void cancelDuringAStepAbandonsItWithoutAnUpdate_data() {
        QTest::addColumn<int>("delayMs");
        QTest::newRow("early") << 5;
        QTest::newRow("a little later") << 60;
        QTest::newRow("later still") << 170;
    }
    void cancelDuringAStepAbandonsItWithoutAnUpdate() {
        // Cancel lands at an arbitrary point, usually inside a step (the trainer polls at checkpoints in the
        // forward and backward passes). Whatever the timing, the weights must be exactly those after the
        // last completed step: an abandoned step makes no partial update.
        QFETCH(int, delayMs);
        auto trainer = makeTrainer();
        std::atomic<bool> cancel{false};
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
            cancel = true;
        });
        int reported = 0;
        TrainCallbacks callbacks;
        callbacks.onStep = [&](const LossSample&) { ++reported; };
        const Result<RunOutcome> outcome = trainer->run(1000, callbacks, cancel);
        canceller.join();
        QVERIFY(outcome.ok());
        QCOMPARE(outcome.value(), RunOutcome::Cancelled);
        QCOMPARE(trainer->stepsDone(), reported);
        auto reference = makeTrainer();
        runSteps(*reference, reported);
        QCOMPARE(trainer->evaluate()->total, reference->evaluate()->total);
    }

    void nanLossStopsAndKeepsLastGoodWeights() {
        auto trainer = makeTrainer();
        runSteps(*trainer, 2);
        const Result<LossSample> before = trainer->evaluate();
        LossWeights poisoned = trainer->lossWeights();
        poisoned.content = std::nan("");
        trainer->setLossWeights(poisoned);
        const std::atomic<bool> never{false};
        const Result<RunOutcome> outcome = trainer->run(5, {}, never);
        QVERIFY(!outcome.ok());
        QVERIFY2(QString::fromStdString(outcome.error()).contains("NaN"), outcome.error().c_str());
        QCOMPARE(outcome.errorKind(), ErrorKind::Numerical);  // what the window's hint is chosen by
        QCOMPARE(trainer->stepsDone(), 2);
        trainer->setLossWeights(LossWeights{});
        const Result<LossSample> after = trainer->evaluate();
        // Rolled back to the weights that produced the last finite loss (before step 2's update).
        QVERIFY(after.ok() && std::isfinite(after->total));
        QVERIFY(after->total != before->total);
    }

    void weightChangeAppliesFromTheNextStep() {
        auto trainer = makeTrainer();
        LossWeights changed;
        changed.content = 1.0;
        changed.style = 1000.0;
        TrainCallbacks callbacks;
        callbacks.onStep = [&](const LossSample& s) {
            if (s.step == 1) trainer->setLossWeights(changed);  // from "another thread", between steps
        };
        const auto losses = runSteps(*trainer, 4, callbacks);
        const LossWeights defaults;
        for (const LossSample& s : losses) {
            const LossWeights& w = s.step <= 1 ? defaults : changed;
            QVERIFY2(std::abs(s.total - (w.content * s.content + w.style * s.style)) <= 1e-5 * std::abs(s.total),
                     qPrintable(QString("step %1 used the wrong weights").arg(s.step)));
        }
    }

    void previewsEveryNStepsAndAtTheEnd() {
        auto trainer = makeTrainer();
        QList<int> previewSteps;
        TrainCallbacks callbacks;
        callbacks.previewEvery = 2;
        callbacks.onPreview = [&](const Rgb8Image& image, int step) {
            QCOMPARE(image.width, 32);
            QCOMPARE(image.height, 20);
            QCOMPARE(image.rgb.size(), std::size_t{32 * 20 * 3});
            previewSteps.append(step);
        };
        runSteps(*trainer, 5, callbacks);
        QCOMPARE(previewSteps, (QList<int>{2, 4, 5}));
    }

    void learningRateDecaysEvery200Steps() {
        QCOMPARE(scheduledLearningRate(5e-3, 0), 5e-3);
        QCOMPARE(scheduledLearningRate(5e-3, 199), 5e-3);
        QVERIFY(std::abs(scheduledLearningRate(5e-3, 200) - 4.5e-3) < 1e-15);
        QVERIFY(std::abs(scheduledLearningRate(5e-3, 400) - 4.05e-3) < 1e-15);
        auto trainer = makeTrainer();
        for (const LossSample& s : runSteps(*trainer, 2)) QCOMPARE(s.learningRate, scheduledLearningRate(5e-3, s.step));
    }

    void continuingKeepsTheStepCount() {
        auto trainer = makeTrainer();
        runSteps(*trainer, 2);
        const auto more = runSteps(*trainer, 2);
        QCOMPARE(more.front().step, 2);
        QCOMPARE(trainer->stepsDone(), 4);
    }

    void refusesImagesTooSmallForVgg() {
        TrainParams params = tinyParams();
        params.workingSize = 8;
        const Result<std::unique_ptr<Trainer>> trainer = Trainer::create(
            LossNetwork::randomFeatures(), test::makeTestImage(40, 28, 1), test::makeTestImage(24, 24, 2), params,
            DeviceChoice::Cpu);
        QVERIFY(!trainer.ok());
        QVERIFY2(QString::fromStdString(trainer.error()).contains("at least 16"), trainer.error().c_str());
    }

    void memoryModelGrowsWithTheSizesAndNamesOneThatFits() {
        TrainParams params = tinyParams();
        params.workingSize = 256;
        const std::size_t at256 = trainingMemoryBytes(400, 300, 64, 64, params);
        params.workingSize = 512;
        const std::size_t at512 = trainingMemoryBytes(400, 300, 64, 64, params);
        QVERIFY(at512 > 3 * at256 / 2);                                      // content pixels dominate
        QVERIFY(trainingMemoryBytes(400, 300, 640, 640, params) > at512);    // and the style's count too
        const int fits = largestWorkingSizeWithin(at256, 4000, 3000, 64, 64, params);
        QCOMPARE(fits, 256);  // the largest multiple of 32 whose need is within at256 (256 itself)
        params.workingSize = fits + 32;
        QVERIFY(trainingMemoryBytes(4000, 3000, 64, 64, params) > at256);
        QCOMPARE(largestWorkingSizeWithin(1 << 20, 4000, 3000, 64, 64, params), 0);  // 1 MB: nothing fits
    }

    void aWorkingSizeOverTheMemoryLimitIsRefusedBeforeTraining() {
        TrainParams params = tinyParams();
        params.workingSize = 4096;  // ~100 MB of test photo upscaled: over 120 GB modelled
        params.memoryLimitBytes = residentBytes() + (std::size_t{700} << 20);
        const Result<std::unique_ptr<Trainer>> refused = Trainer::create(
            LossNetwork::randomFeatures(), test::makeTestImage(400, 300, 1), test::makeTestImage(24, 24, 2), params,
            DeviceChoice::Cpu);
        QVERIFY(!refused.ok());
        const QString message = QString::fromStdString(refused.error());
        QVERIFY2(message.contains("over the memory limit") && message.contains("a working size of"), qPrintable(message));
        QCOMPARE(refused.errorKind(), ErrorKind::OutOfMemory);
        params.workingSize = QRegularExpression("working size of (\\d+) px").match(message).captured(1).toInt();
        QVERIFY2(params.workingSize >= 64 && params.workingSize < 4096, qPrintable(message));
        const Result<std::unique_ptr<Trainer>> fits = Trainer::create(
            LossNetwork::randomFeatures(), test::makeTestImage(400, 300, 1), test::makeTestImage(24, 24, 2), params,
            DeviceChoice::Cpu);
        QVERIFY2(fits.ok(), fits.ok() ? "" : fits.error().c_str());
    }

    void modelSettingsAreWrittenInTheirShortestForm() {
        const Metadata settings = makeTrainer()->model().metadata();
        QCOMPARE(QString::fromStdString(settings.at("layer_weights")), QString("[0.1,0.2,0.4,0.8,1.6]"));
        QCOMPARE(QString::fromStdString(settings.at("learning_rate")), QString("0.005"));
        QCOMPARE(QString::fromStdString(settings.at("content_weight")), QString("150"));
        TrainParams params = tinyParams();
        params.learningRate = 1.0 / 3.0;  // needs all 17 digits to read back the same
        QCOMPARE(std::stod(makeTrainer(params)->model().metadata().at("learning_rate")), 1.0 / 3.0);
    }

    void warmStartContinuesFromAModel() {
        auto trainer = makeTrainer();
        runSteps(*trainer, 5);
        const StyleModel trained = trainer->model();
        const double trainedLoss = trainer->evaluate()->total;
        Result<std::unique_ptr<Trainer>> warm = Trainer::create(
            LossNetwork::randomFeatures(), test::makeTestImage(40, 28, 1), test::makeTestImage(24, 24, 2),
            tinyParams(), DeviceChoice::Cpu, &trained);
        QVERIFY(warm.ok());
        QCOMPARE(warm.value()->evaluate()->total, trainedLoss);
        QCOMPARE(trained.metadata().at("steps"), std::string("5"));
    }
};

QTEST_GUILESS_MAIN(TstTrainer)
#include "tst_Trainer.moc"
