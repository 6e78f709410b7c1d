#pragma once
// Process-wide memory settings for the engine's large, short-lived CPU tensors.

#include <cstddef>

namespace hrstyle {

// A training step allocates the same large buffers every step; served fresh by the system each time they
// are page-faulted and zeroed again (20-40% of a CPU step, docs/performance.md). configureAllocator() puts a
// cache of freed large blocks in front of LibTorch's CPU allocator (call it once at start-up);
// releaseFreeMemory() empties it (after a GUI training run, after each apply).
void configureAllocator();
void releaseFreeMemory();
std::size_t cachedFreeBytes();  // freed blocks the cache holds for reuse

}  // namespace hrstyle
