// File > Export… in the whole window with the real engine on tiny images: disabled until a network exists,
// then a full-size file; a failed export says why in a message box, keeps the old file and the window's state.
#include <QAction>
#include <QFile>
#include <QStandardPaths>
#include <QImage>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include "AppSession.h"
#include "ResultView.h"
#include "RealTrainingBackend.h"
#include "StylisedExport.h"
#include "fakes/StripedTestImage.h"
#include "hrstyle/Device.h"
#include "hrstyle/ImageIO.h"

namespace hrstyle::test {

class tst_ExportPresenter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString writeImage(const QString& name, QSize size, QColor color) {
        return writeStripedImage(m_dir.filePath(name), size, color);
    }

    // A session that has trained 2 steps at 32 px (random features, CPU): a second or two.
    std::unique_ptr<AppSession> trainedSession() {
        auto store = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("hrstyle.ini")), QSettings::IniFormat);
        store->setValue(QStringLiteral("training/workingSize"), 32);
        store->setValue(QStringLiteral("training/steps"), 2);
        store->setValue(QStringLiteral("images/content"), writeImage(QStringLiteral("photo.png"), {54, 38}, Qt::darkCyan));
        store->setValue(QStringLiteral("images/style"), writeImage(QStringLiteral("style.png"), {32, 32}, Qt::yellow));
        EngineConfig config;
        config.device = DeviceChoice::Cpu;
        auto session = std::make_unique<AppSession>(std::make_unique<RealTrainingBackend>(config),
                                                    describeEngine(config), std::move(store), false,
                                                    makeEngineExportFunction(config.device));
        session->window().show();
        QAction* exportAction = session->window().actions().exportImage;
        if (exportAction->isEnabled()) {
            qWarning("export enabled before training");
            return nullptr;
        }
        QSignalSpy finished(&session->controller(), &TrainingController::finished);
        session->window().actions().train->trigger();
        if (!finished.wait(60000)) {
            return nullptr;
        }
        // modelChanged arrives before finished (the worker publishes the model first).
        return exportAction->isEnabled() ? std::move(session) : nullptr;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // A private HOME in Qt's test mode: the session's preset store never lists the user's presets.
        qputenv("HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("home"))));
        QStandardPaths::setTestModeEnabled(true);
        configureThreads(2);
    }

    void export_isDisabledUntilTrained_thenWritesTheFullSizePhoto() {
        auto session = trainedSession();
        QVERIFY(session);
        const QString out = m_dir.filePath(QStringLiteral("result.png"));
        QSignalSpy done(&session->exportPresenter(), &ExportPresenter::exportDone);
        QVERIFY(session->exportPresenter().exportTo({out, 95, false}));
        QVERIFY(session->exportPresenter().progressDialog());  // progress with a Cancel button while it runs
        QVERIFY(!session->window().actions().exportImage->isEnabled());  // one export at a time
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(0).toBool(), true);
        const QImage written(out);
        QCOMPARE(written.size(), QSize(54, 38));  // the original's size, not the 32 px working size
        QVERIFY(readImageSettings(out.toStdString()).ok());
        QVERIFY(session->window().actions().exportImage->isEnabled());
        QTRY_VERIFY(!session->exportPresenter().progressDialog());
    }

    void exportFolder_besideThePhotoUnlessNothingCanBeWrittenThere() {
        QTemporaryDir photos;
        QCOMPARE(exportFolderFor(photos.path()), photos.path());
        QVERIFY(QDir(photos.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());  // the probe is gone
        // sysfs refuses new files even to root, whatever its permission bits say.
        if (QFile(QStringLiteral("/sys/hrstyle-probe")).open(QIODevice::WriteOnly)) {
            QSKIP("/sys accepts new files here: no read-only folder to try");
        }
        const QString proposed = exportFolderFor(QStringLiteral("/sys"));
        QVERIFY2(proposed != QStringLiteral("/sys"), qPrintable(proposed));
        QTemporaryFile inProposed(QDir(proposed).filePath(QStringLiteral("probe-XXXXXX")));
        QVERIFY2(inProposed.open(), qPrintable(proposed));  // somewhere the export can be written
    }

    void failedExport_saysWhyAndKeepsTheOldFile() {
        auto session = trainedSession();
        QVERIFY(session);
        const QString out = m_dir.filePath(QStringLiteral("old.bmp"));  // a format export cannot write
        QFile old(out);
        QVERIFY(old.open(QIODevice::WriteOnly) && old.write("old bytes") == 9);
        old.close();
        QSignalSpy done(&session->exportPresenter(), &ExportPresenter::exportDone);
        QVERIFY(session->exportPresenter().exportTo({out, 95, false}));
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(0).toBool(), false);
        QMessageBox* box = session->exportPresenter().lastFailureBox();
        QVERIFY(box);
        QVERIFY2(box->text().contains(QLatin1String("old.bmp")), qPrintable(box->text()));
        QVERIFY2(box->text().contains(QLatin1String(".png")), qPrintable(box->text()));  // the reason: formats
        QVERIFY(box->text().contains(QLatin1String("not changed")));
        QFile check(out);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), QByteArray("old bytes"));
        // Nothing lost in the window: the result stays, training and export stay available.
        QVERIFY(session->window().resultView()->hasImage());
        QVERIFY(session->window().actions().train->isEnabled());
        QVERIFY(session->window().actions().exportImage->isEnabled());
        box->close();
    }
};

}  // namespace hrstyle::test

QTEST_MAIN(hrstyle::test::tst_ExportPresenter)
#include "tst_ExportPresenter.moc"
