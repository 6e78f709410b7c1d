#include "ExportPresenter.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QStatusBar>

#include <algorithm>

#include "Document.h"
#include "MainWindow.h"
#include "Settings.h"
#include "TrainingController.h"
#include "hrstyle/MemoryBudget.h"

namespace hrstyle {
namespace {

constexpr int kProgressSteps = 1000;  // the dialog's integer range for the engine's fraction

// The largest refine size: the photo's long side, or less where refining would not fit the export's memory
// limit (trainingMemoryBytes, from both images' sizes); 0 if there is no photo.
int maxRefineSize(const QSize& content, const QSize& style, const TrainParams& params, std::size_t memoryLimitBytes) {
    if (!content.isValid()) {
        return 0;
    }
    const int longSide = std::max(content.width(), content.height());
    if (!style.isValid()) {
        return longSide;
    }
    const int fits = largestWorkingSizeWithin(bytesLeftUnder(memoryLimitBytes), content.width(), content.height(),
                                              style.width(), style.height(), params);
    return std::min(longSide, std::max(fits, 1));
}

}  // namespace

ExportRefinement refinementFor(const ui::ExportChoice& choice, const TrainingSetup& setup, const LossWeights& weights) {
    ExportRefinement refine;
    refine.steps = choice.refine ? choice.refineSteps : 0;
    refine.workingSize = choice.refineSize;
    refine.params = setup.params;
    refine.params.weights = weights;  // setup.params.weights is not kept current (TrainingController::setSetup)
    refine.lossNetworkPath = setup.lossNetworkPath;
    return refine;
}

QString exportFolderFor(const QString& photoFolder) {
    QTemporaryFile probe(QDir(photoFolder).filePath(QStringLiteral(".hrstyle-write-test-XXXXXX")));
    if (!photoFolder.isEmpty() && probe.open()) {
        return photoFolder;
    }
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    return !pictures.isEmpty() && QDir().mkpath(pictures) ? pictures : QDir::homePath();
}

ExportPresenter::ExportPresenter(ui::MainWindow& window, TrainingController& controller, const Document& document,
                                 const Settings& settings, ExportFunction exportFunction, QObject* parent)
    : QObject(parent),
      m_window(window),
      m_controller(controller),
      m_document(document),
      m_settings(settings),
      m_exporter(std::move(exportFunction)) {
    connect(window.actions().exportImage, &QAction::triggered, this, &ExportPresenter::chooseAndExport);
    connect(&controller, &TrainingController::modelChanged, this, &ExportPresenter::updateAction);
    connect(&m_exporter, &ImageExporter::progressed, this, [this](double fraction) {
        if (m_progress) {
            m_progress->setValue(qRound(fraction * kProgressSteps));
        }
    });
    connect(&m_exporter, &ImageExporter::finished, this, &ExportPresenter::onFinished);
    connect(&m_exporter, &ImageExporter::failed, this, &ExportPresenter::onFailed);
    connect(&m_exporter, &ImageExporter::cancelled, this, &ExportPresenter::onCancelled);
    updateAction();
}

void ExportPresenter::updateAction() {
    m_window.actions().exportImage->setEnabled(m_exporter.isAvailable() && m_controller.model() &&
                                               !m_exporter.isRunning());
}

ui::ExportChoice ExportPresenter::suggestedChoice() const {
    ui::ExportChoice choice = m_lastChoice;
    const QFileInfo content(m_document.imagePath(ui::ImageRole::Content));
    const QString folder = m_lastChoice.path.isEmpty() ? exportFolderFor(content.absolutePath())
                                                       : QFileInfo(m_lastChoice.path).absolutePath();
    const QString suffix = m_lastChoice.path.isEmpty() ? QStringLiteral("png") : QFileInfo(m_lastChoice.path).suffix();
    choice.path = QDir(folder).filePath(QStringLiteral("%1-styled.%2").arg(content.completeBaseName(), suffix));
    return choice;
}

void ExportPresenter::chooseAndExport() {
    ui::ExportDialog dialog(&m_window);
    dialog.setMaxRefineSize(maxRefineSize(m_document.image(ui::ImageRole::Content).size(),
                                          m_document.image(ui::ImageRole::Style).size(), m_document.trainParams(),
                                          m_settings.memoryLimitBytes()));
    dialog.setChoice(suggestedChoice());
    if (dialog.exec() == QDialog::Accepted && !dialog.choice().path.isEmpty()) {
        exportTo(dialog.choice());
    }
}

bool ExportPresenter::exportTo(const ui::ExportChoice& choice) {
    ExportRequest request;
    request.model = m_controller.model();
    request.contentPath = m_document.imagePath(ui::ImageRole::Content);
    request.stylePath = m_document.imagePath(ui::ImageRole::Style);
    request.outputPath = choice.path;
    request.bitDepth = choice.sixteenBit ? 16 : 8;
    request.jpegQuality = choice.jpegQuality;
    request.memoryLimitBytes = m_settings.memoryLimitBytes();
    request.look = m_document.look();
    request.refine = refinementFor(choice, m_controller.setup(), m_controller.lossWeights());
    if (request.contentPath.isEmpty() || !m_exporter.start(request)) {
        return false;
    }
    m_lastChoice = choice;
    updateAction();
    showProgress(choice.path, request.refine.enabled());
    return true;
}

void ExportPresenter::showProgress(const QString& path, bool refining) {
    const QString label = refining ? tr("Refining the network, then exporting %1…") : tr("Exporting %1…");
    m_progress = new QProgressDialog(label.arg(QFileInfo(path).fileName()), tr("Cancel"), 0, kProgressSteps,
                                     &m_window);
    m_progress->setWindowTitle(tr("Export"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setMinimumDuration(0);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_progress, &QProgressDialog::canceled, &m_exporter, &ImageExporter::cancel);
    m_progress->open();
}

void ExportPresenter::closeProgress() {
    if (m_progress) {
        m_progress->disconnect(this);
        m_progress->disconnect(&m_exporter);
        m_progress->close();
    }
    updateAction();
}

void ExportPresenter::onFinished(const QString& path) {
    closeProgress();
    m_window.statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 8000);
    Q_EMIT exportDone(true);
}

void ExportPresenter::onFailed(const QString& path, const QString& reason) {
    closeProgress();
    const QString kept = QFileInfo::exists(path) ? tr("\nThe existing file was not changed.") : QString();
    showFailure(tr("Could not export “%1”:\n%2%3").arg(QFileInfo(path).fileName(), reason, kept));
    Q_EMIT exportDone(false);
}

void ExportPresenter::onCancelled(const QString& path) {
    closeProgress();
    m_window.statusBar()->showMessage(tr("Export of %1 cancelled; nothing was written").arg(QFileInfo(path).fileName()),
                                      8000);
    Q_EMIT exportDone(false);
}

void ExportPresenter::showFailure(const QString& text) {
    // open(), not exec(): the box is window-modal without a nested event loop, so training goes on meanwhile.
    m_failureBox = new QMessageBox(QMessageBox::Warning, tr("Export Failed"), text, QMessageBox::Ok, &m_window);
    m_failureBox->setAttribute(Qt::WA_DeleteOnClose);
    m_failureBox->open();
}

}  // namespace hrstyle
