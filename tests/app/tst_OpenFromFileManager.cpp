// The .desktop file runs `hrstyle %F`: the first file opens as the content photo, the second as the style
// image. Runs the real executable with a fresh config folder, closes it (SIGTERM) and reads what it remembered.
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

namespace hrstyle::test {

class tst_OpenFromFileManager : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void positionalFiles_openAsPhotoThenStyle() {
        QTemporaryDir dir;
        // The samples swapped (the rocket as the photo), so the remembered paths cannot be the defaults.
        const QString photo = dir.filePath(QStringLiteral("my photo.jpg"));
        const QString style = dir.filePath(QStringLiteral("my style.png"));
        QVERIFY(QFile::copy(QStringLiteral(HRSTYLE_SAMPLES_DIR "/rocket.jpg"), photo));
        QVERIFY(QFile::copy(QStringLiteral(HRSTYLE_SAMPLES_DIR "/chelsea.png"), style));

        QProcess app;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        app.setProcessEnvironment(environment);
        app.setWorkingDirectory(dir.path());  // relative names, as a file manager may pass
        app.start(QStringLiteral(HRSTYLE_APP_PATH),
                  {QStringLiteral("--random-features"), QStringLiteral("my photo.jpg"), QStringLiteral("my style.png")});
        QVERIFY(app.waitForStarted(10000));
        QTest::qWait(1500);
        app.terminate();
        QVERIFY(app.waitForFinished(10000));
        QCOMPARE(app.exitCode(), 0);

        QSettings remembered(dir.filePath(QStringLiteral("config/HRStyle/hrstyle.conf")), QSettings::IniFormat);
        QCOMPARE(remembered.value(QStringLiteral("images/content")).toString(), photo);
        QCOMPARE(remembered.value(QStringLiteral("images/style")).toString(), style);
    }
};

}  // namespace hrstyle::test

QTEST_GUILESS_MAIN(hrstyle::test::tst_OpenFromFileManager)
#include "tst_OpenFromFileManager.moc"
