#pragma once
// The tensors the VGG19 loss network needs from a weights file (docs/file-formats.md): torchvision's
// vgg19().features conv layers 0..28. Torch-free, so the downloader can verify a file without LibTorch.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "hrstyle/Result.h"
#include "hrstyle/SafeTensors.h"

namespace hrstyle {

struct VggConvLayer {
    int index;      // position in torchvision's vgg19().features
    int inChannels;
    int outChannels;
};

// The 13 convolutions of features[0..28]: 0,2,5,7,10,12,14,16,19,21,23,25,28.
const std::array<VggConvLayer, 13>& vgg19ConvLayers();

// The key under which `tensor` ("weight" / "bias") of conv `index` is stored in `reader`: "features.{i}.x",
// or "{i}.x" without the prefix (both appear in the wild). Empty when neither exists.
std::string findVggKey(const SafeTensorsReader& reader, int index, const std::string& tensor);

// Every needed key present with the right shape and a float dtype; else an error naming the key and both
// shapes, e.g. "features.28.weight: expected [512,512,3,3], file has [512,256,3,3]".
Status checkVgg19Tensors(const SafeTensorsReader& reader);

std::string shapeToString(const std::vector<std::int64_t>& shape);  // "[512,512,3,3]"

}  // namespace hrstyle
