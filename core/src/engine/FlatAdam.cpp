#include "FlatAdam.h"

#include <cmath>

namespace hrstyle::engine {

namespace {

constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEpsilon = 1e-8;  // torch.optim.Adam's defaults

// A view into `flat` with `like`'s sizes and strides (a dense tensor fills exactly numel() elements).
torch::Tensor viewLike(const torch::Tensor& flat, const torch::Tensor& like, int64_t offset) {
    return flat.as_strided(like.sizes(), like.strides(), offset);
}

}  // namespace

FlatAdam::FlatAdam(const std::vector<torch::Tensor>& parameters) {
    int64_t total = 0;
    for (const auto& p : parameters) {
        TORCH_CHECK(p.is_non_overlapping_and_dense(), "FlatAdam: parameters must be dense");
        total += p.numel();
    }
    const auto options = parameters.empty() ? torch::TensorOptions(torch::kFloat) : parameters.front().options();
    m_values = torch::empty({total}, options);
    m_gradients = torch::zeros({total}, options);
    m_averages = torch::zeros({total}, options);
    m_squareAverages = torch::zeros({total}, options);
    torch::NoGradGuard noGrad;
    int64_t offset = 0;
    for (auto p : parameters) {
        torch::Tensor values = viewLike(m_values, p, offset);
        values.copy_(p);
        p.set_data(values);
        p.mutable_grad() = viewLike(m_gradients, p, offset);
        offset += p.numel();
    }
}

void FlatAdam::zeroGrad() { m_gradients.zero_(); }

void FlatAdam::step(double learningRate) {
    torch::NoGradGuard noGrad;
    ++m_steps;
    const double biasCorrection1 = 1 - std::pow(kBeta1, static_cast<double>(m_steps));
    const double biasCorrection2 = 1 - std::pow(kBeta2, static_cast<double>(m_steps));
    m_averages.mul_(kBeta1).add_(m_gradients, 1 - kBeta1);
    m_squareAverages.mul_(kBeta2).addcmul_(m_gradients, m_gradients, 1 - kBeta2);
    const torch::Tensor denominator = (m_squareAverages.sqrt() / std::sqrt(biasCorrection2)).add_(kEpsilon);
    m_values.addcdiv_(m_averages, denominator, -learningRate / biasCorrection1);
}

torch::Tensor FlatAdam::snapshot() const { return m_values.clone(); }

void FlatAdam::restore(const torch::Tensor& snapshot) {
    torch::NoGradGuard noGrad;
    m_values.copy_(snapshot);
}

}  // namespace hrstyle::engine
