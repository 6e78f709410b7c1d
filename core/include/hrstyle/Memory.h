#pragma once
// Process-wide memory settings for the engine's large, short-lived CPU tensors, and the memory budget that
// inference keeps.

#include <cstddef>
#include <cstdint>

namespace hrstyle {

// A training step allocates the same large buffers every step; served fresh by the system each time they
// are page-faulted and zeroed again (20-40% of a CPU step, docs/performance.md). configureAllocator() puts a
// cache of freed large blocks in front of LibTorch's CPU allocator (call it once at start-up);
// releaseFreeMemory() empties it (after a GUI training run, after each apply).
void configureAllocator();
void releaseFreeMemory();
std::size_t cachedFreeBytes();  // freed blocks the cache holds for reuse

// While one lives on a thread, the large tensors that thread allocates bypass the cache: one-off passes
// (inference) whose sizes do not repeat step after step, where cached blocks would only add up.
class AllocatorCacheBypass {
public:
    AllocatorCacheBypass();
    ~AllocatorCacheBypass();
    AllocatorCacheBypass(const AllocatorCacheBypass&) = delete;
    AllocatorCacheBypass& operator=(const AllocatorCacheBypass&) = delete;
};

// The memory budget of inference (export, apply, preset apply): the process's peak resident memory while it
// runs, image buffers included, whatever the photo's size. Preferences and --memory-limit change it.
constexpr std::size_t kDefaultMemoryLimitBytes = std::size_t{2} << 30;
constexpr std::size_t kMinimumMemoryLimitBytes = std::size_t{256} << 20;

// The process's resident memory now, in bytes (0 where the system does not say).
std::size_t residentBytes();

// The largest photo, in pixels, that can be opened and restyled within `memoryLimitBytes`: decoding holds
// the file's samples and the Image at once, export the Image and its result. Larger photos are refused
// before they are decoded.
std::int64_t maxPixelsWithin(std::size_t memoryLimitBytes);

}  // namespace hrstyle
