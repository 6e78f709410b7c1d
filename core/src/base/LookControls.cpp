#include "hrstyle/LookControls.h"

// The names of the colour modes (presets, settings, the CLI): plain data, in hrstyle_base with the preset
// reader; the composition itself is hrstyle_look's (OpenCV).
namespace hrstyle {

const char* colourModeName(ColourMode mode) {
    switch (mode) {
    case ColourMode::KeepColours: return "keep";
    case ColourMode::ColourOnly: return "only";
    default: return "full";
    }
}

std::optional<ColourMode> colourModeFromName(const std::string& name) {
    for (ColourMode mode : {ColourMode::Full, ColourMode::KeepColours, ColourMode::ColourOnly}) {
        if (name == colourModeName(mode)) return mode;
    }
    return std::nullopt;
}

}  // namespace hrstyle
