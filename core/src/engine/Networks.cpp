#include "Networks.h"

#include "OneDnn.h"
#include "TorchSupport.h"

namespace hrstyle::engine {

namespace nn = torch::nn;

namespace {

// The seed's conv_down(): 3x3, padding 1, stride 2 by default.
nn::Conv2d convDown(int in, int out, int stride = 2) {
    return nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(stride).padding(1));
}

torch::Tensor upsample(const torch::Tensor& x, int64_t scale) {
    if (oneDnnUsable(x)) return oneDnnUpsampleBilinear(x, scale);
    namespace F = torch::nn::functional;
    const auto factor = static_cast<double>(scale);
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .scale_factor(std::vector<double>{factor, factor})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
}

nn::InstanceNorm2d instanceNorm(int channels) {
    // affine=false, track_running_stats=false, eps 1e-5: torch's defaults, as in the seed.
    return nn::InstanceNorm2d(nn::InstanceNorm2dOptions(channels));
}

// In place: every ReLU here follows an InstanceNorm, whose backward needs its input, not its output; the
// values are identical, one full-resolution tensor less is written.
nn::ReLU inPlaceRelu() { return nn::ReLU(nn::ReLUOptions().inplace(true)); }

bool isInstanceNorm(const nn::AnyModule& module) { return module.ptr()->as<nn::InstanceNorm2dImpl>() != nullptr; }
bool isRelu(const nn::AnyModule& module) { return module.ptr()->as<nn::ReLUImpl>() != nullptr; }

// torch::cat along channels, whose gradient reaches each input as a dense channels-last tensor. Autograd's
// own cat backward hands out channel slices of the output gradient (every other channel block skipped), and
// LibTorch's kernels downstream take slow strided paths on them: bilinear upsampling's backward took 18 ms
// on such a slice at 256 px here, 3 ms on a dense copy (the copy costs ~1 ms).
class ChannelConcat : public torch::autograd::Function<ChannelConcat> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& first,
                                 const torch::Tensor& second) {
        context->saved_data["firstChannels"] = first.size(1);
        return torch::cat({first, second}, 1);
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list gradients) {
        const int64_t firstChannels = context->saved_data["firstChannels"].toInt();
        const torch::Tensor& gradient = gradients[0];
        const auto format = gradient.suggest_memory_format();
        return {gradient.narrow(1, 0, firstChannels).contiguous(format),
                gradient.narrow(1, firstChannels, gradient.size(1) - firstChannels).contiguous(format)};
    }
};

torch::Tensor concatenateChannels(const torch::Tensor& first, const torch::Tensor& second) {
    return ChannelConcat::apply(first, second);
}

// The end of a bottleneck block: relu(out + residual), out of place where autograd records (the seed's
// `out += residual` fails under modern autograd); in place without it, so an inference pass holds one
// full-resolution tensor fewer (`out` is the block's own temporary then).
torch::Tensor addAndRelu(const torch::Tensor& out, const torch::Tensor& residual) {
    if (c10::InferenceMode::is_enabled()) return torch::Tensor(out).add_(residual).relu_();
    return torch::relu(out + residual);
}

// Below 8 channels oneDNN has only a generic normalisation, 3x slower here than LibTorch's instance_norm.
constexpr int64_t kMinimumOneDnnNormChannels = 8;

// Runs `modules` in order; with `norms`, its InstanceNorms go through the recorded/replayed statistics, and
// on the oneDNN fast path each InstanceNorm runs there, fused with the ReLU that follows it.
torch::Tensor runSequence(nn::SequentialImpl::Iterator module, nn::SequentialImpl::Iterator end, torch::Tensor x,
                          NormStatistics* norms) {
    for (; module != end; ++module) {
        if (!isInstanceNorm(*module)) {
            x = module->forward(x);
        } else if (norms) {
            x = norms->normalise(x);
        } else if (oneDnnUsable(x) && x.size(1) >= kMinimumOneDnnNormChannels) {
            const bool relu = std::next(module) != end && isRelu(*std::next(module));
            x = oneDnnInstanceNorm(x, relu);
            if (relu) ++module;
        } else {
            x = module->forward(x);
        }
    }
    return x;
}
}  // namespace

