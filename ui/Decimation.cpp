#include "Decimation.h"

#include <algorithm>

namespace hrstyle::ui {
namespace {
constexpr int kPointsPerBucket = 4;  // first, min, max, last
}

QVector<QPointF> decimateMinMax(const QVector<QPointF>& points, int maxPoints) {
    if (points.size() <= maxPoints || maxPoints < kPointsPerBucket) {
        return points;
    }
    const int buckets = maxPoints / kPointsPerBucket;
    const double bucketLength = static_cast<double>(points.size()) / buckets;
    QVector<QPointF> out;
    out.reserve(buckets * kPointsPerBucket);
    for (int b = 0; b < buckets; ++b) {
        const int begin = static_cast<int>(b * bucketLength);
        // The last bucket ends at the last point exactly: (b + 1) * bucketLength may round below it.
        const int end = b + 1 == buckets ? static_cast<int>(points.size())
                                         : std::min(static_cast<int>((b + 1) * bucketLength), static_cast<int>(points.size()));
        if (begin >= end) {
            continue;
        }
        int minIndex = begin;
        int maxIndex = begin;
        for (int i = begin + 1; i < end; ++i) {
            if (points[i].y() < points[minIndex].y()) {
                minIndex = i;
            }
            if (points[i].y() > points[maxIndex].y()) {
                maxIndex = i;
            }
        }
        // Keep the chosen points in x order so the line does not zig-zag backwards.
        int picks[kPointsPerBucket] = {begin, std::min(minIndex, maxIndex), std::max(minIndex, maxIndex), end - 1};
        int previous = -1;
        for (int index : picks) {
            if (index != previous) {
                out.append(points[index]);
                previous = index;
            }
        }
    }
    return out;
}

}  // namespace hrstyle::ui
