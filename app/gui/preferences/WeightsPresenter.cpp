#include "WeightsPresenter.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QStatusBar>
#include <QUrl>

#include "Document.h"
#include "StartupInfo.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "Settings.h"
#include "TransferProgress.h"
#include "VggWeightsFile.h"
#include "VggWeightsLocator.h"

namespace hrstyle {

WeightsPresenter::WeightsPresenter(ui::MainWindow& window, Document& document, Settings& settings,
                                   QObject* parent)
    : QObject(parent), m_window(window), m_document(document), m_settings(settings) {
    m_download = new QAction(this);
    m_locate = new QAction(tr("Locate File…"), this);
    m_cancel = new QAction(tr("Cancel"), this);
    updateDownloadText();
    connect(m_download, &QAction::triggered, this, &WeightsPresenter::startDownload);
    connect(m_locate, &QAction::triggered, this, &WeightsPresenter::chooseFile);
    connect(m_cancel, &QAction::triggered, &m_downloader, &WeightsDownloader::cancel);
    connect(&m_downloader, &WeightsDownloader::progress, this, &WeightsPresenter::onProgress);
    connect(&m_downloader, &WeightsDownloader::verifying, this, [this] {
        m_window.messageBar()->setText(tr("Checking the downloaded VGG19 weights…"));
        m_window.messageBar()->setProgress(0, 0);
    });
    connect(&m_downloader, &WeightsDownloader::finished, this, &WeightsPresenter::onFinished);
    connect(&m_downloader, &WeightsDownloader::failed, this, &WeightsPresenter::onFailed);
    connect(&m_downloader, &WeightsDownloader::cancelled, this, &WeightsPresenter::onCancelled);
}

void WeightsPresenter::offerWeightsIfMissing(const StartupInfo& startup) {
    if (startup.randomFeatures && !startup.randomFeaturesChosen) {
        showOffer(tr("Lower quality without VGG19 weights: training uses random features for now."), false);
    }
}

// A partial download left by a cancel, a dropped connection or an earlier run is resumed, and says so.
void WeightsPresenter::updateDownloadText() {
    const QFileInfo partial(WeightsDownloader::partialPath(defaultDownloadedVggPath()));
    m_download->setText(partial.exists() && partial.size() > 0
                            ? tr("Resume Download (%1 done)").arg(formatBytes(partial.size()))
                            : tr("Download (575 MB)"));
}

void WeightsPresenter::showOffer(const QString& text, bool isError) {
    updateDownloadText();
    m_window.messageBar()->showMessage(isError ? ui::MessageBar::Level::Error : ui::MessageBar::Level::Warning, text,
                                       {m_download, m_locate});
}

void WeightsPresenter::chooseFile() {
    const QString path = QFileDialog::getOpenFileName(&m_window, tr("Locate VGG19 Weights"), QString(),
                                                      tr("Safetensors files (*.safetensors);;All files (*)"));
    if (!path.isEmpty()) {
        useWeightsFile(path);
    }
}

bool WeightsPresenter::useWeightsFile(const QString& path) {
    const QString reason = verifyVggFile(path);
    if (!reason.isEmpty()) {
        showOffer(tr("“%1” cannot be used as VGG19 weights: %2. Still using random features.")
                      .arg(QFileInfo(path).fileName(), reason),
                  true);
        return false;
    }
    m_settings.setValue(SettingKey::Vgg19Path, path);
    switchTo(path);
    return true;
}

bool WeightsPresenter::startDownload() {
    const QString destination = defaultDownloadedVggPath();
    if (destination.isEmpty()) {
        showOffer(tr("There is no folder to download the VGG19 weights into; locate a file instead."), true);
        return false;
    }
    QDir().mkpath(QFileInfo(destination).absolutePath());
    if (!m_downloader.start(QUrl(m_settings.vgg19DownloadUrl()), destination)) {
        return false;  // already running: its bar is showing
    }
    m_window.messageBar()->showMessage(ui::MessageBar::Level::Info, tr("Downloading VGG19 weights…"), {m_cancel});
    m_window.messageBar()->setProgress(0, 0);
    return true;
}

void WeightsPresenter::onProgress(qint64 received, qint64 total, double bytesPerSecond, double secondsLeft) {
    m_window.messageBar()->setText(tr("Downloading VGG19 weights: %1")
                                       .arg(formatTransferProgress(received, total, bytesPerSecond, secondsLeft)));
    m_window.messageBar()->setProgress(received, total);
}

void WeightsPresenter::onFinished(const QString& path) {
    switchTo(path);
    Q_EMIT weightsInstalled(path);
}

void WeightsPresenter::onFailed(const QString& reason) {
    showOffer(tr("Downloading the VGG19 weights failed: %1. Still using random features.").arg(reason), true);
}

void WeightsPresenter::onCancelled() {
    showOffer(tr("Download cancelled; what arrived is kept for resuming. Still using random features."), false);
}

void WeightsPresenter::switchTo(const QString& path) {
    m_document.setLossNetworkPath(path);
    m_window.messageBar()->clearMessage();
    m_window.statusBar()->showMessage(tr("VGG19 weights ready: the next training uses them."), 8000);
}

}  // namespace hrstyle
