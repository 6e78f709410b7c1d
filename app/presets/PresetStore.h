#pragma once
// The user's style presets (docs/file-formats.md): one folder each under
//   <GenericDataLocation>/HRStyle/hrstyle/presets/<folder>/{preset.json, style.<ext>, generator.safetensors,
//                                                          thumbnail.png}
// (the same data folder as the downloaded VGG19 weights, so the GUI and the CLI share both).
//
// Every write is atomic: a new preset is assembled in a hidden staging folder and renamed into place, and
// preset.json is replaced through a temporary file; a failure leaves the store as it was. Names are unique
// case-insensitively; folder names are derived from names once and never shown.
//
// Not a QObject and not thread-safe: use one instance per thread (the GUI's and the CLI's never share one).
// Two processes may use the same root; each operation either completes or fails with a message.
#include <QString>

#include <chrono>

#include "StoredPreset.h"
#include "hrstyle/Result.h"

namespace hrstyle {

enum class SaveMode { RefuseExisting, ReplaceExisting };

class PresetStore {
public:
    // <GenericDataLocation>/HRStyle/hrstyle/presets, or empty when the platform has no data folder.
    static QString defaultRoot();

    explicit PresetStore(QString root, PresetStoreLimits limits = {});

    const QString& root() const { return m_root; }
    const PresetStoreLimits& limits() const { return m_limits; }

    // Every preset folder under the root, sorted by name; unreadable ones are reported in `problems`.
    // A missing root is an empty store.
    PresetListing list() const;
    // By name: exact match first, then case-insensitive.
    Result<StoredPreset> find(const QString& name) const;
    bool contains(const QString& name) const { return find(name).ok(); }
    // `wanted`, or "wanted (2)", "wanted (3)", ... whichever is free.
    QString uniqueName(const QString& wanted) const;

    // Copies the draft's files in. With ReplaceExisting an existing preset of that name is moved to the trash
    // once the new one is complete (and put back if that fails).
    Result<StoredPreset> save(const PresetDraft& draft, SaveMode mode = SaveMode::RefuseExisting);
    // Rewrites preset.json only (atomically); the folder keeps its name.
    Result<StoredPreset> rename(const QString& name, const QString& newName);
    // A full copy (files included) under a new name.
    Result<StoredPreset> duplicate(const QString& name, const QString& newName);

    // Moves the preset's folder into <root>/.trash (one rename: cheap, atomic, undoable). restore() moves it
    // back, under a unique name if its name was taken meanwhile. Trash older than a day is emptied by each
    // remove(); the GUI may call emptyTrash() on exit.
    Result<RemovedPreset> remove(const QString& name);
    Result<StoredPreset> restore(const RemovedPreset& removed);
    void emptyTrash(std::chrono::seconds olderThan = std::chrono::seconds(0));

    // One self-contained file to share (see PresetArchive.h). Import never overwrites: a taken name becomes
    // "name (2)". A hostile file is refused with a message and leaves nothing behind.
    Status exportPreset(const QString& name, const QString& filePath) const;
    Result<StoredPreset> importPreset(const QString& filePath);

    static constexpr char kTrashFolder[] = ".trash";

private:
    QString newFolderPath(const QString& presetName) const;
    Result<StoredPreset> commitStaged(class StagingFolder& staging, const QString& name);
    Result<StoredPreset> replaceWithStaged(StagingFolder& staging, const StoredPreset& old);
    Status moveToTrash(const StoredPreset& preset, QString* trashFolder);
    QString checkNewName(const QString& name, const QString& except = {}) const;

    QString m_root;
    PresetStoreLimits m_limits;
};

}  // namespace hrstyle
