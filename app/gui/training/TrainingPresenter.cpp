#include "TrainingPresenter.h"

#include <QLoggingCategory>
#include <QStatusBar>

#include "ControlPanel.h"
#include "LossChart.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "ProgressPanel.h"
#include "ValueConversion.h"

namespace hrstyle {
namespace {

// One line per run on stderr ("hrstyle.training: run started ..."): what a bug report needs, and what the
// quit-while-training test waits for.
Q_LOGGING_CATEGORY(lcTraining, "hrstyle.training")

// What to do next, by the kind of failure (the message itself comes from core and names the problem).
QString hintFor(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Numerical:
        return QObject::tr("The last good result is kept. Lower the learning rate (Advanced) or the style "
                           "weight, then press Continue.");
    case ErrorKind::OutOfMemory:
        return QObject::tr("The last good result is kept. Lower the working size (Advanced) or raise the memory "
                           "limit (Preferences), then press Continue.");
    case ErrorKind::InvalidInput:
    case ErrorKind::NotFound:
        return QObject::tr("Open another image, or choose valid VGG19 weights in Preferences (or start hrstyle "
                           "with --random-features to train without them).");
    default:
        return QObject::tr("Nothing made so far is lost. Check the images and settings, then press Train or "
                           "Continue.");
    }
}

}  // namespace

TrainingPresenter::TrainingPresenter(ui::MainWindow& window, Document& document, TrainingController& controller,
                                     QObject* parent)
    : QObject(parent), m_window(window), m_document(document), m_controller(controller) {
    connectWindow();
    connectDocument();
    connectController();
    m_controller.setLossWeights(m_document.lossWeights());
    m_lastRunWeights = m_document.lossWeights();
    updateSetup();
    updateButtons();
}

void TrainingPresenter::connectWindow() {
    const ui::MainWindow::Actions& actions = m_window.actions();
    connect(&m_window, &ui::MainWindow::closing, this, [this] {
        m_controller.requestShutdown();  // main() waits for the step in progress to end
    });
    connect(actions.train, &QAction::triggered, this, &TrainingPresenter::onTrain);
    connect(actions.stop, &QAction::triggered, &m_controller, &TrainingController::stop);
    connect(actions.continueTraining, &QAction::triggered, &m_controller, &TrainingController::continueTraining);
    connect(actions.reset, &QAction::triggered, this, &TrainingPresenter::onReset);
}

void TrainingPresenter::connectDocument() {
    connect(&m_document, &Document::imageChanged, this, [this] {
        updateSetup();
        updateButtons();
    });
    connect(&m_document, &Document::lossWeightsChanged, &m_controller, [this](const LossWeights& weights) {
        m_controller.setLossWeights(weights);  // live while training; a debounced continue when idle
    });
    connect(&m_document, &Document::trainParamsChanged, this, [this](bool lookApplied) {
        m_controller.setLossWeights(m_document.lossWeights());
        if (m_lastPlottedStep < 0) {
            m_lastRunWeights = m_document.lossWeights();  // nothing plotted yet: no marker to place
        }
        if (lookApplied) {
            m_controller.cancelPendingRetune();  // a preset sets the look; the user decides when to train
        }
        updateSetup();
    });
    connect(&m_document, &Document::lossNetworkChanged, this, &TrainingPresenter::updateSetup);
}

void TrainingPresenter::connectController() {
    connect(&m_controller, &TrainingController::stateChanged, this, &TrainingPresenter::onStateChanged);
    connect(&m_controller, &TrainingController::preparing, this, [this] {
        m_window.controlPanel()->progressPanel()->showBusy(tr("Preparing images and loss network…"));
    });
    connect(&m_controller, &TrainingController::runStarted, this, &TrainingPresenter::onRunStarted);
    connect(&m_controller, &TrainingController::progressed, m_window.controlPanel()->progressPanel(),
            &ui::ProgressPanel::showProgress);
    connect(&m_controller, &TrainingController::lossesReady, this, &TrainingPresenter::onLosses);
    connect(&m_controller, &TrainingController::previewReady, &m_document,
            [this](const QImage& image, int /*step*/) { m_document.setPreview(image); });
    connect(&m_controller, &TrainingController::weightsApplied, this, &TrainingPresenter::onWeightsApplied);
    connect(&m_controller, &TrainingController::finished, this, &TrainingPresenter::onFinished);
    connect(&m_controller, &TrainingController::failed, this, &TrainingPresenter::onFailed);
    // A network can also arrive without a run (a preset's): Continue and Reset follow it.
    connect(&m_controller, &TrainingController::modelChanged, this, &TrainingPresenter::updateButtons);
}

