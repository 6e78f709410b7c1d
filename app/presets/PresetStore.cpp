#include "PresetStore.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>
#include <limits>

#include "PresetArchive.h"
#include "PresetFolder.h"

namespace hrstyle {

namespace {

// Fixed, like VggWeightsLocator's, so that every HRStyle executable shares one data folder whatever its
// QCoreApplication names are.
constexpr char kDataOrganisation[] = "HRStyle";
constexpr char kDataApplication[] = "hrstyle";
constexpr char kPresetsFolder[] = "presets";

constexpr char kGeneratorFileName[] = "generator.safetensors";
constexpr char kThumbnailFileName[] = "thumbnail.png";
constexpr auto kTrashKeptFor = std::chrono::hours(24);
constexpr auto kStagingAbandonedAfter = std::chrono::hours(1);  // a save takes seconds; older is a crash's leftover

Error errorText(const QString& message) { return Error{message.toStdString()}; }
QString quoted(const QString& text) { return "'" + text + "'"; }

// "style.<ext>" keeps the original's extension (lower case, when it is a plain short one) so image decoders
// and file managers recognise the copy.
QString styleFileNameFor(const QString& source) {
    const QString suffix = QFileInfo(source).suffix().toLower();
    const bool plain = !suffix.isEmpty() && suffix.size() <= 5 &&
                       std::all_of(suffix.begin(), suffix.end(), [](QChar c) { return c.isLetterOrNumber() && c.unicode() < 128; });
    return plain ? "style." + suffix : QStringLiteral("style");
}

Status copyPresetFiles(const StoredPreset& from, const QString& toFolder) {
    for (const std::string& fileName : {from.preset.styleImage, from.preset.generator, from.preset.thumbnail}) {
        if (fileName.empty()) continue;
        const QString name = QString::fromStdString(fileName);
        const Status copied = copyCheckedFile(QDir(from.folder).filePath(name), QDir(toFolder).filePath(name),
                                              std::numeric_limits<qint64>::max(), "preset file");
        if (!copied) return copied;
    }
    return Ok{};
}

Status savePresetJson(const QString& folder, const Preset& preset) {
    return savePresetFile(QDir(folder).filePath(QLatin1String(kPresetFileName)).toStdString(), preset);
}

// Trash entries are named "<ms since epoch>-<folder>", so their age does not depend on file times.
qint64 trashEntryTime(const QString& entryName) { return entryName.section('-', 0, 0).toLongLong(); }

}  // namespace

QString PresetStore::defaultRoot() {
    const QString dataRoot = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (dataRoot.isEmpty()) return {};
    return QDir(dataRoot).filePath(QStringLiteral("%1/%2/%3").arg(QLatin1String(kDataOrganisation),
                                                                  QLatin1String(kDataApplication),
                                                                  QLatin1String(kPresetsFolder)));
}

PresetStore::PresetStore(QString root, PresetStoreLimits limits) : m_root(std::move(root)), m_limits(limits) {}

PresetListing PresetStore::list() const {
    PresetListing listing;
    if (m_root.isEmpty()) return listing;  // no data folder: QDir("") would list the current directory
    // Hidden entries (the trash, staging folders) are skipped: QDir lists them only with QDir::Hidden.
    const QStringList folders = QDir(m_root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString& folder : folders) {
        Result<StoredPreset> preset = readPresetFolder(QDir(m_root).filePath(folder));
        if (preset) listing.presets.append(std::move(preset).value());
        else listing.problems.append({QDir(m_root).filePath(folder), QString::fromStdString(preset.error())});
    }
    std::stable_sort(listing.presets.begin(), listing.presets.end(), [](const StoredPreset& a, const StoredPreset& b) {
        return a.name().compare(b.name(), Qt::CaseInsensitive) < 0;
    });
    return listing;
}

Result<StoredPreset> PresetStore::find(const QString& name) const {
    const PresetListing listing = list();
    for (const Qt::CaseSensitivity cs : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        for (const StoredPreset& preset : listing.presets) {
            if (preset.name().compare(name, cs) == 0) return preset;
        }
    }
    return errorText("no preset named " + quoted(name));
}

QString PresetStore::uniqueName(const QString& wanted) const {
    if (!contains(wanted)) return wanted;
    const QString base = wanted.left(90);  // room for " (n)" within presetNameProblem's 100 characters
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1 (%2)").arg(base).arg(n);
        if (!contains(candidate)) return candidate;
    }
}

