#pragma once
// Reduces a long curve to a bounded number of points without hiding spikes: each bucket of consecutive points
// contributes its first, minimum, maximum and last point, in x order (the classic min/max decimation used by
// plotting tools for time series). A chart of tens of thousands of steps then draws ~maxPoints points.
#include <QPointF>
#include <QVector>

namespace hrstyle::ui {

// Returns `points` unchanged if it has at most maxPoints entries; else at most maxPoints points, always
// including the first and the last. `points` must be sorted by x.
QVector<QPointF> decimateMinMax(const QVector<QPointF>& points, int maxPoints);

}  // namespace hrstyle::ui
