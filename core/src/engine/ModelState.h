#pragma once
// Core-internal definitions behind the public pimpl classes LossNetwork and StyleModel.
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "Networks.h"
#include "hrstyle/LossNetwork.h"
#include "hrstyle/StyleModel.h"

namespace hrstyle {

struct LossNetwork::Impl {
    engine::VggWeights weights;  // CPU, float32, frozen
    bool randomFeatures = false;
    std::string description;
};

struct StyleModel::Impl {
    // The HRNet state_dict in the seed's names and order, CPU float32, detached.
    std::vector<std::pair<std::string, torch::Tensor>> parameters;
    Metadata metadata;
};

namespace engine {

// Global-RNG users (module construction draws PyTorch's default init from it) take this lock, so two
// threads building networks cannot interleave their draws and break seeded determinism.
std::mutex& globalRngMutex();

// A fresh HRNet holding `state`'s weights, on `device`.
HRNet makeHRNet(const StyleModel::Impl& state, const torch::Device& device);
// Snapshot of a network's weights (detached CPU copies).
std::vector<std::pair<std::string, torch::Tensor>> snapshotParameters(const HRNet& net);

}  // namespace engine
}  // namespace hrstyle
