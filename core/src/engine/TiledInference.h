#pragma once
// Core-internal: generator inference within a memory budget, whatever the photo's size. The whole image in
// one pass when that fits the budget; else tiles with a margin, whose InstanceNorms replay statistics recorded
// first on the whole image, scaled down as far as the budget needs (the network normalises with image-wide
// statistics, so plain tiles would each get their own and show seams). docs/performance.md, "Large photos",
// has the measurements behind the cost model.
#include <cstdint>
#include <functional>
#include <optional>

#include "Networks.h"
#include "TorchSupport.h"

namespace hrstyle::engine {

// Peak bytes a generator forward pass adds per input pixel without autograd, input and output conversions
// included: 1.18 KB measured at 1 MP (docs/performance.md, "Large photos"), with some room.
constexpr double kInferenceBytesPerPixel = 1300.0;
// And per pass, whatever its size: what oneDNN and LibTorch set up for a new shape (primitives, scratchpads,
// thread-local buffers), which shows on small tiles (measured: 7-15 MB over the tensors' share).
constexpr double kPassOverheadBytes = 32.0 * (1 << 20);
// What apply() keeps out of the passes' share of the budget: allocator slack, the thread pools, the GUI's own
// work while an export runs: a share of the budget and a fixed amount.
constexpr double kReservedShare = 0.04;
constexpr double kReservedBytes = 32.0 * (1 << 20);

struct InferencePlan {
    int tileSize = 0;               // interior side of a tile in pixels (multiple of 4); 0 = whole image
    int margin = 64;                // context around each tile: covers the generator's receptive field
    double statisticsScale = 1.0;   // the statistics pass runs on the image scaled by this (<= 1)
};

// The plan for a `width` x `height` input (multiples of 4) whose passes may use `workBytes` of memory, or
// nothing when even the smallest tile does not fit.
std::optional<InferencePlan> planInference(int width, int height, double workBytes);

// Stylises `input`, padded on the right and bottom to `paddedWidth` x `paddedHeight` (multiples of 4) by
// repeating its edge pixels, into `output` (already `input`'s size). Runs without autograd on `device`.
// `onProgress` gets fractions in [0,1]; `cancelled` is polled between tiles and inside each pass, and throws
// Cancelled.
void runGenerator(HRNet& net, const Image& input, int paddedWidth, int paddedHeight, const InferencePlan& plan,
                  const c10::Device& device, Image& output, const std::function<void(double)>& onProgress,
                  const std::function<bool()>& cancelled);

}  // namespace hrstyle::engine
