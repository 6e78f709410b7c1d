#pragma once
// Plain values the control panel edits besides the loss weights (core's hrstyle::LossWeights, used as is
// from the sliders to the trainer); app/gui converts these to and from hrstyle::TrainParams.
#include <QMetaType>
#include <QtGlobal>

#include "hrstyle/TrainParams.h"


namespace hrstyle::ui {

struct AdvancedValues {
    int workingSize = 256;   // content long side, px
    int steps = 300;
    double learningRate = 5e-3;
    qulonglong seed = 0;

    bool operator==(const AdvancedValues& o) const {
        return workingSize == o.workingSize && steps == o.steps && learningRate == o.learningRate && seed == o.seed;
    }
    bool operator!=(const AdvancedValues& o) const { return !(*this == o); }
};

// One training step's losses as the chart plots them.
struct LossPoint {
    int step = 0;
    double content = 0.0;
    double style = 0.0;
    double total = 0.0;
};

}  // namespace hrstyle::ui

namespace hrstyle::ui {

enum class ImageRole { Content, Style };

}  // namespace hrstyle::ui

Q_DECLARE_METATYPE(hrstyle::ui::ImageRole)
Q_DECLARE_METATYPE(hrstyle::LossWeights)
Q_DECLARE_METATYPE(hrstyle::ui::AdvancedValues)
