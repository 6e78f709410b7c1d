#pragma once
// Core-internal: the CPU fast path through oneDNN, which Debian's LibTorch itself links (libdnnl.so.2).
// LibTorch's operators leave time on the table on a CPU (profile in docs/performance.md):
//  - VGG19's 3x3 convolutions run as direct convolutions; oneDNN's Winograd F(4x4,3x3) needs a quarter of the
//    multiplications and runs 1.5-2x faster per layer here, forward and backward (LibTorch never selects it);
//  - InstanceNorm on channels-last tensors goes through NCHW copies (instance_norm) or a slow channels-last
//    batch_norm backward; oneDNN's normalisation works on channels-last memory directly and fuses the ReLU;
//  - its GEMMs (OpenBLAS) on the Gram shapes and its bilinear upsampling forward are slower than oneDNN's.
// All are functions on ordinary tensors (with autograd), so the rest of the engine does not change. Builds
// without oneDNN's headers (e.g. against a pip LibTorch) get oneDnnUsable() == false and LibTorch's operators.
#include "Networks.h"

namespace hrstyle::engine {

// True when the fast path applies to `x`: oneDNN built in, a CPU float32 tensor of one image, and not the
// reference order (HRSTYLE_REFERENCE_ORDER=1 keeps LibTorch's operators for bit-level oracle comparisons).
bool oneDnnUsable(const torch::Tensor& x);

// a·b of two float32 matrices (any strides, e.g. transposed views). oneDNN's matmul where the fast path
// applies (a CPU tensor, not the reference order): for the Gram matrices of the style loss and their
// gradients, 20-55% faster here than LibTorch's BLAS (OpenBLAS) on their tall, narrow shapes. Else torch::mm.
torch::Tensor matrixProduct(const torch::Tensor& a, const torch::Tensor& b);

// InstanceNorm2d(affine=false, eps 1e-5) of a single image, optionally followed by ReLU, with autograd.
torch::Tensor oneDnnInstanceNorm(const torch::Tensor& x, bool relu);

// Bilinear upsampling (align_corners=false) of a single image by an integer factor, with autograd.
torch::Tensor oneDnnUpsampleBilinear(const torch::Tensor& x, int64_t factor);

// vggForward() on oneDNN (Winograd convolutions where they apply), with autograd to the input.
VggTaps oneDnnVggForward(const VggWeights& vgg, const torch::Tensor& input, const Checkpoint& checkpoint);

}  // namespace hrstyle::engine
