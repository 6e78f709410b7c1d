#include "hrstyle/LossNetwork.h"

#include "ModelState.h"
#include "TorchSupport.h"
#include "hrstyle/SafeTensors.h"
#include "hrstyle/Vgg19Layout.h"

namespace hrstyle {

namespace {

// Fixed seed of the random-feature fallback: every install computes the same features.
constexpr std::uint64_t kRandomFeatureSeed = 19;

std::shared_ptr<LossNetwork::Impl> readVgg(const SafeTensorsReader& reader) {
    auto impl = std::make_shared<LossNetwork::Impl>();
    for (const VggConvLayer& layer : vgg19ConvLayers()) {
        for (const char* part : {"weight", "bias"}) {
            const std::string key = findVggKey(reader, layer.index, part);
            Result<std::vector<float>> data = reader.readFloat32(key);
            if (!data) throw engine::EngineError(data.error());
            const std::vector<std::int64_t> shape = reader.tensors().at(key).shape;
            torch::Tensor tensor = torch::tensor(data.value()).view(shape).clone();
            (std::string(part) == "weight" ? impl->weights.weights : impl->weights.biases).push_back(tensor);
        }
    }
    impl->description = "VGG19 (" + reader.path() + ")";
    return impl;
}

}  // namespace

Result<LossNetwork> LossNetwork::load(const std::string& path) {
    Result<SafeTensorsReader> reader = SafeTensorsReader::open(path);
    if (!reader) return reader.failure();
    Status layout = checkVgg19Tensors(reader.value());
    if (!layout) return layout.failure().withContext(path + ": not VGG19 weights: ");
    return engine::guarded<LossNetwork>(path, [&] { return LossNetwork(readVgg(reader.value())); });
}

LossNetwork LossNetwork::randomFeatures() {
    // He et al. (NeurIPS 2016): random-weight VGG features still carry style. Kaiming normal (fan_out, ReLU)
    // with zero bias, as the reference's make-vgg; a private generator leaves the global RNG alone.
    static const std::shared_ptr<const Impl> shared = [] {
        auto impl = std::make_shared<Impl>();
        at::Generator generator = at::detail::createCPUGenerator(kRandomFeatureSeed);
        for (const VggConvLayer& layer : vgg19ConvLayers()) {
            const double fanOut = layer.outChannels * 9.0;
            const double std = std::sqrt(2.0 / fanOut);
            impl->weights.weights.push_back(
                at::normal(0.0, std, {layer.outChannels, layer.inChannels, 3, 3}, generator));
            impl->weights.biases.push_back(torch::zeros({layer.outChannels}));
        }
        impl->randomFeatures = true;
        impl->description = "random features (no VGG19 weights)";
        return impl;
    }();
    return LossNetwork(shared);
}

bool LossNetwork::isRandomFeatures() const { return m_impl->randomFeatures; }

std::string LossNetwork::description() const { return m_impl->description; }

}  // namespace hrstyle
