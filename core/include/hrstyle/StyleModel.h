#pragma once
// A trained HRNet generator: a reusable "style" (docs/file-formats.md, "Trained generator").
// Immutable value; copies share the weights. apply() is safe to call from any thread.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "hrstyle/Image.h"
#include "hrstyle/Memory.h"
#include "hrstyle/Result.h"
#include "hrstyle/SafeTensors.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

class StyleModel {
public:
    // PyTorch's default initialisation after manual_seed(seed), exactly as the reference's HRNet().
    static StyleModel initialised(std::uint64_t seed);

    // The seed's state_dict names; a missing key or wrong shape is an error naming both shapes.
    static Result<StyleModel> load(const std::string& path);
    // Atomic write; metadata values are JSON strings (docs/file-formats.md).
    Status save(const std::string& path, const Metadata& metadata) const;

    // Stylises an image of any size: pads to a multiple of 4 (replicate), runs the network, crops back.
    // With longSide > 0 the input is first resized (antialiased bicubic) so its long side is longSide; alpha
    // is carried over unchanged when the size is kept, and dropped when it changes.
    Result<Image> apply(const Image& input, DeviceChoice device, int longSide = 0) const;

    // The same for long exports: `onProgress` gets fractions in [0,1] on the calling thread, and `cancel`
    // (may be null) stops the work early, within a tile, with an ErrorKind::Cancelled error ("cancelled").
    struct ApplyControl {
        std::function<void(double fraction)> onProgress;
        const std::atomic<bool>* cancel = nullptr;
        // The process's peak resident memory while apply() runs stays within this, image buffers included:
        // the whole image in one pass when that fits, else tiles sized from what is left, whose InstanceNorm
        // statistics come from the whole image (scaled down as far as the budget needs). A photo whose
        // buffers alone do not fit is refused before any work, with a message. Holds in a process that called
        // configureAllocator() (hrstyle/Memory.h) at start-up, as both executables do.
        std::size_t memoryLimitBytes = kDefaultMemoryLimitBytes;
        // > 0 forces tiles of this side (a multiple of 4) with full-resolution statistics: for tests.
        int tileSize = 0;
    };
    static constexpr const char* kCancelledMessage = "cancelled";
    Result<Image> apply(const Image& input, DeviceChoice device, int longSide, const ApplyControl& control) const;

    const Metadata& metadata() const;
    std::int64_t parameterCount() const;

    struct Impl;  // core-internal
    const Impl& impl() const { return *m_impl; }
    explicit StyleModel(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}

private:
    Result<Image> applyOn(const Image& input, DeviceChoice resolved, int longSide, const ApplyControl& control) const;

    std::shared_ptr<const Impl> m_impl;
};

}  // namespace hrstyle
