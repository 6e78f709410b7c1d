// VGG19 features up to relu5_1 on oneDNN, kept in oneDNN's blocked layout from the first convolution to the
// last, with Winograd F(4x4,3x3) convolutions where oneDNN has them and they are faster (this CPU: forward
// from conv1_2 on, input gradients everywhere), their weights transformed once where oneDNN allows it. The
// generated image is the only thing that needs a gradient, so backward runs the chain in reverse: ReLU (from
// the saved outputs), max-pool (from its index workspace) and input-gradient convolutions, adding each tap's
// gradient where the tap was taken. Hand-written because LibTorch offers no way to select oneDNN's Winograd
// algorithm; the layers are oneDNN's.
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "OneDnn.h"
#include "OneDnnSupport.h"

namespace hrstyle::engine {

namespace {

using dnnl::algorithm;
using dnnl::memory;
using dnnl::prop_kind;
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;
namespace onednn = hrstyle::engine::onednn;

// The conv whose ReLU output is each tap this function returns: the style taps, then the content tap.
constexpr int kTapConv[6] = {kVggStyleTapConv[0], kVggStyleTapConv[1], kVggStyleTapConv[2],
                             kVggStyleTapConv[3], kVggStyleTapConv[4], kVggContentTapConv};

memory::desc anyLayout(const memory::dims& dims) {
    return memory::desc(dims, memory::data_type::f32, memory::format_tag::any);
}

// A copy of `source` in layout `desc`, in memory oneDNN owns.
memory copied(memory source, const memory::desc& desc) {
    memory target(desc, onednn::cpuEngine());
    onednn::reorder(source, target);
    return target;
}

// Per-step buffers come from LibTorch's allocator (the engine's buffer cache, hrstyle/Memory.h), not oneDNN's
// own, and live as long as the `Buffers` that made them.
struct Buffers {
    std::vector<torch::Tensor> owners;

    memory allocate(const memory::desc& desc) {
        owners.push_back(onednn::storageFor(desc));
        return onednn::view(desc, owners.back());
    }
    memory zeros(const memory::desc& desc) {
        memory zeroed = allocate(desc);
        owners.back().zero_();
        return zeroed;
    }
    // `source` in layout `desc`: itself when it already is, else a copy.
    memory reordered(memory source, const memory::desc& desc) {
        if (source.get_desc() == desc) return source;
        memory target = allocate(desc);
        onednn::reorder(source, target);
        return target;
    }
};

// A convolution ready to run: primitive, its weights in the layout it chose, and which execute() arguments
// carry its input and output (a backward-data primitive reads DIFF_DST and writes DIFF_SRC).
struct Convolution {
    dnnl::primitive primitive;
    memory::desc inputDesc, outputDesc;
    memory weights;
    int inputArgument = DNNL_ARG_SRC, outputArgument = DNNL_ARG_DST;

