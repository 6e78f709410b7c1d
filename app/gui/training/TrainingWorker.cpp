#include "TrainingWorker.h"

#include <algorithm>
#include <cmath>
#include <exception>

#include "ImageConversion.h"

namespace hrstyle {

TrainingWorker::TrainingWorker(std::unique_ptr<TrainingBackend> backend,
                               std::shared_ptr<SharedTrainingState> shared)
    : m_backend(std::move(backend)), m_shared(std::move(shared)) {}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::train(const TrainingSetup& setup, TrainingStart start, int steps) {
    // The last-resort catch (docs/contributing.md, "Errors"): whatever escapes the backend becomes a message in
    // the window.
    try {
        trainUnguarded(setup, start, steps);
    } catch (const std::exception& e) {
        Q_EMIT runFailed(QStringLiteral("Training failed unexpectedly: %1").arg(QString::fromLocal8Bit(e.what())),
                         ErrorKind::Failed);
    } catch (...) {
        Q_EMIT runFailed(QStringLiteral("Training failed unexpectedly (unknown error)."), ErrorKind::Failed);
    }
}

void TrainingWorker::discardSession() {
    m_backend->discardSession();
    m_sessionSetup.reset();
}

void TrainingWorker::trainUnguarded(TrainingSetup setup, TrainingStart start, int steps) {
    if (m_shared->cancel.load()) {
        Q_EMIT runFinished(true, m_backend->stepsDone());  // stopped (or shutting down) before it began
        return;
    }
    setup.params.weights = m_shared->weights.get();
    m_appliedWeightsVersion = m_shared->weights.version();
    if (!prepareSession(setup, start)) {
        return;
    }
    m_backend->setLossWeights(setup.params.weights);
    const int firstStep = m_backend->stepsDone();
    Q_EMIT runStarted(m_backend->sessionInfo(), firstStep, firstStep + steps);
    runInChunks(steps);
}

bool TrainingWorker::prepareSession(const TrainingSetup& setup, TrainingStart start) {
    // A starting generator (from a preset) always needs a trainer built from it.
    const bool reuse = start == TrainingStart::Continue && m_backend->hasSession() && m_sessionSetup &&
                       m_sessionSetup->sameTrainerAs(setup) && !setup.initialModel;
    if (reuse) {
        return true;
    }
    Q_EMIT preparing();
    const bool warmStart = start == TrainingStart::Continue && m_backend->hasSession();
    const Status prepared = m_backend->prepare(setup, warmStart);
    if (!prepared) {
        Q_EMIT runFailed(QString::fromStdString(prepared.error()), prepared.errorKind());
        return false;
    }
    m_sessionSetup = setup;
    return true;
}

void TrainingWorker::runInChunks(int steps) {
    struct ReleaseOnExit {
        TrainingBackend& backend;
        ~ReleaseOnExit() { backend.releaseMemory(); }  // the steps' buffers, kept between chunks
    } releaseOnExit{*m_backend};
    TrainCallbacks callbacks;
    callbacks.onStep = [this](const LossSample& sample) { handleStep(sample); };
    callbacks.onPreview = [this](const Rgb8Image& image, int step) { handlePreview(image, step); };
    m_sinceLossFlush.start();
    m_sincePreview.start();
    m_pendingLosses.clear();
    m_pendingPreview = QImage();
    m_pendingPreviewStep = -1;

    const int lastStep = m_backend->stepsDone() + steps;
    bool cancelled = false;
    while (m_backend->stepsDone() < lastStep && !cancelled) {
        const int chunk = std::min(nextChunkSize(), lastStep - m_backend->stepsDone());
        callbacks.previewEvery = chunk;  // one preview per chunk: the chunk size paces the previews
        const int stepsBefore = m_backend->stepsDone();
        const Result<RunOutcome> outcome = m_backend->run(chunk, callbacks, m_shared->cancel);
        if (!outcome) {
            flushLosses();
            flushPreview();
            publishModel();
            Q_EMIT runFailed(QString::fromStdString(outcome.error()), outcome.errorKind());
            return;
        }
        cancelled = outcome.value() == RunOutcome::Cancelled || m_shared->cancel.load();
        if (!cancelled && m_backend->stepsDone() == stepsBefore) {
            Q_EMIT runFailed(QStringLiteral("Training made no progress (internal error); nothing was lost."),
                             ErrorKind::Failed);
            return;  // never spin on a backend that completes without stepping
        }
    }
    flushLosses();
    flushPreview();
    publishModel();
    Q_EMIT runFinished(cancelled, m_backend->stepsDone());
}

int TrainingWorker::nextChunkSize() const {
    if (m_averageStepSeconds <= 0.0) {
        return 1;  // speed unknown: measure with one step first
    }
    const int steps = static_cast<int>(std::floor(kChunkTargetSeconds / m_averageStepSeconds));
    return std::clamp(steps, 1, kMaxChunkSteps);
}

void TrainingWorker::handleStep(const LossSample& sample) {
    constexpr double kSmoothing = 0.3;
    m_averageStepSeconds = m_averageStepSeconds <= 0.0
                               ? sample.seconds
                               : (1.0 - kSmoothing) * m_averageStepSeconds + kSmoothing * sample.seconds;
    m_pendingLosses.push_back(sample);
    applyLiveWeightsIfChanged(sample.step + 1);
    if (m_sinceLossFlush.elapsed() >= kLossBatchMs) {
        flushLosses();
    }
    if (!m_pendingPreview.isNull() && m_sincePreview.elapsed() >= kPreviewIntervalMs) {
        flushPreview();
    }
}

void TrainingWorker::handlePreview(const Rgb8Image& image, int step) {
    if (step == m_pendingPreviewStep) {
        return;  // the engine reports the last step of a run twice (every N steps and at the end)
    }
    m_pendingPreview = toQImage(image);  // an owning copy: the engine's buffer dies after this call
    m_pendingPreviewStep = step;
    if (m_sincePreview.elapsed() >= kPreviewIntervalMs) {
        flushPreview();
    }
}

void TrainingWorker::applyLiveWeightsIfChanged(int nextStep) {
    const std::uint64_t version = m_shared->weights.version();
    if (version == m_appliedWeightsVersion) {
        return;
    }
    m_appliedWeightsVersion = version;
    const LossWeights weights = m_shared->weights.get();
    m_backend->setLossWeights(weights);
    Q_EMIT weightsApplied(nextStep, weights);
}

void TrainingWorker::publishModel() {
    if (StyleModelPtr model = m_backend->model()) {
        Q_EMIT modelReady(model);
    }
}

void TrainingWorker::flushLosses() {
    if (!m_pendingLosses.isEmpty()) {
        Q_EMIT lossesReady(m_pendingLosses);
        m_pendingLosses.clear();
    }
    m_sinceLossFlush.restart();
}

void TrainingWorker::flushPreview() {
    if (!m_pendingPreview.isNull()) {
        Q_EMIT previewReady(m_pendingPreview, m_pendingPreviewStep);
        m_pendingPreview = QImage();
    }
    m_sincePreview.restart();
}

}  // namespace hrstyle
