#include "TrainingController.h"

namespace hrstyle {

TrainingController::TrainingController(std::unique_ptr<TrainingBackend> backend, QObject* parent)
    : QObject(parent), m_shared(std::make_shared<SharedTrainingState>()) {
    qRegisterMetaType<TrainingSetup>();
    qRegisterMetaType<SessionInfo>();
    qRegisterMetaType<LossSample>();
    qRegisterMetaType<QVector<LossSample>>();
    qRegisterMetaType<LossWeights>();
    qRegisterMetaType<ErrorKind>();
    qRegisterMetaType<TrainingStart>();
    qRegisterMetaType<StyleModelPtr>();

    m_thread.setObjectName(QStringLiteral("hrstyle-training"));
    m_worker = new TrainingWorker(std::move(backend), m_shared);  // parentless: it moves to another thread
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connectWorker();
    m_thread.start();

    m_retuneTimer.setSingleShot(true);
    m_retuneTimer.setInterval(kRetuneDebounceMs);
    connect(&m_retuneTimer, &QTimer::timeout, this, &TrainingController::onRetuneTimeout);
}

TrainingController::~TrainingController() {
    shutdown();
}

void TrainingController::connectWorker() {
    connect(m_worker, &TrainingWorker::preparing, this, &TrainingController::preparing);
    connect(m_worker, &TrainingWorker::runStarted, this, &TrainingController::onRunStarted);
    connect(m_worker, &TrainingWorker::lossesReady, this, &TrainingController::onLosses);
    connect(m_worker, &TrainingWorker::previewReady, this, &TrainingController::previewReady);
    connect(m_worker, &TrainingWorker::weightsApplied, this, &TrainingController::weightsApplied);
    connect(m_worker, &TrainingWorker::runFinished, this, &TrainingController::onRunFinished);
    connect(m_worker, &TrainingWorker::runFailed, this, &TrainingController::onRunFailed);
    connect(m_worker, &TrainingWorker::modelReady, this, &TrainingController::onModelReady);
}

void TrainingController::setLossWeights(const LossWeights& weights) {
    if (weights == m_shared->weights.get()) {
        return;
    }
    m_shared->weights.set(weights);
    if (m_state == State::Idle && m_hasNetwork) {
        m_retuneTimer.start();  // restarts on every edit: only the settled value triggers a run
    }
}

bool TrainingController::train() {
    return startRun(TrainingStart::Fresh);
}

bool TrainingController::startFromModel(const StyleModelPtr& model) {
    if (m_state != State::Idle || !model) {
        return false;
    }
    m_retuneTimer.stop();
    m_startingModel = model;
    m_model = model;
    m_hasNetwork = true;
    Q_EMIT modelChanged();
    return true;
}

bool TrainingController::continueTraining() {
    return m_hasNetwork && startRun(TrainingStart::Continue);
}

bool TrainingController::startRun(TrainingStart start) {
    if (m_state != State::Idle || m_shutDown) {
        return false;
    }
    m_retuneTimer.stop();
    m_shared->cancel.store(false);
    m_averageStepSeconds = 0.0;
    setState(State::Training);
    const int steps = std::max(1, m_setup.params.steps);
    TrainingSetup setup = m_setup;
    setup.initialModel = m_startingModel;
    // Queued onto the worker's thread; it is idle (state was Idle), so this runs at once.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, setup, start, steps] { worker->train(setup, start, steps); },
        Qt::QueuedConnection);
    return true;
}

void TrainingController::stop() {
    m_retuneTimer.stop();
    if (m_state != State::Training) {
        return;
    }
    m_shared->cancel.store(true);
    setState(State::Stopping);
}

bool TrainingController::reset() {
    if (m_state != State::Idle) {
        return false;
    }
    m_retuneTimer.stop();
    m_hasNetwork = false;
    m_stepsDone = 0;
    m_startingModel.reset();
    QMetaObject::invokeMethod(m_worker, &TrainingWorker::discardSession, Qt::QueuedConnection);
    m_model.reset();
    Q_EMIT networkDiscarded();
    Q_EMIT modelChanged();
    return true;
}

void TrainingController::shutdown() {
    requestShutdown();
    m_thread.wait();  // never terminate(): the worker always returns within one step
}

void TrainingController::requestShutdown() {
    if (m_shutDown) {
        return;
    }
    m_shutDown = true;
    m_retuneTimer.stop();
    m_shared->cancel.store(true);  // the running step finishes, then run() returns
    m_thread.quit();
}

void TrainingController::setState(State state) {
    if (m_state != state) {
        m_state = state;
        Q_EMIT stateChanged(state);
    }
}

void TrainingController::onRunStarted(const SessionInfo& info, int firstStep, int lastStep) {
    m_hasNetwork = true;
    m_startingModel.reset();  // the session was built from it; later runs continue the session
    m_stepsDone = firstStep;
    m_lastStep = lastStep;
    Q_EMIT runStarted(info, firstStep, lastStep);
    Q_EMIT progressed(firstStep, lastStep, 0.0);
}

void TrainingController::onLosses(const QVector<LossSample>& samples) {
    if (samples.isEmpty()) {
        return;
    }
    constexpr double kSmoothing = 0.2;
    for (const LossSample& sample : samples) {
        m_averageStepSeconds = m_averageStepSeconds <= 0.0
                                   ? sample.seconds
                                   : (1.0 - kSmoothing) * m_averageStepSeconds + kSmoothing * sample.seconds;
    }
    m_stepsDone = samples.back().step + 1;  // LossSample.step counts from 0
    Q_EMIT lossesReady(samples);
    Q_EMIT progressed(m_stepsDone, m_lastStep, m_averageStepSeconds > 0.0 ? 1.0 / m_averageStepSeconds : 0.0);
}

void TrainingController::onRunFinished(bool cancelled, int stepsDone) {
    m_stepsDone = stepsDone;
    setState(State::Idle);
    Q_EMIT finished(cancelled, stepsDone);
}

void TrainingController::onRunFailed(const QString& message, ErrorKind kind) {
    setState(State::Idle);
    Q_EMIT failed(message, kind);
}

void TrainingController::onModelReady(const StyleModelPtr& model) {
    m_model = model;
    Q_EMIT modelChanged();
}

void TrainingController::onRetuneTimeout() {
    if (m_state == State::Idle && m_hasNetwork) {
        continueTraining();
    }
}

}  // namespace hrstyle
