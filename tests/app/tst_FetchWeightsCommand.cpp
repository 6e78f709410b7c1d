// `hrstyle-cli fetch-weights`: exit codes, and a real install from LocalHttpServer (never the internet:
// every run passes --url).
#include <QNetworkProxy>
#include <QtTest>

#include "FetchWeightsCommand.h"
#include "LocalHttpServer.h"
#include "VggTestFiles.h"
#include "VggWeightsFile.h"
#include "VggWeightsLocator.h"
#include "WeightsDownloader.h"
#include "hrstyle/SafeTensors.h"

using namespace hrstyle;
using test::LocalHttpServer;

class TstFetchWeightsCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
        QVERIFY(m_dir.isValid());
        // Test mode puts the data folder under $HOME/.qttest; a private HOME keeps this test from seeing or
        // leaving a "downloaded" file that other tests running in parallel would find (and vice versa).
        qputenv("HOME", QFile::encodeName(m_dir.filePath("home")));
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(defaultDownloadedVggPath().startsWith(m_dir.path()));
        const QString served = m_dir.filePath("served.safetensors");
        QVERIFY(test::writeVggLayoutFile(served));
        m_vggBytes = test::readFileBytes(served);
        QVERIFY(m_server.listen());
        m_server.setPayload(m_vggBytes);
    }

    void init() {
        m_server.setMode(LocalHttpServer::Mode::Normal);
        m_server.clearRequests();
        QFile::remove(defaultDownloadedVggPath());
    }

    void exitCodes_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("--help") << QStringList{"--help"} << 0;
        QTest::newRow("-h") << QStringList{"-h"} << 0;
        QTest::newRow("unknown option") << QStringList{"--colour"} << 2;
        QTest::newRow("--url without value") << QStringList{"--url"} << 2;
        QTest::newRow("ftp url") << QStringList{"--url", "ftp://127.0.0.1/x"} << 2;
        QTest::newRow("not a url") << QStringList{"--url", "weights"} << 2;
        QTest::newRow("short sha256") << QStringList{"--url", "http://127.0.0.1:1/x", "--sha256", "abc"} << 2;
        QTest::newRow("positional argument") << QStringList{"extra"} << 2;
    }
    void exitCodes() {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QCOMPARE(runFetchWeightsCommand(args), exitCode);
        QVERIFY(m_server.requests().isEmpty());
    }

    void installsTheLossLayersByDefault() {
        const QString out = m_dir.filePath("slim/vgg19.safetensors");
        QCOMPARE(runFetchWeightsCommand({"--url", m_server.url().toString(), "--out", out}), 0);
        QCOMPARE(verifyVggFile(out), QString());
        Result<SafeTensorsReader> installed = SafeTensorsReader::open(QFile::encodeName(out).toStdString());
        QVERIFY(installed.ok() && !installed->contains("classifier.6.bias"));
        QVERIFY(!QFile::exists(WeightsDownloader::partialPath(out)));
    }

    void keepAllLayersInstallsTheFileAsServed() {
        const QString out = m_dir.filePath("full/vgg19.safetensors");
        QCOMPARE(runFetchWeightsCommand({"--url", m_server.url().toString(), "--out", out, "--keep-all-layers"}), 0);
        QCOMPARE(test::readFileBytes(out), m_vggBytes);
    }

    // Without --out, the file lands where every surface looks (the lookup order's third place, docs/file-formats.md).
    void defaultDestinationIsFoundByTheLocator() {
        QCOMPARE(runFetchWeightsCommand({"--url", m_server.url().toString()}), 0);
        const VggWeightsLocation location = locateVggWeights({});
        QCOMPARE(int(location.source), int(VggWeightsSource::Downloaded));
        QCOMPARE(verifyVggFile(location.path), QString());
    }

    void validExistingFileIsNotDownloadedAgain() {
        const QString out = m_dir.filePath("again/vgg19.safetensors");
        QCOMPARE(runFetchWeightsCommand({"--url", m_server.url().toString(), "--out", out}), 0);
        m_server.clearRequests();
        QCOMPARE(runFetchWeightsCommand({"--url", m_server.url().toString(), "--out", out}), 0);
        QVERIFY(m_server.requests().isEmpty());
        QCOMPARE(runFetchWeightsCommand({"--url", m_server.url().toString(), "--out", out, "--force"}), 0);
        QCOMPARE(m_server.requests().size(), 1);
    }

    void failuresExitWithOne_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("sha256");
        QTest::newRow("404") << int(LocalHttpServer::Mode::NotFound) << QString();
        QTest::newRow("dropped connection") << int(LocalHttpServer::Mode::DropAfterBytes) << QString();
        QTest::newRow("sha256 mismatch") << int(LocalHttpServer::Mode::Normal) << QString(64, QLatin1Char('f'));
    }
    void failuresExitWithOne() {
        QFETCH(int, mode);
        QFETCH(QString, sha256);
        m_server.setMode(LocalHttpServer::Mode(mode));
        m_server.setDropAfter(1000);
        const QString out = m_dir.filePath("failed/vgg19.safetensors");
        QStringList args{"--url", m_server.url().toString(), "--out", out};
        if (!sha256.isEmpty()) args << "--sha256" << sha256;
        QCOMPARE(runFetchWeightsCommand(args), 1);
        QVERIFY(!QFile::exists(out));
        WeightsDownloader::removePartialDownload(out);
    }

private:
    QTemporaryDir m_dir;
    LocalHttpServer m_server;
    QByteArray m_vggBytes;
};

QTEST_GUILESS_MAIN(TstFetchWeightsCommand)
#include "tst_FetchWeightsCommand.moc"
