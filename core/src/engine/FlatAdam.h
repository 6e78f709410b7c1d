#pragma once
// Core-internal: Adam over all of a network's parameters as one flat tensor.
#include <torch/torch.h>

#include <vector>

namespace hrstyle::engine {

// torch.optim.Adam's update (betas 0.9/0.999, eps 1e-8, no weight decay: the seed's optimiser), elementwise
// the same operations as torch::optim::Adam, so the same values. The generator has ~71k parameters in 70
// tensors: torch::optim::Adam runs ~8 small operations per tensor, plus zero_grad and the per-step snapshot,
// ~700 operations costing ~20 ms of a 0.6 s step at 256 px here. Here the parameters and their gradients are
// views into two flat tensors, so each of those is one operation on 71k values.
class FlatAdam {
public:
    // Moves every parameter's storage into one flat tensor (values and memory layout kept) and gives each a
    // gradient that is a view into a second one.
    explicit FlatAdam(const std::vector<torch::Tensor>& parameters);

    // Zeroes all gradients; backward then accumulates into them in place.
    void zeroGrad();
    void step(double learningRate);

    // All parameter values, in one tensor (a copy), and back.
    torch::Tensor snapshot() const;
    void restore(const torch::Tensor& snapshot);

private:
    torch::Tensor m_values, m_gradients, m_averages, m_squareAverages;
    int64_t m_steps = 0;
};

}  // namespace hrstyle::engine