QString PresetStore::checkNewName(const QString& name, const QString& except) const {
    if (const QString problem = presetNameProblem(name); !problem.isEmpty()) return problem;
    const Result<StoredPreset> existing = find(name);
    if (existing && existing->folder != except) return "a preset named " + quoted(existing->name()) + " already exists";
    return {};
}

QString PresetStore::newFolderPath(const QString& presetName) const {
    const QString base = folderNameFor(presetName);
    QString candidate = QDir(m_root).filePath(base);
    for (int n = 2; QFileInfo::exists(candidate); ++n) candidate = QDir(m_root).filePath(base + "-" + QString::number(n));
    return candidate;
}

Result<StoredPreset> PresetStore::commitStaged(StagingFolder& staging, const QString& name) {
    const QString folder = newFolderPath(name);
    if (Status committed = staging.commit(folder); !committed) return committed.failure();
    return readPresetFolder(folder);
}

Result<StoredPreset> PresetStore::save(const PresetDraft& draft, SaveMode mode) {
    const QString name = draft.name.trimmed();
    Result<StoredPreset> existing = find(name);
    const QString nameProblem = checkNewName(name);
    if (!nameProblem.isEmpty() && !(existing && mode == SaveMode::ReplaceExisting)) return errorText(nameProblem);
    if (!draft.thumbnailPng.isEmpty() &&
        (!looksLikePng(draft.thumbnailPng) || draft.thumbnailPng.size() > m_limits.maxThumbnailBytes)) {
        return errorText(QStringLiteral("the thumbnail is not a PNG image of at most %1 MB").arg(m_limits.maxThumbnailBytes >> 20));
    }
    if (!draft.generatorPath.isEmpty()) {
        if (const QString problem = generatorFileProblem(draft.generatorPath); !problem.isEmpty()) {
            return errorText("generator: " + problem);
        }
    }
    Result<std::unique_ptr<StagingFolder>> staging = StagingFolder::create(m_root);
    if (!staging) return staging.failure();
    StagingFolder& stage = *staging.value();

    Preset preset;
    preset.name = name.toStdString();
    preset.setTrainParams(draft.params);
    preset.look = draft.look;
    preset.styleImage = styleFileNameFor(draft.styleImagePath).toStdString();
    Status step = copyCheckedFile(draft.styleImagePath, stage.filePath(QString::fromStdString(preset.styleImage)),
                                  m_limits.maxStyleImageBytes, "style image");
    if (step && !draft.generatorPath.isEmpty()) {
        preset.generator = kGeneratorFileName;
        step = copyCheckedFile(draft.generatorPath, stage.filePath(kGeneratorFileName), m_limits.maxGeneratorBytes,
                               "generator");
    }
    if (step && !draft.thumbnailPng.isEmpty()) {
        preset.thumbnail = kThumbnailFileName;
        step = writeFileAtomically(stage.filePath(kThumbnailFileName), draft.thumbnailPng);
    }
    if (step) step = savePresetJson(stage.path(), preset);
    if (!step) return step.failure();
    return existing ? replaceWithStaged(stage, existing.value()) : commitStaged(stage, name);
}

Result<StoredPreset> PresetStore::replaceWithStaged(StagingFolder& staging, const StoredPreset& old) {
    QString trash;
    if (Status moved = moveToTrash(old, &trash); !moved) return moved.failure();
    if (Status committed = staging.commit(old.folder); !committed) {
        QDir().rename(trash, old.folder);  // put the old preset back: a failed save destroys nothing
        return committed.failure();
    }
    return readPresetFolder(old.folder);
}

Result<StoredPreset> PresetStore::rename(const QString& name, const QString& newName) {
    Result<StoredPreset> preset = find(name);
    if (!preset) return preset;
    const QString trimmed = newName.trimmed();
    if (const QString problem = checkNewName(trimmed, preset->folder); !problem.isEmpty()) return errorText(problem);
    preset->preset.name = trimmed.toStdString();
    if (Status saved = savePresetJson(preset->folder, preset->preset); !saved) return saved.failure();
    return readPresetFolder(preset->folder);
}

Result<StoredPreset> PresetStore::duplicate(const QString& name, const QString& newName) {
    const Result<StoredPreset> source = find(name);
    if (!source) return source;
    const QString trimmed = newName.trimmed();
    if (const QString problem = checkNewName(trimmed); !problem.isEmpty()) return errorText(problem);
    Result<std::unique_ptr<StagingFolder>> staging = StagingFolder::create(m_root);
    if (!staging) return staging.failure();
    Preset copy = source->preset;
    copy.name = trimmed.toStdString();
    Status step = copyPresetFiles(source.value(), staging.value()->path());
    if (step) step = savePresetJson(staging.value()->path(), copy);
    if (!step) return step.failure();
    return commitStaged(*staging.value(), trimmed);
}

