#pragma once
// What a user may give as a preset on the command line (`hrstyle-cli train|apply --preset P`): the name of a
// preset in the store, a preset folder, its preset.json, or an exported preset file.
#include <QString>
#include <QTemporaryDir>

#include <memory>

#include "PresetStore.h"

namespace hrstyle {

struct ResolvedPreset {
    StoredPreset stored;
    // Set for an exported file: it is unpacked into this temporary folder, which must outlive any use of
    // `stored`'s file paths and is deleted with the last copy.
    std::shared_ptr<QTemporaryDir> unpacked;
};

// A name in `store` wins over a file or folder of the same name in the current directory, so a script keeps
// meaning the stored preset wherever it runs; write "./name" for the folder. Errors are one line.
Result<ResolvedPreset> resolvePresetReference(const QString& reference, const PresetStore& store);

}  // namespace hrstyle
