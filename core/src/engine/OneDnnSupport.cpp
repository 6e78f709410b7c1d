#include "OneDnnSupport.h"

#include "OneDnn.h"
#include "TorchSupport.h"

namespace hrstyle::engine {

namespace {

// What every fast-path operation needs of its tensors: CPU float32, outside the reference order.
bool cpuFloatOutsideReferenceOrder(const torch::Tensor& x) {
    return !referenceOrder() && x.device().is_cpu() && x.scalar_type() == torch::kFloat;
}

}  // namespace

bool oneDnnUsable(const torch::Tensor& x) {
    return cpuFloatOutsideReferenceOrder(x) && x.dim() == 4 && x.size(0) == 1;
}

torch::Tensor matrixProduct(const torch::Tensor& a, const torch::Tensor& b) {
    if (!cpuFloatOutsideReferenceOrder(a) || !cpuFloatOutsideReferenceOrder(b)) return torch::mm(a, b);
    torch::Tensor product = torch::empty({a.size(0), b.size(1)}, a.options());
    const dnnl::matmul::primitive_desc desc({onednn::describe(a), onednn::describe(b), onednn::describe(product)},
                                            onednn::cpuEngine());
    dnnl::matmul(desc).execute(onednn::cpuStream(), {{DNNL_ARG_SRC, onednn::view(a)},
                                                     {DNNL_ARG_WEIGHTS, onednn::view(b)},
                                                     {DNNL_ARG_DST, onednn::view(product)}});
    return product;
}

namespace onednn {

dnnl::engine& cpuEngine() {
    static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return engine;
}

dnnl::stream& cpuStream() {
    // Streams are not thread-safe: the trainer and an export may run at once, on different threads.
    thread_local dnnl::stream stream(cpuEngine());
    return stream;
}

dnnl::memory::desc describe(const torch::Tensor& tensor) {
    const dnnl::memory::dims dims(tensor.sizes().begin(), tensor.sizes().end());
    const dnnl::memory::dims strides(tensor.strides().begin(), tensor.strides().end());
    return dnnl::memory::desc(dims, dnnl::memory::data_type::f32, strides);
}

dnnl::memory view(const torch::Tensor& tensor) {
    return dnnl::memory(describe(tensor), cpuEngine(), tensor.data_ptr());
}

dnnl::memory view(const dnnl::memory::desc& desc, const torch::Tensor& storage) {
    TORCH_CHECK(storage.nbytes() >= desc.get_size(), "oneDNN storage too small");
    return dnnl::memory(desc, cpuEngine(), storage.data_ptr());
}

void reorder(dnnl::memory source, dnnl::memory target) {
    dnnl::reorder(source, target).execute(cpuStream(), source, target);
}

torch::Tensor storageFor(const dnnl::memory::desc& desc) {
    return torch::empty({static_cast<int64_t>(desc.get_size())}, torch::kByte);
}

}  // namespace onednn
}  // namespace hrstyle::engine
