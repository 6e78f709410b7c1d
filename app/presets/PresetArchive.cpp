#include "PresetArchive.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include "PresetFolder.h"
#include "hrstyle/AtomicFile.h"

namespace hrstyle {

namespace {

using Json = nlohmann::json;

constexpr char kFormat[] = "hrstyle-preset";
constexpr int kFormatVersion = 1;

Error errorText(const QString& message) { return Error{message.toStdString()}; }
QString quoted(const QString& text) { return "'" + text + "'"; }

QByteArray sha256Hex(const QByteArray& bytes) {
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// One file a preset names, with the cap that applies to its kind.
struct NamedFile {
    std::string fileName;
    QString what;
    qint64 maxBytes;
};

QList<NamedFile> namedFiles(const Preset& preset, const PresetStoreLimits& limits) {
    QList<NamedFile> files;
    if (!preset.styleImage.empty()) files.append({preset.styleImage, "style image", limits.maxStyleImageBytes});
    if (!preset.generator.empty()) files.append({preset.generator, "generator", limits.maxGeneratorBytes});
    if (!preset.thumbnail.empty()) files.append({preset.thumbnail, "thumbnail", limits.maxThumbnailBytes});
    return files;
}

QByteArray fileEntry(const NamedFile& file, const QByteArray& bytes) {
    return Json(file.fileName).dump().c_str() + QByteArray(":{\"size\":") + QByteArray::number(bytes.size()) +
           ",\"sha256\":\"" + sha256Hex(bytes) + "\",\"base64\":\"" + bytes.toBase64() + "\"}";
}

Result<QByteArray> readCapped(const QString& path, qint64 maxBytes, const QString& what) {
    QFile file(path);
    if (file.size() > maxBytes) {
        return errorText(QStringLiteral("%1 %2: larger than %3 MB").arg(what, quoted(path)).arg(maxBytes >> 20));
    }
    if (!file.open(QIODevice::ReadOnly)) return errorText(what + " " + quoted(path) + ": " + file.errorString());
    return file.read(maxBytes + 1);
}

// The bytes of files[name], decoded and checked against the entry's size and SHA-256.
Result<QByteArray> embeddedFile(const Json& files, const NamedFile& file) {
    const QString label = file.what + " " + quoted(QString::fromStdString(file.fileName));
    const auto entry = files.find(file.fileName);
    if (entry == files.end() || !entry->is_object()) return errorText(label + " is not in the file");
    const auto base64 = entry->find("base64");
    const auto digest = entry->find("sha256");
    if (base64 == entry->end() || !base64->is_string() || digest == entry->end() || !digest->is_string()) {
        return errorText(label + ": expected \"base64\" and \"sha256\" strings");
    }
    const std::string& text = base64->get_ref<const std::string&>();
    if (static_cast<qint64>(text.size()) > file.maxBytes / 3 * 4 + 4) {
        return errorText(QStringLiteral("%1: larger than %2 MB").arg(label).arg(file.maxBytes >> 20));
    }
    auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromStdString(text),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) return errorText(label + ": invalid base64 data");
    if (sha256Hex(*decoded) != QByteArray::fromStdString(digest->get<std::string>()).toLower()) {
        return errorText(label + ": damaged (SHA-256 does not match)");
    }
    return *decoded;
}

Result<Json> parseArchive(const QString& filePath, const PresetStoreLimits& limits) {
    const QFileInfo info(filePath);
    if (!info.exists()) return errorText(quoted(filePath) + ": no such file");
    if (!info.isFile()) return errorText(quoted(filePath) + ": not a file");
    Result<QByteArray> bytes = readCapped(filePath, limits.maxArchiveBytes(), "preset file");
    if (!bytes) return bytes.failure();
    Json doc;
    try {
        doc = Json::parse(bytes->constBegin(), bytes->constEnd());
    } catch (const Json::exception&) {
        return errorText(quoted(filePath) + ": not an HRStyle preset file (invalid JSON)");
    }
    const auto format = doc.is_object() ? doc.find("format") : doc.end();
    if (!doc.is_object() || format == doc.end() || *format != kFormat) {
        return errorText(quoted(filePath) + ": not an HRStyle preset file");
    }
    const auto version = doc.find("format_version");
    if (version == doc.end() || !version->is_number_integer() || version->get<std::int64_t>() < 1) {
        return errorText(quoted(filePath) + ": format_version: expected a whole number from 1");
    }
    if (version->get<std::int64_t>() > kFormatVersion) {
        return errorText(quoted(filePath) + ": made by a newer HRStyle (format " +
                         QString::number(version->get<std::int64_t>()) + ")");
    }
    return doc;
}

Status writeEmbeddedFiles(const Json& doc, const Preset& preset, const QString& folder,
                          const PresetStoreLimits& limits) {
    const auto files = doc.find("files");
    const QList<NamedFile> wanted = namedFiles(preset, limits);
    if (!wanted.isEmpty() && (files == doc.end() || !files->is_object())) {
        return errorText("files: expected an object holding the preset's files");
    }
    for (const NamedFile& file : wanted) {
        Result<QByteArray> bytes = embeddedFile(*files, file);
        if (!bytes) return bytes.failure();
        const QString path = QDir(folder).filePath(QString::fromStdString(file.fileName));
        if (file.what == "thumbnail" && !looksLikePng(bytes.value())) return errorText("thumbnail: not a PNG image");
        if (Status written = writeFileAtomically(path, bytes.value()); !written) return written;
        if (file.what == "generator") {
            if (const QString problem = generatorFileProblem(path); !problem.isEmpty()) {
                return errorText("generator: not a trained generator (" + problem + ")");
            }
        }
    }
    return Ok{};
}

}  // namespace

Status writePresetArchive(const StoredPreset& preset, const QString& filePath, const PresetStoreLimits& limits) {
    // Core's AtomicFile, not QSaveFile, for the reason given at writeFileAtomically (PresetFolder.h).
    Result<AtomicFile> out = AtomicFile::create(QFile::encodeName(filePath).toStdString());
    if (!out) return Error{out.error()};
    const auto put = [&out](const QByteArray& bytes) {
        return out->write(bytes.constData(), std::size_t(bytes.size()));
    };
    // Hand-written frame: the base64 data goes straight to the file, never into a second in-memory document.
    const QByteArray head = QByteArray("{\"format\":\"") + kFormat + "\",\"format_version\":" +
                            QByteArray::number(kFormatVersion) + ",\n\"preset\":" +
                            QByteArray::fromStdString(serialisePreset(preset.preset)).trimmed() + ",\n\"files\":{";
    if (Status written = put(head); !written) return written;
    bool first = true;
    for (const NamedFile& file : namedFiles(preset.preset, limits)) {
        const QString path = QDir(preset.folder).filePath(QString::fromStdString(file.fileName));
        Result<QByteArray> bytes = readCapped(path, file.maxBytes, file.what);
        if (!bytes) return bytes.failure();
        if (Status written = put((first ? "\n" : ",\n") + fileEntry(file, bytes.value())); !written) return written;
        first = false;
    }
    if (Status written = put("}}\n"); !written) return written;
    return out->commit();
}

Result<Preset> unpackPresetArchive(const QString& filePath, const QString& folder, const PresetStoreLimits& limits) {
    Result<Json> doc = parseArchive(filePath, limits);
    if (!doc) return doc.failure();
    const auto presetDoc = doc->find("preset");
    if (presetDoc == doc->end() || !presetDoc->is_object()) {
        return errorText(quoted(filePath) + ": preset: expected an object");
    }
    Result<Preset> preset = parsePreset(presetDoc->dump());
    if (!preset) return errorText(quoted(filePath) + ": preset: " + QString::fromStdString(preset.error()));
    if (Status written = writeEmbeddedFiles(doc.value(), preset.value(), folder, limits); !written) {
        return errorText(quoted(filePath) + ": " + QString::fromStdString(written.error()));
    }
    const Status saved = savePresetFile(QDir(folder).filePath(kPresetFileName).toStdString(), preset.value());
    if (!saved) return saved.failure();
    return preset;
}

}  // namespace hrstyle
