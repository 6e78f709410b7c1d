// InstanceNorm(+ReLU) of one image as oneDNN batch normalisation: with a batch of one, batch statistics are
// the instance statistics (mean and biased variance over H*W per channel, as InstanceNorm2d), and oneDNN
// normalises channels-last memory in place of LibTorch's NCHW round trip, fusing the ReLU (forward and
// backward; the ReLU mask is kept as a bit workspace).
#include "OneDnn.h"
#include "OneDnnSupport.h"

namespace hrstyle::engine {

namespace {

using dnnl::normalization_flags;
using dnnl::prop_kind;
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

constexpr float kEpsilon = 1e-5f;  // InstanceNorm2d's default, as in the seed

normalization_flags flagsFor(bool relu) {
    return relu ? normalization_flags::fuse_norm_relu : normalization_flags::none;
}

dnnl::batch_normalization_forward::primitive_desc forwardDesc(const dnnl::memory::desc& data, bool relu) {
    return {{prop_kind::forward_training, data, kEpsilon, flagsFor(relu)}, onednn::cpuEngine()};
}

// The layout of `like` (channels-last or not), for gradients that arrive in another one.
torch::Tensor inLayoutOf(const torch::Tensor& tensor, const torch::Tensor& like) {
    if (tensor.strides() == like.strides()) return tensor;
    return torch::empty_like(like).copy_(tensor);
}

class InstanceNormFunction : public torch::autograd::Function<InstanceNormFunction> {
public:
    static torch::Tensor forward(AutogradContext* context, const torch::Tensor& input, bool relu) {
        // Channels-last: oneDNN's normalisation for NCHW is a generic kernel, ~3x slower here (a 1x1 conv
        // in LibTorch may hand over NCHW even from a channels-last input).
        const torch::Tensor x = input.contiguous(at::MemoryFormat::ChannelsLast);
        const auto desc = forwardDesc(onednn::describe(x), relu);
        torch::Tensor output = torch::empty_like(x);
        torch::Tensor mean = torch::empty({x.size(1)}, torch::kFloat);
        torch::Tensor variance = torch::empty({x.size(1)}, torch::kFloat);
        torch::Tensor workspace = relu ? onednn::storageFor(desc.workspace_desc()) : torch::Tensor();
        std::unordered_map<int, dnnl::memory> args{{DNNL_ARG_SRC, onednn::view(x)},
                                                   {DNNL_ARG_DST, onednn::view(output)},
                                                   {DNNL_ARG_MEAN, onednn::view(desc.mean_desc(), mean)},
                                                   {DNNL_ARG_VARIANCE, onednn::view(desc.variance_desc(), variance)}};
        if (relu) args[DNNL_ARG_WORKSPACE] = onednn::view(desc.workspace_desc(), workspace);
        dnnl::batch_normalization_forward(desc).execute(onednn::cpuStream(), args);
        context->save_for_backward({x, mean, variance, workspace});
        context->saved_data["relu"] = relu;
        return output;
    }

    static variable_list backward(AutogradContext* context, variable_list gradients) {
        const variable_list saved = context->get_saved_variables();
        const torch::Tensor &x = saved[0], &mean = saved[1], &variance = saved[2], &workspace = saved[3];
        const bool relu = context->saved_data["relu"].toBool();
        const torch::Tensor outputGradient = inLayoutOf(gradients[0], x);
        torch::Tensor inputGradient = torch::empty_like(x);

        const dnnl::memory::desc data = onednn::describe(x);
        const auto forward = forwardDesc(data, relu);
        const dnnl::batch_normalization_backward::primitive_desc desc(
            {prop_kind::backward_data, data, data, kEpsilon, flagsFor(relu)}, onednn::cpuEngine(), forward);
        std::unordered_map<int, dnnl::memory> args{{DNNL_ARG_SRC, onednn::view(x)},
                                                   {DNNL_ARG_MEAN, onednn::view(desc.mean_desc(), mean)},
                                                   {DNNL_ARG_VARIANCE, onednn::view(desc.variance_desc(), variance)},
                                                   {DNNL_ARG_DIFF_DST, onednn::view(outputGradient)},
                                                   {DNNL_ARG_DIFF_SRC, onednn::view(inputGradient)}};
        if (relu) args[DNNL_ARG_WORKSPACE] = onednn::view(desc.workspace_desc(), workspace);
        dnnl::batch_normalization_backward(desc).execute(onednn::cpuStream(), args);
        return {inputGradient, torch::Tensor()};
    }
};

}  // namespace

torch::Tensor oneDnnInstanceNorm(const torch::Tensor& x, bool relu) { return InstanceNormFunction::apply(x, relu); }

}  // namespace hrstyle::engine
