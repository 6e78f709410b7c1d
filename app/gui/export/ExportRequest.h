#pragma once
// What a full-resolution export needs, as plain values that cross to the export thread by copy.
// The engine half (exportStylisedImage, in hrstyle_gui_engine) is injected as an ExportFunction, so the
// exporter's threading and the window's export flow are testable without LibTorch.
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "hrstyle/LookControls.h"
#include "hrstyle/Memory.h"
#include "hrstyle/Result.h"
#include "hrstyle/SafeTensors.h"
#include "hrstyle/TrainParams.h"
#include "StyleModelPtr.h"

namespace hrstyle {

// "Refine first": a few more training steps at a larger working size before the full-size apply, so the
// generator sees the photo's detail at closer to the scale it will be applied at. The refined generator
// serves this export only; the window's network is unchanged.
struct ExportRefinement {
    int steps = 0;            // 0: apply the current generator as it is
    int workingSize = 1024;   // content long side to train at, in pixels (capped at the photo's long side)
    TrainParams params;       // the window's weights, learning rate, seed, style sizes (steps/workingSize replaced)
    // The loss network, as TrainingSetup::lossNetworkPath: unset = the engine's default, empty = random features.
    std::optional<QString> lossNetworkPath;

    bool enabled() const { return steps > 0; }
};

struct ExportRequest {
    StyleModelPtr model;
    QString contentPath;  // the ORIGINAL photo, read again at full size
    QString stylePath;    // only its file name goes into the embedded settings
    QString outputPath;   // the format follows the extension
    int bitDepth = 8;     // 16 for PNG / TIFF only
    int jpegQuality = 95;
    ExportRefinement refine;
    LookControls look;  // strength and colour mode, composed over the full-size result
    // The process's peak memory while the photo is read, refined for and restyled; Preferences sets it.
    std::size_t memoryLimitBytes = kDefaultMemoryLimitBytes;
};

// Called on the export thread with fractions in [0,1] (over the refine steps, then the apply).
using ExportProgress = std::function<void(double fraction)>;
// Runs on the export thread; returns an error a user can act on. Returns an ErrorKind::Cancelled error once `cancel` is set.
using ExportFunction =
    std::function<Status(const ExportRequest& request, const ExportProgress& onProgress, const std::atomic<bool>& cancel)>;

// The settings that made the image, which saveImage embeds as XMP and `hrstyle-cli info` prints: the model's
// metadata plus "content" and "style" file names.
Metadata exportSettings(const Metadata& modelMetadata, const QString& contentPath, const QString& stylePath);

// True for the extensions saveImage writes 16-bit samples for (.png, .tif, .tiff).
bool formatSupportsSixteenBit(const QString& path);
// True for .jpg / .jpeg (the only lossy format with a quality setting here; WebP is written lossless).
bool formatHasQuality(const QString& path);

}  // namespace hrstyle
