#pragma once
// What the preset panel needs from the engine, as functions, so hrstyle_gui_lib (and its fake-trainer tests)
// links no LibTorch code: the app binds them to StyleModel in hrstyle_gui_engine (EnginePresetFunctions).
// Without them a preset still saves and applies its settings, only without a trained network.
#include <QImage>
#include <QString>

#include <functional>

#include "StyleModelPtr.h"
#include "hrstyle/Result.h"

namespace hrstyle {

struct PresetPreview {
    StyleModelPtr model;  // the loaded generator, for warm-starting the next training
    QImage image;         // the photo stylised by it (owning; safe to pass across threads)
};

// Loads a generator file and stylises the photo with it (long side `longSide`, 0 = the photo's own size).
// Runs on a background thread; blocks for the inference.
using PresetPreviewFunction =
    std::function<Result<PresetPreview>(const QString& generatorPath, const QString& contentPath, int longSide)>;

// Writes a generator to `path` (a small file, ~300 KB).
using SaveModelFunction = std::function<Status(const StyleModel& model, const QString& path)>;

struct PresetEngine {
    PresetPreviewFunction preview;
    SaveModelFunction saveModel;
};

}  // namespace hrstyle
