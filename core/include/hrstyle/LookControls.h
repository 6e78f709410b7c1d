#pragma once
// How much of a look reaches the photo, and which part of it: composed from the photo and the network's output
// alone, without running the network again, so a change shows at once.
#include <map>
#include <optional>
#include <string>

#include "hrstyle/Image.h"
#include "hrstyle/Result.h"

namespace hrstyle {

enum class ColourMode {
    Full,          // the network's output as it is
    KeepColours,   // its luminance on the photo's chroma: Gatys et al. 2016, "Preserving Color in Neural
                   // Artistic Style Transfer", luminance-only transfer
    ColourOnly,    // its chroma on the photo's luminance: a pure colour grade that keeps every detail
};

struct LookControls {
    double strength = 1.0;  // 0 = the photo exactly, 1 = the colour mode's result exactly
    ColourMode colourMode = ColourMode::Full;

    bool leavesOutputAsIs() const { return strength >= 1.0 && colourMode == ColourMode::Full; }
    bool operator==(const LookControls& o) const { return strength == o.strength && colourMode == o.colourMode; }
    bool operator!=(const LookControls& o) const { return !(*this == o); }
};

// "full", "keep", "only" (the CLI's, the presets' and the settings' names); in hrstyle_base.
const char* colourModeName(ColourMode mode);
std::optional<ColourMode> colourModeFromName(const std::string& name);

// What an output embeds of its look (export, apply): "strength" as a whole percentage and "colour_mode".
void addLookSettings(const LookControls& look, std::map<std::string, std::string>& settings);

// Replaces `output` (the network's result for `photo`, same size) by the photo with the look applied as
// `controls` say. Blended in CIELAB (sRGB, D65), where a mid strength moves lightness and chroma evenly instead
// of greying out as an RGB mix does; strength 0 gives the photo's samples bit for bit. Works a band of rows at a
// time, so it adds a few megabytes to an export whatever the photo's size. The output keeps the photo's alpha.
// In hrstyle_look (OpenCV), as is resizedImage.
Status composeLook(const Image& photo, Image& output, const LookControls& controls);

// `image` resampled to width x height (area averaging when shrinking): the photo at the size an output was made
// at, when a look is applied at another size than the photo's own.
Result<Image> resizedImage(const Image& image, int width, int height);

}  // namespace hrstyle
