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
    if (!reader) return reader.failure();
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
            if (!data) return data.failure();
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
    if (cancelled()) return Error{kCancelledMessage, ErrorKind::Cancelled};
    if (control.onProgress) control.onProgress(0.0);
    Result<DeviceChoice> resolved = resolveDevice(device);
    if (!resolved) return resolved.failure();
    struct ReleaseOnExit {
        ~ReleaseOnExit() { releaseFreeMemory(); }  // a large export's buffers (configureAllocator())
    } releaseOnExit;
    try {
        return applyOn(input, resolved.value(), longSide, control);
    } catch (const engine::Cancelled&) {
        return Error{kCancelledMessage, ErrorKind::Cancelled};
    }
}

namespace {

// The input at the requested size as an Image: LibTorch's resize (imageToTensor) in one piece, so it is
// checked against the budget first.
Image resizedInput(const Image& input, engine::Size2D size, const torch::Device& device, double limitBytes) {
    const double pixels = static_cast<double>(input.pixelCount()) + static_cast<double>(size.width) * size.height;
    constexpr double kResizeBytesPerPixel = 3 * 4 * 4;  // float RGB, about four copies at its peak
    if (static_cast<double>(residentBytes()) + pixels * kResizeBytesPerPixel > limitBytes) {
        throw engine::EngineError("resizing this photo needs more than the memory limit of " +
                                  megabytesText(limitBytes) +
                                  "; apply it at its own size or raise the limit",
                                  ErrorKind::OutOfMemory);
    }
    Image resized = engine::tensorToImage(engine::imageToTensor(input, device, size));
    resized.sourceBitDepth = input.sourceBitDepth;
    return resized;
}

}  // namespace

Result<Image> StyleModel::applyOn(const Image& input, DeviceChoice resolved, int longSide,
                                  const ApplyControl& control) const {
    const auto cancelled = [&] { return control.cancel && control.cancel->load(); };
    return engine::guarded<Image>("apply", [&]() -> Result<Image> {
        const torch::Device torchDevice = engine::toTorchDevice(resolved);
        const AllocatorCacheBypass oneOffPasses;  // tile sizes do not repeat like training steps do
        engine::HRNet net = engine::makeHRNet(*m_impl, torchDevice);
        torch::InferenceMode inference;
        const double limit = static_cast<double>(control.memoryLimitBytes);
        Image resized;
        if (longSide > 0) {
            const engine::Size2D size = engine::scaledSize(input.width, input.height, longSide, false);
            if (size.width < 1 || size.height < 1) throw engine::EngineError("size is too small for this image");
            resized = resizedInput(input, size, torchDevice, limit);
        }
        const Image& source = longSide > 0 ? resized : input;
        Image result;
        result.width = source.width;
        result.height = source.height;
        result.rgb.resize(source.pixelCount() * 3);
        if (source.width == input.width && source.height == input.height) result.alpha = input.alpha;
        result.sourceBitDepth = input.sourceBitDepth;
        // The network downsamples twice: pad to a multiple of 4 by repeating edge pixels (the tiles read past
        // the edge that way), crop back after.
        const int paddedWidth = (source.width + 3) / 4 * 4, paddedHeight = (source.height + 3) / 4 * 4;
        releaseFreeMemory();  // so that the resident size counts only what is in use
        const double work = limit * (1.0 - engine::kReservedShare) - static_cast<double>(residentBytes()) - engine::kReservedBytes;
        std::optional<engine::InferencePlan> plan = engine::planInference(paddedWidth, paddedHeight, work);
        if (!plan) {
            throw engine::EngineError("a " + std::to_string(source.width) + "x" + std::to_string(source.height) +
                                      " photo does not fit the memory limit of " + megabytesText(limit) +
                                      " (the photo and its result alone take " +
                                      megabytesText(static_cast<double>(residentBytes())) +
                                      " with the program); raise the limit",
                                      ErrorKind::OutOfMemory);
        }
        if (control.tileSize > 0) plan = engine::InferencePlan{control.tileSize, plan->margin, 1.0};
        engine::runGenerator(net, source, paddedWidth, paddedHeight, *plan, torchDevice, result, control.onProgress,
                             cancelled);
        if (cancelled()) return Error{kCancelledMessage, ErrorKind::Cancelled};
        if (control.onProgress) control.onProgress(1.0);
        return result;
    });
}

}  // namespace hrstyle
