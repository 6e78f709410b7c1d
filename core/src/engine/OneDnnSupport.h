#pragma once
// Core-internal, oneDNN builds only: the engine and stream, and oneDNN views of LibTorch tensors.
#include <oneapi/dnnl/dnnl.hpp>
#include <torch/torch.h>

namespace hrstyle::engine::onednn {

dnnl::engine& cpuEngine();
dnnl::stream& cpuStream();  // this thread's; CPU primitives run synchronously on the calling thread

// The tensor's own layout (any strides, e.g. NCHW or channels-last), float32.
dnnl::memory::desc describe(const torch::Tensor& tensor);

// A oneDNN memory over the tensor's data (no copy); the tensor must outlive it.
dnnl::memory view(const torch::Tensor& tensor);
dnnl::memory view(const dnnl::memory::desc& desc, const torch::Tensor& storage);

// Copies `source` into `target`, converting between their layouts.
void reorder(dnnl::memory source, dnnl::memory target);

// A byte tensor with room for `desc`: oneDNN memory that LibTorch allocates and autograd can keep.
torch::Tensor storageFor(const dnnl::memory::desc& desc);

}  // namespace hrstyle::engine::onednn
