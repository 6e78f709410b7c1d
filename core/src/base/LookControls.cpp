#include "hrstyle/LookControls.h"

#include <cmath>

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

void addLookSettings(const LookControls& look, std::map<std::string, std::string>& settings) {
    settings["strength"] = std::to_string(std::lround(look.strength * 100.0));
    settings["colour_mode"] = colourModeName(look.colourMode);
}

}  // namespace hrstyle
