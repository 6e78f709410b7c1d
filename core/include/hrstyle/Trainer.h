#pragma once
// Trains an HRNet generator for one content/style pair against the VGG19 perceptual loss (docs/algorithm.md).
//
// Thread affinity: everything on ONE thread (the worker), setLossWeights() included: a caller with live edits
// from another thread hands them over between steps, from onStep (the app keeps them in one place,
// LiveLossWeights, so there is one lock on the way from a slider to the loss). Only the cancel flag is read
// across threads.
#include <atomic>
#include <functional>
#include <memory>

#include "hrstyle/Image.h"
#include "hrstyle/LossNetwork.h"
#include "hrstyle/Result.h"
#include "hrstyle/StyleModel.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

struct TrainCallbacks {
    std::function<void(const LossSample&)> onStep;           // every step, on the training thread
    std::function<void(const Rgb8Image&, int step)> onPreview;  // every previewEvery steps and at the end
    int previewEvery = 0;                                    // 0 = never
};

enum class RunOutcome { Completed, Cancelled };

class Trainer {
public:
    // Resizes content to params.workingSize (long side, sides floored to multiples of 4) and style to
    // params.styleSize / maxStyleSide, then computes the fixed content features and style Grams once.
    // `initial`, if given, is the starting generator (warm start); else StyleModel::initialised(params.seed).
    // On the CPU, with params.memoryLimitBytes set, a run whose modelled peak (resident now plus
    // trainingMemoryBytes, MemoryBudget.h) is over the limit is refused before anything is allocated, naming a size that fits.
    static Result<std::unique_ptr<Trainer>> create(const LossNetwork& lossNetwork, const Image& content,
                                                   const Image& style, const TrainParams& params,
                                                   DeviceChoice device, const StyleModel* initial = nullptr);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    // Used from the next step on; call between steps (e.g. from onStep).
    void setLossWeights(const LossWeights& weights);
    LossWeights lossWeights() const;

    // Runs `steps` more steps (continuing the step count and the learning-rate schedule). Stops within one
    // step once `cancel` is true. A NaN or infinite loss stops with an error and restores the last good
    // weights; so does out of memory.
    Result<RunOutcome> run(int steps, const TrainCallbacks& callbacks, const std::atomic<bool>& cancel);

    // Losses of the current generator, without an update (the CLI's eval).
    Result<LossSample> evaluate();

    StyleModel model() const;      // snapshot of the current weights
    Rgb8Image preview();           // the current output at working size, 8-bit
    Result<Image> currentOutput(); // the same in full float precision (what train --out-image writes)
    int stepsDone() const;
    int workingWidth() const;
    int workingHeight() const;

private:
    struct Impl;
    explicit Trainer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace hrstyle
