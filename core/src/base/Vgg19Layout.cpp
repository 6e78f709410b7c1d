#include "hrstyle/Vgg19Layout.h"

namespace hrstyle {

const std::array<VggConvLayer, 13>& vgg19ConvLayers() {
    // torchvision vgg19 cfg "E": 64,64,M,128,128,M,256x4,M,512x4,M,512 (features up to relu5_1 at index 29).
    static const std::array<VggConvLayer, 13> layers{{{0, 3, 64},
                                                      {2, 64, 64},
                                                      {5, 64, 128},
                                                      {7, 128, 128},
                                                      {10, 128, 256},
                                                      {12, 256, 256},
                                                      {14, 256, 256},
                                                      {16, 256, 256},
                                                      {19, 256, 512},
                                                      {21, 512, 512},
                                                      {23, 512, 512},
                                                      {25, 512, 512},
                                                      {28, 512, 512}}};
    return layers;
}

std::string findVggKey(const SafeTensorsReader& reader, int index, const std::string& tensor) {
    const std::string bare = std::to_string(index) + "." + tensor;
    if (reader.contains("features." + bare)) return "features." + bare;
    if (reader.contains(bare)) return bare;
    return {};
}

std::string shapeToString(const std::vector<std::int64_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

namespace {

Status checkTensor(const SafeTensorsReader& reader, int index, const std::string& tensor,
                   const std::vector<std::int64_t>& expected) {
    const std::string key = findVggKey(reader, index, tensor);
    const std::string wanted = "features." + std::to_string(index) + "." + tensor;
    if (key.empty()) return Error{reader.path() + ": missing tensor " + wanted};
    const TensorInfo& info = reader.tensors().at(key);
    if (info.shape != expected) {
        return Error{key + ": expected " + shapeToString(expected) + ", file has " + shapeToString(info.shape)};
    }
    if (info.dtype != DType::F32 && info.dtype != DType::F16 && info.dtype != DType::BF16 &&
        info.dtype != DType::F64) {
        return Error{key + ": expected a float tensor, file has " + dtypeName(info.dtype)};
    }
    return Ok{};
}

}  // namespace

Status checkVgg19Tensors(const SafeTensorsReader& reader) {
    for (const VggConvLayer& layer : vgg19ConvLayers()) {
        Status weight = checkTensor(reader, layer.index, "weight", {layer.outChannels, layer.inChannels, 3, 3});
        if (!weight) return weight;
        Status bias = checkTensor(reader, layer.index, "bias", {layer.outChannels});
        if (!bias) return bias;
    }
    return Ok{};
}

}  // namespace hrstyle
