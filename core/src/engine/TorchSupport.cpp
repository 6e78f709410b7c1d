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

at::Tensor regionToUnitTensor(const Image& image, Region region) {
    if (image.empty() || image.rgb.size() != image.pixelCount() * 3) {
        throw EngineError("image buffer does not match its size");
    }
    at::Tensor out = at::empty({1, 3, region.height, region.width}, at::kFloat);
    float* planes[3];
    for (int c = 0; c < 3; ++c) planes[c] = out.data_ptr<float>() + static_cast<std::int64_t>(c) * region.height * region.width;
    for (int row = 0; row < region.height; ++row) {
        const int y = std::clamp(region.y + row, 0, image.height - 1);
        const std::uint16_t* line = image.rgb.data() + static_cast<std::size_t>(y) * image.width * 3;
        const std::size_t offset = static_cast<std::size_t>(row) * region.width;
        for (int column = 0; column < region.width; ++column) {
            const std::uint16_t* px = line + static_cast<std::size_t>(std::clamp(region.x + column, 0, image.width - 1)) * 3;
            for (int c = 0; c < 3; ++c) planes[c][offset + column] = Image::unitValue(px[c]);
        }
    }
    return out;
}

at::Tensor normaliseForNetwork(const at::Tensor& unit) {
    const at::Tensor normalised =
        (unit - channelStats(kImageNetMean, unit.device())) / channelStats(kImageNetStd, unit.device());
    return normalised.contiguous(preferredMemoryFormat());
}

at::Tensor imageToTensor(const Image& image, const c10::Device& device, std::optional<Size2D> size) {
    at::Tensor nchw = regionToUnitTensor(image, {0, 0, image.width, image.height}).to(device);
    if (size) nchw = resizeLikePil(nchw, *size, image.sourceBitDepth <= 8);
    return normaliseForNetwork(nchw);
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

void writeNetworkOutput(const at::Tensor& output, Image& image, int x, int y) {
    const at::Tensor hwc = denormalisedHwc(output);
    const int rows = std::min(static_cast<int>(hwc.size(0)), image.height - y);
    const int columns = std::min(static_cast<int>(hwc.size(1)), image.width - x);
    const float* source = hwc.data_ptr<float>();
    for (int row = 0; row < rows; ++row) {
        const float* from = source + static_cast<std::size_t>(row) * hwc.size(1) * 3;
        std::uint16_t* to = image.rgb.data() + (static_cast<std::size_t>(y + row) * image.width + x) * 3;
        for (int i = 0; i < columns * 3; ++i) to[i] = Image::fromUnit(from[i]);
    }
}

Image tensorToImage(const at::Tensor& tensor) {
    Image image;
    image.height = static_cast<int>(tensor.size(2));
    image.width = static_cast<int>(tensor.size(3));
    image.rgb.resize(image.pixelCount() * 3);
    writeNetworkOutput(tensor, image, 0, 0);
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
    const ImageSize size = scaledToLongSide(width, height, longSide, multipleOf4);
    return {size.width, size.height};
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
