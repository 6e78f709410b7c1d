#pragma once
// A tiny HTTP/1.1 file server on 127.0.0.1 (random port) for the download tests: one payload, byte ranges,
// ETag / If-Range, a redirect, and the failures a real network has (404, 500, a dropped connection, a slow
// link, a server that ignores Range). Lives on the test's thread; serves while the test waits in an event loop.
// Tests never reach the internet: every URL they use comes from url().
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace hrstyle::test {

class LocalHttpServer : public QObject {
    Q_OBJECT

public:
    enum class Mode {
        Normal,          // 200, or 206 for "Range: bytes=N-" (416 when N >= size)
        IgnoreRange,     // always 200 with the whole payload, Accept-Ranges: none
        NotFound,        // 404
        ServerError,     // 500
        DropAfterBytes,  // announces the full length, sends dropAfter() body bytes, closes the connection
        Slow,            // sends slowChunk() bytes every slowInterval() ms
    };

    struct Request {
        QByteArray method;
        QByteArray path;
        QMap<QByteArray, QByteArray> headers;  // names in lower case
    };

    explicit LocalHttpServer(QObject* parent = nullptr);

    bool listen();
    // "/redirect/<name>" answers 302 to "/<name>", like the hub's redirect to its CDN.
    QUrl url(const QString& path = QStringLiteral("/model.safetensors")) const;

    void setPayload(const QByteArray& payload) { m_payload = payload; }
    void setEtag(const QByteArray& etag) { m_etag = etag; }  // quoted, e.g. "\"v1\""; empty = none
    void setMode(Mode mode) { m_mode = mode; }
    void setDropAfter(qint64 bytes) { m_dropAfter = bytes; }
    void setSlowChunk(int bytes, int intervalMsecs);

    const QList<Request>& requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }

private:
    void onNewConnection();
    void onReadable(QTcpSocket* socket);
    void respond(QTcpSocket* socket, const Request& request);
    void respondWithFile(QTcpSocket* socket, const Request& request);
    qint64 requestedRangeStart(const Request& request) const;
    void sendBody(QTcpSocket* socket, const QByteArray& body);

    // A child, not a member: ~QObject drops this object's connections before deleting children, so a
    // socket closing during destruction cannot call back into a half-destroyed server.
    QTcpServer* m_server;
    QHash<QTcpSocket*, QByteArray> m_pendingRequests;
    QList<Request> m_requests;
    QByteArray m_payload;
    QByteArray m_etag;
    Mode m_mode = Mode::Normal;
    qint64 m_dropAfter = 0;
    int m_slowChunk = 4096;
    int m_slowIntervalMsecs = 20;
};

}  // namespace hrstyle::test
