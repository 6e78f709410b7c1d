#include "TiledInference.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

#include "TorchSupport.h"

namespace hrstyle::engine {

namespace {

// Peak resident bytes per pixel of whole-image inference, measured at 1 and 3.8 MP (docs/performance.md).
constexpr double kBytesPerPixel = 2200.0;
constexpr double kShareOfAvailableMemory = 0.6;
constexpr int kDefaultTileSize = 1024;

double availableMemoryBytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    double kilobytes = 0.0;
    std::string unit;
    while (meminfo >> key >> kilobytes >> unit) {
        if (key == "MemAvailable:") return kilobytes * 1024.0;
    }
    return 8.0 * 1024 * 1024 * 1024;  // no /proc: assume a modest machine
}

int roundDownTo4(double value) { return std::max(4, static_cast<int>(value) / 4 * 4); }

// The statistics pass: a whole-image forward (at `scale`) that records every InstanceNorm's statistics.
void recordStatistics(HRNet& net, const torch::Tensor& image, double scale, NormStatistics& norms) {
    torch::Tensor small = image;
    if (scale < 1.0) {
        const int height = roundDownTo4(image.size(2) * scale), width = roundDownTo4(image.size(3) * scale);
        small = at::_upsample_bicubic2d_aa(image, {height, width}, /*align_corners=*/false);
    }
    net->forward(small, &norms);
    norms.startReplay();
}

}  // namespace

TilingPlan planInference(int width, int height) {
    const double pixels = static_cast<double>(width) * height;
    const double wholeImagePixels = availableMemoryBytes() * kShareOfAvailableMemory / kBytesPerPixel;
    TilingPlan plan;
    if (pixels <= wholeImagePixels) return plan;
    plan.tileSize = kDefaultTileSize;
    plan.statisticsScale = std::min(1.0, std::sqrt(wholeImagePixels / pixels));
    return plan;
}

torch::Tensor runGenerator(HRNet& net, const torch::Tensor& image, const TilingPlan& plan,
                           const std::function<void(double)>& onProgress, const std::function<bool()>& cancelled) {
    const int64_t height = image.size(2), width = image.size(3);
    if (plan.tileSize <= 0 || (plan.tileSize >= height && plan.tileSize >= width)) return net->forward(image);
    NormStatistics norms;
    recordStatistics(net, image, plan.statisticsScale, norms);
    torch::Tensor output = torch::empty({1, 3, height, width}, image.options().memory_format(at::MemoryFormat::Contiguous));
    const int64_t tile = plan.tileSize, margin = plan.margin;  // both multiples of 4: the strided convs align
    const int64_t tilesDown = (height + tile - 1) / tile, tilesAcross = (width + tile - 1) / tile;
    for (int64_t row = 0; row < tilesDown; ++row) {
        for (int64_t column = 0; column < tilesAcross; ++column) {
            if (cancelled()) throw Cancelled{};
            const int64_t y0 = row * tile, x0 = column * tile;
            const int64_t y1 = std::min(height, y0 + tile), x1 = std::min(width, x0 + tile);
            const int64_t top = std::max<int64_t>(0, y0 - margin), left = std::max<int64_t>(0, x0 - margin);
            const int64_t bottom = std::min(height, y1 + margin), right = std::min(width, x1 + margin);
            norms.startReplay();
            const torch::Tensor out = net->forward(image.slice(2, top, bottom).slice(3, left, right), &norms);
            output.slice(2, y0, y1).slice(3, x0, x1).copy_(out.slice(2, y0 - top, y1 - top).slice(3, x0 - left, x1 - left));
            if (onProgress) onProgress(static_cast<double>(row * tilesAcross + column + 1) / (tilesDown * tilesAcross));
        }
    }
    return output;
}

}  // namespace hrstyle::engine
