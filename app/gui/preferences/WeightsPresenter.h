#pragma once
// Getting the VGG19 weights from inside the app. Without them the app works at once on random
// features and a non-modal message bar offers [Download (575 MB)] and [Locate file…]. A download shows bytes,
// speed and time left with Cancel, resumes a partial file, and installs only a verified file
// (WeightsDownloader); a located file is checked with verifyVggFile and refused with its reason. Either way
// the next training uses the new loss network, the status bar says so and the bar goes.
//
// Thread affinity: GUI thread. The window, document and settings outlive it.
#include <QObject>

#include "WeightsDownloader.h"

class QAction;

namespace hrstyle {

namespace ui {
class MainWindow;
}
class Document;
class Settings;
struct StartupInfo;

class WeightsPresenter : public QObject {
    Q_OBJECT
public:
    WeightsPresenter(ui::MainWindow& window, Document& document, Settings& settings, QObject* parent = nullptr);

    // Shows the offer when the startup found no weights and the user did not ask for random features.
    void offerWeightsIfMissing(const StartupInfo& startup);

    // Uses `path` if verifyVggFile accepts it (and remembers it as the preference); else says why in the
    // message bar and keeps the current loss network.
    bool useWeightsFile(const QString& path);
    // Downloads from the preference's URL (kDefaultVggUrl unless changed) to defaultDownloadedVggPath().
    bool startDownload();

    WeightsDownloader& downloader() { return m_downloader; }
    QAction* downloadAction() const { return m_download; }
    QAction* locateAction() const { return m_locate; }
    QAction* cancelAction() const { return m_cancel; }

Q_SIGNALS:
    void weightsInstalled(const QString& path);

private:
    void chooseFile();
    void showOffer(const QString& text, bool isError);
    void updateDownloadText();
    void onProgress(qint64 received, qint64 total, double bytesPerSecond, double secondsLeft);
    void onFinished(const QString& path);
    void onFailed(const QString& reason);
    void onCancelled();
    void switchTo(const QString& path);

    ui::MainWindow& m_window;
    Document& m_document;
    Settings& m_settings;
    WeightsDownloader m_downloader;
    QAction* m_download = nullptr;
    QAction* m_locate = nullptr;
    QAction* m_cancel = nullptr;
};

}  // namespace hrstyle
