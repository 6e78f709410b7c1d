// Downloads against LocalHttpServer on 127.0.0.1 (never the internet): complete, resumed, restarted,
// refused, failed and cancelled transfers, and what each leaves on disk.
// HTTP mechanics use a 300 kB random payload and a verifier that compares bytes (exact resume offsets show);
// the real VGG verifier runs on a ~26 MB VGG-layout file in one test and on small wrong files in another.
#include <QCryptographicHash>
#include <QNetworkProxy>
#include <QtTest>

#include "LocalHttpServer.h"
#include "VggTestFiles.h"
#include "VggWeightsFile.h"
#include "WeightsDownloader.h"
#include "hrstyle/SafeTensors.h"

using namespace hrstyle;
using test::LocalHttpServer;

namespace {

constexpr int kPayloadSize = 300 * 1000;
constexpr int kOutcomeTimeoutMsecs = 30000;

QByteArray makePayload(int size, quint32 seed) {
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    for (char& byte : bytes) byte = char(generator.bounded(256));
    return bytes;
}

WeightsVerifier contentEquals(const QByteArray& expected) {
    return [expected](const QString& path) {
        return test::readFileBytes(path) == expected ? QString()
                                                     : QStringLiteral("content differs from the served file");
    };
}

// Everything a downloader says, and a wait for its single outcome.
struct DownloadRecorder {
    explicit DownloadRecorder(WeightsDownloader& downloader) {
        QObject::connect(&downloader, &WeightsDownloader::progress, &downloader,
                         [this](qint64 received, qint64 total, double, double) {
                             lastReceived = received;
                             lastTotal = total;
                         });
        QObject::connect(&downloader, &WeightsDownloader::resumed, &downloader,
                         [this](qint64 offset) { resumedOffsets.append(offset); });
        QObject::connect(&downloader, &WeightsDownloader::verifying, &downloader, [this] { verifyingSeen = true; });
        QObject::connect(&downloader, &WeightsDownloader::finished, &downloader,
                         [this](const QString& path) { record("finished", path); });
        QObject::connect(&downloader, &WeightsDownloader::failed, &downloader,
                         [this](const QString& reason) { record("failed", reason); });
        QObject::connect(&downloader, &WeightsDownloader::cancelled, &downloader, [this] { record("cancelled", {}); });
    }
    void record(const QString& kind, const QString& text) {
        outcome = kind;
        detail = text;
        ++outcomes;
    }
    bool waitForOutcome() {
        QDeadlineTimer deadline(kOutcomeTimeoutMsecs);
        while (outcome.isEmpty() && !deadline.hasExpired()) QTest::qWait(5);
        return !outcome.isEmpty();
    }
    QString outcome;  // "finished", "failed" or "cancelled"
    QString detail;   // the installed path or the reason
    int outcomes = 0;
    bool verifyingSeen = false;
    QList<qint64> resumedOffsets;
    qint64 lastReceived = -1;
    qint64 lastTotal = -2;
};

}  // namespace

