#include "Criterion.h"

namespace hrstyle::engine {

namespace {

// Fallback calibration (SPEC §2, seen to work on chelsea.png + rocket.jpg): normalised terms, equal layer
// weights at the default sliders, and the style term x10 so that the default weights balance. Its Grams are
// also divided by the number of positions: the style image keeps its native size, and an unnormalised Gram
// of a larger image is larger by the pixel ratio, a gap the generator can never close (the trained VGG's
// loss copes by inflating activations; the relative random-feature loss would just stall).
constexpr double kRandomFeatureStyleGain = 10.0;
const StyleLayerWeights kDefaultLayerWeights = LossWeights{}.layers;

}  // namespace

torch::Tensor gramMatrix(const torch::Tensor& features) {
    const auto b = features.size(0), c = features.size(1), h = features.size(2), w = features.size(3);
    const torch::Tensor f = features.reshape({b * c, h * w});
    return torch::mm(f, f.t());
}

torch::Tensor Criterion::gramOf(const torch::Tensor& features) const {
    const torch::Tensor gram = gramMatrix(features);
    return m_randomFeatures ? gram / static_cast<double>(features.size(2) * features.size(3)) : gram;
}

Criterion::Criterion(VggWeights vgg, const torch::Tensor& content, const torch::Tensor& style, bool randomFeatures)
    : m_vgg(std::move(vgg)), m_randomFeatures(randomFeatures) {
    // Fixed targets are computed once, without a graph (the seed recomputed nothing per step either).
    torch::NoGradGuard noGrad;
    m_contentFeatures = vggForward(m_vgg, content).content;
    const VggTaps styleTaps = vggForward(m_vgg, style);
    for (std::size_t l = 0; l < m_styleGrams.size(); ++l) m_styleGrams[l] = gramOf(styleTaps.style[l]);
    if (m_randomFeatures) {
        m_contentScale = 1.0 / std::max(1e-12, m_contentFeatures.pow(2).mean().item<double>());
        for (std::size_t l = 0; l < m_styleGrams.size(); ++l) {
            m_styleScales[l] = 1.0 / std::max(1e-12, m_styleGrams[l].pow(2).mean().item<double>());
        }
    }
}

LossTerms Criterion::operator()(const torch::Tensor& output, const LossWeights& weights,
                                const Checkpoint& checkpoint) const {
    const VggTaps taps = vggForward(m_vgg, output, checkpoint);
    LossTerms terms;
    // Same operations in the same order as the reference, so float32 results agree to ~1e-6.
    terms.content = torch::mean(torch::pow(taps.content - m_contentFeatures, 2));
    for (std::size_t l = 0; l < m_styleGrams.size(); ++l) {
        const torch::Tensor& t = taps.style[l];
        const torch::Tensor squaredError = torch::mean(torch::pow(gramOf(t) - m_styleGrams[l], 2));
        if (m_randomFeatures) {
            const double layerWeight = weights.layers[l] / kDefaultLayerWeights[l];
            terms.styleLayers[l] = squaredError * (layerWeight * m_styleScales[l] * kRandomFeatureStyleGain);
        } else {
            terms.styleLayers[l] = weights.layers[l] * squaredError / (t.size(1) * t.size(2) * t.size(3));
        }
        terms.style = l == 0 ? terms.styleLayers[0] : terms.style + terms.styleLayers[l];
    }
    if (m_randomFeatures) terms.content = terms.content * m_contentScale;
    terms.total = weights.content * terms.content + weights.style * terms.style;
    return terms;
}

}  // namespace hrstyle::engine
