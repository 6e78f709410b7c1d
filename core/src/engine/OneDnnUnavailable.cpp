// Builds without oneDNN's headers: no fast path, LibTorch's operators everywhere (OneDnn.h).
#include <stdexcept>

#include "OneDnn.h"

namespace hrstyle::engine {

bool oneDnnUsable(const torch::Tensor&) { return false; }

torch::Tensor matrixProduct(const torch::Tensor& a, const torch::Tensor& b) { return torch::mm(a, b); }

torch::Tensor oneDnnInstanceNorm(const torch::Tensor&, bool) {
    throw std::logic_error("oneDnnInstanceNorm: built without oneDNN");
}

torch::Tensor oneDnnUpsampleBilinear(const torch::Tensor&, int64_t) {
    throw std::logic_error("oneDnnUpsampleBilinear: built without oneDNN");
}

VggTaps oneDnnVggForward(const VggWeights&, const torch::Tensor&, const Checkpoint&) {
    throw std::logic_error("oneDnnVggForward: built without oneDNN");
}

}  // namespace hrstyle::engine