torch::Tensor NormStatistics::normalise(const torch::Tensor& x) {
    constexpr double kEpsilon = 1e-5;  // InstanceNorm2d's default, as in the seed
    if (!m_replaying) {
        // Biased variance, as InstanceNorm; var_mean needs no temporary the size of x.
        const auto [variance, mean] = torch::var_mean(x, {2, 3}, /*unbiased=*/false, /*keepdim=*/true);
        m_meanAndInverseStd.emplace_back(mean, (variance + kEpsilon).rsqrt());
    }
    if (m_next >= m_meanAndInverseStd.size()) throw std::logic_error("NormStatistics: more norms replayed than recorded");
    const auto& [mean, inverseStd] = m_meanAndInverseStd[m_next++];
    // Without autograd, one new tensor the size of x instead of two (tiles of a large export run here).
    if (c10::InferenceMode::is_enabled()) return (x - mean).mul_(inverseStd);
    return (x - mean) * inverseStd;
}

ConvLayerImpl::ConvLayerImpl(int in, int out, int kernel, int stride) {
    conv = register_module("conv", nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2)));
}

torch::Tensor ConvLayerImpl::forward(const torch::Tensor& x) { return conv(x); }

BottleneckBlockImpl::BottleneckBlockImpl(int in, int out, int kernel, int stride)
    : inChannels(in), outChannels(out) {
    // push_back one by one: modules are initialised from the global RNG as they are constructed, and the
    // order must be the seed's (function-argument evaluation order is unspecified in C++).
    nn::Sequential identity;
    identity->push_back(ConvLayer(in, out / 4, 1));
    identity->push_back(instanceNorm(out / 4));
    identity->push_back(inPlaceRelu());
    identity->push_back(ConvLayer(out / 4, out / 4, kernel, stride));
    identity->push_back(instanceNorm(out / 4));
    identity->push_back(inPlaceRelu());
    identity->push_back(ConvLayer(out / 4, out, 1));
    identity->push_back(instanceNorm(out));
    identity->push_back(inPlaceRelu());
    identity_block = register_module("identity_block", identity);

    nn::Sequential shortcutPath;
    shortcutPath->push_back(ConvLayer(in, out, 1, stride));
    shortcutPath->push_back(instanceNorm(out));
    shortcut = register_module("shortcut", shortcutPath);
}

torch::Tensor BottleneckBlockImpl::forward(const torch::Tensor& x, NormStatistics* norms) {
    const torch::Tensor out = runSequence(identity_block->begin(), identity_block->end(), x, norms);
    const torch::Tensor residual =
        inChannels == outChannels ? x : runSequence(shortcut->begin(), shortcut->end(), x, norms);
    return addAndRelu(out, residual);
}

torch::Tensor BottleneckBlockImpl::forwardFromFirstConvolutions(torch::Tensor identityStart,
                                                                const torch::Tensor& shortcutStart,
                                                                NormStatistics* norms) {
    const torch::Tensor out = runSequence(std::next(identity_block->begin()), identity_block->end(),
                                          std::move(identityStart), norms);
    const torch::Tensor residual = runSequence(std::next(shortcut->begin()), shortcut->end(), shortcutStart, norms);
    return addAndRelu(out, residual);
}

HRNetImpl::HRNetImpl() {
    // Registration order = the seed's __init__ order, which fixes the initialisation's RNG draws.
    layer1_1 = register_module("layer1_1", BottleneckBlock(3, 16));
    layer2_1 = register_module("layer2_1", BottleneckBlock(16, 32));
    downsample2_1 = register_module("downsample2_1", convDown(16, 32));
    layer3_1 = register_module("layer3_1", BottleneckBlock(32, 32));
    layer3_2 = register_module("layer3_2", BottleneckBlock(32, 32));
    downsample3_1 = register_module("downsample3_1", convDown(32, 32));
    downsample3_2 = register_module("downsample3_2", convDown(32, 32, 4));
    downsample3_3 = register_module("downsample3_3", convDown(32, 32));
    layer4_1 = register_module("layer4_1", BottleneckBlock(64, 64));
    layer5_1 = register_module("layer5_1", BottleneckBlock(192, 64));
    layer6_1 = register_module("layer6_1", BottleneckBlock(64, 32));
    layer7_1 = register_module("layer7_1", BottleneckBlock(32, 16));
    layer8_1 = register_module("layer8_1", convDown(16, 3, 1));
}

