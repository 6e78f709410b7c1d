#pragma once
// The synthetic-image benchmark behind `hrstyle-cli bench` and the torch-only `hrstyle-bench`.
#include <string>

#include "hrstyle/Result.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

struct BenchResult {
    int size = 0;
    double trainStepSeconds = 0.0;  // median over the timed steps
    double inferSeconds = 0.0;      // median generator inference at the same size
    double peakRssMb = 0.0;         // process peak resident set so far
    int threads = 0;
    std::string device;             // "cpu" | "cuda"
};

Result<BenchResult> runBench(int size, int steps, DeviceChoice device);

std::string toJsonLine(const BenchResult& result);

}  // namespace hrstyle