void TrainingPresenter::updateSetup() {
    TrainingSetup setup;
    setup.contentPath = m_document.imagePath(ui::ImageRole::Content);
    setup.stylePath = m_document.imagePath(ui::ImageRole::Style);
    setup.params = m_document.trainParams();
    setup.lossNetworkPath = m_document.lossNetworkPath();
    m_controller.setSetup(setup);
}

void TrainingPresenter::onTrain() {
    m_freshRunRequested = true;
    if (!m_controller.train()) {
        m_freshRunRequested = false;
    }
}

void TrainingPresenter::onReset() {
    if (m_controller.reset()) {
        m_document.setPreview(QImage());
        m_window.lossChart()->clear();
        m_chartStepOffset = 0;
        m_lastPlottedStep = -1;
        m_window.controlPanel()->progressPanel()->showIdle(tr("Ready"));
        updateButtons();
    }
}

void TrainingPresenter::onStateChanged() {
    if (m_controller.state() == TrainingController::State::Stopping) {
        m_window.controlPanel()->progressPanel()->showIdle(tr("Stopping after this step…"));
    }
    updateButtons();
}

void TrainingPresenter::updateButtons() {
    const bool idle = m_controller.isIdle();
    const bool haveImages = m_document.hasImages();
    const bool training = m_controller.state() == TrainingController::State::Training;
    m_window.setTrainingButtons(idle && haveImages, training, idle && haveImages && m_controller.hasNetwork(),
                                idle && m_controller.hasNetwork());
}

void TrainingPresenter::onRunStarted(const SessionInfo& info, int firstStep, int /*lastStep*/) {
    m_window.setDeviceText(info.device);
    m_window.setLossNetworkText(info.lossNetwork, info.lossNetwork.contains(QLatin1String("random")));
    m_window.setWorkingSizeText(tr("Working size %1 × %2 px").arg(info.workingWidth).arg(info.workingHeight));
    if (m_window.messageBar()->level() == ui::MessageBar::Level::Error) {
        m_window.messageBar()->clearMessage();  // the last failure is over; an offer (VGG19 weights) stays
    }
    qCInfo(lcTraining, "run started at step %d on %s with %s, %dx%d px", firstStep, qPrintable(info.device),
           qPrintable(info.lossNetwork), info.workingWidth, info.workingHeight);
    if (m_freshRunRequested) {
        m_freshRunRequested = false;
        m_window.lossChart()->clear();
        m_chartStepOffset = 0;
        m_lastPlottedStep = -1;
    } else {
        if (firstStep + m_chartStepOffset <= m_lastPlottedStep) {
            m_chartStepOffset = m_lastPlottedStep + 1 - firstStep;  // a warm-started trainer counts from 0
        }
        if (m_controller.lossWeights() != m_lastRunWeights) {
            m_window.lossChart()->addMarker(firstStep + m_chartStepOffset);
        }
    }
    m_lastRunWeights = m_controller.lossWeights();
    updateButtons();
}

void TrainingPresenter::onLosses(const QVector<LossSample>& samples) {
    m_window.lossChart()->appendPoints(toLossPoints(samples, m_chartStepOffset));
    m_lastPlottedStep = samples.back().step + m_chartStepOffset;
}

void TrainingPresenter::onWeightsApplied(int step) {
    m_window.lossChart()->addMarker(step + m_chartStepOffset);
    m_lastRunWeights = m_controller.lossWeights();
    m_window.statusBar()->showMessage(tr("New weights in use from step %1").arg(step + m_chartStepOffset), 3000);
}

void TrainingPresenter::onFinished(bool cancelled, int stepsDone) {
    m_window.controlPanel()->progressPanel()->showIdle(
        cancelled ? tr("Stopped at step %1. Continue goes on from here.").arg(stepsDone + m_chartStepOffset)
                  : tr("Done: %1 steps.").arg(stepsDone + m_chartStepOffset));
    updateButtons();
}

void TrainingPresenter::onFailed(const QString& message, ErrorKind kind) {
    m_window.controlPanel()->progressPanel()->showIdle(tr("Training stopped by an error."));
    QList<QAction*> next;
    if (m_controller.hasNetwork()) {
        next << m_window.actions().continueTraining;
    }
    m_window.messageBar()->showMessage(ui::MessageBar::Level::Error, tr("%1\n%2").arg(message, hintFor(kind)),
                                       next);
    updateButtons();
}

}  // namespace hrstyle
