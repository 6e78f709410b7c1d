#include "hrstyle/StyleModel.h"

#include "ModelState.h"
#include "TiledInference.h"
#include "TorchSupport.h"
#include "hrstyle/Device.h"
#include "hrstyle/Memory.h"
#include "hrstyle/Vgg19Layout.h"

namespace hrstyle {

using engine::EngineError;

namespace engine {

std::mutex& globalRngMutex() {
    static std::mutex mutex;
    return mutex;
}

HRNet makeHRNet(const StyleModel::Impl& state, const torch::Device& device) {
    HRNet net;
    {
        std::lock_guard<std::mutex> lock(globalRngMutex());
        net = HRNet();
    }
    torch::NoGradGuard noGrad;
    auto params = net->named_parameters();
    for (const auto& [name, value] : state.parameters) params[name].copy_(value);
    net->to(device);
    for (auto& p : net->parameters()) {
        if (p.dim() == 4) p.set_data(p.contiguous(preferredMemoryFormat()));
    }
    return net;
}

std::vector<std::pair<std::string, torch::Tensor>> snapshotParameters(const HRNet& net) {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& item : net->named_parameters()) {
        out.emplace_back(item.key(), item.value().detach().to(torch::kCPU, torch::kFloat).clone());
    }
    return out;
}

}  // namespace engine

namespace {

std::vector<std::int64_t> shapeOf(const torch::Tensor& t) { return t.sizes().vec(); }

// The HRNet state_dict's names and shapes, in order: what a model file must hold.
const std::vector<std::pair<std::string, std::vector<std::int64_t>>>& hrnetLayout() {
    static const auto layout = [] {
        std::vector<std::pair<std::string, std::vector<std::int64_t>>> entries;
        std::lock_guard<std::mutex> lock(engine::globalRngMutex());
        for (const auto& item : engine::HRNet()->named_parameters()) {
            entries.emplace_back(item.key(), shapeOf(item.value()));
        }
        return entries;
    }();
    return layout;
}

}  // namespace

StyleModel StyleModel::initialised(std::uint64_t seed) {
    auto impl = std::make_shared<Impl>();
    std::lock_guard<std::mutex> lock(engine::globalRngMutex());
    torch::manual_seed(seed);  // then HRNet(): PyTorch's default init, as the reference's train without --model
    engine::HRNet net;
    impl->parameters = engine::snapshotParameters(net);
    return StyleModel(std::move(impl));
}

Result<StyleModel> StyleModel::load(const std::string& path) {
    Result<SafeTensorsReader> reader = SafeTensorsReader::open(path);
    if (!reader) return Error{reader.error()};
    return engine::guarded<StyleModel>(path, [&]() -> Result<StyleModel> {
        // The seed's names and shapes define the format; extra tensors in the file are ignored.
        auto impl = std::make_shared<Impl>();
        impl->metadata = reader->metadata();
        for (const auto& [name, shape] : hrnetLayout()) {
            if (!reader->contains(name)) return Error{path + ": not an HRNet model: missing tensor " + name};
            const TensorInfo& info = reader->tensors().at(name);
            if (info.shape != shape) {
                return Error{path + ": " + name + ": expected " + shapeToString(shape) + ", file has " +
                             shapeToString(info.shape)};
            }
            Result<std::vector<float>> data = reader->readFloat32(name);
            if (!data) return Error{data.error()};
            impl->parameters.emplace_back(name, torch::tensor(data.value()).view(shape).clone());
        }
        return StyleModel(std::move(impl));
    });
}

Status StyleModel::save(const std::string& path, const Metadata& metadata) const {
    std::map<std::string, RawTensor> tensors;
    for (const auto& [name, value] : m_impl->parameters) {
        const torch::Tensor t = value.contiguous();
        tensors[name] = makeFloat32Tensor(shapeOf(t), t.data_ptr<float>());
    }
    Metadata merged = m_impl->metadata;
    for (const auto& [key, value] : metadata) merged[key] = value;
    return writeSafeTensors(path, tensors, merged);
}

const Metadata& StyleModel::metadata() const { return m_impl->metadata; }

std::int64_t StyleModel::parameterCount() const {
    std::int64_t count = 0;
    for (const auto& entry : m_impl->parameters) count += entry.second.numel();
    return count;
}

Result<Image> StyleModel::apply(const Image& input, DeviceChoice device, int longSide) const {
    return apply(input, device, longSide, ApplyControl{});
}

Result<Image> StyleModel::apply(const Image& input, DeviceChoice device, int longSide,
                                const ApplyControl& control) const {
    const auto cancelled = [&] { return control.cancel && control.cancel->load(); };
    if (cancelled()) return Error{kCancelledMessage};
    if (control.onProgress) control.onProgress(0.0);
    Result<DeviceChoice> resolved = resolveDevice(device);
    if (!resolved) return Error{resolved.error()};
    struct ReleaseOnExit {
        ~ReleaseOnExit() { releaseFreeMemory(); }  // a large export's buffers (configureAllocator())
    } releaseOnExit;
    try {
        return applyOn(input, resolved.value(), longSide, control);
    } catch (const engine::Cancelled&) {
        return Error{kCancelledMessage};
    }
}

Result<Image> StyleModel::applyOn(const Image& input, DeviceChoice resolved, int longSide,
                                  const ApplyControl& control) const {
    const auto cancelled = [&] { return control.cancel && control.cancel->load(); };
    return engine::guarded<Image>("apply", [&]() -> Result<Image> {
        const torch::Device torchDevice = engine::toTorchDevice(resolved);
        engine::HRNet net = engine::makeHRNet(*m_impl, torchDevice);
        torch::InferenceMode inference;
        std::optional<engine::Size2D> size;
        if (longSide > 0) {
            size = engine::scaledSize(input.width, input.height, longSide, false);
            if (size->width < 1 || size->height < 1) throw EngineError("size is too small for this image");
        }
        const torch::Tensor x = engine::imageToTensor(input, torchDevice, size);
        const int width = static_cast<int>(x.size(3)), height = static_cast<int>(x.size(2));
        // The network downsamples twice: pad to a multiple of 4 by repeating edge pixels, crop back after.
        const int padRight = (4 - width % 4) % 4;
        const int padBottom = (4 - height % 4) % 4;
        namespace F = torch::nn::functional;
        const torch::Tensor padded =
            (padRight || padBottom)
                ? F::pad(x, F::PadFuncOptions({0, padRight, 0, padBottom}).mode(torch::kReplicate))
                : x;
        engine::TilingPlan plan = engine::planInference(static_cast<int>(padded.size(3)), static_cast<int>(padded.size(2)));
        if (control.tileSize > 0) plan = engine::TilingPlan{control.tileSize, plan.margin, 1.0};
        const torch::Tensor out = engine::runGenerator(net, padded, plan, control.onProgress, cancelled)
                                      .narrow(2, 0, height).narrow(3, 0, width);
        Image result = engine::tensorToImage(out);
        if (width == input.width && height == input.height) result.alpha = input.alpha;
        result.sourceBitDepth = input.sourceBitDepth;
        if (cancelled()) return Error{kCancelledMessage};
        if (control.onProgress) control.onProgress(1.0);
        return result;
    });
}

}  // namespace hrstyle
