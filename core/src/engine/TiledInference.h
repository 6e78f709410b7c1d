#pragma once
// Core-internal: generator inference in bounded memory. The whole image in one pass when it fits; else
// tiles with a margin, whose InstanceNorms use statistics recorded on the whole image first (the network
// normalises with image-wide statistics, so plain tiles would each get their own and show seams).
#include <atomic>
#include <functional>

#include "Networks.h"

namespace hrstyle::engine {

struct TilingPlan {
    int tileSize = 0;               // interior side of a tile in pixels (multiple of 4); 0 = whole image
    int margin = 64;                // context around each tile: covers the generator's receptive field
    double statisticsScale = 1.0;   // the statistics pass runs on the image scaled by this (<= 1)
};

// Whole image when its estimated peak memory fits comfortably in what the machine has available; else
// 1024-pixel tiles, with statistics from the image scaled down to what fits.
TilingPlan planInference(int width, int height);

// `image`: 1x3xHxW normalised, H and W multiples of 4. Runs without autograd. `onProgress` gets fractions
// in [0,1]; `cancelled` is polled between tiles and throws Cancelled.
torch::Tensor runGenerator(HRNet& net, const torch::Tensor& image, const TilingPlan& plan,
                           const std::function<void(double)>& onProgress, const std::function<bool()>& cancelled);

}  // namespace hrstyle::engine
