#pragma once
// The engine behind PresetEngine: StyleModel::load + apply for a preset's instant preview, StyleModel::save
// for "Include trained network". Lives in hrstyle_gui_engine (links the engine and image I/O).
#include "PresetEngine.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

PresetEngine makeEnginePresetFunctions(DeviceChoice device);

}  // namespace hrstyle
