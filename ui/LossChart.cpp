#include "LossChart.h"

#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

#include "Decimation.h"

namespace hrstyle::ui {
namespace {

// A 1-2-5 tick spacing giving at most ~8 ticks over `range` steps, so step labels stay whole numbers.
double niceStepInterval(double range) {
    const double raw = std::max(1.0, range / 8.0);
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 5.0}) {
        if (factor * decade >= raw) {
            return factor * decade;
        }
    }
    return 10.0 * decade;
}

double pick(const LossPoint& point, LossChart::Series series) {
    switch (series) {
    case LossChart::Content: return point.content;
    case LossChart::Style: return point.style;
    case LossChart::Total: return point.total;
    }
    return 0.0;
}

}  // namespace

LossChart::LossChart(QWidget* parent) : QChartView(parent) {
    auto* chart = new QChart();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setAnimationOptions(QChart::NoAnimation);  // animations cost more than the data on live updates
    const char* names[kSeriesCount] = {QT_TR_NOOP("Content"), QT_TR_NOOP("Style"), QT_TR_NOOP("Total")};
    const QColor colors[kSeriesCount] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0x2c, 0x2c)};
    for (int i = 0; i < kSeriesCount; ++i) {
        m_series[i] = new QLineSeries(chart);
        m_series[i]->setName(tr(names[i]));
        m_series[i]->setPen(QPen(colors[i], i == Total ? 2.0 : 1.5));
        m_series[i]->setUseOpenGL(false);
        chart->addSeries(m_series[i]);
    }
    m_markers = new QScatterSeries(chart);
    m_markers->setName(tr("Weights changed"));
    m_markers->setMarkerSize(9.0);
    m_markers->setColor(QColor(0xff, 0x9f, 0x1c));
    m_markers->setBorderColor(Qt::black);
    chart->addSeries(m_markers);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(150);
    createAxes();
    connectLegendToggles();

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(kRefreshMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &LossChart::refreshNow);
}

void LossChart::createAxes() {
    m_stepAxis = new QValueAxis(this);
    m_stepAxis->setTitleText(tr("Step"));
    m_stepAxis->setLabelFormat(QStringLiteral("%d"));
    m_stepAxis->setTickType(QValueAxis::TicksDynamic);
    m_stepAxis->setTickAnchor(0.0);
    m_stepAxis->setTickInterval(niceStepInterval(10));
    m_stepAxis->setRange(0, 10);
    m_lossAxis = new QLogValueAxis(this);
    m_lossAxis->setTitleText(tr("Loss (log)"));
    m_lossAxis->setLabelFormat(QStringLiteral("%g"));
    m_lossAxis->setBase(10.0);
    m_lossAxis->setRange(0.1, 10.0);
    chart()->addAxis(m_stepAxis, Qt::AlignBottom);
    chart()->addAxis(m_lossAxis, Qt::AlignLeft);
    for (QXYSeries* series : {static_cast<QXYSeries*>(m_series[0]), static_cast<QXYSeries*>(m_series[1]),
                              static_cast<QXYSeries*>(m_series[2]), static_cast<QXYSeries*>(m_markers)}) {
        series->attachAxis(m_stepAxis);
        series->attachAxis(m_lossAxis);
    }
}

void LossChart::connectLegendToggles() {
    for (QLegendMarker* marker : chart()->legend()->markers()) {
        marker->setShape(QLegend::MarkerShapeFromSeries);
        connect(marker, &QLegendMarker::clicked, this, [this, marker] {
            QAbstractSeries* series = marker->series();
            series->setVisible(!series->isVisible());
            marker->setVisible(true);  // hiding a series hides its legend entry; keep it clickable
            QColor label = marker->labelBrush().color();
            label.setAlphaF(series->isVisible() ? 1.0 : 0.4);
            marker->setLabelBrush(label);
            updateAxes();
        });
    }
}

void LossChart::appendPoints(const QVector<LossPoint>& points) {
    m_history.insert(m_history.end(), points.begin(), points.end());
    if (!m_refreshTimer.isActive()) {
        m_refreshTimer.start();
    }
}

void LossChart::addMarker(int step) {
    m_markerSteps.push_back(step);
    if (!m_refreshTimer.isActive()) {
        m_refreshTimer.start();
    }
}

void LossChart::clear() {
    m_history.clear();
    m_markerSteps.clear();
    refreshNow();
}

void LossChart::setSeriesVisible(Series series, bool visible) {
    m_series[series]->setVisible(visible);
    const QList<QLegendMarker*> markers = chart()->legend()->markers(m_series[series]);
    for (QLegendMarker* marker : markers) {
        marker->setVisible(true);
    }
    updateAxes();
}

bool LossChart::isSeriesVisible(Series series) const {
    return m_series[series]->isVisible();
}

int LossChart::plottedPointCount(Series series) const {
    return static_cast<int>(m_series[series]->count());
}

QVector<QPointF> LossChart::seriesPoints(Series series) const {
    QVector<QPointF> points;
    points.reserve(static_cast<int>(m_history.size()));
    for (const LossPoint& point : m_history) {
        const double value = pick(point, series);
        if (value > 0.0 && std::isfinite(value)) {  // a log axis cannot show zero or negative values
            points.append(QPointF(point.step, value));
        }
    }
    return points;
}

double LossChart::totalAt(int step) const {
    const auto it = std::lower_bound(m_history.begin(), m_history.end(), step,
                                     [](const LossPoint& point, int s) { return point.step < s; });
    if (it != m_history.end()) {
        return it->total;
    }
    return m_history.empty() ? 1.0 : m_history.back().total;
}

void LossChart::refreshNow() {
    m_refreshTimer.stop();
    for (int i = 0; i < kSeriesCount; ++i) {
        m_series[i]->replace(decimateMinMax(seriesPoints(static_cast<Series>(i)), kMaxPlotPoints));
    }
    QVector<QPointF> markers;
    for (int step : m_markerSteps) {
        const double total = totalAt(step);
        if (total > 0.0 && std::isfinite(total)) {
            markers.append(QPointF(step, total));
        }
    }
    m_markers->replace(markers);
    updateAxes();
}

void LossChart::updateAxes() {
    double low = std::numeric_limits<double>::max();
    double high = 0.0;
    for (const QLineSeries* series : m_series) {
        if (!series->isVisible()) {
            continue;
        }
        for (const QPointF& point : series->points()) {
            low = std::min(low, point.y());
            high = std::max(high, point.y());
        }
    }
    if (high <= 0.0) {
        low = 0.1;
        high = 10.0;
    }
    // Whole decades, so the log axis labels stay round numbers.
    m_lossAxis->setRange(std::pow(10.0, std::floor(std::log10(low))), std::pow(10.0, std::ceil(std::log10(high) + 1e-9)));
    const int lastStep = m_history.empty() ? 10 : std::max(10, m_history.back().step);
    m_stepAxis->setRange(0, lastStep);
    m_stepAxis->setTickInterval(niceStepInterval(lastStep));
}

}  // namespace hrstyle::ui
