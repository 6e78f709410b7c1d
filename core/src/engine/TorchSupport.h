#pragma once
// Core-internal: conversions between plain value types and tensors, and the boundary that turns torch
// exceptions into hrstyle::Error. Only core's engine .cpp files include this (it pulls in ATen).
#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "hrstyle/Image.h"
#include "hrstyle/Result.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle::engine {

// A foreseeable failure inside the engine; its message is shown to the user as is.
struct EngineError : std::runtime_error {
    explicit EngineError(const std::string& message, ErrorKind errorKind = ErrorKind::Failed)
        : std::runtime_error(message), kind(errorKind) {}
    ErrorKind kind;
};

// Thrown by a checkpoint inside a long computation when the caller asked to stop. Derives from
// std::exception so LibTorch's autograd engine carries it out of a backward pass (it only forwards
// std::exception types); guarded() lets it through, since cancelling is not an error.
struct Cancelled : std::exception {
    const char* what() const noexcept override { return "cancelled"; }
};

// ImageNet statistics the VGG19 weights were trained with (torchvision's Normalize).
constexpr float kImageNetMean[3] = {0.485f, 0.456f, 0.406f};
constexpr float kImageNetStd[3] = {0.229f, 0.224f, 0.225f};

c10::Device toTorchDevice(DeviceChoice resolved);

// HRSTYLE_REFERENCE_ORDER=1 runs the seed's exact sequence of operations in its memory layout, so float
// results match the reference bit for bit at equal thread counts (the conformance tests use it where the
// reference trajectory is chaotic). Otherwise the engine may reorder algebraically equal work for speed.
bool referenceOrder();

// Memory layout for images, activations and conv weights: channels-last lets oneDNN (CPU) and cuDNN run
// their convolutions without reordering every tensor; NCHW in reference order.
at::MemoryFormat preferredMemoryFormat();

struct Size2D {
    int width;
    int height;
};

// A rectangle in an image's pixel grid. It may reach past the right and bottom edges: reads there repeat the
// edge pixels (replicate padding, how the generator's input is padded to a multiple of 4).
struct Region {
    int x;
    int y;
    int width;
    int height;
};

// The region's samples as values in [0,1]: 1x3xhxw float32 on the CPU, NCHW, not normalised.
at::Tensor regionToUnitTensor(const Image& image, Region region);
// Normalises 1x3xhxw values in [0,1] with the ImageNet mean/std, in the preferred memory format.
at::Tensor normaliseForNetwork(const at::Tensor& unit);
// The generator's normalised 1x3xhxw output, de-normalised and clamped, written into `image` with its top-left
// pixel at (x, y); what falls outside `image` is dropped.
void writeNetworkOutput(const at::Tensor& output, Image& image, int x, int y);

// Image -> 1x3xHxW float32, normalised with the ImageNet mean/std, on `device`.
// With `size`, the image is first resized with antialiased bicubic (LibTorch's match for PIL's BICUBIC,
// which the reference uses), clamped to [0,1] and, for 8-bit sources, quantised to 8-bit levels as PIL's
// 8-bit resampler does: then the result agrees with the reference to within 1/255 per pixel.
at::Tensor imageToTensor(const Image& image, const c10::Device& device, std::optional<Size2D> size = std::nullopt);
// 1x3xHxW normalised -> Image (de-normalised and clamped), alpha empty.
Image tensorToImage(const at::Tensor& tensor);
Rgb8Image tensorToRgb8(const at::Tensor& tensor);

// The reference's target_size(): long side -> longSide, short side rounded half up; then optionally floored
// to multiples of 4 (the generator downsamples twice).
Size2D scaledSize(int width, int height, int longSide, bool multipleOf4);

// One line from a c10::Error (whose what() carries a C++ backtrace).
std::string firstLine(const std::string& text);
bool isOutOfMemory(const std::string& message);

// Runs `body`, translating every exception into an Error so nothing from torch escapes core.
template <class T, class Body>
Result<T> guarded(const std::string& context, Body&& body) {
    try {
        return body();
    } catch (const Cancelled&) {
        throw;
    } catch (const EngineError& e) {
        return Error{e.what(), e.kind};
    } catch (const c10::Error& e) {
        // LibTorch 1.13 reports a failed CPU allocation as a plain c10::Error; its words are the only sign.
        const std::string message = firstLine(e.what_without_backtrace());
        if (isOutOfMemory(message)) {
            return Error{context + ": out of memory (try a smaller working size)", ErrorKind::OutOfMemory};
        }
        return Error{context + ": " + message};
    } catch (const std::bad_alloc&) {
        return Error{context + ": out of memory (try a smaller working size)", ErrorKind::OutOfMemory};
    } catch (const std::exception& e) {
        return Error{context + ": " + firstLine(e.what())};
    }
}

}  // namespace hrstyle::engine
