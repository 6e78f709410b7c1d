#pragma once
// The engine half of a full-resolution export (issue 5): the original photo, stylised at its own size by the
// trained generator, saved atomically with the settings embedded. Lives in hrstyle_gui_engine (it links the
// engine and image I/O); the window reaches it only through an ExportFunction.
//
// Thread affinity: any thread (the exporter's). Blocks for as long as the stylisation takes.
#include "ExportRequest.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

// Returns an error naming the file and the problem; StyleModel::kCancelledMessage once `cancel` is set.
// Whatever fails, a file already at request.outputPath is kept (saveImage renames only a complete file).
Status exportStylisedImage(const ExportRequest& request, DeviceChoice device, const ExportProgress& onProgress,
                           const std::atomic<bool>& cancel);

// exportStylisedImage bound to a device, for ImageExporter.
ExportFunction makeEngineExportFunction(DeviceChoice device);

}  // namespace hrstyle
