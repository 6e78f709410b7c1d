#include "StylisedExport.h"

#include <QFileInfo>

#include "hrstyle/ImageIO.h"

namespace hrstyle {

Status exportStylisedImage(const ExportRequest& request, DeviceChoice device, const ExportProgress& onProgress,
                           const std::atomic<bool>& cancel) {
    if (!request.model) {
        return Error{"no trained network to export with"};
    }
    // The original file again, not the working-size copy: export is the full-resolution result.
    Result<Image> original = loadImage(request.contentPath.toStdString());
    if (!original) {
        return Error{"Content photo: " + original.error()};
    }
    StyleModel::ApplyControl control;
    control.onProgress = onProgress;
    control.cancel = &cancel;
    // longSide 0 keeps the size, so apply carries the original's alpha over (saveImage writes it where the
    // format has alpha).
    Result<Image> stylised = request.model->apply(original.value(), device, 0, control);
    if (!stylised) {
        return Error{stylised.error()};
    }
    if (cancel.load()) {
        return Error{StyleModel::kCancelledMessage};
    }
    ImageSaveOptions options;
    options.bitDepth = formatSupportsSixteenBit(request.outputPath) ? request.bitDepth : 8;
    options.jpegQuality = request.jpegQuality;
    options.description = exportDescription(request.model->metadata(), request.contentPath, request.stylePath);
    Status saved = saveImage(request.outputPath.toStdString(), stylised.value(), options);
    if (!saved) {
        return Error{saved.error()};
    }
    return Ok{};
}

ExportFunction makeEngineExportFunction(DeviceChoice device) {
    return [device](const ExportRequest& request, const ExportProgress& onProgress, const std::atomic<bool>& cancel) {
        return exportStylisedImage(request, device, onProgress, cancel);
    };
}

}  // namespace hrstyle