    void execute(const memory& input, const memory& output, const memory& bias = memory()) const {
        std::unordered_map<int, memory> arguments{
            {inputArgument, input}, {DNNL_ARG_WEIGHTS, weights}, {outputArgument, output}};
        if (bias) arguments.insert({DNNL_ARG_BIAS, bias});
        primitive.execute(onednn::cpuStream(), arguments);
    }
};

// One conv(+ReLU)(+pool) stage for one image size: primitives and weights in the layouts they chose.
struct Stage {
    Convolution forward;   // with bias and fused ReLU
    Convolution backward;  // d loss / d output -> d loss / d input
    memory bias;
    dnnl::eltwise_backward reluBackward;
    bool pooled = false;
    dnnl::pooling_forward::primitive_desc poolDesc;
    dnnl::pooling_backward::primitive_desc poolBackwardDesc;
};

memory::desc plainWeightsDesc(const torch::Tensor& weight) {
    return {{weight.size(0), weight.size(1), weight.size(2), weight.size(3)}, memory::data_type::f32,
            memory::format_tag::oihw};
}

// `weight` (OIHW, contiguous) in the layout `desc`, in memory oneDNN owns.
memory weightsIn(const torch::Tensor& weight, const memory::desc& desc) {
    return copied(memory(plainWeightsDesc(weight), onednn::cpuEngine(), weight.data_ptr()), desc);
}

// oneDNN's Winograd F(4x4,3x3) forward with weights transformed once, if this CPU and shape have it. For
// inference its weights live in Winograd's own (transformed) layout; in training mode, and in backward-data,
// it transforms them again on every call: 25-40% of a 512-channel layer's time at 32x32 here. VGG's weights are
// frozen, so inference mode is exact for the forward pass and, with transposed and flipped weights, for the
// backward-data pass too (below). Other implementations oneDNN offers first (its F(2x2,3x3) for <= 128
// channels) were slower here, so this asks for F(4x4,3x3) by name.
std::optional<dnnl::convolution_forward::primitive_desc> transformedWinograd(const memory::desc& source,
                                                                             const memory::dims& weights,
                                                                             const memory::desc& bias,
                                                                             const memory::dims& output,
                                                                             const dnnl::primitive_attr& attributes) {
    const memory::dims unit{1, 1};
    try {
        dnnl::convolution_forward::primitive_desc desc(
            {prop_kind::forward_inference, algorithm::convolution_winograd, source, anyLayout(weights), bias,
             anyLayout(output), unit, unit, unit},
            attributes, onednn::cpuEngine());
        do {
            if (std::string(desc.impl_info_str()).find("wino_4x3") != std::string::npos) return desc;
        } while (desc.next_impl());
    } catch (const dnnl::error&) {  // no Winograd for this shape or CPU
    }
    return std::nullopt;
}

Convolution convolutionFrom(const dnnl::convolution_forward::primitive_desc& desc, const torch::Tensor& weight) {
    return {dnnl::convolution_forward(desc), desc.src_desc(), desc.dst_desc(), weightsIn(weight, desc.weights_desc())};
}

// Forward conv + bias + ReLU: Winograd with pre-transformed weights where oneDNN has it for this CPU and shape
// (here: 256 channels and up), else Winograd transforming them per call (conv1_2 to conv2_2), where the
// layer is wide enough; else direct (conv1_1: 3 input channels, Winograd measured 5x slower than direct).
std::pair<Convolution, dnnl::convolution_forward::primitive_desc> forwardConvolution(const memory::desc& source,
                                                                                    const torch::Tensor& weight,
                                                                                    const memory::dims& output) {
    constexpr int64_t kMinimumWinogradChannels = 64;
    dnnl::post_ops relu;
    relu.append_eltwise(1.0f, algorithm::eltwise_relu, 0.0f, 0.0f);
    dnnl::primitive_attr attributes;
    attributes.set_post_ops(relu);
    const memory::dims weights{weight.size(0), weight.size(1), 3, 3};
    const memory::dims unit{1, 1};
    const auto training = [&](algorithm algorithm) {
        return dnnl::convolution_forward::primitive_desc(
            {prop_kind::forward_training, algorithm, source, anyLayout(weights), anyLayout({weights[0]}),
             anyLayout(output), unit, unit, unit},
            attributes, onednn::cpuEngine());
    };
    std::optional<dnnl::convolution_forward::primitive_desc> desc;
    if (weights[1] >= kMinimumWinogradChannels) {
        desc = transformedWinograd(source, weights, anyLayout({weights[0]}), output, attributes);
        if (!desc) {
            try {
                desc = training(algorithm::convolution_winograd);
            } catch (const dnnl::error&) {  // no Winograd for this shape or CPU
            }
        }
    }
    if (!desc) desc = training(algorithm::convolution_direct);
    return {convolutionFrom(*desc, weight), *desc};
}

// d loss / d input of a stride-1, pad-1 3x3 convolution is the same convolution of d loss / d output with the
// weights' in/out channels swapped and their taps rotated by 180 degrees, so it can run as a forward
// Winograd convolution with weights transformed once. Where that is unavailable, oneDNN's backward-data:
// Winograd for every layer, since for conv1_1's 3-channel input gradient its only direct kernel is its
// reference implementation (4 s at 256 px here, Winograd 5 ms).
Convolution backwardConvolution(const dnnl::convolution_forward::primitive_desc& forward, const torch::Tensor& weight) {
    const torch::Tensor rotated = weight.transpose(0, 1).flip({2, 3}).contiguous();
    const memory::dims rotatedDims{rotated.size(0), rotated.size(1), 3, 3};
    if (auto winograd = transformedWinograd(anyLayout(forward.dst_desc().dims()), rotatedDims, memory::desc(),
                                            forward.src_desc().dims(), dnnl::primitive_attr())) {
        return convolutionFrom(*winograd, rotated);
    }
    const memory::dims weights{weight.size(0), weight.size(1), 3, 3};
    const memory::dims unit{1, 1};
    const auto describeWith = [&](algorithm algorithm) {
        return dnnl::convolution_backward_data::desc(algorithm, anyLayout(forward.src_desc().dims()),
                                                     anyLayout(weights), anyLayout(forward.dst_desc().dims()), unit,
                                                     unit, unit);
    };
    dnnl::convolution_backward_data::primitive_desc desc;
    try {
        desc = {describeWith(algorithm::convolution_winograd), onednn::cpuEngine(), forward};
    } catch (const dnnl::error&) {  // no Winograd for this shape or CPU
        desc = {describeWith(algorithm::convolution_direct), onednn::cpuEngine(), forward};
    }
    return {dnnl::convolution_backward_data(desc), desc.diff_dst_desc(), desc.diff_src_desc(),
            weightsIn(weight, desc.weights_desc()), DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC};
}

// All 13 stages for a HxW input; built once per size (oneDNN JIT-compiles its kernels on creation).
struct Plan {
    std::vector<Stage> stages;

