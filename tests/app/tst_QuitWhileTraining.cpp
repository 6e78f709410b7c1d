// The hrstyle executable itself: started with --train on the bundled samples at the CPU defaults, asked to
// quit (SIGTERM, handled like closing the window) while a step is running. It must exit 0 within 2 s without
// a crash or a thread warning.
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace hrstyle::test {

class tst_QuitWhileTraining : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void quitWhileTraining_exitsCleanlyWithin2s() {
        QTemporaryDir config;
        QProcess app;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());  // fresh settings: the defaults
        environment.remove(QStringLiteral("HRSTYLE_VGG19"));
        app.setProcessEnvironment(environment);
        app.setProgram(QStringLiteral(HRSTYLE_APP_PATH));
        app.setArguments({QStringLiteral("--train"), QStringLiteral("--device"), QStringLiteral("cpu")});
        app.setReadChannel(QProcess::StandardError);
        app.start();
        QVERIFY(app.waitForStarted(10000));

        // Wait until a run has started (the app logs it), then a little more so a step is in progress.
        QString errors;
        QElapsedTimer waiting;
        waiting.start();
        while (!errors.contains(QLatin1String("run started")) && waiting.elapsed() < 60000) {
            app.waitForReadyRead(500);
            errors += QString::fromLocal8Bit(app.readAllStandardError());
        }
        QVERIFY2(errors.contains(QLatin1String("run started")), qPrintable(errors));
        QTest::qWait(1000);
        QCOMPARE(app.state(), QProcess::Running);
        QElapsedTimer timer;
        timer.start();
        app.terminate();  // SIGTERM
        QVERIFY(app.waitForFinished(10000));
        const qint64 quitMs = timer.elapsed();
        errors += QString::fromLocal8Bit(app.readAllStandardError());

        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        QVERIFY2(quitMs < 2000, qPrintable(QString::number(quitMs)));
        QVERIFY2(!errors.contains(QLatin1String("QThread")), qPrintable(errors));
        QVERIFY2(!errors.contains(QLatin1String("Destroyed while")), qPrintable(errors));
        qInfo("quit took %lld ms", static_cast<long long>(quitMs));
    }
};

}  // namespace hrstyle::test

QTEST_GUILESS_MAIN(hrstyle::test::tst_QuitWhileTraining)
#include "tst_QuitWhileTraining.moc"
