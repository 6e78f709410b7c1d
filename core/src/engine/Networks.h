#pragma once
// Core-internal: the HRNet generator (the seed's architecture and state_dict names, docs/algorithm.md) and the VGG19
// feature stack of the loss.
#include <torch/torch.h>

#include <array>
#include <functional>
#include <vector>

namespace hrstyle::engine {

// Called between layers (forward) and, through gradient hooks, between layers of the backward pass; it may
// throw to abandon the step (cancellation). Empty = no checkpoints.
using Checkpoint = std::function<void()>;

// Instance normalisation whose statistics can be recorded from one whole image (possibly scaled down) and
// replayed on its tiles: how a large export runs in bounded memory (the generator's InstanceNorms need
// image-wide statistics).
class NormStatistics {
public:
    // Record: normalise with the input's own statistics and remember them, in call order.
    // Replay: normalise with the remembered ones, in the same call order, from the first again.
    void startReplay() {
        m_replaying = true;
        m_next = 0;
    }
    torch::Tensor normalise(const torch::Tensor& x);

private:
    bool m_replaying = false;
    std::size_t m_next = 0;
    std::vector<std::pair<torch::Tensor, torch::Tensor>> m_meanAndInverseStd;
};

// ConvLayer = Conv2d with zero padding k//2 (the seed's helper, kept for its state_dict name ".conv").
struct ConvLayerImpl : torch::nn::Module {
    ConvLayerImpl(int in, int out, int kernel, int stride = 1);
    torch::Tensor forward(const torch::Tensor& x);
    torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(ConvLayer);

// ResNet-style bottleneck with InstanceNorm (affine=false, eps 1e-5). `shortcut` exists in every block's
// state_dict, but forward uses it only when in != out channels (seed behaviour).
struct BottleneckBlockImpl : torch::nn::Module {
    BottleneckBlockImpl(int in, int out, int kernel = 3, int stride = 1);
    // `norms`, when given, takes over every InstanceNorm (see NormStatistics).
    torch::Tensor forward(const torch::Tensor& x, NormStatistics* norms = nullptr);
    // forward() continued after the first convolution of each path: `identityStart` is identity_block[0]'s
    // output, `shortcutStart` shortcut[0]'s (used when in != out channels).
    torch::Tensor forwardFromFirstConvolutions(torch::Tensor identityStart, const torch::Tensor& shortcutStart,
                                               NormStatistics* norms = nullptr);
    int inChannels;
    int outChannels;
    torch::nn::Sequential identity_block{nullptr};
    torch::nn::Sequential shortcut{nullptr};
};
TORCH_MODULE(BottleneckBlock);

// High-resolution generator (Li et al., arXiv 1904.11617; the seed's HRNet): ~71k parameters.
struct HRNetImpl : torch::nn::Module {
    HRNetImpl();
    // `checkpoint` runs between blocks: how a long inference pass is cancelled.
    torch::Tensor forward(const torch::Tensor& x, NormStatistics* norms = nullptr, const Checkpoint& checkpoint = {});
    BottleneckBlock layer1_1{nullptr}, layer2_1{nullptr}, layer3_1{nullptr}, layer3_2{nullptr};
    BottleneckBlock layer4_1{nullptr}, layer5_1{nullptr}, layer6_1{nullptr}, layer7_1{nullptr};
    torch::nn::Conv2d downsample2_1{nullptr}, downsample3_1{nullptr}, downsample3_2{nullptr};
    torch::nn::Conv2d downsample3_3{nullptr}, layer8_1{nullptr};

private:
    torch::Tensor layer5FromParts(const torch::Tensor& full, const torch::Tensor& half, const torch::Tensor& quarter,
                                  NormStatistics* norms);
};
TORCH_MODULE(HRNet);

// VGG19 features[0..29] as plain tensors: 13 convolutions (3x3, pad 1) each followed by ReLU, max-pooling
// 2x2 after relu1_2, relu2_2, relu3_4, relu4_4. Frozen: no tensor requires grad.
// The layout both implementations of vggForward() follow (LibTorch's and OneDnnVgg.cpp), by conv number 0..12.
constexpr int kVggConvCount = 13;
constexpr bool kVggPoolAfter[kVggConvCount] = {false, true, false, true, false, false, false,
                                               true,  false, false, false, true, false};
constexpr int kVggStyleTapConv[5] = {0, 2, 4, 8, 12};  // relu1_1, relu2_1, relu3_1, relu4_1, relu5_1
constexpr int kVggContentTapConv = 9;                  // relu4_2

struct OneDnnVggPlans;  // OneDnnVgg.cpp
struct VggWeights {
    std::vector<torch::Tensor> weights;  // 13 entries, index order 0,2,5,...,28
    std::vector<torch::Tensor> biases;
    // The oneDNN fast path's compiled layers for these weights, per image size; made on first use, shared by
    // copies (which share the tensors).
    mutable std::shared_ptr<OneDnnVggPlans> oneDnnPlans;
    VggWeights to(const torch::Device& device) const;
};

// Post-ReLU taps (docs/algorithm.md): style relu1_1..relu5_1 = features 1, 6, 11, 20, 29; content relu4_2 = 22.
struct VggTaps {
    std::array<torch::Tensor, 5> style;
    torch::Tensor content;
};

VggTaps vggForward(const VggWeights& vgg, const torch::Tensor& input, const Checkpoint& checkpoint = {});

}  // namespace hrstyle::engine
