#include "WeightsDownloader.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QThread>

#include "hrstyle/AtomicFile.h"

namespace hrstyle {

namespace {

constexpr qint64 kProgressIntervalMsecs = 100;
constexpr int kMaxRedirects = 10;  // the hub answers with one redirect to its CDN

struct ContentRange {
    bool valid = false;
    qint64 first = -1;  // -1 for "bytes */total" (the form of a 416 answer)
    qint64 total = -1;  // -1 for "/*"
};

// "bytes 100-199/1000", "bytes 100-199/*" or "bytes */1000" (RFC 9110 §14.4).
ContentRange parseContentRange(const QByteArray& value) {
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*bytes\s+(?:(\d+)-\d+|\*)/(\d+|\*)\s*$)"));
    const QRegularExpressionMatch match = pattern.match(QString::fromLatin1(value));
    ContentRange range;
    if (!match.hasMatch()) return range;
    range.valid = true;
    if (match.capturedLength(1) > 0) range.first = match.captured(1).toLongLong();
    if (match.captured(2) != QLatin1String("*")) range.total = match.captured(2).toLongLong();
    return range;
}

QByteArray readValidator(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.read(1024).trimmed();
}

// If-Range only accepts a strong ETag or a Last-Modified date (RFC 9110 §13.1.5); weak ETags are skipped.
void saveValidator(const QString& path, const QNetworkReply& reply) {
    QByteArray validator = reply.rawHeader("ETag").trimmed();
    if (validator.startsWith("W/")) validator.clear();
    if (validator.isEmpty()) validator = reply.rawHeader("Last-Modified").trimmed();
    if (validator.isEmpty()) {
        QFile::remove(path);
        return;
    }
    // Core's writer, as for every file HRStyle writes (not QSaveFile: see writeFileAtomically in
    // app/presets/PresetFolder.h). Best effort: without the file a resume is merely not protected by If-Range.
    static_cast<void>(writeFileAtomically(QFile::encodeName(path).toStdString(), validator.constData(),
                                          std::size_t(validator.size())));
}

}  // namespace

WeightsDownloader::WeightsDownloader(QObject* parent) : QObject(parent), m_network(new QNetworkAccessManager(this)) {}

WeightsDownloader::~WeightsDownloader() {
    abortReply();
    closePartFile();
    if (m_installThread) m_installThread->wait();
}

void WeightsDownloader::setVerifier(WeightsVerifier verifier) { m_verifier = std::move(verifier); }
void WeightsDownloader::setKeepOnlyLossLayers(bool keepOnlyLossLayers) { m_keepOnlyLossLayers = keepOnlyLossLayers; }
void WeightsDownloader::setTransferTimeout(int msecs) { m_transferTimeoutMsecs = msecs; }

QString WeightsDownloader::partialPath(const QString& destination) { return destination + QStringLiteral(".part"); }

QString WeightsDownloader::validatorPath(const QString& destination) {
    return destination + QStringLiteral(".part.validator");
}

bool WeightsDownloader::removePartialDownload(const QString& destination) {
    QFile::remove(validatorPath(destination));
    const QString part = partialPath(destination);
    return !QFile::exists(part) || QFile::remove(part);
}

bool WeightsDownloader::start(const QUrl& url, const QString& destination, const QString& sha256Hex) {
    if (m_state != State::Idle) return false;
    m_state = State::Downloading;
    m_url = url;
    m_destination = QFileInfo(destination).absoluteFilePath();
    m_sha256Hex = sha256Hex;
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        failLater(QStringLiteral("not an http(s) URL: %1").arg(url.toDisplayString()));
        return true;
    }
    if (!QDir().mkpath(QFileInfo(m_destination).absolutePath())) {
        failLater(QStringLiteral("cannot create the folder of %1").arg(m_destination));
        return true;
    }
    sendRequest();
    return true;
}

void WeightsDownloader::sendRequest() {
    m_requestedOffset = QFileInfo(partialPath(m_destination)).size();  // 0 when there is no partial file
    m_received = m_requestedOffset;
    m_expectedTotal = -1;
    m_responseAccepted = false;
    m_rangeNotSatisfiable = false;
    m_refusal.clear();

    QNetworkRequest request(m_url);
    // The hub redirects to its CDN; never follow https -> http.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(kMaxRedirects);
    request.setTransferTimeout(m_transferTimeoutMsecs);
    // A compressed transfer would make byte ranges count compressed bytes: ask for the file as stored.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("HRStyle/" HRSTYLE_VERSION));
    if (m_requestedOffset > 0) {
        request.setRawHeader("Range", "bytes=" + QByteArray::number(m_requestedOffset) + "-");
        const QByteArray validator = readValidator(validatorPath(m_destination));
        if (!validator.isEmpty()) request.setRawHeader("If-Range", validator);
    }

    m_clock.start();
    m_lastProgressMsecs = -1;
    m_rate.reset(m_received, 0);
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &WeightsDownloader::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &WeightsDownloader::onReplyFinished);
}

