#pragma once
// Downloads the VGG19 weights file with progress, cancel and resume, and installs it only once
// it is complete and verified (WeightsInstaller).
//
// Files, for a destination D:
//   D.part            the bytes received so far; kept on cancel, on HTTP errors and on dropped connections,
//                     so that the next start() (in this run or after a restart) resumes with "Range: bytes=N-";
//                     removed when the complete file is refused (bad hash or wrong tensors) or installed.
//   D.part.validator  the server's ETag / Last-Modified for D.part, sent back as If-Range so that a file
//                     changed on the server restarts from zero instead of being stitched to the old bytes.
//   D                 replaced in one step only after verification; never a half file.
//
// Thread affinity: lives on the thread that created it (normally the GUI thread); signals come from there.
// Verification and installing run on a short-lived worker thread so the window never freezes while
// 575 MB are hashed. Every outcome (finished / failed / cancelled) is emitted asynchronously, never from
// inside start(), so a caller may start a local event loop right after start().
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QString>
#include <QUrl>
#include <memory>

#include "TransferProgress.h"
#include "WeightsInstaller.h"

class QNetworkAccessManager;
class QNetworkReply;
class QThread;

namespace hrstyle {

class WeightsDownloader : public QObject {
    Q_OBJECT

public:
    explicit WeightsDownloader(QObject* parent = nullptr);
    ~WeightsDownloader() override;  // aborts a transfer; waits for a running verification to end

    // Defaults: verifyVggFile, keep only the loss layers, 60 s without data = failure.
    void setVerifier(WeightsVerifier verifier);  // called on a worker thread: must be thread-safe
    void setKeepOnlyLossLayers(bool keepOnlyLossLayers);
    void setTransferTimeout(int msecs);

    bool isRunning() const { return m_state != State::Idle; }

    // Starts (or resumes) fetching `url` (http or https) into `destination`. `sha256Hex`, when not empty,
    // is the SHA-256 of the downloaded file. Returns false (and emits nothing) when already running;
    // otherwise exactly one of finished / failed / cancelled follows.
    bool start(const QUrl& url, const QString& destination, const QString& sha256Hex = {});

    static QString partialPath(const QString& destination);    // destination + ".part"
    static QString validatorPath(const QString& destination);  // destination + ".part.validator"
    // Deletes the partial download (for a "discard" action); false when a file existed and could not go.
    static bool removePartialDownload(const QString& destination);

public Q_SLOTS:
    // Stops the transfer and keeps D.part for resuming; emits cancelled(). Once the transfer is complete
    // (verifying), cancel() is ignored: verification is short and its outcome is reported.
    void cancel();

Q_SIGNALS:
    // At most ~10 times a second, and once when the transfer completes. Bytes count the whole file
    // (resumed bytes included); bytesTotal is -1 when the server does not say, secondsLeft -1 when unknown.
    void progress(qint64 bytesReceived, qint64 bytesTotal, double bytesPerSecond, double secondsLeft);
    void resumed(qint64 offset);  // the server accepted the Range request: continuing after `offset` bytes
    void verifying();             // the transfer is complete; hashing / checking / installing
    void finished(const QString& destination);
    void failed(const QString& reason);  // one line a user can act on
    void cancelled();

private:
    enum class State { Idle, Downloading, Installing };

    void sendRequest();
    void onReadyRead();
    void onReplyFinished();
    QString acceptResponse();
    void refuseResponse(const QString& reason);
    QString acceptPartialContent();
    QString acceptFullContent();
    QString writeAvailableData();
    void handleRangeNotSatisfiable();
    void completeTransfer();
    void startInstall();
    void onInstallDone(const QString& error);
    void emitProgress(bool force);
    void abortReply();
    void closePartFile();
    void fail(const QString& reason);
    void failLater(const QString& reason);
    QString interruptedReason(const QString& what) const;

    QNetworkAccessManager* m_network = nullptr;  // child
    QNetworkReply* m_reply = nullptr;            // owned while a transfer runs; deleteLater'd after
    std::unique_ptr<QThread> m_installThread;
    WeightsVerifier m_verifier;
    bool m_keepOnlyLossLayers = true;
    int m_transferTimeoutMsecs = 60000;

    State m_state = State::Idle;
    QUrl m_url;
    QString m_destination;
    QString m_sha256Hex;
    QFile m_partFile;
    qint64 m_requestedOffset = 0;  // size of D.part when the request was sent (the Range start)
    qint64 m_received = 0;         // bytes of the whole file now in D.part (resumed bytes included)
    qint64 m_expectedTotal = -1;   // full file size announced by the server, -1 if unknown
    bool m_responseAccepted = false;
    bool m_rangeNotSatisfiable = false;
    QString m_refusal;  // why the current response is refused, while Qt finishes receiving an error page

    QElapsedTimer m_clock;
    qint64 m_lastProgressMsecs = -1;
    TransferRateMeter m_rate;
};

}  // namespace hrstyle
