#include "hrstyle/MemoryBudget.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace hrstyle {

namespace {

// Peak resident memory of `hrstyle-cli train` over its resident memory when training starts (~250 MB),
// measured on the CPU with 2 threads (random features; content 128-768 px, style 96-640 px): a step keeps
// the generator's and VGG19's activations for the backward pass (7.0-7.3 KB a content pixel above 192 px),
// the style targets come from one forward pass over the style image (1.3 KB a style pixel), and oneDNN's
// primitives and scratch, the loss network's copies and the step's small buffers take ~530 MB (a 224x168
// photo: 1,037 MB peak). Modelled with 560 MB so that small sizes stay under (128 px: 646 MB measured).
constexpr double kBytesPerContentPixel = 7.3 * 1024;
constexpr double kBytesPerStylePixel = 1.3 * 1024;
constexpr double kTrainingOverheadBytes = 560.0 * (1 << 20);

}  // namespace

std::size_t residentBytes() {
    std::ifstream statm("/proc/self/statm");  // Linux: total and resident size in pages
    std::size_t totalPages = 0, residentPages = 0;
    if (!(statm >> totalPages >> residentPages)) return 0;
    return residentPages * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

std::int64_t maxPixelsWithin(std::size_t memoryLimitBytes) {
    // Held per pixel at the peak of an export: the Image (6 bytes, 8 with alpha) and its result (6), or while
    // decoding the Image and the decoder's samples (up to 8, 16-bit RGBA). 16 covers either with room for
    // the process itself and the tiles.
    constexpr std::int64_t kBytesHeldPerPixel = 16;
    constexpr std::int64_t kMegapixel = 1'000'000;  // whole megapixels: the limit reads "134 MP" in messages
    return static_cast<std::int64_t>(memoryLimitBytes) / kBytesHeldPerPixel / kMegapixel * kMegapixel;
}

std::size_t bytesLeftUnder(std::size_t memoryLimitBytes) {
    const std::size_t held = residentBytes();
    return memoryLimitBytes > held ? memoryLimitBytes - held : 0;
}

std::string megabytesText(double bytes) {
    return std::to_string(std::llround(bytes / double(1 << 20))) + " MB";
}

ImageSize trainingContentSize(int width, int height, const TrainParams& params) {
    if (params.workingSize <= 0) return {width - width % 4, height - height % 4};
    return scaledToLongSide(width, height, params.workingSize, true);
}

int trainingStyleLongSide(int width, int height, const TrainParams& params) {
    const int native = std::max(width, height);
    if (params.styleSize <= 0 && params.maxStyleSide > 0 && native > params.maxStyleSide) return params.maxStyleSide;
    return std::max(params.styleSize, 0);
}

ImageSize trainingStyleSize(int width, int height, const TrainParams& params) {
    const int longSide = trainingStyleLongSide(width, height, params);
    return longSide > 0 ? scaledToLongSide(width, height, longSide, false) : ImageSize{width, height};
}

std::size_t trainingMemoryBytes(int contentWidth, int contentHeight, int styleWidth, int styleHeight,
                                const TrainParams& params) {
    const ImageSize content = trainingContentSize(contentWidth, contentHeight, params);
    const ImageSize style = trainingStyleSize(styleWidth, styleHeight, params);
    const double contentPixels = double(std::max(content.width, 0)) * std::max(content.height, 0);
    const double stylePixels = double(std::max(style.width, 0)) * std::max(style.height, 0);
    return static_cast<std::size_t>(kTrainingOverheadBytes + kBytesPerContentPixel * contentPixels +
                                    kBytesPerStylePixel * stylePixels);
}

int largestWorkingSizeWithin(std::size_t availableBytes, int contentWidth, int contentHeight, int styleWidth,
                             int styleHeight, const TrainParams& params) {
    constexpr int kStep = 32;
    constexpr int kSmallest = 64;
    TrainParams trial = params;
    int best = 0;
    // The need grows with the size, so a binary search over multiples of 32 finds the largest that fits.
    int low = kSmallest / kStep, high = std::max(contentWidth, contentHeight) / kStep;
    while (low <= high) {
        const int middle = (low + high) / 2;
        trial.workingSize = middle * kStep;
        if (trainingMemoryBytes(contentWidth, contentHeight, styleWidth, styleHeight, trial) <= availableBytes) {
            best = trial.workingSize;
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    return best;
}

}  // namespace hrstyle
