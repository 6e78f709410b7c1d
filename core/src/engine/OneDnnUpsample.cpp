// Bilinear upsampling by an integer factor (align_corners=false) as oneDNN linear resampling: the same
// sampling positions and edge clamping as LibTorch's upsample_bilinear2d (values agree to float rounding,
// tst_CpuFastPath), 3-5x faster forward on channels-last memory here (64 channels 128->256 px: 5.3 vs 1.0 ms).
// LibTorch's backward is faster than oneDNN's, so backward stays LibTorch's.
#include "OneDnn.h"
#include "OneDnnSupport.h"

namespace hrstyle::engine {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

class UpsampleFunction : public torch::autograd::Function<UpsampleFunction> {
public:
    static torch::Tensor forward(AutogradContext* context, const torch::Tensor& input, int64_t factor) {
        const torch::Tensor x = input.contiguous(at::MemoryFormat::ChannelsLast);
        torch::Tensor output = torch::empty({x.size(0), x.size(1), x.size(2) * factor, x.size(3) * factor},
                                            x.options().memory_format(at::MemoryFormat::ChannelsLast));
        const dnnl::resampling_forward::primitive_desc desc(
            {dnnl::prop_kind::forward_training, dnnl::algorithm::resampling_linear, onednn::describe(x),
             onednn::describe(output)},
            onednn::cpuEngine());
        dnnl::resampling_forward(desc).execute(onednn::cpuStream(),
                                               {{DNNL_ARG_SRC, onednn::view(x)}, {DNNL_ARG_DST, onednn::view(output)}});
        context->saved_data["factor"] = factor;
        context->saved_data["inputSize"] = input.sizes();
        return output;
    }

    static variable_list backward(AutogradContext* context, variable_list gradients) {
        const auto factor = static_cast<double>(context->saved_data["factor"].toInt());
        const std::vector<int64_t> inputSize = context->saved_data["inputSize"].toIntVector();
        const torch::Tensor& gradient = gradients[0];
        return {at::upsample_bilinear2d_backward(gradient, {gradient.size(2), gradient.size(3)}, inputSize,
                                                 /*align_corners=*/false, factor, factor),
                torch::Tensor()};
    }
};

}  // namespace

torch::Tensor oneDnnUpsampleBilinear(const torch::Tensor& x, int64_t factor) {
    return UpsampleFunction::apply(x, factor);
}

}  // namespace hrstyle::engine
