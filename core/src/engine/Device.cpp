#include "hrstyle/Device.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <thread>

namespace hrstyle {

bool cudaAvailable() { return torch::cuda::is_available(); }

Result<DeviceChoice> parseDeviceChoice(const std::string& text) {
    if (text == "auto") return DeviceChoice::Auto;
    if (text == "cpu") return DeviceChoice::Cpu;
    if (text == "cuda") return DeviceChoice::Cuda;
    return Error{"unknown device '" + text + "' (expected auto, cpu or cuda)"};
}

Result<DeviceChoice> resolveDevice(DeviceChoice choice) {
    switch (choice) {
    case DeviceChoice::Auto:
        return cudaAvailable() ? DeviceChoice::Cuda : DeviceChoice::Cpu;
    case DeviceChoice::Cuda:
        if (!cudaAvailable()) return Error{"CUDA requested, but this build of LibTorch has no CUDA or no GPU is present"};
        return DeviceChoice::Cuda;
    case DeviceChoice::Cpu:
        break;
    }
    return DeviceChoice::Cpu;
}

void configureThreads(int threads) {
    // Debian's LibTorch starts with one thread although the machine has more (docs/contributing.md, "CPU speed").
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    at::set_num_threads(threads > 0 ? threads : static_cast<int>(cores));
    // Denormal floats (below 1.2e-38) take ~100x longer per operation on x86; squared Gram differences of
    // small features produce them (the loss's elementwise ops took 3x longer here). Flushing them to zero
    // changes nothing above 1e-38. Threads created later (the GUI's worker, OpenMP's pool) inherit it.
    at::globalContext().setFlushDenormal(true);
}

int currentThreads() { return at::get_num_threads(); }

const char* deviceName(DeviceChoice resolved) {
    switch (resolved) {
    case DeviceChoice::Cpu: return "cpu";
    case DeviceChoice::Cuda: return "cuda";
    case DeviceChoice::Auto: break;
    }
    return "auto";
}

std::string describeDevice(DeviceChoice resolved) {
    if (resolved == DeviceChoice::Cuda) return "CUDA GPU";
    const int threads = currentThreads();
    return "CPU, " + std::to_string(threads) + (threads == 1 ? " thread" : " threads");
}

}  // namespace hrstyle
