#pragma once
// The memory budgets export and training keep, and the models that check them before any work starts.
// Plain arithmetic over image sizes, no torch: the window's presenters use it too (the export dialog's
// refine-size cap).
#include <cstddef>
#include <cstdint>
#include <string>

#include "hrstyle/Image.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

// The memory budget of inference (export, apply, preset apply): the process's peak resident memory while it
// runs, image buffers included, whatever the photo's size. Preferences and --memory-limit change it.
constexpr std::size_t kDefaultMemoryLimitBytes = std::size_t{2} << 30;
constexpr std::size_t kMinimumMemoryLimitBytes = std::size_t{256} << 20;
// Training's (the window's Train, `hrstyle-cli train`): the default 512-px working size with a style image at
// its native size up to 1024 px needs 2.0-2.4 GB on the CPU, so training gets more than an export by default.
constexpr std::size_t kDefaultTrainingMemoryLimitBytes = std::size_t{4} << 30;

// The process's resident memory now, in bytes (0 where the system does not say).
std::size_t residentBytes();

// The largest photo, in pixels, that can be opened and restyled within `memoryLimitBytes`: decoding holds
// the file's samples and the Image at once, export the Image and its result. Larger photos are refused
// before they are decoded.
std::int64_t maxPixelsWithin(std::size_t memoryLimitBytes);

// The limit less what the process holds now (residentBytes); 0 when it holds that much already.
std::size_t bytesLeftUnder(std::size_t memoryLimitBytes);

// "1,234 MB" style text for messages: whole megabytes (MiB), rounded.
std::string megabytesText(double bytes);

// The sizes a training run works at, from the images' own sizes: the content at params.workingSize (long
// side, sides floored to multiples of 4; 0 = its own size cropped to multiples of 4), the style at
// params.styleSize, or maxStyleSide for a larger image, or else its own size.
ImageSize trainingContentSize(int width, int height, const TrainParams& params);
int trainingStyleLongSide(int width, int height, const TrainParams& params);  // 0: the style's own size
ImageSize trainingStyleSize(int width, int height, const TrainParams& params);

// What a CPU training run needs in memory over what the process holds when it starts, modelled from measured
// peaks (docs/performance.md, "Training memory"), for a content photo and a style image of these sizes.
std::size_t trainingMemoryBytes(int contentWidth, int contentHeight, int styleWidth, int styleHeight,
                                const TrainParams& params);

// The largest working size (long side, a multiple of 32, from 64 up to the photo's long side) whose training
// needs at most `availableBytes`; 0 if not even 64 px fits.
int largestWorkingSizeWithin(std::size_t availableBytes, int contentWidth, int contentHeight, int styleWidth,
                             int styleHeight, const TrainParams& params);

}  // namespace hrstyle