Status PresetStore::moveToTrash(const StoredPreset& preset, QString* trashFolder) {
    const QDir trash(QDir(m_root).filePath(kTrashFolder));
    if (!QDir().mkpath(trash.path())) return errorText(quoted(trash.path()) + ": cannot create the trash folder");
    const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
    QString target = trash.filePath(stamp + "-" + QFileInfo(preset.folder).fileName());
    for (int n = 2; QFileInfo::exists(target); ++n) {
        target = trash.filePath(stamp + "-" + QString::number(n) + "-" + QFileInfo(preset.folder).fileName());
    }
    if (!QDir().rename(preset.folder, target)) return errorText(quoted(preset.folder) + ": cannot move to the trash");
    *trashFolder = target;
    return Ok{};
}

Result<RemovedPreset> PresetStore::remove(const QString& name) {
    const Result<StoredPreset> preset = find(name);
    if (!preset) return preset.failure();
    emptyTrash(std::chrono::duration_cast<std::chrono::seconds>(kTrashKeptFor));
    RemovedPreset removed{preset->name(), {}, QFileInfo(preset->folder).fileName()};
    if (Status moved = moveToTrash(preset.value(), &removed.trashFolder); !moved) return moved.failure();
    return removed;
}

Result<StoredPreset> PresetStore::restore(const RemovedPreset& removed) {
    const QString trash = QDir(m_root).filePath(kTrashFolder);
    // Only folders in our own trash: a RemovedPreset is plain data and could come from anywhere.
    if (QFileInfo(removed.trashFolder).absolutePath() != QFileInfo(trash).absoluteFilePath()) {
        return errorText(quoted(removed.trashFolder) + ": not in the presets trash");
    }
    Result<StoredPreset> preset = readPresetFolder(removed.trashFolder);
    if (!preset) return errorText("cannot restore " + quoted(removed.name) + ": it is no longer in the trash");
    // Its name may have been taken meanwhile: rename it while it is still out of the store's sight.
    const QString name = uniqueName(preset->name());
    if (name != preset->name()) {
        preset->preset.name = name.toStdString();
        if (Status saved = savePresetJson(removed.trashFolder, preset->preset); !saved) return saved.failure();
    }
    QString target = QDir(m_root).filePath(removed.originalFolderName);
    if (removed.originalFolderName.isEmpty() || removed.originalFolderName.startsWith('.') ||
        removed.originalFolderName.contains('/') || QFileInfo::exists(target)) {
        target = newFolderPath(name);
    }
    if (!QDir().rename(removed.trashFolder, target)) return errorText("cannot restore " + quoted(removed.name));
    return readPresetFolder(target);
}

void PresetStore::emptyTrash(std::chrono::seconds olderThan) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QDir trash(QDir(m_root).filePath(kTrashFolder));
    for (const QString& entry : trash.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        if (now - trashEntryTime(entry) >= olderThan.count() * 1000) QDir(trash.filePath(entry)).removeRecursively();
    }
    const QDir root(m_root);
    const QDateTime abandoned = QDateTime::currentDateTime().addSecs(-std::chrono::seconds(kStagingAbandonedAfter).count());
    for (const QFileInfo& entry : root.entryInfoList({QString(StagingFolder::kPrefix) + "*"}, QDir::Dirs | QDir::Hidden)) {
        if (entry.lastModified() < abandoned) QDir(entry.absoluteFilePath()).removeRecursively();
    }
}

Status PresetStore::exportPreset(const QString& name, const QString& filePath) const {
    const Result<StoredPreset> preset = find(name);
    if (!preset) return preset.failure();
    return writePresetArchive(preset.value(), filePath, m_limits);
}

Result<StoredPreset> PresetStore::importPreset(const QString& filePath) {
    Result<std::unique_ptr<StagingFolder>> staging = StagingFolder::create(m_root);
    if (!staging) return staging.failure();
    Result<Preset> preset = unpackPresetArchive(filePath, staging.value()->path(), m_limits);
    if (!preset) return preset.failure();
    QString wanted = QString::fromStdString(preset->name).trimmed();
    if (!presetNameProblem(wanted).isEmpty()) wanted = QStringLiteral("Imported preset");
    const QString name = uniqueName(wanted);
    if (name.toStdString() != preset->name) {
        preset->name = name.toStdString();
        if (Status saved = savePresetJson(staging.value()->path(), preset.value()); !saved) return saved.failure();
    }
    return commitStaged(*staging.value(), name);
}

}  // namespace hrstyle
