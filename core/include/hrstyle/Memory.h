#pragma once
// Process-wide memory settings for the engine's large, short-lived CPU tensors (the budgets themselves are
// in MemoryBudget.h).

#include <cstddef>
#include <cstdint>

#include "hrstyle/MemoryBudget.h"

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

}  // namespace hrstyle
