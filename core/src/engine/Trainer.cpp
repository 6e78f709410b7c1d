#include "hrstyle/Trainer.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>

#include "Criterion.h"
#include "FlatAdam.h"
#include "ModelState.h"
#include "TorchSupport.h"
#include "hrstyle/Device.h"
#include "hrstyle/MemoryBudget.h"

namespace hrstyle {

using engine::EngineError;

namespace {

// VGG19 pools four times before relu5_1: anything smaller than 16 pixels a side has no relu5_1 features.
constexpr int kMinimumSide = 16;

// The shortest text that reads back as the same double ("0.1", not "0.10000000000000001"), whatever the
// program's locale: std::to_chars.
std::string formatDouble(double value) {
    std::array<char, 32> text{};
    const auto written = std::to_chars(text.data(), text.data() + text.size(), value);
    return std::string(text.data(), written.ptr);
}

std::string formatLayerWeights(const StyleLayerWeights& layers) {
    std::string text = "[";
    for (std::size_t i = 0; i < layers.size(); ++i) text += (i ? "," : "") + formatDouble(layers[i]);
    return text + "]";
}

void requireMinimumSize(const torch::Tensor& image, const char* what) {
    if (image.size(2) < kMinimumSide || image.size(3) < kMinimumSide) {
        throw EngineError(std::string(what) + " is " + std::to_string(image.size(3)) + "x" +
                          std::to_string(image.size(2)) + " pixels; the loss needs at least " +
                          std::to_string(kMinimumSide) + " on each side");
    }
}

// Content at working size: long side = workingSize with sides floored to multiples of 4, or (workingSize 0)
// the image's own size cropped down to multiples of 4.
torch::Tensor prepareContent(const Image& content, const TrainParams& params, const torch::Device& device) {
    torch::Tensor x;
    if (params.workingSize > 0) {
        const engine::Size2D size = engine::scaledSize(content.width, content.height, params.workingSize, true);
        x = engine::imageToTensor(content, device, engine::Size2D{std::max(size.width, 1), std::max(size.height, 1)});
    } else {
        x = engine::imageToTensor(content, device);
        x = x.narrow(2, 0, content.height - content.height % 4).narrow(3, 0, content.width - content.width % 4);
    }
    requireMinimumSize(x, "the content at working size");
    return x.contiguous(engine::preferredMemoryFormat());  // channels-last: what the generator's layers run on
}

// Style at native size (seed behaviour) unless styleSize is set; capped at maxStyleSide.
torch::Tensor prepareStyle(const Image& style, const TrainParams& params, const torch::Device& device) {
    std::optional<engine::Size2D> size;
    if (trainingStyleLongSide(style.width, style.height, params) > 0) {
        const ImageSize scaled = trainingStyleSize(style.width, style.height, params);
        size = engine::Size2D{std::max(scaled.width, 1), std::max(scaled.height, 1)};
    }
    const torch::Tensor x = engine::imageToTensor(style, device, size);
    requireMinimumSize(x, "the style image");
    return x;
}

// Refuses, before anything is allocated, a CPU run that would go over params.memoryLimitBytes.
Status checkTrainingMemory(const Image& content, const Image& style, const TrainParams& params) {
    if (params.memoryLimitBytes == 0) return Ok{};
    const std::size_t held = residentBytes();
    const std::size_t needed =
        held + trainingMemoryBytes(content.width, content.height, style.width, style.height, params);
    if (needed <= params.memoryLimitBytes) return Ok{};
    const ImageSize size = trainingContentSize(content.width, content.height, params);
    const int fits = largestWorkingSizeWithin(bytesLeftUnder(params.memoryLimitBytes), content.width,
                                              content.height, style.width, style.height, params);
    std::string message = "training at " + std::to_string(size.width) + "x" + std::to_string(size.height) +
                          " needs about " + megabytesText(double(needed)) + ", over the memory limit of " +
                          megabytesText(double(params.memoryLimitBytes));
    message += fits > 0 ? "; a working size of " + std::to_string(fits) + " px fits (or raise the limit)"
                        : "; raise the limit or use a smaller style image";
    return Error{message, ErrorKind::OutOfMemory};
}

}  // namespace

// The seed's StepLR(step_size=200, gamma=0.9).
double scheduledLearningRate(double baseRate, int step) {
    constexpr int kStepSize = 200;
    constexpr double kDecay = 0.9;
    return baseRate * std::pow(kDecay, step / kStepSize);
}

struct Trainer::Impl {
    torch::Device device{torch::kCPU};
    TrainParams params;
    std::string lossNetworkDescription;
    engine::HRNet net{nullptr};
    std::unique_ptr<engine::FlatAdam> optimizer;
    std::unique_ptr<engine::Criterion> criterion;
    torch::Tensor content;  // working size, normalised, on `device`
    int stepsDone = 0;
    // Weights that last produced a finite loss (FlatAdam::snapshot): what a NaN/inf loss rolls back to.
    torch::Tensor lastFiniteParameters;