class TstWeightsDownloader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);  // 127.0.0.1 directly, whatever http_proxy says
        m_payload = makePayload(kPayloadSize, 1);
    }

    void init() {
        m_dir.reset(new QTemporaryDir);
        QVERIFY(m_dir->isValid());
        m_destination = m_dir->filePath("vgg19.safetensors");
        m_part = WeightsDownloader::partialPath(m_destination);
        m_server.reset(new LocalHttpServer);
        QVERIFY(m_server->listen());
        m_server->setPayload(m_payload);
    }

    void completeDownload() {
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder recorder(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(recorder.outcome.isEmpty());  // outcomes are never emitted from inside start()
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString("finished"));
        QCOMPARE(recorder.detail, m_destination);
        QCOMPARE(test::readFileBytes(m_destination), m_payload);
        QVERIFY(!QFile::exists(m_part));
        QVERIFY(recorder.verifyingSeen);
        QCOMPARE(recorder.lastReceived, qint64(kPayloadSize));
        QCOMPARE(recorder.lastTotal, qint64(kPayloadSize));
        QCOMPARE(m_server->requests().size(), 1);
        QVERIFY(!m_server->requests().constFirst().headers.contains("range"));
    }

    // The defaults end to end: verifyVggFile, then only the loss layers are installed.
    void vggFileIsVerifiedAndSlimmed() {
        const QString served = m_dir->filePath("served.safetensors");
        QVERIFY(test::writeVggLayoutFile(served));
        m_server->setPayload(test::readFileBytes(served));
        WeightsDownloader downloader;
        DownloadRecorder recorder(downloader);
        QVERIFY(downloader.start(m_server->url(), m_destination));
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString("finished"));
        QCOMPARE(verifyVggFile(m_destination), QString());
        Result<SafeTensorsReader> installed = SafeTensorsReader::open(QFile::encodeName(m_destination).toStdString());
        QVERIFY(installed.ok());
        QCOMPARE(installed->tensors().size(), std::size_t(26));
        QVERIFY(!QFile::exists(m_part));
    }

    void droppedConnectionThenResumesFromTheRightByte() {
        m_server->setMode(LocalHttpServer::Mode::DropAfterBytes);
        m_server->setDropAfter(100000);
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder first(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(first.waitForOutcome());
        QCOMPARE(first.outcome, QString("failed"));
        QVERIFY2(first.detail.contains("run it again to resume"), qPrintable(first.detail));
        QCOMPARE(test::readFileBytes(m_part), m_payload.left(100000));
        QVERIFY(!QFile::exists(m_destination));

        DownloadRecorder second(*downloader);  // the same downloader, as after "Retry" in the window
        m_server->setMode(LocalHttpServer::Mode::Normal);
        m_server->clearRequests();
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(second.waitForOutcome());
        QCOMPARE(second.outcome, QString("finished"));
        QCOMPARE(m_server->requests().constFirst().headers.value("range"), QByteArray("bytes=100000-"));
        QCOMPARE(second.resumedOffsets, QList<qint64>{100000});
        QCOMPARE(test::readFileBytes(m_destination), m_payload);
    }

    // After a restart: a new downloader finds the partial file; the hub's redirect keeps the Range header.
    void resumesAfterRestartThroughARedirect() {
        QVERIFY(test::writeFileBytes(m_part, m_payload.left(123456)));
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder recorder(*downloader);
        QVERIFY(downloader->start(m_server->url("/redirect/model.safetensors"), m_destination));
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString("finished"));
        const QList<LocalHttpServer::Request> requests = m_server->requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests[0].path, QByteArray("/redirect/model.safetensors"));
        QCOMPARE(requests[1].path, QByteArray("/model.safetensors"));
        QCOMPARE(requests[1].headers.value("range"), QByteArray("bytes=123456-"));
        QCOMPARE(test::readFileBytes(m_destination), m_payload);
    }

    void serverWithoutRangeSupportRestartsFromZero() {
        m_server->setMode(LocalHttpServer::Mode::IgnoreRange);
        QVERIFY(test::writeFileBytes(m_part, QByteArray(5000, 'x')));  // had it been kept, the content would differ
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder recorder(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString("finished"));
        QCOMPARE(m_server->requests().constFirst().headers.value("range"), QByteArray("bytes=5000-"));
        QVERIFY(recorder.resumedOffsets.isEmpty());
        QCOMPARE(test::readFileBytes(m_destination), m_payload);
    }

    void httpErrorKeepsThePartialFile_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("withPartial");
        QTest::addColumn<QString>("reasonContains");
        QTest::newRow("404") << int(LocalHttpServer::Mode::NotFound) << false << "HTTP 404 Not Found";
        QTest::newRow("500") << int(LocalHttpServer::Mode::ServerError) << false << "HTTP 500 Internal Server Error";
        QTest::newRow("404 while resuming") << int(LocalHttpServer::Mode::NotFound) << true << "HTTP 404";
        QTest::newRow("500 while resuming") << int(LocalHttpServer::Mode::ServerError) << true << "HTTP 500";
    }
    void httpErrorKeepsThePartialFile() {
        QFETCH(int, mode);
        QFETCH(bool, withPartial);
        QFETCH(QString, reasonContains);
        m_server->setMode(LocalHttpServer::Mode(mode));
        if (withPartial) QVERIFY(test::writeFileBytes(m_part, m_payload.left(1000)));
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder recorder(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString("failed"));
        QVERIFY2(recorder.detail.contains(reasonContains), qPrintable(recorder.detail));
        QVERIFY(recorder.detail.contains(m_server->url().toString()));
        QCOMPARE(QFile::exists(m_part), withPartial);  // an error page is never written into the partial file
        if (withPartial) QCOMPARE(test::readFileBytes(m_part), m_payload.left(1000));
        QVERIFY(!QFile::exists(m_destination));
    }

    // The real verifier: a wrong file installs nothing, leaves no partial file, keeps the previous weights.
    void wrongContentIsRefused_data() {
        QTest::addColumn<QByteArray>("served");
        QTest::addColumn<QString>("reasonContains");
        const QString wrongShape = QDir::temp().filePath("hrstyle-tst-wrong-shape.safetensors");
        QVERIFY(test::writeWrongShapeVggFile(wrongShape));
        QTest::newRow("an html page") << QByteArray("<!doctype html><html>Sign in to continue</html>") << "";
        QTest::newRow("wrong tensor shape") << test::readFileBytes(wrongShape) << test::kWrongShapeReason;
        QFile::remove(wrongShape);
    }
    void wrongContentIsRefused() {
        QFETCH(QByteArray, served);
        QFETCH(QString, reasonContains);
        m_server->setPayload(served);
        QVERIFY(test::writeFileBytes(m_destination, "previous good weights"));
        WeightsDownloader downloader;
        DownloadRecorder recorder(downloader);
        QVERIFY(downloader.start(m_server->url(), m_destination));
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString("failed"));
        QVERIFY2(recorder.detail.contains("refused, nothing installed") && recorder.detail.contains(reasonContains),
                 qPrintable(recorder.detail));
        QCOMPARE(test::readFileBytes(m_destination), QByteArray("previous good weights"));
        QVERIFY(!QFile::exists(m_part));
        QVERIFY(!QFile::exists(WeightsDownloader::validatorPath(m_destination)));
    }

    void sha256IsChecked_data() {
        QTest::addColumn<bool>("rightHash");
        QTest::newRow("matching") << true;
        QTest::newRow("mismatching") << false;
    }
    void sha256IsChecked() {
        QFETCH(bool, rightHash);
        const QString hash =
            rightHash ? QString::fromLatin1(QCryptographicHash::hash(m_payload, QCryptographicHash::Sha256).toHex())
                      : QString(64, QLatin1Char('a'));
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder recorder(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination, hash));
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString(rightHash ? "finished" : "failed"));
        QCOMPARE(QFile::exists(m_destination), rightHash);
        QVERIFY(!QFile::exists(m_part));
        if (!rightHash) QVERIFY(recorder.detail.contains("SHA-256 mismatch"));
    }

    void cancelKeepsThePartialFileForResume() {
        m_server->setMode(LocalHttpServer::Mode::Slow);
        m_server->setSlowChunk(4096, 20);
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder recorder(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(!downloader->start(m_server->url(), m_destination));  // one download at a time
        QTRY_VERIFY_WITH_TIMEOUT(recorder.lastReceived >= 3 * 4096, 10000);
        downloader->cancel();
        QCOMPARE(recorder.outcome, QString("cancelled"));
        QVERIFY(!downloader->isRunning());
        QTest::qWait(200);
        QCOMPARE(recorder.outcomes, 1);  // nothing follows a cancel
        const qint64 kept = QFileInfo(m_part).size();
        QVERIFY2(kept >= 3 * 4096 && kept < kPayloadSize, qPrintable(QString::number(kept)));
        QCOMPARE(test::readFileBytes(m_part), m_payload.left(kept));
        QVERIFY(!QFile::exists(m_destination));

        m_server->setMode(LocalHttpServer::Mode::Normal);
        m_server->clearRequests();
        DownloadRecorder resumed(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(resumed.waitForOutcome());
        QCOMPARE(resumed.outcome, QString("finished"));
        QCOMPARE(m_server->requests().constFirst().headers.value("range"), "bytes=" + QByteArray::number(kept) + "-");
        QCOMPARE(test::readFileBytes(m_destination), m_payload);
    }

    // The app quit while verifying: the server answers 416 for "bytes=<size>-" and the file is installed.
    void completePartialFileIsInstalledWithoutDownloadingAgain() {
        QVERIFY(test::writeFileBytes(m_part, m_payload));
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder recorder(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString("finished"));
        QCOMPARE(m_server->requests().constFirst().headers.value("range"),
                 "bytes=" + QByteArray::number(kPayloadSize) + "-");
        QCOMPARE(test::readFileBytes(m_destination), m_payload);
    }

    void partialFileLongerThanTheRemoteFileIsDiscarded() {
        QVERIFY(test::writeFileBytes(m_part, m_payload + "trailing junk"));
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder recorder(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString("failed"));
        QVERIFY2(recorder.detail.contains("HTTP 416"), qPrintable(recorder.detail));
        QVERIFY(!QFile::exists(m_part));
        QVERIFY(!QFile::exists(m_destination));
    }

    // If-Range: bytes of an older version of the file are never stitched to the new one.
    void changedRemoteFileRestartsFromZero() {
        m_server->setEtag("\"v1\"");
        m_server->setMode(LocalHttpServer::Mode::DropAfterBytes);
        m_server->setDropAfter(50000);
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder first(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(first.waitForOutcome());
        QCOMPARE(first.outcome, QString("failed"));
        QCOMPARE(test::readFileBytes(WeightsDownloader::validatorPath(m_destination)), QByteArray("\"v1\""));

        const QByteArray changed = makePayload(kPayloadSize, 2);
        m_server->setPayload(changed);
        m_server->setEtag("\"v2\"");
        m_server->setMode(LocalHttpServer::Mode::Normal);
        m_server->clearRequests();
        downloader->setVerifier(contentEquals(changed));
        DownloadRecorder second(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(second.waitForOutcome());
        QCOMPARE(second.outcome, QString("finished"));
        QCOMPARE(m_server->requests().constFirst().headers.value("if-range"), QByteArray("\"v1\""));
        QCOMPARE(test::readFileBytes(m_destination), changed);
        QVERIFY(!QFile::exists(WeightsDownloader::validatorPath(m_destination)));
    }

    void stalledTransferTimesOut() {
        m_server->setMode(LocalHttpServer::Mode::Slow);
        m_server->setSlowChunk(1000, 60000);  // headers, then silence
        auto downloader = makeDownloader(m_payload);
        downloader->setTransferTimeout(300);
        DownloadRecorder recorder(*downloader);
        QVERIFY(downloader->start(m_server->url(), m_destination));
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString("failed"));
        QVERIFY2(recorder.detail.contains("no data from the server"), qPrintable(recorder.detail));
    }

    void unreachableServerFails() {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();  // nothing listens there any more
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder recorder(*downloader);
        QVERIFY(
            downloader->start(QUrl(QStringLiteral("http://127.0.0.1:%1/model.safetensors").arg(port)), m_destination));
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString("failed"));
        QVERIFY2(recorder.detail.startsWith("download failed"), qPrintable(recorder.detail));
        QVERIFY(!QFile::exists(m_part));
    }

    void rejectsNonHttpUrls_data() {
        QTest::addColumn<QString>("url");
        QTest::newRow("ftp") << "ftp://127.0.0.1/model.safetensors";
        QTest::newRow("file") << "file:///etc/hostname";
        QTest::newRow("no scheme") << "model.safetensors";
    }
    void rejectsNonHttpUrls() {
        QFETCH(QString, url);
        auto downloader = makeDownloader(m_payload);
        DownloadRecorder recorder(*downloader);
        QVERIFY(downloader->start(QUrl(url), m_destination));
        QVERIFY(recorder.outcome.isEmpty());
        QVERIFY(recorder.waitForOutcome());
        QCOMPARE(recorder.outcome, QString("failed"));
        QVERIFY(recorder.detail.contains("not an http(s) URL"));
        QVERIFY(m_server->requests().isEmpty());
    }

private:
    std::unique_ptr<WeightsDownloader> makeDownloader(const QByteArray& expected) const {
        auto downloader = std::make_unique<WeightsDownloader>();
        downloader->setVerifier(contentEquals(expected));
        downloader->setKeepOnlyLossLayers(false);  // not a VGG file: install the bytes as received
        downloader->setTransferTimeout(10000);
        return downloader;
    }

    QByteArray m_payload;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalHttpServer> m_server;
    QString m_destination;
    QString m_part;
};

QTEST_GUILESS_MAIN(TstWeightsDownloader)
#include "tst_WeightsDownloader.moc"
