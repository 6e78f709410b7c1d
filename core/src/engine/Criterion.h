#pragma once
// Core-internal: the perceptual loss of docs/algorithm.md against content features and style Grams fixed once per run.
#include <array>

#include "Networks.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle::engine {

struct LossTerms {
    torch::Tensor content;                 // unweighted content loss (0-d)
    std::array<torch::Tensor, 5> styleLayers;  // each layer's weighted term (0-d)
    torch::Tensor style;                   // sum of styleLayers
    torch::Tensor total;                   // content weight * content + style weight * style
};

// G = F Fᵀ with F the features reshaped to (b·c, h·w); not normalised (the seed's gram_matrix).
torch::Tensor gramMatrix(const torch::Tensor& features);

class Criterion {
public:
    // `vgg` must live on the same device as the images. With `randomFeatures`, every term is normalised by
    // the target's own scale (random features have other scales than trained ones; docs/algorithm.md).
    Criterion(VggWeights vgg, const torch::Tensor& content, const torch::Tensor& style, bool randomFeatures);

    LossTerms operator()(const torch::Tensor& output, const LossWeights& weights,
                         const Checkpoint& checkpoint = {}) const;

private:
    torch::Tensor gramOf(const torch::Tensor& features) const;  // per-position Gram with random features
    // mean((gramOf(features) - targetGram)²)
    torch::Tensor styleError(const torch::Tensor& features, const torch::Tensor& targetGram) const;

    VggWeights m_vgg;
    torch::Tensor m_contentFeatures;
    std::array<torch::Tensor, 5> m_styleGrams;
    bool m_randomFeatures;
    double m_contentScale = 1.0;             // random features: 1 / mean(C²)
    std::array<double, 5> m_styleScales{};   // random features: 1 / mean(G_S²)
};

}  // namespace hrstyle::engine
