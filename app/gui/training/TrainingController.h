#pragma once
// The GUI thread's handle on training. Owns a QThread and a parentless TrainingWorker moved onto it
// (Qt's Mandelbrot example); forwards the worker's results as its own signals.
//
// Thread affinity: GUI thread. Live changes never queue behind a busy worker: cancel is an atomic and the
// loss weights a shared snapshot the training loop reads at each step (SharedTrainingState).
#include <QObject>
#include <QThread>
#include <QTimer>

#include <memory>

#include "SharedTrainingState.h"
#include "TrainingBackend.h"
#include "TrainingWorker.h"

namespace hrstyle {

class TrainingController : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Training, Stopping };
    Q_ENUM(State)

    // An idle weight edit waits this long for the slider to settle before training continues (KolourPaint's
    // delayed "settings changed" timer, ~300-400 ms: docs/contributing.md, "Threading").
    static constexpr int kRetuneDebounceMs = 350;

    explicit TrainingController(std::unique_ptr<TrainingBackend> backend, QObject* parent = nullptr);
    ~TrainingController() override;

    State state() const { return m_state; }
    bool isIdle() const { return m_state == State::Idle; }
    // A generator exists that Continue can go on training (and Reset can throw away).
    bool hasNetwork() const { return m_hasNetwork; }
    int stepsDone() const { return m_stepsDone; }
    // The generator as of the end of the last run (null before one, after reset, and with a fake backend).
    StyleModelPtr model() const { return m_model; }

    // Images, sizes and step count for the next run; setup.params.weights is ignored (see setLossWeights).
    void setSetup(const TrainingSetup& setup) { m_setup = setup; }
    const TrainingSetup& setup() const { return m_setup; }

    // While training: used from the next step on. While idle with a network: after a debounce, training
    // continues from the current network with the new weights (a warm start).
    void setLossWeights(const LossWeights& weights);
    // Drops a debounced continue that a weight edit scheduled (applying a preset sets weights without
    // meaning "train now").
    void cancelPendingRetune() { m_retuneTimer.stop(); }

    // Idle only: `model` (a preset's generator) becomes the network: model() returns it, Export can use it,
    // and the next Train or Continue fine-tunes it (TrainingSetup::initialModel). False while training.
    bool startFromModel(const StyleModelPtr& model);
    LossWeights lossWeights() const { return m_shared->weights.get(); }

public Q_SLOTS:
    bool train();             // a fresh generator, step 0
    bool continueTraining();  // the current generator, setup.params.steps more steps
    void stop();
    bool reset();             // forget the generator (idle only)
    void shutdown();          // stop, quit and join the thread; idempotent, also run by the destructor
    // The first half of shutdown(), for the window's close: cancel the run and let the thread's loop end, so
    // that the join in shutdown() after the event loop returns takes only the rest of the current step.
    void requestShutdown();

Q_SIGNALS:
    void stateChanged(hrstyle::TrainingController::State state);
    void preparing();
    void runStarted(const hrstyle::SessionInfo& info, int firstStep, int lastStep);
    void progressed(int step, int lastStep, double stepsPerSecond);
    void lossesReady(const QVector<hrstyle::LossSample>& samples);
    void previewReady(const QImage& image, int step);
    void weightsApplied(int step, const hrstyle::LossWeights& weights);
    void finished(bool cancelled, int stepsDone);
    void failed(const QString& message, hrstyle::ErrorKind kind);
    void networkDiscarded();
    void modelChanged();  // model() changed (a run ended, or reset)

private:
    bool startRun(TrainingStart start);
    void setState(State state);
    void connectWorker();
    void onRunStarted(const SessionInfo& info, int firstStep, int lastStep);
    void onLosses(const QVector<LossSample>& samples);
    void onRunFinished(bool cancelled, int stepsDone);
    void onRunFailed(const QString& message, ErrorKind kind);
    void onRetuneTimeout();
    void onModelReady(const StyleModelPtr& model);

    std::shared_ptr<SharedTrainingState> m_shared;
    QThread m_thread;
    TrainingWorker* m_worker = nullptr;  // lives on m_thread; deleted there when the thread finishes
    QTimer m_retuneTimer;
    StyleModelPtr m_model;
    StyleModelPtr m_startingModel;  // set by startFromModel until a run has been prepared from it
    TrainingSetup m_setup;
    State m_state = State::Idle;
    bool m_hasNetwork = false;
    bool m_shutDown = false;  // shutdown requested: no new runs
    int m_stepsDone = 0;
    int m_lastStep = 0;
    double m_averageStepSeconds = 0.0;
};

}  // namespace hrstyle
