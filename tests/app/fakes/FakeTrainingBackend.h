#pragma once
// A TrainingBackend that "trains" in microseconds, so controller/worker tests need no LibTorch work.
// Losses are a function of the weights in force, so a test can see from the samples which weights a step
// used. Configure it before handing it to a controller; read `log` (thread-safe) afterwards.
#include <QThread>

#include <chrono>
#include <thread>
#include <mutex>
#include <vector>

#include "TrainingBackend.h"

namespace hrstyle::test {

struct FakeLog {
    std::mutex mutex;
    std::vector<LossWeights> weightsPerStep;  // the weights each step ran with
    int prepareCount = 0;
    int warmStarts = 0;
    int discards = 0;
    bool sawCancel = false;
    bool destroyedOnTrainingThread = false;
    bool destroyed = false;
    QThread* runThread = nullptr;

    std::vector<LossWeights> weights() {
        std::lock_guard<std::mutex> lock(mutex);
        return weightsPerStep;
    }
};

struct FakeOptions {
    std::chrono::microseconds stepTime{1000};
    int failAtStep = -1;            // run() returns this error once the step count reaches it
    QString failMessage = QStringLiteral("loss became NaN at step 3");
    ErrorKind failKind = ErrorKind::Numerical;
    QString prepareError;           // non-empty: prepare() fails with it
    int previewWidth = 16;
    int previewHeight = 12;
};

class FakeTrainingBackend final : public TrainingBackend {
public:
    FakeTrainingBackend(FakeOptions options, std::shared_ptr<FakeLog> log)
        : m_options(std::move(options)), m_log(std::move(log)) {}

    ~FakeTrainingBackend() override {
        std::lock_guard<std::mutex> lock(m_log->mutex);
        m_log->destroyed = true;
        m_log->destroyedOnTrainingThread = QThread::currentThread() == m_log->runThread;
    }

    Status prepare(const TrainingSetup& setup, bool warmStart) override {
        std::lock_guard<std::mutex> lock(m_log->mutex);
        m_log->runThread = QThread::currentThread();
        if (!m_options.prepareError.isEmpty()) {
            return Error{m_options.prepareError.toStdString()};
        }
        ++m_log->prepareCount;
        m_log->warmStarts += warmStart ? 1 : 0;
        m_hasSession = true;
        m_steps = 0;
        m_weights = setup.params.weights;
        return Ok{};
    }
    bool hasSession() const override { return m_hasSession; }
    void discardSession() override {
        std::lock_guard<std::mutex> lock(m_log->mutex);
        ++m_log->discards;
        m_hasSession = false;
        m_steps = 0;
    }
    void setLossWeights(const LossWeights& weights) override {
        std::lock_guard<std::mutex> lock(m_weightsMutex);
        m_weights = weights;
    }

    Result<RunOutcome> run(int steps, const TrainCallbacks& callbacks, const std::atomic<bool>& cancel) override {
        const int last = m_steps + steps;
        while (m_steps < last) {
            if (cancel.load()) {
                std::lock_guard<std::mutex> lock(m_log->mutex);
                m_log->sawCancel = true;
                return RunOutcome::Cancelled;
            }
            if (m_steps == m_options.failAtStep) {
                return Error{m_options.failMessage.toStdString(), m_options.failKind};
            }
            runOneStep(callbacks);
        }
        if (callbacks.onPreview) {
            callbacks.onPreview(makePreview(), m_steps);
        }
        return RunOutcome::Completed;
    }
    int stepsDone() const override { return m_steps; }
    SessionInfo sessionInfo() const override {
        return {QStringLiteral("Fake device"), QStringLiteral("fake features"), m_options.previewWidth,
                m_options.previewHeight};
    }

private:
    void runOneStep(const TrainCallbacks& callbacks) {
        const auto begin = std::chrono::steady_clock::now();
        std::this_thread::sleep_for(m_options.stepTime);
        LossWeights weights;
        {
            std::lock_guard<std::mutex> lock(m_weightsMutex);
            weights = m_weights;
        }
        {
            std::lock_guard<std::mutex> lock(m_log->mutex);
            m_log->weightsPerStep.push_back(weights);
        }
        LossSample sample;
        sample.step = m_steps;
        sample.content = 1.0 / (1.0 + m_steps);
        sample.style = 2.0 / (1.0 + m_steps);
        sample.total = weights.content * sample.content + weights.style * sample.style;
        sample.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        ++m_steps;
        if (callbacks.onStep) {
            callbacks.onStep(sample);
        }
        if (callbacks.onPreview && callbacks.previewEvery > 0 && m_steps % callbacks.previewEvery == 0) {
            callbacks.onPreview(makePreview(), m_steps);
        }
    }

    Rgb8Image makePreview() const {
        Rgb8Image image;
        image.width = m_options.previewWidth;
        image.height = m_options.previewHeight;
        image.rgb.assign(static_cast<std::size_t>(image.width) * image.height * 3,
                         static_cast<std::uint8_t>(m_steps % 256));
        return image;
    }

    FakeOptions m_options;
    std::shared_ptr<FakeLog> m_log;
    std::mutex m_weightsMutex;
    LossWeights m_weights;
    bool m_hasSession = false;
    int m_steps = 0;
};

}  // namespace hrstyle::test
