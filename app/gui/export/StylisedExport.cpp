#include "StylisedExport.h"

#include <QFileInfo>

#include <algorithm>
#include <optional>

#include "hrstyle/ImageIO.h"
#include "hrstyle/LookControls.h"
#include "hrstyle/Trainer.h"

namespace hrstyle {
namespace {

// The share of the progress bar the refine steps take when refining: a training step at the refine size
// costs far more than applying the generator once, so the apply gets the short tail.
constexpr double kRefineProgressShare = 0.8;

// Maps a phase's own [0,1] progress into [start, start + span] of the whole export's.
ExportProgress phaseProgress(const ExportProgress& onProgress, double start, double span) {
    if (!onProgress) {
        return {};
    }
    return [onProgress, start, span](double fraction) { onProgress(start + span * fraction); };
}

// The network the window trains with: the backend's published one when it matches, else loaded here.
Result<LossNetwork> refineLossNetwork(const ExportRefinement& refine, const EngineConfig& config) {
    const QString path = refine.lossNetworkPath.value_or(config.vgg19Path);
    if (config.sharedLossNetwork) {
        if (std::optional<LossNetwork> shared = config.sharedLossNetwork->ifLoadedFrom(path)) {
            return std::move(*shared);
        }
    }
    if (path.isEmpty()) {
        return LossNetwork::randomFeatures();
    }
    Result<LossNetwork> loaded = LossNetwork::load(path.toStdString());
    if (!loaded) {
        return loaded.failure().withContext("VGG19 weights: ");
    }
    return loaded;
}

// The long side the refinement trains at: never above the photo's own (upscaling adds no detail to learn).
int refineLongSide(const ExportRefinement& refine, const Image& original) {
    const int photoLongSide = std::max(original.width, original.height);
    return refine.workingSize > 0 ? std::min(refine.workingSize, photoLongSide) : photoLongSide;
}

// Continues training a copy of request.model for refine.steps steps at the refine size. The window's
// generator is untouched: the trainer starts from a copy and its result serves this export only.
Result<StyleModel> refineGenerator(const ExportRequest& request, const Image& original, const EngineConfig& config,
                                   const ExportProgress& onProgress, const std::atomic<bool>& cancel) {
    const ExportRefinement& refine = request.refine;
    Result<Image> style = loadImage(request.stylePath.toStdString());
    if (!style) {
        return style.failure().withContext("Style image: ");
    }
    Result<LossNetwork> lossNetwork = refineLossNetwork(refine, config);
    if (!lossNetwork) {
        return lossNetwork.failure();
    }
    TrainParams params = refine.params;
    params.steps = refine.steps;
    params.workingSize = refineLongSide(refine, original);
    params.memoryLimitBytes = request.memoryLimitBytes;  // refining is part of the export: its budget holds
    Result<std::unique_ptr<Trainer>> trainer = Trainer::create(lossNetwork.value(), original, style.value(), params,
                                                               config.device, request.model.get());
    if (!trainer) {
        return trainer.failure().withContext("Refining: ");
    }
    TrainCallbacks callbacks;
    callbacks.onStep = [&onProgress, steps = refine.steps](const LossSample& sample) {
        if (onProgress) {
            onProgress(static_cast<double>(sample.step + 1) / steps);
        }
    };
    Result<RunOutcome> outcome = trainer.value()->run(refine.steps, callbacks, cancel);
    if (!outcome) {
        return outcome.failure().withContext("Refining: ");
    }
    if (outcome.value() == RunOutcome::Cancelled || cancel.load()) {
        return Error{StyleModel::kCancelledMessage, ErrorKind::Cancelled};
    }
    return trainer.value()->model();
}

// The settings embedded in the file: the window's generator's, plus how the export refined it.
Metadata exportMetadata(const ExportRequest& request, const Image& original) {
    Metadata metadata = request.model->metadata();
    if (request.refine.enabled()) {
        metadata["refine_steps"] = std::to_string(request.refine.steps);
        metadata["refine_size"] = std::to_string(refineLongSide(request.refine, original));
    }
    addLookSettings(request.look, metadata);
    return metadata;
}

}  // namespace

Status exportStylisedImage(const ExportRequest& request, const EngineConfig& config, const ExportProgress& onProgress,
                           const std::atomic<bool>& cancel) {
    if (!request.model) {
        return Error{"no trained network to export with"};
    }
    // The original file again, not the working-size copy: export is the full-resolution result.
    Result<Image> original =
        loadImage(request.contentPath.toStdString(), ImageLoadLimits::within(request.memoryLimitBytes));
    if (!original) {
        return original.failure().withContext("Content photo: ");
    }
    StyleModel generator = *request.model;
    double applyStart = 0.0;
    if (request.refine.enabled()) {
        Result<StyleModel> refined = refineGenerator(request, original.value(), config,
                                                     phaseProgress(onProgress, 0.0, kRefineProgressShare), cancel);
        if (!refined) {
            return refined.failure();
        }
        generator = refined.value();
        applyStart = kRefineProgressShare;
    }
    StyleModel::ApplyControl control;
    control.onProgress = phaseProgress(onProgress, applyStart, 1.0 - applyStart);
    control.cancel = &cancel;
    control.memoryLimitBytes = request.memoryLimitBytes;
    // longSide 0 keeps the size, so apply carries the original's alpha over (saveImage writes it where the
    // format has alpha).
    Result<Image> stylised = generator.apply(original.value(), config.device, 0, control);
    if (!stylised) {
        return stylised.failure();
    }
    if (cancel.load()) {
        return Error{StyleModel::kCancelledMessage, ErrorKind::Cancelled};
    }
    if (Status composed = composeLook(original.value(), stylised.value(), request.look); !composed) {
        return composed.failure();
    }
    ImageSaveOptions options;
    options.bitDepth = formatSupportsSixteenBit(request.outputPath) ? request.bitDepth : 8;
    options.jpegQuality = request.jpegQuality;
    options.settings =
        exportSettings(exportMetadata(request, original.value()), request.contentPath, request.stylePath);
    Status saved = saveImage(request.outputPath.toStdString(), stylised.value(), options);
    if (!saved) {
        return saved.failure();
    }
    return Ok{};
}

Status exportStylisedImage(const ExportRequest& request, DeviceChoice device, const ExportProgress& onProgress,
                           const std::atomic<bool>& cancel) {
    EngineConfig config;
    config.device = device;
    return exportStylisedImage(request, config, onProgress, cancel);
}

ExportFunction makeEngineExportFunction(const EngineConfig& config) {
    return [config](const ExportRequest& request, const ExportProgress& onProgress, const std::atomic<bool>& cancel) {
        return exportStylisedImage(request, config, onProgress, cancel);
    };
}

ExportFunction makeEngineExportFunction(DeviceChoice device) {
    EngineConfig config;
    config.device = device;
    return makeEngineExportFunction(config);
}

}  // namespace hrstyle
