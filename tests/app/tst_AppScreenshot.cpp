// The real app (AppSession + the real engine, on the bundled samples) after a few training steps, saved as a
// PNG into the build directory and checked not to be blank. Run under xvfb-run where available.
// HRSTYLE_SCREENSHOT_STEPS / HRSTYLE_SCREENSHOT_SIZE / HRSTYLE_SCREENSHOT_OUT override the quick defaults
// (4 steps at 128 px), e.g. to regenerate docs/images/hrstyle-window.png with a longer run.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "AppSession.h"
#include "LossChart.h"
#include "RealTrainingBackend.h"
#include "ResultView.h"
#include "hrstyle/Device.h"

namespace hrstyle::test {
namespace {

// Standard deviation of the grey levels in `area` of `image`: ~0 for a blank or flat picture.
double greyDeviation(const QImage& image, QRect area) {
    double sum = 0.0;
    double sumSquares = 0.0;
    int count = 0;
    for (int y = area.top(); y <= area.bottom(); y += 2) {
        for (int x = area.left(); x <= area.right(); x += 2) {
            const double grey = qGray(image.pixel(x, y));
            sum += grey;
            sumSquares += grey * grey;
            ++count;
        }
    }
    const double mean = sum / count;
    return std::sqrt(std::max(0.0, sumSquares / count - mean * mean));
}

}  // namespace

class tst_AppScreenshot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void screenshotAfterAFewSteps() {
        QTemporaryDir dir;
        auto store = std::make_unique<QSettings>(dir.filePath(QStringLiteral("hrstyle.ini")), QSettings::IniFormat);
        const int steps = qEnvironmentVariableIntValue("HRSTYLE_SCREENSHOT_STEPS") > 0
                              ? qEnvironmentVariableIntValue("HRSTYLE_SCREENSHOT_STEPS")
                              : 4;
        const int size = qEnvironmentVariableIntValue("HRSTYLE_SCREENSHOT_SIZE") > 0
                             ? qEnvironmentVariableIntValue("HRSTYLE_SCREENSHOT_SIZE")
                             : 128;  // a quick test; the app defaults to 256
        const QString out = qEnvironmentVariableIsSet("HRSTYLE_SCREENSHOT_OUT")
                                ? qEnvironmentVariable("HRSTYLE_SCREENSHOT_OUT")
                                : QStringLiteral(HRSTYLE_SCREENSHOT_PATH);
        store->setValue(QStringLiteral("training/workingSize"), size);
        store->setValue(QStringLiteral("training/steps"), steps);
        configureThreads(0);
        EngineConfig config;
        config.device = DeviceChoice::Cpu;
        AppSession session(std::make_unique<RealTrainingBackend>(config), describeEngine(config), std::move(store),
                           false);
        session.window().resize(1280, 800);
        session.window().show();
        QVERIFY(QTest::qWaitForWindowExposed(&session.window()));

        QSignalSpy finished(&session.controller(), &TrainingController::finished);
        QSignalSpy failed(&session.controller(), &TrainingController::failed);
        session.window().actions().train->trigger();
        QVERIFY2(finished.wait(120000 + steps * 20000),
                 failed.isEmpty() ? "timeout" : qPrintable(failed.at(0).at(0).toString()));
        QTRY_COMPARE(session.window().lossChart()->pointCount(), steps);
        session.window().lossChart()->refreshNow();
        QVERIFY(session.window().resultView()->hasImage());

        const QImage shot = session.window().grab().toImage();
        QCOMPARE(shot.size(), QSize(1280, 800) * session.window().devicePixelRatio());
        QVERIFY(shot.save(out));
        qInfo("screenshot: %s (%s)", qPrintable(out), qPrintable(QGuiApplication::platformName()));

        const double whole = greyDeviation(shot, shot.rect());
        QVERIFY2(whole > 20.0, qPrintable(QString::number(whole)));
        ui::ResultView* result = session.window().resultView();
        const QRect resultArea(result->mapTo(&session.window(), QPoint(0, 0)), result->size());
        const double stylised = greyDeviation(shot, resultArea.adjusted(10, 30, -10, -10));
        QVERIFY2(stylised > 5.0, qPrintable(QString::number(stylised)));  // a picture, not an empty pane
    }
};

}  // namespace hrstyle::test

QTEST_MAIN(hrstyle::test::tst_AppScreenshot)
#include "tst_AppScreenshot.moc"