torch::Tensor HRNetImpl::forward(const torch::Tensor& x, NormStatistics* norms, const Checkpoint& checkpoint) {
    // Three resolutions (1, 1/2, 1/4) exchanged and fused back at full resolution (seed's forward()).
    // Intermediates are released after their last use: without autograd (inference, export) that is what
    // bounds peak memory on large images; with autograd the graph keeps what backward needs anyway.
    const auto reached = [&checkpoint] {
        if (checkpoint) checkpoint();
    };
    torch::Tensor m11 = layer1_1(x, norms);
    reached();
    torch::Tensor m21 = layer2_1(m11, norms);
    torch::Tensor m22 = downsample2_1(m11);
    m11.reset();
    reached();
    torch::Tensor m31 = concatenateChannels(layer3_1(m21, norms), upsample(m22, 2));
    const torch::Tensor m32 = concatenateChannels(downsample3_1(m21), layer3_2(m22, norms));
    const torch::Tensor m33 = concatenateChannels(downsample3_2(m21), downsample3_3(m22));
    m21.reset();
    m22.reset();
    reached();
    torch::Tensor m41 = layer4_1(m31, norms);
    m31.reset();
    reached();
    if (referenceOrder()) m41 = torch::cat({m41, upsample(m32, 2), upsample(m33, 4)}, 1);
    torch::Tensor out = referenceOrder() ? layer5_1(m41, norms) : layer5FromParts(m41, m32, m33, norms);
    m41.reset();
    reached();
    out = layer6_1(out, norms);
    reached();
    return layer8_1(layer7_1(out, norms));
}

// layer5_1 reads m41 = cat(full, up(half, 2), up(quarter, 4)), 192 channels at full resolution, only through
// two 1x1 convolutions (its identity path's first conv, 192->16, and its shortcut, 192->64). A 1x1 conv mixes
// channels and bilinear upsampling mixes positions, so they commute: conv(up(x)) = up(conv(x)). Convolving
// `half` and `quarter` at their own resolution and upsampling the 80 result channels gives the same values,
// up to float rounding, without building m41: those two convolutions were 22% of the generator's training
// time at 256 px (profile in docs/performance.md).
torch::Tensor HRNetImpl::layer5FromParts(const torch::Tensor& full, const torch::Tensor& half,
                                         const torch::Tensor& quarter, NormStatistics* norms) {
    const int64_t parts = full.size(1);  // 64 channels from each resolution
    // Each path's conv separately (not one 80-channel conv split afterwards): narrowed channel views are not
    // dense, and every consumer would copy them (LibTorch and oneDNN both want dense tensors).
    const auto fromParts = [&](const nn::Conv2d& conv) {
        const torch::Tensor& w = conv->weight;
        // Summed in place: a convolution's output is not saved for its backward, so autograd allows it, and
        // an inference pass on a large tile holds two full-resolution 64-channel tensors fewer.
        return torch::conv2d(full, w.narrow(1, 0, parts), conv->bias)
            .add_(upsample(torch::conv2d(half, w.narrow(1, parts, parts)), 2))
            .add_(upsample(torch::conv2d(quarter, w.narrow(1, 2 * parts, parts)), 4));
    };
    return layer5_1->forwardFromFirstConvolutions(fromParts(layer5_1->identity_block[0]->as<ConvLayerImpl>()->conv),
                                                  fromParts(layer5_1->shortcut[0]->as<ConvLayerImpl>()->conv), norms);
}

VggWeights VggWeights::to(const torch::Device& device) const {
    VggWeights moved;
    for (const auto& w : weights) moved.weights.push_back(w.to(device).contiguous(preferredMemoryFormat()));
    for (const auto& b : biases) moved.biases.push_back(b.to(device));
    return moved;
}

VggTaps vggForward(const VggWeights& vgg, const torch::Tensor& input, const Checkpoint& checkpoint) {
    // The fast path for training steps; fixed targets and evaluation (no gradient) stay on LibTorch's
    // direct convolutions, which agree with the reference to float rounding.
    if (oneDnnUsable(input) && input.requires_grad() && torch::GradMode::is_enabled()) {
        return oneDnnVggForward(vgg, input, checkpoint);
    }
    VggTaps taps;
    torch::Tensor x = input;
    int styleTap = 0;
    for (int i = 0; i < kVggConvCount; ++i) {
        // In-place ReLU is safe: its backward needs only its output, and nothing later writes to it.
        if (checkpoint) checkpoint();
        x = torch::conv2d(x, vgg.weights[i], vgg.biases[i], 1, 1).relu_();
        if (checkpoint && x.requires_grad()) x.register_hook([checkpoint](const torch::Tensor&) { checkpoint(); });
        if (styleTap < 5 && kVggStyleTapConv[styleTap] == i) taps.style[styleTap++] = x;
        if (i == kVggContentTapConv) taps.content = x;
        if (kVggPoolAfter[i]) x = torch::max_pool2d(x, 2, 2);
    }
    return taps;
}

}  // namespace hrstyle::engine
