#pragma once
// Plain values the control panel edits. The ui layer knows nothing of the engine; app/gui converts these to
// and from hrstyle::LossWeights / TrainParams.
#include <QMetaType>
#include <QtGlobal>

#include <array>

namespace hrstyle::ui {

constexpr int kLayerCount = 5;  // relu1_1 .. relu5_1

struct WeightValues {
    double content = 150.0;
    double style = 1.0;
    std::array<double, kLayerCount> layers{0.1, 0.2, 0.4, 0.8, 1.6};

    bool operator==(const WeightValues& o) const {
        return content == o.content && style == o.style && layers == o.layers;
    }
    bool operator!=(const WeightValues& o) const { return !(*this == o); }
};

struct AdvancedValues {
    int workingSize = 256;   // content long side, px
    int steps = 300;
    double learningRate = 5e-3;
    qulonglong seed = 0;
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
Q_DECLARE_METATYPE(hrstyle::ui::WeightValues)
Q_DECLARE_METATYPE(hrstyle::ui::AdvancedValues)
