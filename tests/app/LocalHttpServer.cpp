#include "LocalHttpServer.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>
#include <memory>

namespace hrstyle::test {

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

void writeHead(QTcpSocket* socket, int status, const QByteArray& reason, const Headers& headers) {
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const auto& header : headers) head += header.first + ": " + header.second + "\r\n";
    head += "Connection: close\r\n\r\n";
    socket->write(head);
}

void sendSimple(QTcpSocket* socket, int status, const QByteArray& reason, const QByteArray& body,
                Headers headers = {}) {
    headers.append({"Content-Length", QByteArray::number(body.size())});
    writeHead(socket, status, reason, headers);
    socket->write(body);
    socket->disconnectFromHost();  // after the buffered bytes are written
}

LocalHttpServer::Request parseRequest(const QByteArray& head) {
    LocalHttpServer::Request request;
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0) continue;
        request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    return request;
}

}  // namespace

LocalHttpServer::LocalHttpServer(QObject* parent) : QObject(parent), m_server(new QTcpServer(this)) {
    connect(m_server, &QTcpServer::newConnection, this, &LocalHttpServer::onNewConnection);
}

bool LocalHttpServer::listen() { return m_server->listen(QHostAddress::LocalHost, 0); }

QUrl LocalHttpServer::url(const QString& path) const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->serverPort()).arg(path));
}

void LocalHttpServer::setSlowChunk(int bytes, int intervalMsecs) {
    m_slowChunk = bytes;
    m_slowIntervalMsecs = intervalMsecs;
}

void LocalHttpServer::onNewConnection() {
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_pendingRequests.remove(socket);
            socket->deleteLater();
        });
    }
}

void LocalHttpServer::onReadable(QTcpSocket* socket) {
    QByteArray& buffer = m_pendingRequests[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;  // the request head is not complete yet
    const Request request = parseRequest(buffer.left(end));
    buffer.clear();
    m_requests.append(request);
    respond(socket, request);
}

void LocalHttpServer::respond(QTcpSocket* socket, const Request& request) {
    if (request.path.startsWith("/redirect/")) {
        return sendSimple(socket, 302, "Found", {}, {{"Location", request.path.mid(int(qstrlen("/redirect")))}});
    }
    switch (m_mode) {
    case Mode::NotFound: return sendSimple(socket, 404, "Not Found", "no such file\n");
    case Mode::ServerError: return sendSimple(socket, 500, "Internal Server Error", "something broke\n");
    default: return respondWithFile(socket, request);
    }
}

// -1 when the whole file is to be sent: no Range, ranges ignored, or an If-Range that no longer matches.
qint64 LocalHttpServer::requestedRangeStart(const Request& request) const {
    if (m_mode == Mode::IgnoreRange) return -1;
    const QByteArray range = request.headers.value("range");
    if (!range.startsWith("bytes=") || !range.endsWith('-')) return -1;
    const QByteArray ifRange = request.headers.value("if-range");
    if (!ifRange.isEmpty() && ifRange != m_etag) return -1;
    return range.mid(6, range.size() - 7).toLongLong();
}

void LocalHttpServer::respondWithFile(QTcpSocket* socket, const Request& request) {
    const qint64 start = requestedRangeStart(request);
    const qint64 size = m_payload.size();
    if (start >= size) {
        return sendSimple(socket, 416, "Range Not Satisfiable", {},
                          {{"Content-Range", "bytes */" + QByteArray::number(size)}});
    }
    Headers headers{{"Content-Type", "application/octet-stream"},
                    {"Accept-Ranges", m_mode == Mode::IgnoreRange ? "none" : "bytes"}};
    if (!m_etag.isEmpty()) headers.append({"ETag", m_etag});
    const QByteArray body = start >= 0 ? m_payload.mid(start) : m_payload;
    headers.append({"Content-Length", QByteArray::number(body.size())});
    if (start >= 0) {
        headers.append({"Content-Range", "bytes " + QByteArray::number(start) + '-' + QByteArray::number(size - 1) +
                                             '/' + QByteArray::number(size)});
        writeHead(socket, 206, "Partial Content", headers);
    } else {
        writeHead(socket, 200, "OK", headers);
    }
    sendBody(socket, body);
}

void LocalHttpServer::sendBody(QTcpSocket* socket, const QByteArray& body) {
    if (m_mode == Mode::DropAfterBytes) {
        socket->write(body.left(m_dropAfter));
        socket->disconnectFromHost();  // fewer bytes than Content-Length: the client sees a dropped connection
        return;
    }
    if (m_mode != Mode::Slow) {
        socket->write(body);
        socket->disconnectFromHost();
        return;
    }
    auto* timer = new QTimer(socket);  // dies with the socket when the client goes away
    auto sent = std::make_shared<qint64>(0);
    connect(timer, &QTimer::timeout, socket, [socket, timer, body, sent, chunk = m_slowChunk] {
        socket->write(body.mid(*sent, chunk));
        *sent += chunk;
        if (*sent >= body.size()) {
            timer->stop();
            socket->disconnectFromHost();
        }
    });
    timer->start(m_slowIntervalMsecs);
}

}  // namespace hrstyle::test
