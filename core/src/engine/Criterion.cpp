#include "Criterion.h"

#include "OneDnn.h"
#include "TorchSupport.h"

namespace hrstyle::engine {

namespace {

// Fallback calibration (docs/algorithm.md, seen to work on chelsea.png + rocket.jpg): normalised terms, equal layer
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

namespace {

// One image's features as a (positions x channels) matrix M, so that G = MᵀM: a view, no copy, of the
// channels-last tensors the fast path produces.
torch::Tensor positionsByChannels(const torch::Tensor& features) {
    return features.permute({0, 2, 3, 1}).reshape({-1, features.size(1)});
}

// mean((s·MᵀM - T)²) for one image's features, with its gradient written out: dL/dM = s·M·(4/C²)(G - T)
// (G - T is symmetric), one GEMM where autograd's mm backward takes two plus transposed copies. Measured
// ~100 ms of a 1.1 s step at 256 px before (docs/performance.md).
class StyleErrorFunction : public torch::autograd::Function<StyleErrorFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& features,
                                 const torch::Tensor& targetGram, double gramScale) {
        const torch::Tensor m = positionsByChannels(features);
        torch::Tensor difference = matrixProduct(m.t(), m);
        if (gramScale != 1.0) difference.mul_(gramScale);
        difference.sub_(targetGram);
        context->save_for_backward({features, difference});
        context->saved_data["gramScale"] = gramScale;
        return difference.pow(2).mean();
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list gradients) {
        const auto saved = context->get_saved_variables();
        const torch::Tensor &features = saved[0], &difference = saved[1];
        const double channels = static_cast<double>(features.size(1));
        const torch::Tensor scale = gradients[0] * (4.0 * context->saved_data["gramScale"].toDouble() /
                                                    (channels * channels));
        const torch::Tensor m = positionsByChannels(features);
        const torch::Tensor mGradient = matrixProduct(m, difference * scale);  // (positions x channels)
        const auto h = features.size(2), w = features.size(3);
        return {mGradient.view({1, h, w, features.size(1)}).permute({0, 3, 1, 2}), torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor Criterion::gramOf(const torch::Tensor& features) const {
    const torch::Tensor gram = gramMatrix(features);
    return m_randomFeatures ? gram / static_cast<double>(features.size(2) * features.size(3)) : gram;
}

torch::Tensor Criterion::styleError(const torch::Tensor& features, const torch::Tensor& targetGram) const {
    if (referenceOrder() || features.size(0) != 1) return torch::mean(torch::pow(gramOf(features) - targetGram, 2));
    const double gramScale = m_randomFeatures ? 1.0 / static_cast<double>(features.size(2) * features.size(3)) : 1.0;
    return StyleErrorFunction::apply(features, targetGram, gramScale);
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
    // The reference's formulas (in the reference order also its operations: float32 results agree to ~1e-6).
    terms.content = torch::mean(torch::pow(taps.content - m_contentFeatures, 2));
    for (std::size_t l = 0; l < m_styleGrams.size(); ++l) {
        const torch::Tensor& t = taps.style[l];
        const torch::Tensor squaredError = styleError(t, m_styleGrams[l]);
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
