#pragma once
// Runs training on the controller's QThread (Qt's threaded Mandelbrot example, Spectacle's OcrManager).
// Parentless, moveToThread-ed by TrainingController; every slot runs on the training thread, every signal is
// delivered queued to the GUI thread. While run() blocks, the worker only talks to the GUI thread through
// SharedTrainingState (cancel flag, live weights) and its signals.
#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QVector>

#include <memory>
#include <optional>

#include "SharedTrainingState.h"
#include "TrainingBackend.h"

namespace hrstyle {

enum class TrainingStart {
    Fresh,     // a new generator from params.seed, step 0
    Continue,  // the current generator; a new trainer (warm start) only if images or sizes changed
};

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    // Throttles (docs/architecture.md, "Threads and ownership"): loss points batched, previews newest-only.
    static constexpr int kLossBatchMs = 100;
    static constexpr int kPreviewIntervalMs = 500;
    // Each run() call lasts about this long, so a preview arrives at least this often even at 256 px on CPU.
    static constexpr double kChunkTargetSeconds = 0.75;
    static constexpr int kMaxChunkSteps = 100;

    TrainingWorker(std::unique_ptr<TrainingBackend> backend, std::shared_ptr<SharedTrainingState> shared);
    ~TrainingWorker() override;

public Q_SLOTS:
    void train(const hrstyle::TrainingSetup& setup, hrstyle::TrainingStart start, int steps);
    void discardSession();

Q_SIGNALS:
    void preparing();
    void runStarted(const hrstyle::SessionInfo& info, int firstStep, int lastStep);
    void lossesReady(const QVector<hrstyle::LossSample>& samples);
    void previewReady(const QImage& image, int step);
    void weightsApplied(int step, const hrstyle::LossWeights& weights);
    void runFinished(bool cancelled, int stepsDone);
    void runFailed(const QString& message, hrstyle::ErrorKind kind);
    // After every run that had a session (finished, stopped or failed: the engine keeps the last good
    // weights), so export and presets always see what the preview shows.
    void modelReady(const hrstyle::StyleModelPtr& model);

private:
    void trainUnguarded(TrainingSetup setup, TrainingStart start, int steps);
    bool prepareSession(const TrainingSetup& setup, TrainingStart start);
    void runInChunks(int steps);
    int nextChunkSize() const;
    void handleStep(const LossSample& sample);
    void handlePreview(const Rgb8Image& image, int step);
    void applyLiveWeightsIfChanged(int nextStep);
    void flushLosses();
    void flushPreview();
    void publishModel();

    std::unique_ptr<TrainingBackend> m_backend;
    std::shared_ptr<SharedTrainingState> m_shared;
    std::optional<TrainingSetup> m_sessionSetup;  // what the backend's current session was prepared for
    std::uint64_t m_appliedWeightsVersion = 0;

    QVector<LossSample> m_pendingLosses;
    QElapsedTimer m_sinceLossFlush;
    QImage m_pendingPreview;
    int m_pendingPreviewStep = -1;
    QElapsedTimer m_sincePreview;
    double m_averageStepSeconds = 0.0;  // exponential moving average; 0 until the first step
};

}  // namespace hrstyle

Q_DECLARE_METATYPE(hrstyle::TrainingStart)
