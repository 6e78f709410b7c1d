#pragma once
// The ui layer's plain values <-> the engine's types. Header-only: a few field copies.
#include <QVector>

#include "TrainingValues.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

inline ui::AdvancedValues toAdvancedValues(const TrainParams& params) {
    return {params.workingSize, params.steps, params.learningRate, static_cast<qulonglong>(params.seed)};
}

// Applies the Advanced section to `params`, keeping everything else (weights, style size).
inline void applyAdvancedValues(const ui::AdvancedValues& values, TrainParams& params) {
    params.workingSize = values.workingSize;
    params.steps = values.steps;
    params.learningRate = values.learningRate;
    params.seed = values.seed;
}

// `stepOffset` shifts the steps so a chart keeps growing when a warm-started trainer counts from 0 again.
inline QVector<ui::LossPoint> toLossPoints(const QVector<LossSample>& samples, int stepOffset) {
    QVector<ui::LossPoint> points;
    points.reserve(samples.size());
    for (const LossSample& sample : samples) {
        points.append({sample.step + stepOffset, sample.content, sample.style, sample.total});
    }
    return points;
}

}  // namespace hrstyle