    Plan(const VggWeights& vgg, int64_t height, int64_t width) {
        memory::desc source = anyLayout({1, 3, height, width});
        for (int i = 0; i < kVggConvCount; ++i) {
            const torch::Tensor weight = vgg.weights[i].contiguous();
            const memory::dims outputDims{1, weight.size(0), height, width};
            Stage stage;
            const auto [forward, forwardDesc] = forwardConvolution(source, weight, outputDims);
            stage.forward = forward;
            stage.backward = backwardConvolution(forwardDesc, weight);
            const dnnl::eltwise_forward::primitive_desc reluForward(
                {prop_kind::forward_training, algorithm::eltwise_relu_use_dst_for_bwd, forward.outputDesc, 0.0f, 0.0f},
                onednn::cpuEngine());
            stage.reluBackward = dnnl::eltwise_backward(
                {{algorithm::eltwise_relu_use_dst_for_bwd, forward.outputDesc, forward.outputDesc, 0.0f, 0.0f},
                 onednn::cpuEngine(), reluForward});
            const torch::Tensor bias = vgg.biases[i].contiguous();
            stage.bias = copied(memory({{bias.size(0)}, memory::data_type::f32, memory::format_tag::x},
                                       onednn::cpuEngine(), bias.data_ptr()),
                                forwardDesc.bias_desc());
            source = forward.outputDesc;
            stage.pooled = kVggPoolAfter[i];
            if (stage.pooled) {
                height /= 2;
                width /= 2;
                const memory::dims two{2, 2}, zero{0, 0};
                stage.poolDesc = {{prop_kind::forward_training, algorithm::pooling_max, source,
                                   anyLayout({1, weight.size(0), height, width}), two, two, zero, zero},
                                  onednn::cpuEngine()};
                stage.poolBackwardDesc = {{algorithm::pooling_max, source, stage.poolDesc.dst_desc(), two, two, zero,
                                           zero},
                                          onednn::cpuEngine(), stage.poolDesc};
                source = stage.poolDesc.dst_desc();
            }
            stages.push_back(std::move(stage));
        }
    }
};

}  // namespace

struct OneDnnVggPlans {
    std::mutex mutex;
    std::map<std::pair<int64_t, int64_t>, std::shared_ptr<const Plan>> bySize;
};

namespace {

// Training steps reuse one size; an export refined at a larger size adds another (its own trainer).
std::shared_ptr<const Plan> planFor(const VggWeights& vgg, int64_t height, int64_t width) {
    static std::mutex creation;
    {
        const std::lock_guard<std::mutex> lock(creation);
        if (!vgg.oneDnnPlans) vgg.oneDnnPlans = std::make_shared<OneDnnVggPlans>();
    }
    OneDnnVggPlans& plans = *vgg.oneDnnPlans;
    const std::lock_guard<std::mutex> lock(plans.mutex);
    std::shared_ptr<const Plan>& plan = plans.bySize[{height, width}];
    if (!plan) plan = std::make_shared<const Plan>(vgg, height, width);
    return plan;
}

// What backward needs from one forward: the plan, every stage's ReLU output and pool workspace.
struct ForwardRecord : torch::CustomClassHolder {
    std::shared_ptr<const Plan> plan;
    std::vector<torch::Tensor> outputs;     // oneDNN-layout storage of each stage's ReLU output
    std::vector<torch::Tensor> workspaces;  // max-pool indices, for pooled stages
    Checkpoint checkpoint;
};

// A channels-last tensor of `source`'s dimensions with its values.
torch::Tensor toTensor(memory source) {
    const memory::dims dims = source.get_desc().dims();
    const auto channelsLast = torch::TensorOptions(torch::kFloat).memory_format(at::MemoryFormat::ChannelsLast);
    torch::Tensor tensor = torch::empty(at::IntArrayRef(dims.data(), dims.size()), channelsLast);
    onednn::reorder(source, onednn::view(tensor));
    return tensor;
}

// Adds a tap's gradient (any LibTorch layout) into `gradient` (oneDNN layout).
void accumulate(const torch::Tensor& tapGradient, memory& gradient) {
    const torch::Tensor contiguous = tapGradient.is_contiguous() ||
                                             tapGradient.is_contiguous(at::MemoryFormat::ChannelsLast)
                                         ? tapGradient
                                         : tapGradient.contiguous();
    memory source = onednn::view(contiguous);
    dnnl::post_ops sum;
    sum.append_sum(1.0f);
    dnnl::primitive_attr attributes;
    attributes.set_post_ops(sum);
    const dnnl::reorder::primitive_desc desc(source, gradient, attributes);
    dnnl::reorder(desc).execute(onednn::cpuStream(), source, gradient);
}

class VggFunction : public torch::autograd::Function<VggFunction> {
public:
    static variable_list forward(AutogradContext* context, const torch::Tensor& input, const VggWeights* vgg,
                                 const Checkpoint* checkpoint) {
        context->set_materialize_grads(false);  // unused taps (e.g. content while evaluating style) stay empty
        auto record = c10::make_intrusive<ForwardRecord>();
        record->plan = planFor(*vgg, input.size(2), input.size(3));
        record->checkpoint = *checkpoint;
        const torch::Tensor inputData = input.is_contiguous() ? input : input.contiguous(at::MemoryFormat::ChannelsLast);
        memory x = onednn::view(inputData);
        Buffers buffers;
        std::vector<torch::Tensor> taps(6);
        torch::Tensor pooled;  // owns the memory `x` views after a pool, until the next pool
        for (int i = 0; i < kVggConvCount; ++i) {
            if (*checkpoint) (*checkpoint)();
            const Stage& stage = record->plan->stages[i];
            x = buffers.reordered(x, stage.forward.inputDesc);
            torch::Tensor output = onednn::storageFor(stage.forward.outputDesc);
            memory y = onednn::view(stage.forward.outputDesc, output);
            stage.forward.execute(x, y, stage.bias);
            for (int t = 0; t < 6; ++t) {
                if (kTapConv[t] == i) taps[t] = toTensor(y);
            }
            record->outputs.push_back(output);
            x = y;
            if (stage.pooled) {
                torch::Tensor workspace = onednn::storageFor(stage.poolDesc.workspace_desc());
                pooled = onednn::storageFor(stage.poolDesc.dst_desc());
                memory pooledMemory = onednn::view(stage.poolDesc.dst_desc(), pooled);
                dnnl::pooling_forward(stage.poolDesc)
                    .execute(onednn::cpuStream(),
                             {{DNNL_ARG_SRC, x},
                              {DNNL_ARG_DST, pooledMemory},
                              {DNNL_ARG_WORKSPACE, onednn::view(stage.poolDesc.workspace_desc(), workspace)}});
                record->workspaces.push_back(workspace);
                x = pooledMemory;
            } else {
                record->workspaces.emplace_back();
            }
        }
        context->saved_data["record"] = c10::IValue::make_capsule(record);
        return taps;
    }

