#include "PresetReference.h"

#include <QFileInfo>

#include "PresetArchive.h"
#include "PresetFolder.h"

namespace hrstyle {

namespace {

Result<ResolvedPreset> fromFolder(const QString& folder) {
    Result<StoredPreset> stored = readPresetFolder(folder);
    if (!stored) return stored.failure();
    return ResolvedPreset{std::move(stored).value(), nullptr};
}

Result<ResolvedPreset> fromArchive(const QFileInfo& file, const PresetStoreLimits& limits) {
    auto scratch = std::make_shared<QTemporaryDir>();
    if (!scratch->isValid()) return Error{"cannot create a temporary folder: " + scratch->errorString().toStdString()};
    const Result<Preset> unpacked = unpackPresetArchive(file.filePath(), scratch->path(), limits);
    if (!unpacked) return unpacked.failure();
    Result<StoredPreset> stored = readPresetFolder(scratch->path());
    if (!stored) return stored.failure();
    // A nameless preset would otherwise be named after the random temporary folder.
    if (unpacked->name.empty()) stored->preset.name = file.completeBaseName().toStdString();
    return ResolvedPreset{std::move(stored).value(), std::move(scratch)};
}

}  // namespace

Result<ResolvedPreset> resolvePresetReference(const QString& reference, const PresetStore& store) {
    if (reference.isEmpty()) return Error{"empty preset name"};
    if (Result<StoredPreset> stored = store.find(reference)) return ResolvedPreset{std::move(stored).value(), nullptr};
    const QFileInfo info(reference);
    if (info.isDir()) return fromFolder(info.filePath());
    if (info.isFile() && info.fileName() == QLatin1String(kPresetFileName)) return fromFolder(info.path());
    if (info.isFile()) return fromArchive(info, store.limits());
    return Error{("no preset named '" + reference + "' in " + store.root() + ", and no such file or folder")
                     .toStdString()};
}

}  // namespace hrstyle
