#include "TorchSupport.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

namespace hrstyle::engine {

c10::Device toTorchDevice(DeviceChoice resolved) {
    return resolved == DeviceChoice::Cuda ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
}

bool referenceOrder() {
    static const bool reference = [] {
        const char* choice = std::getenv("HRSTYLE_REFERENCE_ORDER");
        return choice && std::string(choice) == "1";
    }();
    return reference;
}

at::MemoryFormat preferredMemoryFormat() {
    return referenceOrder() ? at::MemoryFormat::Contiguous : at::MemoryFormat::ChannelsLast;
}

namespace {

at::Tensor channelStats(const float (&values)[3], const c10::Device& device) {
    return at::tensor(at::ArrayRef<float>(values, 3)).view({1, 3, 1, 1}).to(device);
}

// PIL's BICUBIC resize, which the reference uses: separable antialiased bicubic (a = -0.5), horizontal pass
// first; on 8-bit images each pass rounds to 8 bits. LibTorch's _upsample_bicubic2d_aa is the same filter,
// so two passes with the same rounding agree with PIL to within 1-2 levels on hard edges (measured).
at::Tensor resizeLikePil(at::Tensor rgb, Size2D size, bool eightBit) {
    const auto pass = [eightBit](const at::Tensor& x, int64_t height, int64_t width) {
        if (x.size(2) == height && x.size(3) == width) return x;
        at::Tensor out = at::_upsample_bicubic2d_aa(x, {height, width}, /*align_corners=*/false).clamp(0.0, 1.0);
        return eightBit ? (out * 255.0f).round() / 255.0f : out;
    };
    rgb = pass(rgb, rgb.size(2), size.width);
    return pass(rgb, size.height, size.width);
}

}  // namespace

at::Tensor imageToTensor(const Image& image, const c10::Device& device, std::optional<Size2D> size) {
    if (image.empty() || image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
        throw EngineError("image buffer does not match its size");
    }
    // from_blob does not own the memory: the contiguous copy (or the move to the device) does.
    const at::Tensor hwc = at::from_blob(const_cast<float*>(image.rgb.data()), {image.height, image.width, 3},
                                         at::kFloat);
    at::Tensor nchw = hwc.permute({2, 0, 1}).unsqueeze(0).contiguous().to(device);
    if (size) nchw = resizeLikePil(nchw, *size, image.sourceBitDepth <= 8);
    const at::Tensor normalised = (nchw - channelStats(kImageNetMean, device)) / channelStats(kImageNetStd, device);
    return normalised.contiguous(preferredMemoryFormat());
}

namespace {

// 1x3xHxW normalised -> HxWx3 in [0,1] on the CPU, contiguous.
at::Tensor denormalisedHwc(const at::Tensor& tensor) {
    const at::Tensor x = tensor.detach().to(at::kFloat);
    const at::Tensor rgb = (x * channelStats(kImageNetStd, x.device()) + channelStats(kImageNetMean, x.device()))
                               .clamp(0.0, 1.0);
    return rgb[0].permute({1, 2, 0}).contiguous().cpu();
}

}  // namespace

Image tensorToImage(const at::Tensor& tensor) {
    const at::Tensor hwc = denormalisedHwc(tensor);
    Image image;
    image.height = static_cast<int>(hwc.size(0));
    image.width = static_cast<int>(hwc.size(1));
    image.rgb.resize(static_cast<std::size_t>(hwc.numel()));
    std::memcpy(image.rgb.data(), hwc.data_ptr<float>(), image.rgb.size() * sizeof(float));
    return image;
}

Rgb8Image tensorToRgb8(const at::Tensor& tensor) {
    // Quantised on the device: np.rint rounds half to even, as does at::round.
    const at::Tensor hwc = (denormalisedHwc(tensor) * 255.0f).round().clamp(0, 255).to(at::kByte);
    Rgb8Image image;
    image.height = static_cast<int>(hwc.size(0));
    image.width = static_cast<int>(hwc.size(1));
    image.rgb.resize(static_cast<std::size_t>(hwc.numel()));
    std::memcpy(image.rgb.data(), hwc.data_ptr<std::uint8_t>(), image.rgb.size());
    return image;
}

Size2D scaledSize(int width, int height, int longSide, bool multipleOf4) {
    Size2D size{};
    // Integer arithmetic, round half up, a tie counts as landscape (the reference's target_size()).
    const std::int64_t w = width, h = height, side = longSide;
    if (w >= h) {
        size = {longSide, static_cast<int>((h * side + w / 2) / w)};
    } else {
        size = {static_cast<int>((w * side + h / 2) / h), longSide};
    }
    if (multipleOf4) size = {size.width - size.width % 4, size.height - size.height % 4};
    return size;
}

std::string firstLine(const std::string& text) {
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

bool isOutOfMemory(const std::string& message) {
    return message.find("out of memory") != std::string::npos ||
           message.find("Out of memory") != std::string::npos ||
           message.find("not enough memory") != std::string::npos;
}

}  // namespace hrstyle::engine
