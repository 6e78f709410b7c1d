#pragma once
// Hyper-parameters of the method (docs/algorithm.md). Defaults are the seed's.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace hrstyle {

constexpr int kStyleLayerCount = 5;  // relu1_1, relu2_1, relu3_1, relu4_1, relu5_1
using StyleLayerWeights = std::array<double, kStyleLayerCount>;

// The weights a user drags on sliders; may change between training steps.
struct LossWeights {
    double content = 150.0;  // alpha
    double style = 1.0;      // beta
    StyleLayerWeights layers{0.1, 0.2, 0.4, 0.8, 1.6};

    bool operator==(const LossWeights& o) const {
        return content == o.content && style == o.style && layers == o.layers;
    }
    bool operator!=(const LossWeights& o) const { return !(*this == o); }
};

struct TrainParams {
    LossWeights weights;
    int steps = 1000;
    double learningRate = 5e-3;     // Adam; x0.9 every 200 steps (seed's StepLR)
    int workingSize = 512;          // content long side in pixels; 0 = the image's own size
    int styleSize = 0;              // style long side; 0 = native (seed behaviour), capped by maxStyleSide
    int maxStyleSide = 1024;        // keeps the style Grams' memory sane; 0 = no cap
    std::uint64_t seed = 0;         // generator initialisation
    // Not part of the method: the process's peak resident memory a CPU run may reach, checked before it
    // starts (Trainer::create); 0 = not checked.
    std::size_t memoryLimitBytes = 0;
};

// The seed's schedule, StepLR(step_size=200, gamma=0.9): the rate used by the update of step `step` (from 0).
double scheduledLearningRate(double baseRate, int step);

enum class DeviceChoice { Auto, Cpu, Cuda };

// One training step's losses, measured before that step's update (as the reference logs them).
struct LossSample {
    int step = 0;                // counts from 0
    double content = 0.0;        // unweighted content loss
    double style = 0.0;          // sum of the weighted per-layer style terms
    double total = 0.0;          // content weight * content + style weight * style
    StyleLayerWeights styleLayers{};  // each layer's weighted term
    double learningRate = 0.0;   // the rate this step's update used
    double seconds = 0.0;        // wall time of the step
};

}  // namespace hrstyle
