#pragma once
// A preset as it lies on disk: its folder (preset.json + the files it names) and the parsed document.
// Plain values, no QObject: the store, the CLI and the GUI's preset panel pass them around freely.
#include <QByteArray>
#include <QList>
#include <QString>

#include "hrstyle/LookControls.h"
#include "hrstyle/Preset.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

struct StoredPreset {
    QString folder;  // absolute path of the preset's folder
    Preset preset;   // as read from folder/preset.json

    QString name() const { return QString::fromStdString(preset.name); }
    // Absolute paths of the files preset.json names; empty when it names none.
    QString styleImagePath() const { return filePath(preset.styleImage); }
    QString generatorPath() const { return filePath(preset.generator); }
    QString thumbnailPath() const { return filePath(preset.thumbnail); }
    QString jsonPath() const;

private:
    QString filePath(const std::string& fileName) const;
};

// A folder under the store's root that could not be read as a preset: listed so the UI can say so, and
// never fatal to listing the others.
struct PresetProblem {
    QString folder;
    QString message;
};

struct PresetListing {
    QList<StoredPreset> presets;    // sorted by name, case-insensitively
    QList<PresetProblem> problems;  // sorted by folder
};

// What the user saves: the store copies the files in, so moving or deleting the originals breaks nothing.
struct PresetDraft {
    QString name;
    QString styleImagePath;   // required: an image file (copied in, bytes unchanged)
    TrainParams params;       // the stored fields: see Preset::setTrainParams
    QString generatorPath;    // optional: a trained generator (.safetensors), copied in
    QByteArray thumbnailPng;  // optional: PNG bytes the caller rendered (the store has no image code)
    LookControls look;        // strength and colour mode
};

// Removing moves the folder into the store's trash; this is what restore() needs to put it back.
struct RemovedPreset {
    QString name;
    QString trashFolder;         // where the preset's folder now is
    QString originalFolderName;  // its folder name under the root before removal
};

// Size caps for files entering the store (saved or imported). Real presets are far below them: a style photo
// of a few MB, a 71k-parameter generator of ~300 KB, a thumbnail of ~50 KB.
struct PresetStoreLimits {
    qint64 maxStyleImageBytes = 64LL << 20;
    qint64 maxGeneratorBytes = 32LL << 20;
    qint64 maxThumbnailBytes = 2LL << 20;
    // An exported file holds the three base64-encoded (4/3 the size) plus a small JSON frame.
    qint64 maxArchiveBytes() const {
        return (maxStyleImageBytes + maxGeneratorBytes + maxThumbnailBytes) / 3 * 4 + (1LL << 20);
    }
};

}  // namespace hrstyle
