// LossChart and its decimation: bounded plotted points for long runs, spikes kept, toggles, markers.
#include <QElapsedTimer>
#include <QLegendMarker>
#include <QTest>

#include <cmath>

#include "Decimation.h"
#include "LossChart.h"

namespace hrstyle::ui::test {
namespace {

QVector<LossPoint> decayingLosses(int first, int count) {
    QVector<LossPoint> points;
    for (int step = first; step < first + count; ++step) {
        const double content = 10.0 / (1.0 + step);
        const double style = 5.0 * std::exp(-step / 5000.0) + 0.01;
        points.append({step, content, style, 150.0 * content + style});
    }
    return points;
}

}  // namespace

class tst_LossChart : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decimate_data() {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("maxPoints");
        QTest::addColumn<int>("expectedAtMost");
        QTest::newRow("short curve kept whole") << 100 << 1000 << 100;
        QTest::newRow("long curve bounded") << 50000 << 1000 << 1000;
        QTest::newRow("just over the limit") << 1001 << 1000 << 1000;
    }

    void decimate() {
        QFETCH(int, count);
        QFETCH(int, maxPoints);
        QFETCH(int, expectedAtMost);
        QVector<QPointF> points;
        for (int i = 0; i < count; ++i) {
            points.append(QPointF(i, 1.0 + (i % 7)));
        }
        const QVector<QPointF> out = decimateMinMax(points, maxPoints);
        QVERIFY(out.size() <= expectedAtMost);
        QCOMPARE(out.front(), points.front());
        QCOMPARE(out.back(), points.back());
        for (int i = 1; i < out.size(); ++i) {
            QVERIFY(out[i].x() > out[i - 1].x());  // in x order, no duplicates
        }
    }

    void decimate_keepsSpike() {
        QVector<QPointF> points;
        for (int i = 0; i < 20000; ++i) {
            points.append(QPointF(i, i == 12345 ? 1e6 : 1.0));
        }
        const QVector<QPointF> out = decimateMinMax(points, 400);
        const bool hasSpike = std::any_of(out.begin(), out.end(), [](const QPointF& p) { return p.y() == 1e6; });
        QVERIFY(hasSpike);
    }

    void tensOfThousandsOfPoints_stayFast() {
        LossChart chart;
        chart.resize(900, 220);
        chart.show();
        QElapsedTimer timer;
        timer.start();
        for (int batch = 0; batch < 100; ++batch) {  // 40 000 steps in live-sized batches
            chart.appendPoints(decayingLosses(batch * 400, 400));
            chart.refreshNow();
        }
        QCOMPARE(chart.pointCount(), 40000);
        for (int series = 0; series < LossChart::kSeriesCount; ++series) {
            QVERIFY(chart.plottedPointCount(static_cast<LossChart::Series>(series)) <= LossChart::kMaxPlotPoints);
        }
        chart.grab();  // draws the series once
        // 100 refreshes of a 40k-point history: each well under the 100 ms a live update may take.
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    }

    void updatesAreCoalesced() {
        LossChart chart;
        chart.appendPoints(decayingLosses(0, 10));
        QCOMPARE(chart.plottedPointCount(LossChart::Total), 0);  // not yet: the refresh timer is pending
        QTRY_COMPARE(chart.plottedPointCount(LossChart::Total), 10);
    }

    void nonPositiveLosses_areSkippedOnLogAxis() {
        LossChart chart;
        chart.appendPoints({{0, 0.0, 1.0, 1.0}, {1, -1.0, 1.0, 1.0}, {2, 0.5, 1.0, 1.0}});
        chart.refreshNow();
        QCOMPARE(chart.plottedPointCount(LossChart::Content), 1);
        QCOMPARE(chart.plottedPointCount(LossChart::Style), 3);
    }

    void legendClick_togglesSeries() {
        LossChart chart;
        chart.resize(900, 220);
        chart.show();
        QVERIFY(chart.isSeriesVisible(LossChart::Style));
        const QList<QLegendMarker*> markers = chart.chart()->legend()->markers();
        QVERIFY(markers.size() >= LossChart::kSeriesCount);
        Q_EMIT markers[LossChart::Style]->clicked();
        QVERIFY(!chart.isSeriesVisible(LossChart::Style));
        QVERIFY(markers[LossChart::Style]->isVisible());  // still there to click again
        Q_EMIT markers[LossChart::Style]->clicked();
        QVERIFY(chart.isSeriesVisible(LossChart::Style));
        chart.setSeriesVisible(LossChart::Total, false);
        QVERIFY(!chart.isSeriesVisible(LossChart::Total));
    }

    void markersAndClear() {
        LossChart chart;
        chart.appendPoints(decayingLosses(0, 50));
        chart.addMarker(20);
        chart.refreshNow();
        QCOMPARE(chart.markerCount(), 1);
        chart.clear();
        QCOMPARE(chart.pointCount(), 0);
        QCOMPARE(chart.markerCount(), 0);
        QCOMPARE(chart.plottedPointCount(LossChart::Total), 0);
    }
};

}  // namespace hrstyle::ui::test

QTEST_MAIN(hrstyle::ui::test::tst_LossChart)
#include "tst_LossChart.moc"
