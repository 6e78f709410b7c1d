#pragma once
// Compute device selection and process settings. LibTorch defaults to ONE thread on Debian (docs/contributing.md),
// so every entry point calls configureThreads() first (and configureAllocator(), hrstyle/Memory.h).
#include <string>

#include "hrstyle/Result.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

bool cudaAvailable();

// "auto" | "cpu" | "cuda" -> DeviceChoice; unknown text is an error naming it.
Result<DeviceChoice> parseDeviceChoice(const std::string& text);

// Auto becomes Cuda when LibTorch was built with CUDA and a GPU is present, else Cpu. Cuda without a GPU is
// an error.
Result<DeviceChoice> resolveDevice(DeviceChoice choice);

// Sets LibTorch's intra-op thread count (threads <= 0 means one per hardware core) and flushes denormal
// floats to zero on this thread and the threads it creates later (a CPU speed matter, docs/performance.md).
void configureThreads(int threads);
int currentThreads();

// For status bars and logs: "CPU, 2 threads" or "CUDA: NVIDIA H200".
std::string describeDevice(DeviceChoice resolved);
const char* deviceName(DeviceChoice resolved);  // "cpu" | "cuda" | "auto"

}  // namespace hrstyle