void WeightsDownloader::onReadyRead() {
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300 && status < 400) {  // the body of a redirect being followed: not ours
        m_reply->readAll();
        return;
    }
    if (!m_refusal.isEmpty()) {  // an error page being received: wait for finished()
        m_reply->readAll();
        return;
    }
    if (!m_responseAccepted) {
        const QString refusal = acceptResponse();
        if (!refusal.isEmpty()) return refuseResponse(refusal);
    }
    const QString writeError = writeAvailableData();
    if (!writeError.isEmpty()) return fail(writeError);
    emitProgress(false);
}

// Qt reports an HTTP error status (>= 400) itself, after the first readyRead, and then finishes the reply;
// aborting such a reply makes Qt warn "this method must only be called once", so its (small) error page is
// drained until finished(). A body refused for our own reasons (e.g. a range at the wrong place, possibly
// hundreds of MB) is aborted at once.
void WeightsDownloader::refuseResponse(const QString& reason) {
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 400) return fail(reason);
    m_refusal = reason;
    m_reply->readAll();
}

// Decides, once per response, where its body goes: appended (206), from zero (200), nowhere (error).
QString WeightsDownloader::acceptResponse() {
    m_responseAccepted = true;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 206) return acceptPartialContent();
    if (status == 200) return acceptFullContent();
    if (status == 416 && m_requestedOffset > 0) {
        m_rangeNotSatisfiable = true;
        return {};
    }
    const QString phrase = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    return QStringLiteral("the server answered HTTP %1%2 for %3")
        .arg(status)
        .arg(phrase.isEmpty() ? QString() : QLatin1Char(' ') + phrase, m_url.toDisplayString());
}

QString WeightsDownloader::acceptPartialContent() {
    const QByteArray header = m_reply->rawHeader("Content-Range");
    const ContentRange range = parseContentRange(header);
    if (m_requestedOffset == 0 || !range.valid || range.first != m_requestedOffset) {
        // Bytes from another offset cannot be appended; the partial file is of no further use.
        removePartialDownload(m_destination);
        return QStringLiteral(
                   "the server resumed at the wrong place (Content-Range: %1, asked for bytes %2-); "
                   "the partial download was discarded, start again")
            .arg(QString::fromLatin1(header))
            .arg(m_requestedOffset);
    }
    m_expectedTotal = range.total;
    m_partFile.setFileName(partialPath(m_destination));
    if (!m_partFile.open(QIODevice::WriteOnly | QIODevice::Append)) {
        return QStringLiteral("cannot write %1: %2").arg(m_partFile.fileName(), m_partFile.errorString());
    }
    Q_EMIT resumed(m_requestedOffset);
    return {};
}

// A 200 answer to a Range request means the server ignores ranges, or the file changed (If-Range):
// either way the whole file follows, so the partial file restarts from zero.
QString WeightsDownloader::acceptFullContent() {
    m_requestedOffset = 0;
    m_received = 0;
    m_rate.reset(0, m_clock.elapsed());
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    m_expectedTotal = length.isValid() ? length.toLongLong() : -1;
    m_partFile.setFileName(partialPath(m_destination));
    if (!m_partFile.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return QStringLiteral("cannot write %1: %2").arg(m_partFile.fileName(), m_partFile.errorString());
    }
    saveValidator(validatorPath(m_destination), *m_reply);
    return {};
}

QString WeightsDownloader::writeAvailableData() {
    const QByteArray chunk = m_reply->readAll();
    if (!m_partFile.isOpen() || chunk.isEmpty()) return {};  // e.g. the body of a 416 answer
    if (m_partFile.write(chunk) != chunk.size()) {
        return QStringLiteral("cannot write %1: %2").arg(m_partFile.fileName(), m_partFile.errorString());
    }
    m_received += chunk.size();
    return {};
}

void WeightsDownloader::onReplyFinished() {
    const QNetworkReply::NetworkError error = m_reply->error();
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (error == QNetworkReply::InsecureRedirectError || error == QNetworkReply::TooManyRedirectsError) {
        return fail(QStringLiteral("redirect refused: %1").arg(m_reply->errorString()));
    }
    if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
        // Our own aborts disconnect first, so this is the transfer timeout.
        return fail(interruptedReason(
            QStringLiteral("no data from the server for %1").arg(formatDuration(m_transferTimeoutMsecs / 1000.0))));
    }
    if (status == 0) return fail(interruptedReason(m_reply->errorString()));  // no HTTP answer at all
    if (!m_refusal.isEmpty()) return fail(m_refusal);
    if (!m_responseAccepted) {
        const QString refused = acceptResponse();
        if (!refused.isEmpty()) return fail(refused);
    }
    const QString writeError = writeAvailableData();
    if (!writeError.isEmpty()) return fail(writeError);
    if (m_rangeNotSatisfiable) return handleRangeNotSatisfiable();
    if (error != QNetworkReply::NoError) return fail(interruptedReason(m_reply->errorString()));
    completeTransfer();
}

