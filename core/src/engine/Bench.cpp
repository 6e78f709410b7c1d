// Torch-free on purpose: the benchmark drives the public engine API like any caller would.
#include "hrstyle/Bench.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "hrstyle/Device.h"
#include "hrstyle/LossNetwork.h"
#include "hrstyle/Memory.h"
#include "hrstyle/StyleModel.h"
#include "hrstyle/Trainer.h"

namespace hrstyle {

namespace {

// A smooth gradient with a few rectangles: photo-like statistics, deterministic for a given seed.
Image syntheticImage(int side, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    Image image;
    image.width = image.height = side;
    image.rgb.resize(static_cast<std::size_t>(side) * side * 3);
    float corner[2][3];
    for (auto& c : corner) for (float& v : c) v = unit(rng);
    for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
            const float u = (x + 0.5f) / side;
            for (int c = 0; c < 3; ++c) image.rgb[(static_cast<std::size_t>(y) * side + x) * 3 + c] = Image::fromUnit((1 - u) * corner[0][c] + u * corner[1][c]);
        }
    }
    for (int k = 0; k < 3; ++k) {
        const int x0 = static_cast<int>(unit(rng) * side / 2), y0 = static_cast<int>(unit(rng) * side / 2);
        const float colour[3] = {unit(rng), unit(rng), unit(rng)};
        for (int y = y0; y < y0 + side / 3; ++y)
            for (int x = x0; x < x0 + side / 3; ++x)
                for (int c = 0; c < 3; ++c) image.rgb[(static_cast<std::size_t>(y) * side + x) * 3 + c] = Image::fromUnit(colour[c]);
    }
    return image;
}

double median(std::vector<double> values) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

double peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;  // Linux reports kilobytes
}

}  // namespace

Result<BenchResult> runBench(int size, int steps, DeviceChoice device) {
    Result<DeviceChoice> resolved = resolveDevice(device);
    if (!resolved) return resolved.failure();
    const int side = size - size % 4;
    if (side < 4 || steps < 1) return Error{"bench needs a size of at least 4 and at least one step"};
    const Image content = syntheticImage(side, 1), style = syntheticImage(side, 2);
    TrainParams params;
    params.workingSize = 0;  // the synthetic images already have the benchmark size
    params.maxStyleSide = 0;
    Result<std::unique_ptr<Trainer>> trainer =
        Trainer::create(LossNetwork::randomFeatures(), content, style, params, resolved.value());
    if (!trainer) return trainer.failure();

    std::vector<double> stepSeconds;
    TrainCallbacks callbacks;
    callbacks.onStep = [&](const LossSample& sample) { stepSeconds.push_back(sample.seconds); };
    const std::atomic<bool> never{false};
    Result<RunOutcome> run = trainer.value()->run(steps + 1, callbacks, never);  // step 0 is a warm-up
    if (!run) return run.failure();
    stepSeconds.erase(stepSeconds.begin());
    releaseFreeMemory();  // as the app does after a run (hrstyle/Memory.h)

    const StyleModel model = trainer.value()->model();
    std::vector<double> inferSeconds;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        Result<Image> out = model.apply(content, resolved.value());
        if (!out) return out.failure();
        inferSeconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }

    BenchResult result;
    result.size = side;
    result.trainStepSeconds = median(stepSeconds);
    result.inferSeconds = median(inferSeconds);
    result.peakRssMb = peakRssMb();
    result.threads = currentThreads();
    result.device = deviceName(resolved.value());
    return result;
}

std::string toJsonLine(const BenchResult& r) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "{\"size\":%d,\"train_step_s\":%.6f,\"infer_s\":%.6f,\"peak_rss_mb\":%.1f,\"threads\":%d,"
                  "\"device\":\"%s\"}",
                  r.size, r.trainStepSeconds, r.inferSeconds, r.peakRssMb, r.threads, r.device.c_str());
    return line;
}

}  // namespace hrstyle
