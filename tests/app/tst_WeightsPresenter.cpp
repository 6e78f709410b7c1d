// Getting VGG19 weights from the window, against a fake trainer and a local HTTP server: the offer
// appears only without weights, a wrong file is refused with its reason, a download installs and switches
// the loss network for the next training, and cancel leaves the app usable. No test reaches the internet:
// every URL comes from LocalHttpServer on 127.0.0.1, and the default URL is asserted to be replaced.
#include <QAction>
#include <QFile>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "AppSession.h"
#include "LocalHttpServer.h"
#include "MessageBar.h"
#include "VggTestFiles.h"
#include "VggWeightsLocator.h"
#include "fakes/FakeTrainingBackend.h"

namespace hrstyle::test {

class tst_WeightsPresenter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QString m_vggFile;     // a real VGG layout (F16, ~26 MB), generated once for the whole program
    QByteArray m_vggBytes;
    LocalHttpServer m_server;

    std::unique_ptr<AppSession> makeSession(bool randomFeatures, bool chosen = false) {
        auto store = std::make_unique<QSettings>(m_home.filePath(QStringLiteral("hrstyle.ini")), QSettings::IniFormat);
        store->setValue(QStringLiteral("engine/vgg19DownloadUrl"), m_server.url().toString());
        StartupInfo startup{QStringLiteral("CPU"),
                            randomFeatures ? QStringLiteral("random features (no VGG19 weights)")
                                           : QStringLiteral("VGG19 (vgg19.safetensors)"),
                            randomFeatures, chosen};
        auto session = std::make_unique<AppSession>(
            std::make_unique<FakeTrainingBackend>(FakeOptions{}, std::make_shared<FakeLog>()), startup,
            std::move(store), false);
        session->window().show();
        return session;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_home.isValid());
        qputenv("HOME", QFile::encodeName(m_home.path()));  // the download lands under this private home
        qunsetenv("XDG_DATA_HOME");
        QStandardPaths::setTestModeEnabled(true);
        m_vggFile = m_home.filePath(QStringLiteral("vgg-layout.safetensors"));
        QVERIFY(writeVggLayoutFile(m_vggFile));
        m_vggBytes = readFileBytes(m_vggFile);
        QVERIFY(!m_vggBytes.isEmpty());
        QVERIFY(m_server.listen());
        m_server.setPayload(m_vggBytes);
        QVERIFY(defaultDownloadedVggPath().startsWith(m_home.path()));
    }

    void init() {
        QFile::remove(m_home.filePath(QStringLiteral("hrstyle.ini")));
        WeightsDownloader::removePartialDownload(defaultDownloadedVggPath());
        QFile::remove(defaultDownloadedVggPath());
        m_server.setMode(LocalHttpServer::Mode::Normal);
        m_server.clearRequests();
    }

    void offer_appearsOnlyWithoutWeights_data() {
        QTest::addColumn<bool>("randomFeatures");
        QTest::addColumn<bool>("chosen");
        QTest::addColumn<bool>("offered");
        QTest::newRow("no weights found") << true << false << true;
        QTest::newRow("weights found") << false << false << false;
        QTest::newRow("--random-features asked for") << true << true << false;
    }

    void offer_appearsOnlyWithoutWeights() {
        QFETCH(bool, randomFeatures);
        QFETCH(bool, chosen);
        QFETCH(bool, offered);
        auto session = makeSession(randomFeatures, chosen);
        ui::MessageBar* bar = session->window().messageBar();
        QCOMPARE(bar->isVisible(), offered);
        if (offered) {
            QVERIFY(bar->text().contains(QLatin1String("Lower quality without VGG19 weights")));
            const QList<QAction*> actions = bar->messageActions();
            QCOMPARE(actions.size(), 2);
            QCOMPARE(actions.at(0)->text(), QStringLiteral("Download (575 MB)"));
            QVERIFY(actions.at(1)->text().startsWith(QLatin1String("Locate")));
            QVERIFY(session->window().actions().train->isEnabled());  // works at once on the fallback
        }
    }

    void locatingAWrongFile_saysWhy_andKeepsTheFallback() {
        auto session = makeSession(true);
        const QString wrong = m_home.filePath(QStringLiteral("wrong.safetensors"));
        QVERIFY(writeWrongShapeVggFile(wrong));
        QVERIFY(!session->weightsPresenter().useWeightsFile(wrong));
        QVERIFY(session->window().messageBar()->isVisible());
        QVERIFY2(session->window().messageBar()->text().contains(QLatin1String(kWrongShapeReason)),
                 qPrintable(session->window().messageBar()->text()));
        QVERIFY(session->window().statusText().contains(QLatin1String("random features")));
        QVERIFY(!session->controller().setup().lossNetworkPath.has_value());
        QVERIFY(session->settings().vgg19Path().isEmpty());
    }

    void locatingAGoodFile_switchesTheLossNetwork() {
        auto session = makeSession(true);
        QVERIFY(session->weightsPresenter().useWeightsFile(m_vggFile));
        QVERIFY(!session->window().messageBar()->isVisible());
        QVERIFY(session->window().statusText().contains(QLatin1String("VGG19 (")));
        QCOMPARE(session->controller().setup().lossNetworkPath.value_or(QString()), m_vggFile);
        QCOMPARE(session->settings().vgg19Path(), m_vggFile);  // remembered as the preference
    }

    void download_installsAndSwitches() {
        auto session = makeSession(true);
        QVERIFY(session->settings().vgg19DownloadUrl() != QLatin1String(kDefaultVggUrl));
        QSignalSpy installed(&session->weightsPresenter(), &WeightsPresenter::weightsInstalled);
        QSignalSpy progress(&session->weightsPresenter().downloader(), &WeightsDownloader::progress);
        session->weightsPresenter().downloadAction()->trigger();
        QVERIFY(session->window().messageBar()->progressBar()->isVisible());
        QVERIFY(session->window().messageBar()->messageActions().contains(session->weightsPresenter().cancelAction()));
        QVERIFY(installed.wait(60000));
        QVERIFY(!progress.isEmpty());
        QVERIFY(!m_server.requests().isEmpty());  // it came from the local server
        QCOMPARE(installed.at(0).at(0).toString(), defaultDownloadedVggPath());
        QVERIFY(QFile::exists(defaultDownloadedVggPath()));
        QVERIFY(!session->window().messageBar()->isVisible());
        QVERIFY2(session->window().statusText().contains(QLatin1String("VGG19 (")),
                 qPrintable(session->window().statusText()));
        QCOMPARE(session->controller().setup().lossNetworkPath.value_or(QString()), defaultDownloadedVggPath());
    }

    void cancellingADownload_keepsTheAppUsable_andOffersResume() {
        m_server.setMode(LocalHttpServer::Mode::Slow);
        m_server.setSlowChunk(64 * 1024, 20);
        auto session = makeSession(true);
        QSignalSpy progress(&session->weightsPresenter().downloader(), &WeightsDownloader::progress);
        QSignalSpy cancelled(&session->weightsPresenter().downloader(), &WeightsDownloader::cancelled);
        QVERIFY(session->weightsPresenter().startDownload());
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toLongLong() > 0, 10000);
        QVERIFY(session->window().messageBar()->text().contains(QLatin1String("MB")));
        session->weightsPresenter().cancelAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 10000);  // may be emitted from inside cancel()
        QVERIFY(!QFile::exists(defaultDownloadedVggPath()));
        QVERIFY(session->window().statusText().contains(QLatin1String("random features")));
        QVERIFY(session->window().actions().train->isEnabled());
        QVERIFY(session->window().messageBar()->isVisible());
        QVERIFY2(session->weightsPresenter().downloadAction()->text().startsWith(QLatin1String("Resume")),
                 qPrintable(session->weightsPresenter().downloadAction()->text()));
    }
};

}  // namespace hrstyle::test

QTEST_MAIN(hrstyle::test::tst_WeightsPresenter)
#include "tst_WeightsPresenter.moc"