    LossWeights weights;  // read at each step; changed between steps on this same thread

    LossSample sampleFrom(const engine::LossTerms& terms) const;
    LossSample step(const LossWeights& lossWeights, torch::Tensor& output, const engine::Checkpoint& checkpoint);
    void addParameterCheckpoints();

    // The cancel flag of the running run(), read by checkpoints inside a step (forward, and backward
    // through gradient hooks), so Stop and Quit do not wait for a whole step on a slow machine.
    std::atomic<const std::atomic<bool>*> runningCancel{nullptr};
    void checkCancelled() const {
        const std::atomic<bool>* cancel = runningCancel.load();
        if (cancel && cancel->load()) throw engine::Cancelled{};
    }
};

LossSample Trainer::Impl::sampleFrom(const engine::LossTerms& terms) const {
    LossSample sample;
    sample.step = stepsDone;
    sample.content = terms.content.item<double>();
    sample.style = terms.style.item<double>();
    sample.total = terms.total.item<double>();
    for (std::size_t l = 0; l < terms.styleLayers.size(); ++l) sample.styleLayers[l] = terms.styleLayers[l].item<double>();
    sample.learningRate = scheduledLearningRate(params.learningRate, stepsDone);
    return sample;
}

// One update: forward, losses (before the update, as the reference logs them), backward, Adam.
// Gradient hooks on every generator weight: checkpoints through the generator's backward pass.
void Trainer::Impl::addParameterCheckpoints() {
    for (auto& parameter : net->parameters()) {
        parameter.register_hook([this](const torch::Tensor&) { checkCancelled(); });
    }
}

LossSample Trainer::Impl::step(const LossWeights& lossWeights, torch::Tensor& output,
                               const engine::Checkpoint& checkpoint) {
    output = net(content);
    const engine::LossTerms terms = (*criterion)(output, lossWeights, checkpoint);
    LossSample sample = sampleFrom(terms);
    if (!std::isfinite(sample.total)) return sample;  // the caller stops before any update
    optimizer->zeroGrad();
    terms.total.backward();
    optimizer->step(sample.learningRate);
    ++stepsDone;
    return sample;
}

Result<std::unique_ptr<Trainer>> Trainer::create(const LossNetwork& lossNetwork, const Image& content,
                                                 const Image& style, const TrainParams& params,
                                                 DeviceChoice device, const StyleModel* initial) {
    Result<DeviceChoice> resolved = resolveDevice(device);
    if (!resolved) return resolved.failure();
    if (content.empty()) return Error{"no content image"};
    if (style.empty()) return Error{"no style image"};
    if (resolved.value() == DeviceChoice::Cpu) {
        if (Status fits = checkTrainingMemory(content, style, params); !fits) return fits.failure();
    }
    return engine::guarded<std::unique_ptr<Trainer>>("preparing training", [&]() -> Result<std::unique_ptr<Trainer>> {
        auto impl = std::make_unique<Impl>();
        impl->device = engine::toTorchDevice(resolved.value());
        impl->params = params;
        impl->weights = params.weights;
        impl->lossNetworkDescription = lossNetwork.description();
        impl->content = prepareContent(content, params, impl->device);
        const torch::Tensor styleTensor = prepareStyle(style, params, impl->device);
        impl->criterion = std::make_unique<engine::Criterion>(lossNetwork.impl().weights.to(impl->device),
                                                              impl->content, styleTensor,
                                                              lossNetwork.isRandomFeatures());
        const StyleModel start = initial ? *initial : StyleModel::initialised(params.seed);
        impl->net = engine::makeHRNet(start.impl(), impl->device);
        impl->optimizer = std::make_unique<engine::FlatAdam>(impl->net->parameters());
        impl->addParameterCheckpoints();
        return std::unique_ptr<Trainer>(new Trainer(std::move(impl)));
    });
}

Trainer::Trainer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Trainer::~Trainer() = default;

void Trainer::setLossWeights(const LossWeights& weights) { m_impl->weights = weights; }

LossWeights Trainer::lossWeights() const { return m_impl->weights; }

Result<RunOutcome> Trainer::run(int steps, const TrainCallbacks& callbacks, const std::atomic<bool>& cancel) {
    Impl& d = *m_impl;
    d.runningCancel = &cancel;
    struct ClearOnExit {
        Impl& impl;
        ~ClearOnExit() { impl.runningCancel = nullptr; }
    } clearOnExit{d};
    const engine::Checkpoint checkpoint = [&d] { d.checkCancelled(); };
    for (int i = 0; i < steps; ++i) {
        if (cancel.load()) return RunOutcome::Cancelled;
        const LossWeights weights = lossWeights();  // a change from onStep applies from the next step
        torch::Tensor beforeUpdate = d.optimizer->snapshot();
        const auto start = std::chrono::steady_clock::now();
        torch::Tensor output;
        Result<LossSample> sample = Error{};
        try {
            sample = engine::guarded<LossSample>("training step", [&] { return d.step(weights, output, checkpoint); });
        } catch (const engine::Cancelled&) {
            return RunOutcome::Cancelled;  // abandoned before its update: the weights are unchanged
        }
        if (!sample) return sample.failure();  // failed before its update: the weights are unchanged
        if (!std::isfinite(sample->total)) {
            if (d.lastFiniteParameters.defined()) d.optimizer->restore(d.lastFiniteParameters);
            return Error{"the loss became " + std::string(std::isnan(sample->total) ? "NaN" : "infinite") +
                         " at step " + std::to_string(sample->step) +
                         "; the last good weights are kept (try lower weights or learning rate)",
                         ErrorKind::Numerical};
        }
        d.lastFiniteParameters = std::move(beforeUpdate);
        sample->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (callbacks.onStep) callbacks.onStep(sample.value());
        const bool last = i + 1 == steps;
        if (callbacks.onPreview && callbacks.previewEvery > 0 && (d.stepsDone % callbacks.previewEvery == 0 || last)) {
            callbacks.onPreview(engine::tensorToRgb8(output), d.stepsDone);
        }
    }
    return RunOutcome::Completed;
}

Result<LossSample> Trainer::evaluate() {
    return engine::guarded<LossSample>("evaluating", [&] {
        torch::NoGradGuard noGrad;
        const engine::LossTerms terms = (*m_impl->criterion)(m_impl->net(m_impl->content), lossWeights());
        return m_impl->sampleFrom(terms);
    });
}

StyleModel Trainer::model() const {
    auto impl = std::make_shared<StyleModel::Impl>();
    impl->parameters = engine::snapshotParameters(m_impl->net);
    const LossWeights weights = lossWeights();
    impl->metadata = {
        {"format", "hrstyle-hrnet"},
        {"app_version", HRSTYLE_VERSION},
        {"content_weight", formatDouble(weights.content)},
        {"style_weight", formatDouble(weights.style)},
        {"layer_weights", formatLayerWeights(weights.layers)},
        {"steps", std::to_string(m_impl->stepsDone)},
        {"learning_rate", formatDouble(m_impl->params.learningRate)},
        {"working_size", std::to_string(workingWidth()) + "x" + std::to_string(workingHeight())},
        {"seed", std::to_string(m_impl->params.seed)},
        {"loss_network", m_impl->lossNetworkDescription},
    };
    return StyleModel(std::move(impl));
}

Rgb8Image Trainer::preview() {
    torch::NoGradGuard noGrad;
    return engine::tensorToRgb8(m_impl->net(m_impl->content));
}

Result<Image> Trainer::currentOutput() {
    return engine::guarded<Image>("rendering", [&] {
        torch::NoGradGuard noGrad;
        return engine::tensorToImage(m_impl->net(m_impl->content));
    });
}

int Trainer::stepsDone() const { return m_impl->stepsDone; }
int Trainer::workingWidth() const { return static_cast<int>(m_impl->content.size(3)); }
int Trainer::workingHeight() const { return static_cast<int>(m_impl->content.size(2)); }

}  // namespace hrstyle
