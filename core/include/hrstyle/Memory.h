#pragma once
// Process-wide memory settings for the engine's large, short-lived tensors (no LibTorch needed).

namespace hrstyle {

// glibc's malloc hands every block over 32 MB out as a fresh mmap() and returns it on free(), so each training
// step page-faults and zeroes its activations again: 20-40% of a CPU step (docs/performance.md). This keeps
// large blocks on the heap, one arena for all threads, and freed memory for the next step; releaseFreeMemory()
// gives it back (after a GUI training run, after each apply). No-op on other C libraries.
void configureAllocator();
void releaseFreeMemory();

}  // namespace hrstyle
