#pragma once
// The engine half of a full-resolution export: the original photo, stylised at its own size by the
// trained generator (optionally refined first at a larger working size), saved atomically with the settings
// embedded. Lives in hrstyle_gui_engine (it links the engine and image I/O); the window reaches it only
// through an ExportFunction.
//
// Thread affinity: any thread (the exporter's). Blocks for as long as the refinement and stylisation take.
#include "ExportRequest.h"
#include "RealTrainingBackend.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

// Returns an error naming the file and the problem; an ErrorKind::Cancelled error once `cancel` is set.
// Whatever fails, a file already at request.outputPath is kept (saveImage renames only a complete file).
// A refinement (request.refine) trains against config.sharedLossNetwork when that holds the wanted network,
// else loads request.refine.lossNetworkPath (unset: config.vgg19Path; empty: random features).
Status exportStylisedImage(const ExportRequest& request, const EngineConfig& config, const ExportProgress& onProgress,
                           const std::atomic<bool>& cancel);
// The same with the default engine configuration on `device` (no shared loss network, random features).
Status exportStylisedImage(const ExportRequest& request, DeviceChoice device, const ExportProgress& onProgress,
                           const std::atomic<bool>& cancel);

// exportStylisedImage bound to an engine configuration (the window's), for ImageExporter.
ExportFunction makeEngineExportFunction(const EngineConfig& config);
ExportFunction makeEngineExportFunction(DeviceChoice device);

}  // namespace hrstyle
