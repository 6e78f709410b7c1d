#pragma once
// Content, style and total loss against step on a log axis, growing live (Qt Charts). The full history is kept
// here; the series only ever hold a decimated copy (Decimation.h), refreshed at most every kRefreshMs, so
// tens of thousands of steps do not slow the UI. Clicking a legend entry toggles its series. Weight changes
// during training are marked on the total curve.
#include <QChartView>
#include <QTimer>

#include <array>
#include <vector>

#include "TrainingValues.h"

class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QValueAxis;

namespace hrstyle::ui {

class LossChart : public QChartView {
    Q_OBJECT
public:
    enum Series { Content = 0, Style = 1, Total = 2 };
    static constexpr int kSeriesCount = 3;
    static constexpr int kMaxPlotPoints = 1200;  // per series, ~ a wide chart's width in pixels
    static constexpr int kRefreshMs = 150;

    explicit LossChart(QWidget* parent = nullptr);

    void appendPoints(const QVector<LossPoint>& points);
    // Marks `step` on the total curve (e.g. "weights changed").
    void addMarker(int step);
    void clear();

    void setSeriesVisible(Series series, bool visible);
    bool isSeriesVisible(Series series) const;

    int pointCount() const { return static_cast<int>(m_history.size()); }
    int plottedPointCount(Series series) const;  // after decimation, as last refreshed
    int markerCount() const { return static_cast<int>(m_markerSteps.size()); }

    // Redraws now instead of at the next refresh tick (tests, and after clear()).
    void refreshNow();

    QSize sizeHint() const override { return {900, 220}; }

private:
    void createAxes();
    void connectLegendToggles();
    QVector<QPointF> seriesPoints(Series series) const;
    void updateAxes();
    double totalAt(int step) const;

    QLineSeries* m_series[kSeriesCount] = {};
    QScatterSeries* m_markers = nullptr;
    QValueAxis* m_stepAxis = nullptr;
    QLogValueAxis* m_lossAxis = nullptr;
    std::vector<LossPoint> m_history;  // in step order
    std::vector<int> m_markerSteps;
    QTimer m_refreshTimer;
};

}  // namespace hrstyle::ui
