#pragma once
// A style preset as data (docs/file-formats.md, "Presets"): one JSON document per preset, stored in a folder next
// to the files it names (the copied style image, an optional trained generator, an optional thumbnail).
// No Qt here; app/presets owns the folders, the single-file export and the store.
//
// Reading treats every document as hostile: unknown keys are ignored, missing keys take TrainParams'
// defaults, and a wrong type, an out-of-range or non-finite number, an absurd length or a file name that
// could leave the preset folder ("../x", "/etc/passwd", "a/b") is an Error naming the key.
#include <cstdint>
#include <string>

#include "hrstyle/LookControls.h"
#include "hrstyle/Result.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

// Bumped only when an old reader would misread a new document; new optional keys do not need it
// (old readers ignore unknown keys).
constexpr int kPresetSchemaVersion = 1;
constexpr char kPresetFileName[] = "preset.json";

// Limits of what a preset may say. Generous for real use, small enough that no value can exhaust memory
// or time when a hostile preset is applied.
struct PresetLimits {
    static constexpr std::size_t maxDocumentBytes = 1 << 20;  // a real preset.json is under 1 KB
    static constexpr std::size_t maxNameBytes = 256;          // UTF-8 bytes
    static constexpr std::size_t maxFileNameBytes = 255;      // ext4/NTFS limit of one path component
    static constexpr double maxWeight = 1e9;                  // content, style and layer weights
    static constexpr int maxSteps = 1'000'000;
    static constexpr double maxLearningRate = 1.0;
    static constexpr int maxSide = 32768;                     // working size and style size in pixels
};

struct Preset {
    int schema = kPresetSchemaVersion;
    std::string name;        // shown to the user; may be empty in a document (the store then names it)
    std::string styleImage;  // file name inside the preset folder; empty = none
    LossWeights weights;
    int steps = TrainParams{}.steps;
    double learningRate = TrainParams{}.learningRate;
    int workingSize = TrainParams{}.workingSize;  // 0 = the content image's own size
    int styleSize = TrainParams{}.styleSize;      // 0 = native
    std::uint64_t seed = TrainParams{}.seed;
    LookControls look;      // strength and colour mode: part of a look, applied over the network's output
    std::string generator;  // trained generator (.safetensors) inside the folder; empty = none
    std::string thumbnail;  // PNG inside the folder; empty = none

    bool hasGenerator() const { return !generator.empty(); }

    // The training settings this preset stands for; fields a preset does not store keep TrainParams' defaults.
    TrainParams trainParams() const;
    // Copies the stored fields of `params` into this preset (name and files unchanged).
    void setTrainParams(const TrainParams& params);

    bool operator==(const Preset& o) const;
    bool operator!=(const Preset& o) const { return !(*this == o); }
};

// Parses a preset.json document; see the file comment for what is refused. Errors start with the key, e.g.
// "steps: expected a whole number from 0 to 1000000, got -5".
Result<Preset> parsePreset(const std::string& jsonText);

// Pretty-printed JSON (2-space indent, trailing newline) holding every field and the schema number.
std::string serialisePreset(const Preset& preset);

// Empty when `fileName` is a plain file name that stays inside the preset folder, else why not.
std::string presetFileNameProblem(const std::string& fileName);

// Reads and parses a preset.json file; files larger than PresetLimits::maxDocumentBytes are refused unread.
// Errors name the file.
Result<Preset> loadPresetFile(const std::string& path);

// Writes through AtomicFile (AtomicFile.h): a temporary file next to `path`, fsync-ed and renamed over it, so a
// failed save keeps the old file; safe to call from several threads, for one path or several. A preset that
// would not parse back (e.g. a NaN weight, a name too long) is refused before writing.
Status savePresetFile(const std::string& path, const Preset& preset);

}  // namespace hrstyle
