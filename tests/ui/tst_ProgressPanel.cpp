// ProgressPanel: step / total, speed and time left.
#include <QProgressBar>
#include <QTest>

#include "ProgressPanel.h"

namespace hrstyle::ui::test {

class tst_ProgressPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void formatDuration_data() {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("seconds") << 12.4 << QStringLiteral("12 s");
        QTest::newRow("minutes") << 185.0 << QStringLiteral("3 min 05 s");
        QTest::newRow("hours") << 3720.0 << QStringLiteral("1 h 02 min");
        QTest::newRow("negative clamps") << -5.0 << QStringLiteral("0 s");
    }

    void formatDuration() {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(ProgressPanel::formatDuration(seconds), text);
    }

    void showProgress_reportsStepSpeedAndTimeLeft() {
        ProgressPanel panel;
        panel.showProgress(100, 300, 2.0);
        QCOMPARE(panel.bar()->value(), 100);
        QCOMPARE(panel.bar()->maximum(), 300);
        QCOMPARE(panel.bar()->text(), QStringLiteral("Step 100 / 300"));
        QVERIFY2(panel.detailText().contains(QStringLiteral("2.0 steps/s")), qPrintable(panel.detailText()));
        QVERIFY2(panel.detailText().contains(QStringLiteral("1 min 40 s left")), qPrintable(panel.detailText()));
    }

    void slowSteps_showSecondsPerStep() {
        ProgressPanel panel;
        panel.showProgress(1, 10, 0.4);
        QVERIFY2(panel.detailText().contains(QStringLiteral("2.5 s/step")), qPrintable(panel.detailText()));
    }

    void busy_thenIdle() {
        ProgressPanel panel;
        panel.showBusy(QStringLiteral("Preparing"));
        QCOMPARE(panel.bar()->maximum(), 0);
        panel.showIdle(QStringLiteral("Ready"));
        QVERIFY(panel.bar()->maximum() > 0);
        QCOMPARE(panel.detailText(), QStringLiteral("Ready"));
    }
};

}  // namespace hrstyle::ui::test

QTEST_MAIN(hrstyle::ui::test::tst_ProgressPanel)
#include "tst_ProgressPanel.moc"
