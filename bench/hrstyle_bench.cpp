// hrstyle-bench: `hrstyle-cli bench` without Qt or OpenCV, for machines that only have a LibTorch (e.g. a
// CUDA one from a PyTorch install). Usage: hrstyle-bench [--size L]... [--steps N] [--threads T] [--device D]
// Prints one JSON object per size per line, the same keys as hrstyle-cli bench --json.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "hrstyle/Bench.h"
#include "hrstyle/Device.h"
#include "hrstyle/Memory.h"

namespace {

int usage(const char* problem) {
    std::fprintf(stderr, "hrstyle-bench: %s\nusage: hrstyle-bench [--size L]... [--steps N] [--threads T] "
                         "[--device auto|cpu|cuda]\n", problem);
    return 2;
}

bool parsePositive(const char* text, int& value) {
    char* end = nullptr;
    const long parsed = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || parsed < 1 || parsed > 1 << 20) return false;
    value = static_cast<int>(parsed);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<int> sizes;
    int steps = 5, threads = 0;
    hrstyle::DeviceChoice device = hrstyle::DeviceChoice::Auto;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            usage("synthetic-image training and inference benchmark");
            return 0;
        }
        if (flag == "--json") continue;  // the only output format; accepted for symmetry with hrstyle-cli
        if (i + 1 >= argc) return usage(("missing value for " + flag).c_str());
        const char* value = argv[++i];
        int number = 0;
        if (flag == "--size" && parsePositive(value, number)) sizes.push_back(number);
        else if (flag == "--steps" && parsePositive(value, number)) steps = number;
        else if (flag == "--threads" && parsePositive(value, number)) threads = number;
        else if (flag == "--device") {
            const hrstyle::Result<hrstyle::DeviceChoice> parsed = hrstyle::parseDeviceChoice(value);
            if (!parsed) return usage(parsed.error().c_str());
            device = parsed.value();
        } else return usage(("bad option or value: " + flag + " " + value).c_str());
    }
    if (sizes.empty()) sizes = {256, 512};
    hrstyle::configureThreads(threads);
    hrstyle::configureAllocator();
    for (int size : sizes) {
        const hrstyle::Result<hrstyle::BenchResult> result = hrstyle::runBench(size, steps, device);
        if (!result) {
            std::fprintf(stderr, "hrstyle-bench: %s\n", result.error().c_str());
            return 1;
        }
        std::printf("%s\n", hrstyle::toJsonLine(result.value()).c_str());
        std::fflush(stdout);
    }
    return 0;
}