    static variable_list backward(AutogradContext* context, variable_list tapGradients) {
        const auto record = c10::static_intrusive_pointer_cast<ForwardRecord>(
            context->saved_data["record"].toCapsule());
        const Plan& plan = *record->plan;
        memory gradient;  // d loss / d (current stage's ReLU output), oneDNN layout; empty = zero so far
        Buffers buffers, previousBuffers;  // this stage's; the previous stage's hold `gradient` on entry
        for (int i = kVggConvCount - 1; i >= 0; --i) {
            previousBuffers = std::move(buffers);
            buffers = Buffers();
            if (record->checkpoint) record->checkpoint();
            const Stage& stage = plan.stages[i];
            const memory::desc& outputDesc = stage.forward.outputDesc;
            if (!gradient) gradient = buffers.zeros(outputDesc);
            for (int t = 0; t < 6; ++t) {
                if (kTapConv[t] == i && tapGradients[t].defined()) accumulate(tapGradients[t], gradient);
            }
            const memory output = onednn::view(outputDesc, record->outputs[i]);
            stage.reluBackward.execute(onednn::cpuStream(),
                         {{DNNL_ARG_DST, output}, {DNNL_ARG_DIFF_DST, gradient}, {DNNL_ARG_DIFF_SRC, gradient}});
            // Released as soon as used (as autograd frees saved tensors): room for the generator's backward.
            record->outputs[i].reset();
            memory sourceGradient = buffers.allocate(stage.backward.outputDesc);
            stage.backward.execute(buffers.reordered(gradient, stage.backward.inputDesc), sourceGradient);
            if (i == 0) return {toTensor(sourceGradient), torch::Tensor(), torch::Tensor()};
            const Stage& previous = plan.stages[i - 1];
            if (previous.pooled) {
                memory poolGradient = buffers.zeros(previous.poolBackwardDesc.diff_src_desc());
                const memory workspace =
                    onednn::view(previous.poolDesc.workspace_desc(), record->workspaces[i - 1]);
                dnnl::pooling_backward(previous.poolBackwardDesc)
                    .execute(onednn::cpuStream(),
                             {{DNNL_ARG_DIFF_DST, buffers.reordered(sourceGradient, previous.poolBackwardDesc.diff_dst_desc())},
                              {DNNL_ARG_DIFF_SRC, poolGradient},
                              {DNNL_ARG_WORKSPACE, workspace}});
                sourceGradient = poolGradient;
                record->workspaces[i - 1].reset();
            }
            gradient = buffers.reordered(sourceGradient, previous.forward.outputDesc);
        }
        return {};  // not reached: stage 0 returns
    }
};

}  // namespace

VggTaps oneDnnVggForward(const VggWeights& vgg, const torch::Tensor& input, const Checkpoint& checkpoint) {
    const variable_list taps = VggFunction::apply(input, &vgg, &checkpoint);
    VggTaps result;
    for (int t = 0; t < 5; ++t) result.style[t] = taps[t];
    result.content = taps[5];
    return result;
}

}  // namespace hrstyle::engine