// 416 to "Range: bytes=N-": fine when N is the whole file (a complete partial file, e.g. the app quit while
// verifying); otherwise the partial file does not belong to this remote file.
void WeightsDownloader::handleRangeNotSatisfiable() {
    const ContentRange range = parseContentRange(m_reply->rawHeader("Content-Range"));
    if (range.valid && range.total == m_requestedOffset) {
        m_expectedTotal = range.total;
        return completeTransfer();
    }
    removePartialDownload(m_destination);
    fail(
        QStringLiteral("the server cannot resume this download (HTTP 416); the partial download was discarded, "
                       "start again"));
}

void WeightsDownloader::completeTransfer() {
    abortReply();
    closePartFile();
    const QString part = partialPath(m_destination);
    m_received = QFileInfo(part).size();
    if (m_expectedTotal >= 0 && m_received < m_expectedTotal) {
        return fail(interruptedReason(QStringLiteral("connection closed at %1 of %2")
                                          .arg(formatBytes(m_received), formatBytes(m_expectedTotal))));
    }
    if (m_expectedTotal >= 0 && m_received > m_expectedTotal) {
        removePartialDownload(m_destination);
        return fail(QStringLiteral("received %1 bytes, the server announced %2; the download was discarded")
                        .arg(m_received)
                        .arg(m_expectedTotal));
    }
    emitProgress(true);
    startInstall();
}

void WeightsDownloader::startInstall() {
    m_state = State::Installing;
    Q_EMIT verifying();
    const WeightsInstallRequest request{partialPath(m_destination), m_destination, m_sha256Hex, m_verifier,
                                        m_keepOnlyLossLayers};
    m_installThread.reset(QThread::create([this, request] {
        const QString error = installDownloadedWeights(request);
        // Queued to this object's thread; dropped by Qt if this object is destroyed first.
        QMetaObject::invokeMethod(
            this, [this, error] { onInstallDone(error); }, Qt::QueuedConnection);
    }));
    m_installThread->start();
}

void WeightsDownloader::onInstallDone(const QString& error) {
    m_installThread->wait();
    m_installThread.reset();
    if (!QFile::exists(partialPath(m_destination))) QFile::remove(validatorPath(m_destination));
    m_state = State::Idle;
    if (error.isEmpty()) {
        Q_EMIT finished(m_destination);
    } else {
        Q_EMIT failed(error);
    }
}

void WeightsDownloader::emitProgress(bool force) {
    const qint64 now = m_clock.elapsed();
    m_rate.addSample(m_received, now);
    if (!force && m_lastProgressMsecs >= 0 && now - m_lastProgressMsecs < kProgressIntervalMsecs) return;
    m_lastProgressMsecs = now;
    const double speed = m_rate.bytesPerSecond();
    Q_EMIT progress(m_received, m_expectedTotal, speed, secondsLeft(m_received, m_expectedTotal, speed));
}

void WeightsDownloader::cancel() {
    if (m_state != State::Downloading || !m_reply) return;
    abortReply();
    closePartFile();
    m_state = State::Idle;
    Q_EMIT cancelled();
}

void WeightsDownloader::abortReply() {
    if (!m_reply) return;
    disconnect(m_reply, nullptr, this, nullptr);  // abort() emits finished(): not an outcome of ours
    if (!m_reply->isFinished()) m_reply->abort();
    m_reply->deleteLater();
    m_reply = nullptr;
}

void WeightsDownloader::closePartFile() {
    if (!m_partFile.isOpen()) return;
    m_partFile.flush();
    m_partFile.close();
}

void WeightsDownloader::fail(const QString& reason) {
    abortReply();
    closePartFile();
    m_state = State::Idle;
    Q_EMIT failed(reason);
}

void WeightsDownloader::failLater(const QString& reason) {
    QMetaObject::invokeMethod(
        this, [this, reason] { fail(reason); }, Qt::QueuedConnection);
}

// The partial file is kept: say how much, and that running again resumes.
QString WeightsDownloader::interruptedReason(const QString& what) const {
    if (m_received > 0) {
        return QStringLiteral("download interrupted (%1) with %2 received; run it again to resume")
            .arg(what, formatBytes(m_received));
    }
    return QStringLiteral("download failed: %1").arg(what);
}

}  // namespace hrstyle
