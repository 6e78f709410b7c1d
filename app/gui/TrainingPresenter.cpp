#include "AppPresenter.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QStatusBar>

#include "ControlPanel.h"
#include "ImageFiles.h"
#include "ImageView.h"
#include "LossChart.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "ProgressPanel.h"
#include "ResultView.h"
#include "Settings.h"
#include "ValueConversion.h"

namespace hrstyle {
namespace {

// One line per run on stderr ("hrstyle.training: run started ..."): what a bug report needs, and what the
// quit-while-training test waits for.
Q_LOGGING_CATEGORY(lcTraining, "hrstyle.training")

// What to do next, by the kind of failure (the message itself comes from core and names the problem).
QString hintFor(const QString& message) {
    const QString lower = message.toLower();
    if (lower.contains(QLatin1String("nan")) || lower.contains(QLatin1String("infinite"))) {
        return QObject::tr("The last good result is kept. Lower the learning rate (Advanced) or the style "
                           "weight, then press Continue.");
    }
    if (lower.contains(QLatin1String("memory"))) {
        return QObject::tr("The last good result is kept. Lower the working size (Advanced), then press Continue.");
    }
    if (lower.contains(QLatin1String("vgg")) || lower.contains(QLatin1String("features."))) {
        return QObject::tr("Point --vgg or HRSTYLE_VGG19 at a valid VGG19 file, or start hrstyle with "
                           "--random-features to train without it.");
    }
    return QObject::tr("Nothing made so far is lost. Check the images and settings, then press Train or Continue.");
}

}  // namespace

AppPresenter::AppPresenter(ui::MainWindow& window, Settings& settings, TrainingController& controller,
                           const StartupInfo& startup, QObject* parent)
    : QObject(parent), m_window(window), m_settings(settings), m_controller(controller) {
    m_window.setDeviceText(startup.deviceText);
    m_window.setLossNetworkText(startup.lossNetworkText, startup.randomFeatures);
    connectWindow();
    connectController();
}

void AppPresenter::connectWindow() {
    const ui::MainWindow::Actions& actions = m_window.actions();
    connect(&m_window, &ui::MainWindow::imageFileChosen, this, &AppPresenter::openImage);
    connect(&m_window, &ui::MainWindow::closing, this, [this] {
        saveWindowLayout();
        m_controller.requestShutdown();  // main() waits for the step in progress to end
    });
    connect(actions.train, &QAction::triggered, this, &AppPresenter::onTrain);
    connect(actions.stop, &QAction::triggered, &m_controller, &TrainingController::stop);
    connect(actions.continueTraining, &QAction::triggered, &m_controller, &TrainingController::continueTraining);
    connect(actions.reset, &QAction::triggered, this, &AppPresenter::onReset);
    ui::ControlPanel* panel = m_window.controlPanel();
    connect(panel, &ui::ControlPanel::weightsEdited, this, &AppPresenter::onWeightsEdited);
    connect(panel, &ui::ControlPanel::advancedEdited, this, &AppPresenter::onAdvancedEdited);
}

void AppPresenter::connectController() {
    connect(&m_controller, &TrainingController::stateChanged, this, &AppPresenter::onStateChanged);
    connect(&m_controller, &TrainingController::preparing, this, [this] {
        m_window.controlPanel()->progressPanel()->showBusy(tr("Preparing images and loss network…"));
    });
    connect(&m_controller, &TrainingController::runStarted, this, &AppPresenter::onRunStarted);
    connect(&m_controller, &TrainingController::progressed, m_window.controlPanel()->progressPanel(),
            &ui::ProgressPanel::showProgress);
    connect(&m_controller, &TrainingController::lossesReady, this, &AppPresenter::onLosses);
    connect(&m_controller, &TrainingController::previewReady, this, &AppPresenter::onPreview);
    connect(&m_controller, &TrainingController::weightsApplied, this, &AppPresenter::onWeightsApplied);
    connect(&m_controller, &TrainingController::finished, this, &AppPresenter::onFinished);
    connect(&m_controller, &TrainingController::failed, this, &AppPresenter::onFailed);
    // A network can also arrive without a run (a preset's): Continue and Reset follow it.
    connect(&m_controller, &TrainingController::modelChanged, this, &AppPresenter::updateButtons);
}

void AppPresenter::restoreSession() {
    m_window.restoreGeometry(m_settings.windowGeometry());
    m_window.restoreState(m_settings.windowState());
    m_window.restorePaneLayout(m_settings.paneLayout());
    m_params = m_settings.trainParams();
    m_window.controlPanel()->setWeights(toWeightValues(m_params.weights));
    m_window.controlPanel()->setAdvanced(toAdvancedValues(m_params));
    m_controller.setLossWeights(m_params.weights);
    m_lastRunWeights = m_params.weights;
    m_window.setRecentFiles(ui::ImageRole::Content, m_settings.recentFiles(SettingKey::RecentContent));
    m_window.setRecentFiles(ui::ImageRole::Style, m_settings.recentFiles(SettingKey::RecentStyle));

    // A remembered image that has gone missing falls back to the bundled sample, silently: nothing to fix.
    auto pick = [](const QString& remembered, const QString& sample) {
        return QFileInfo::exists(remembered) ? remembered : sample;
    };
    const QString content = pick(m_settings.contentPath(), sampleContentPath());
    const QString style = pick(m_settings.stylePath(), sampleStylePath());
    if (!content.isEmpty()) {
        openImage(ui::ImageRole::Content, content);
    }
    if (!style.isEmpty()) {
        openImage(ui::ImageRole::Style, style);
    }
    updateSetup();
    updateButtons();
}

void AppPresenter::saveWindowLayout() {
    m_settings.setValue(SettingKey::WindowGeometry, m_window.saveGeometry());
    m_settings.setValue(SettingKey::WindowState, m_window.saveState());
    m_settings.setValue(SettingKey::PaneLayout, m_window.savePaneLayout());
    m_settings.sync();
}

QString AppPresenter::imagePath(ui::ImageRole role) const {
    return role == ui::ImageRole::Content ? m_contentPath : m_stylePath;
}

bool AppPresenter::openImage(ui::ImageRole role, const QString& path) {
    const LoadedImage loaded = readImageFile(path);
    const bool isContent = role == ui::ImageRole::Content;
    if (loaded.image.isNull()) {
        const QString kept = imagePath(role).isEmpty() ? QString() : tr(" The previous image is kept.");
        QString reason = loaded.error;
        while (reason.endsWith(QLatin1Char('.'))) {
            reason.chop(1);
        }
        m_window.messageBar()->showMessage(
            ui::MessageBar::Level::Error,
            tr("Could not open “%1”: %2.%3").arg(QFileInfo(path).fileName(), reason, kept),
            {isContent ? m_window.actions().openContent : m_window.actions().openStyle});
        return false;
    }
    m_window.setImage(role, loaded.image, path);
    (isContent ? m_contentPath : m_stylePath) = path;
    m_settings.setValue(isContent ? SettingKey::ContentPath : SettingKey::StylePath, path);
    const SettingKey recent = isContent ? SettingKey::RecentContent : SettingKey::RecentStyle;
    m_settings.addRecentFile(recent, path);
    m_window.setRecentFiles(role, m_settings.recentFiles(recent));
    updateSetup();
    updateButtons();
    return true;
}

void AppPresenter::onWeightsEdited(const ui::WeightValues& values) {
    m_params.weights = toLossWeights(values);
    m_settings.setLossWeights(m_params.weights);
    m_controller.setLossWeights(m_params.weights);  // live while training; a debounced continue when idle
}

void AppPresenter::onAdvancedEdited(const ui::AdvancedValues& values) {
    applyAdvancedValues(values, m_params);
    m_settings.setTrainParams(m_params);
    updateSetup();
}

void AppPresenter::updateSetup() {
    TrainingSetup setup;
    setup.contentPath = m_contentPath;
    setup.stylePath = m_stylePath;
    setup.params = m_params;
    setup.lossNetworkPath = m_lossNetworkPath;
    m_controller.setSetup(setup);
    m_window.setWorkingSizeText(tr("Working size %1 px").arg(m_params.workingSize));
}

void AppPresenter::setLossNetworkPath(const QString& vgg19Path) {
    m_lossNetworkPath = vgg19Path;
    m_window.setLossNetworkText(tr("VGG19 (%1)").arg(QDir::toNativeSeparators(vgg19Path)), false);
    updateSetup();
}

void AppPresenter::onTrain() {
    m_freshRunRequested = true;
    if (!m_controller.train()) {
        m_freshRunRequested = false;
    }
}

void AppPresenter::onReset() {
    if (m_controller.reset()) {
        m_window.resultView()->clearImage();
        m_lastPreview = QImage();
        m_window.lossChart()->clear();
        m_chartStepOffset = 0;
        m_lastPlottedStep = -1;
        m_window.controlPanel()->progressPanel()->showIdle(tr("Ready"));
        updateButtons();
    }
}

void AppPresenter::onStateChanged() {
    if (m_controller.state() == TrainingController::State::Stopping) {
        m_window.controlPanel()->progressPanel()->showIdle(tr("Stopping after this step…"));
    }
    updateButtons();
}

void AppPresenter::updateButtons() {
    const bool idle = m_controller.isIdle();
    const bool haveImages = !m_contentPath.isEmpty() && !m_stylePath.isEmpty();
    const bool training = m_controller.state() == TrainingController::State::Training;
    m_window.setTrainingButtons(idle && haveImages, training, idle && haveImages && m_controller.hasNetwork(),
                                idle && m_controller.hasNetwork());
}

void AppPresenter::onRunStarted(const SessionInfo& info, int firstStep, int /*lastStep*/) {
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

void AppPresenter::onLosses(const QVector<LossSample>& samples) {
    m_window.lossChart()->appendPoints(toLossPoints(samples, m_chartStepOffset));
    m_lastPlottedStep = samples.back().step + m_chartStepOffset;
}

void AppPresenter::onPreview(const QImage& image, int /*step*/) {
    showPreview(image);
}

void AppPresenter::showPreview(const QImage& image) {
    m_lastPreview = image;
    m_window.resultView()->setImage(image);
}

void AppPresenter::applyTrainParams(const TrainParams& params) {
    const TrainParams previous = m_params;
    m_params = params;
    m_params.maxStyleSide = previous.maxStyleSide;  // a memory cap, not part of a look
    m_window.controlPanel()->setWeights(toWeightValues(m_params.weights));
    m_window.controlPanel()->setAdvanced(toAdvancedValues(m_params));
    m_settings.setLossWeights(m_params.weights);
    m_settings.setTrainParams(m_params);
    m_controller.setLossWeights(m_params.weights);
    m_controller.cancelPendingRetune();  // a preset sets the look; the user decides when to train
    updateSetup();
}

void AppPresenter::onWeightsApplied(int step) {
    m_window.lossChart()->addMarker(step + m_chartStepOffset);
    m_lastRunWeights = m_controller.lossWeights();
    m_window.statusBar()->showMessage(tr("New weights in use from step %1").arg(step + m_chartStepOffset), 3000);
}

void AppPresenter::onFinished(bool cancelled, int stepsDone) {
    m_window.controlPanel()->progressPanel()->showIdle(
        cancelled ? tr("Stopped at step %1. Continue goes on from here.").arg(stepsDone + m_chartStepOffset)
                  : tr("Done: %1 steps.").arg(stepsDone + m_chartStepOffset));
    updateButtons();
}

void AppPresenter::onFailed(const QString& message) {
    m_window.controlPanel()->progressPanel()->showIdle(tr("Training stopped by an error."));
    QList<QAction*> next;
    if (m_controller.hasNetwork()) {
        next << m_window.actions().continueTraining;
    }
    m_window.messageBar()->showMessage(ui::MessageBar::Level::Error, tr("%1\n%2").arg(message, hintFor(message)),
                                       next);
    updateButtons();
}

}  // namespace hrstyle
