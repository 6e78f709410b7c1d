#include "PresetFolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "hrstyle/AtomicFile.h"
#include "hrstyle/SafeTensors.h"

namespace hrstyle {

namespace {

constexpr int kMaxNameCharacters = 100;  // fits a list row; core allows 256 UTF-8 bytes
constexpr int kMaxFolderNameCharacters = 40;

Error errorText(const QString& message) { return Error{message.toStdString()}; }

QString quoted(const QString& text) { return "'" + text + "'"; }

// Empty when `fileName` (from preset.json) is a regular file inside `folder`.
QString namedFileProblem(const QString& folder, const std::string& fileName, const QString& what) {
    if (fileName.empty()) return {};
    const QFileInfo info(QDir(folder).filePath(QString::fromStdString(fileName)));
    if (info.isSymLink()) return what + " " + quoted(info.fileName()) + " is a symbolic link";
    if (!info.exists()) return what + " " + quoted(info.fileName()) + " is missing";
    if (!info.isFile()) return what + " " + quoted(info.fileName()) + " is not a file";
    return {};
}

}  // namespace

QString StoredPreset::jsonPath() const { return QDir(folder).filePath(QLatin1String(kPresetFileName)); }

QString StoredPreset::filePath(const std::string& fileName) const {
    if (fileName.empty()) return {};
    return QDir(folder).filePath(QString::fromStdString(fileName));
}

Result<StoredPreset> readPresetFolder(const QString& folder) {
    const QString absolute = QFileInfo(folder).absoluteFilePath();
    if (!QFileInfo(absolute).isDir()) return errorText(quoted(folder) + ": not a preset folder");
    Result<Preset> preset = loadPresetFile(QDir(absolute).filePath(QLatin1String(kPresetFileName)).toStdString());
    if (!preset) return preset.failure();
    StoredPreset stored{absolute, std::move(preset).value()};
    for (const auto& [fileName, what] : {std::pair{stored.preset.styleImage, QString("style image")},
                                         std::pair{stored.preset.generator, QString("generator")},
                                         std::pair{stored.preset.thumbnail, QString("thumbnail")}}) {
        const QString problem = namedFileProblem(absolute, fileName, what);
        if (!problem.isEmpty()) return errorText(quoted(absolute) + ": " + problem);
    }
    if (stored.preset.name.empty()) stored.preset.name = QFileInfo(absolute).fileName().toStdString();
    return stored;
}

QString presetNameProblem(const QString& name) {
    if (name.trimmed().isEmpty()) return QStringLiteral("a preset needs a name");
    if (name.size() > kMaxNameCharacters) {
        return QStringLiteral("a preset name has at most %1 characters").arg(kMaxNameCharacters);
    }
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control) return QStringLiteral("a preset name cannot hold control characters");
    }
    if (name.toUtf8().size() > static_cast<qsizetype>(PresetLimits::maxNameBytes)) {
        return QStringLiteral("the preset name is too long");
    }
    return {};
}

QString folderNameFor(const QString& presetName) {
    QString slug;
    for (const QChar c : presetName.toLower()) {
        const bool portable = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (portable) slug += c;
        else if (!slug.endsWith('-')) slug += '-';  // one dash per run of other characters
        if (slug.size() >= kMaxFolderNameCharacters) break;
    }
    while (slug.startsWith('-')) slug.remove(0, 1);
    while (slug.endsWith('-')) slug.chop(1);
    return slug.isEmpty() ? QStringLiteral("preset") : slug;
}

Status copyCheckedFile(const QString& source, const QString& destination, qint64 maxBytes, const QString& what) {
    const QFileInfo info(source);
    if (!info.exists()) return errorText(what + " " + quoted(source) + ": no such file");
    if (!info.isFile()) return errorText(what + " " + quoted(source) + ": not a file");
    if (info.size() > maxBytes) {
        return errorText(QStringLiteral("%1 %2: larger than %3 MB").arg(what, quoted(source)).arg(maxBytes >> 20));
    }
    QFile file(source);
    if (!file.copy(destination)) {
        return errorText(what + " " + quoted(source) + ": cannot copy into the preset: " + file.errorString());
    }
    // A read-only original must not make the preset's copy read-only (rename and delete would then surprise).
    QFile::setPermissions(destination, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    return Ok{};
}

QString generatorFileProblem(const QString& path) {
    const Result<SafeTensorsReader> reader = SafeTensorsReader::open(QFile::encodeName(path).toStdString());
    if (!reader) return QString::fromStdString(reader.error());
    if (reader->tensors().empty()) return quoted(path) + ": holds no tensors";
    return {};
}

bool looksLikePng(const QByteArray& bytes) { return bytes.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8)); }

Status writeFileAtomically(const QString& path, const QByteArray& bytes) {
    return writeFileAtomically(QFile::encodeName(path).toStdString(), bytes.constData(), std::size_t(bytes.size()));
}

Result<std::unique_ptr<StagingFolder>> StagingFolder::create(const QString& root) {
    if (root.isEmpty()) return errorText("no user data folder to keep presets in");
    if (!QDir().mkpath(root)) return errorText(quoted(root) + ": cannot create the presets folder");
    std::unique_ptr<StagingFolder> staging(new StagingFolder(QDir(root).filePath(QString(kPrefix) + "XXXXXX")));
    if (!staging->m_dir.isValid()) {
        return errorText(quoted(root) + ": cannot create a folder there: " + staging->m_dir.errorString());
    }
    return staging;
}

Status StagingFolder::commit(const QString& finalPath) {
    // QDir::rename refuses an existing target; rename(2) alone would replace an empty directory.
    if (QFileInfo::exists(finalPath)) return errorText(quoted(finalPath) + ": already exists");
    if (!QDir().rename(m_dir.path(), finalPath)) return errorText(quoted(finalPath) + ": cannot create the preset folder");
    m_dir.setAutoRemove(false);
    return Ok{};
}

}  // namespace hrstyle
