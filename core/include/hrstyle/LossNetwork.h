#pragma once
// The frozen VGG19 feature stack used by the perceptual loss (docs/algorithm.md; files: docs/file-formats.md).
// Immutable after construction and shared by value (copies share the weights); safe to use from any thread.
#include <memory>
#include <string>

#include "hrstyle/Result.h"

namespace hrstyle {

class LossNetwork {
public:
    // torchvision key names features.{0,2,...,28}.{weight,bias} (or without the "features." prefix), F32/F16/
    // BF16. A missing key or wrong shape is an error naming the key and both shapes.
    static Result<LossNetwork> load(const std::string& path);

    // The offline fallback: the same architecture with a fixed-seed He initialisation (He et al. 2016,
    // random-weight VGG features still carry style); the loss then normalises its terms (see Criterion).
    static LossNetwork randomFeatures();

    bool isRandomFeatures() const;
    // "VGG19 (/path/vgg19.safetensors)" or "random features (no VGG19 weights)".
    std::string description() const;

    struct Impl;  // core-internal
    const Impl& impl() const { return *m_impl; }

private:
    explicit LossNetwork(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}
    std::shared_ptr<const Impl> m_impl;
};

}  // namespace hrstyle
