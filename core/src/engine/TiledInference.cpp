#include "TiledInference.h"

#include <algorithm>
#include <cmath>

namespace hrstyle::engine {

namespace {

constexpr int kMinimumTile = 64;
constexpr int kMaximumTile = 2048;    // beyond this, bigger tiles save little margin work
constexpr int kResizeBandRows = 256;  // rows of the full image converted at a time by the statistics resize

int roundDownTo4(double value) { return std::max(4, static_cast<int>(value) / 4 * 4); }

double passBytes(double pixels) { return pixels * kInferenceBytesPerPixel + kPassOverheadBytes; }

// The statistics pass's input: the padded image resized to `width` x `height` with antialiased bicubic, one
// band of rows at a time across (the filter is separable), then down: never the whole image in float.
at::Tensor downscaledInput(const Image& input, int paddedWidth, int paddedHeight, int width, int height) {
    at::Tensor across = at::empty({1, 3, paddedHeight, width}, at::kFloat);
    for (int top = 0; top < paddedHeight; top += kResizeBandRows) {
        const int rows = std::min(kResizeBandRows, paddedHeight - top);
        const at::Tensor band = regionToUnitTensor(input, {0, top, paddedWidth, rows});
        across.narrow(2, top, rows).copy_(at::_upsample_bicubic2d_aa(band, {rows, width}, /*align_corners=*/false));
    }
    return at::_upsample_bicubic2d_aa(across, {height, width}, /*align_corners=*/false);
}

// The statistics pass: a whole-image forward (at the plan's scale) that records every InstanceNorm's statistics.
void recordStatistics(HRNet& net, const Image& input, int paddedWidth, int paddedHeight, const InferencePlan& plan,
                      const c10::Device& device, NormStatistics& norms, const Checkpoint& checkpoint) {
    at::Tensor unit;
    if (plan.statisticsScale < 1.0) {
        unit = downscaledInput(input, paddedWidth, paddedHeight, roundDownTo4(paddedWidth * plan.statisticsScale),
                               roundDownTo4(paddedHeight * plan.statisticsScale));
    } else {
        unit = regionToUnitTensor(input, {0, 0, paddedWidth, paddedHeight});
    }
    net->forward(normaliseForNetwork(unit.to(device)), &norms, checkpoint);
    norms.startReplay();
}

}  // namespace

std::optional<InferencePlan> planInference(int width, int height, double workBytes) {
    const double pixels = static_cast<double>(width) * height;
    InferencePlan plan;
    if (passBytes(pixels) <= workBytes) return plan;
    // Square tiles: the largest whose pass (interior plus margins) fits.
    const double side = std::sqrt(std::max(0.0, workBytes - kPassOverheadBytes) / kInferenceBytesPerPixel) - 2.0 * plan.margin;
    if (side < kMinimumTile) return std::nullopt;
    plan.tileSize = std::min(kMaximumTile, roundDownTo4(side));
    plan.statisticsScale = std::min(1.0, std::sqrt((workBytes - kPassOverheadBytes) / (pixels * kInferenceBytesPerPixel)));
    return plan;
}

void runGenerator(HRNet& net, const Image& input, int paddedWidth, int paddedHeight, const InferencePlan& plan,
                  const c10::Device& device, Image& output, const std::function<void(double)>& onProgress,
                  const std::function<bool()>& cancelled) {
    const Checkpoint checkpoint = [&] {
        if (cancelled()) throw Cancelled{};
    };
    const int tile = plan.tileSize > 0 ? plan.tileSize : std::max(paddedWidth, paddedHeight);
    const int margin = plan.tileSize > 0 ? plan.margin : 0;  // multiples of 4: the strided convs stay aligned
    const bool wholeImage = tile >= paddedWidth && tile >= paddedHeight;
    NormStatistics norms;
    if (!wholeImage) recordStatistics(net, input, paddedWidth, paddedHeight, plan, device, norms, checkpoint);
    const int tilesDown = (paddedHeight + tile - 1) / tile, tilesAcross = (paddedWidth + tile - 1) / tile;
    for (int row = 0; row < tilesDown; ++row) {
        for (int column = 0; column < tilesAcross; ++column) {
            checkpoint();
            const int y0 = row * tile, x0 = column * tile;
            const int y1 = std::min(paddedHeight, y0 + tile), x1 = std::min(paddedWidth, x0 + tile);
            const int top = std::max(0, y0 - margin), left = std::max(0, x0 - margin);
            const int bottom = std::min(paddedHeight, y1 + margin), right = std::min(paddedWidth, x1 + margin);
            const at::Tensor x =
                normaliseForNetwork(regionToUnitTensor(input, {left, top, right - left, bottom - top}).to(device));
            norms.startReplay();
            const at::Tensor out = net->forward(x, wholeImage ? nullptr : &norms, checkpoint);
            writeNetworkOutput(out.narrow(2, y0 - top, y1 - y0).narrow(3, x0 - left, x1 - x0), output, x0, y0);
            if (onProgress) onProgress(static_cast<double>(row * tilesAcross + column + 1) / (tilesDown * tilesAcross));
        }
    }
}

}  // namespace hrstyle::engine
