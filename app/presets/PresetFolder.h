#pragma once
// One preset folder on disk: reading and checking it, and the building blocks every write uses (a staging
// folder renamed into place, size-capped copies, atomic single-file writes). The store and the single-file
// archive share them, so a saved and an imported preset pass the same checks.
#include <QString>
#include <QTemporaryDir>

#include <memory>

#include "StoredPreset.h"
#include "hrstyle/Result.h"

namespace hrstyle {

// Reads folder/preset.json and checks that every file it names is a regular file in the folder (not a
// symbolic link, not missing). A document without a name is named after its folder.
Result<StoredPreset> readPresetFolder(const QString& folder);

// Empty when `name` can name a preset: not blank, at most 100 characters, no control characters.
QString presetNameProblem(const QString& name);

// A folder name made from a preset name: ASCII letters, digits, '-' and '_' only (portable, no quoting in
// shells), never empty. Uniqueness is the caller's job.
QString folderNameFor(const QString& presetName);

// Copies `source` to `destination` (which must not exist), refusing anything but a regular file of at most
// `maxBytes`. `what` names the file in messages ("style image").
Status copyCheckedFile(const QString& source, const QString& destination, qint64 maxBytes, const QString& what);

// Empty when `path` holds a safetensors file whose header reads cleanly, else why not. The tensor names and
// shapes are checked when the generator is loaded (StyleModel::load), which needs the engine.
QString generatorFileProblem(const QString& path);

bool looksLikePng(const QByteArray& bytes);

// Core's writer (hrstyle/AtomicFile.h) for a Qt path and bytes: the previous file survives any failure.
// Not QSaveFile: it too writes a temporary file in the same directory and renames it, but its commit() ignores
// the result of its fdatasync and never syncs the directory (docs/contributing.md, "QSaveFile"), so it is not
// the same contract. Calling the core writer is simpler than mending both around QSaveFile.
Status writeFileAtomically(const QString& path, const QByteArray& bytes);

// A new, hidden folder under the store's root in which a preset is assembled; commit() renames it to its
// final name in one step, so a preset appears complete or not at all. Removed when dropped uncommitted.
class StagingFolder {
public:
    static Result<std::unique_ptr<StagingFolder>> create(const QString& root);
    QString path() const { return m_dir.path(); }
    QString filePath(const QString& fileName) const { return m_dir.filePath(fileName); }
    // Fails (and keeps the staging folder for the destructor) when `finalPath` already exists.
    Status commit(const QString& finalPath);

    static constexpr char kPrefix[] = ".staging-";

private:
    explicit StagingFolder(const QString& templatePath) : m_dir(templatePath) {}
    QTemporaryDir m_dir;
};

}  // namespace hrstyle
