// The preset store (app/presets): save/list/rename/duplicate/remove+restore, single-file export/import with
// hostile files, and what `--preset P` may name. Runs on a private HOME in Qt's test mode, so it never sees or
// touches the user's presets, nor those of tests running in parallel.
#include <QtTest>

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "PresetReference.h"
#include "PresetStore.h"
#include "hrstyle/SafeTensors.h"

using namespace hrstyle;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray pngBytes(int width, int height, QRgb colour) {
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// Entries of a folder including hidden ones: staging leftovers must not survive a failed write.
QStringList allEntries(const QString& folder) {
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

}  // namespace

class TstPresetStore : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_style;      // a PNG outside the store
    QString m_generator;  // a small safetensors file
    QString m_root;

    PresetDraft draft(const QString& name, bool withGenerator = true) const {
        PresetDraft d;
        d.name = name;
        d.styleImagePath = m_style;
        d.params.weights.content = 12.5;
        d.params.weights.layers = {1, 2, 3, 4, 5};
        d.params.steps = 77;
        d.params.workingSize = 128;
        d.params.seed = 9;
        if (withGenerator) d.generatorPath = m_generator;
        d.thumbnailPng = pngBytes(8, 6, qRgb(200, 100, 0));
        return d;
    }

    PresetStore freshStore(PresetStoreLimits limits = {}) {
        QDir(m_root).removeRecursively();
        return PresetStore(m_root, limits);
    }

    // A valid export of a preset named "Shared", as a JSON object the hostile rows then break.
    QJsonObject validArchive() {
        PresetStore store(m_dir.filePath("archive-source"));
        QDir(store.root()).removeRecursively();
        const QString path = m_dir.filePath("valid.hrstyle-preset");
        if (!store.save(draft("Shared")) || !store.exportPreset("Shared", path)) return {};
        return QJsonDocument::fromJson(readAll(path)).object();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // Test mode puts the data folder under $HOME/.qttest; a private HOME keeps parallel tests apart.
        qputenv("HOME", QFile::encodeName(m_dir.filePath("home")));
        QStandardPaths::setTestModeEnabled(true);
        m_style = m_dir.filePath("my style.PNG");
        QVERIFY(writeAll(m_style, pngBytes(16, 12, qRgb(10, 20, 30))));
        m_generator = m_dir.filePath("model.safetensors");
        const float weights[4] = {1, 2, 3, 4};
        QVERIFY(writeSafeTensors(m_generator.toStdString(), {{"layer8_1.bias", makeFloat32Tensor({4}, weights)}}).ok());
        m_root = m_dir.filePath("store");
    }

    void defaultRootIsUnderTheUsersDataFolder() {
        const QString dataRoot = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
        QVERIFY(dataRoot.startsWith(m_dir.path()));
        QCOMPARE(PresetStore::defaultRoot(), dataRoot + "/HRStyle/hrstyle/presets");
    }

    void saveCopiesTheFilesIn() {
        PresetStore store = freshStore();
        const QString movable = m_dir.filePath("movable.png");
        QFile::remove(movable);
        QVERIFY(QFile::copy(m_style, movable));
        PresetDraft d = draft("Rocket at dusk");
        d.styleImagePath = movable;
        const Result<StoredPreset> saved = store.save(d);
        QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().c_str());
        QVERIFY(QFile::remove(movable));  // moving the original breaks nothing
        const Result<StoredPreset> found = store.find("Rocket at dusk");
        QVERIFY(found.ok());
        QCOMPARE(readAll(found->styleImagePath()), readAll(m_style));
        QCOMPARE(readAll(found->generatorPath()), readAll(m_generator));
        QCOMPARE(readAll(found->thumbnailPath()), d.thumbnailPng);
        QCOMPARE(QFileInfo(found->styleImagePath()).fileName(), QString("style.png"));
        QVERIFY(found->preset.trainParams().weights == d.params.weights);
        QCOMPARE(found->preset.steps, 77);
        QCOMPARE(found->preset.workingSize, 128);
        QCOMPARE(found->preset.seed, std::uint64_t(9));
        QVERIFY(found->folder.startsWith(m_root + "/"));
        QCOMPARE(allEntries(m_root), QStringList{"rocket-at-dusk"});  // no staging folder left
    }

    void generatorIsOptional() {
        PresetStore store = freshStore();
        QVERIFY(store.save(draft("Plain", false)).ok());
        QVERIFY(!store.find("Plain")->preset.hasGenerator());
        QVERIFY(store.find("Plain")->generatorPath().isEmpty());
    }

    void listIsSortedAndReportsBrokenPresets() {
        PresetStore store = freshStore();
        for (const char* name : {"banana", "Apple", "cherry"}) QVERIFY(store.save(draft(name, false)).ok());
        QVERIFY(QDir(m_root).mkpath("broken-json"));
        QVERIFY(writeAll(m_root + "/broken-json/preset.json", "{not json"));
        QVERIFY(QDir(m_root).mkpath("missing-style"));
        QVERIFY(writeAll(m_root + "/missing-style/preset.json", R"({"name":"x","style_image":"gone.png"})"));
        QVERIFY(QDir(m_root).mkpath("hostile"));
        QVERIFY(writeAll(m_root + "/hostile/preset.json", R"({"style_image":"../../etc/passwd"})"));
        const PresetListing listing = store.list();
        QStringList names;
        for (const StoredPreset& p : listing.presets) names << p.name();
        QCOMPARE(names, (QStringList{"Apple", "banana", "cherry"}));
        QCOMPARE(listing.problems.size(), 3);
        // Sorted by folder: broken-json, hostile, missing-style; each message says what is wrong.
        QVERIFY(listing.problems[0].message.contains("invalid JSON"));
        QVERIFY(listing.problems[1].message.contains("style_image"));
        QVERIFY(listing.problems[2].message.contains("gone.png"));
    }

    void missingRootIsAnEmptyStore() {
        const PresetStore store(m_dir.filePath("never-created"));
        QVERIFY(store.list().presets.isEmpty());
        QVERIFY(!store.find("x").ok());
    }

    void badNamesAreRefused_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << "";
        QTest::newRow("blank") << "   ";
        QTest::newRow("too long") << QString(101, 'a');
        QTest::newRow("newline") << "a\nb";
    }
    void badNamesAreRefused() {
        QFETCH(QString, name);
        PresetStore store = freshStore();
        const Result<StoredPreset> saved = store.save(draft(name));
        QVERIFY(!saved.ok());
        QVERIFY(allEntries(m_root).isEmpty());
    }

    void namesAreUniqueCaseInsensitively() {
        PresetStore store = freshStore();
        QVERIFY(store.save(draft("Rocket")).ok());
        const Result<StoredPreset> again = store.save(draft("rocket"));
        QVERIFY(!again.ok());
        QVERIFY2(QString::fromStdString(again.error()).contains("already exists"), again.error().c_str());
        QCOMPARE(store.uniqueName("ROCKET"), QString("ROCKET (2)"));
        QCOMPARE(store.find("ROCKET")->name(), QString("Rocket"));
    }

    void replaceExistingKeepsOnePreset() {
        PresetStore store = freshStore();
        QVERIFY(store.save(draft("Rocket")).ok());
        PresetDraft d = draft("Rocket", false);
        d.params.steps = 5;
        const Result<StoredPreset> replaced = store.save(d, SaveMode::ReplaceExisting);
        QVERIFY(replaced.ok());
        QCOMPARE(store.list().presets.size(), 1);
        QCOMPARE(store.find("Rocket")->preset.steps, 5);
        QVERIFY(!store.find("Rocket")->preset.hasGenerator());
    }

    void failedSavesLeaveNothing_data() {
        QTest::addColumn<QString>("broken");
        QTest::newRow("missing style image") << "style";
        QTest::newRow("style image is a folder") << "style-folder";
        QTest::newRow("style image over the cap") << "style-size";
        QTest::newRow("generator not safetensors") << "generator";
        QTest::newRow("thumbnail not PNG") << "thumbnail";
    }
    void failedSavesLeaveNothing() {
        QFETCH(QString, broken);
        PresetStoreLimits limits;
        if (broken == "style-size") limits.maxStyleImageBytes = 10;
        PresetStore store = freshStore(limits);
        PresetDraft d = draft("Broken");
        if (broken == "style") d.styleImagePath = m_dir.filePath("nope.png");
        if (broken == "style-folder") d.styleImagePath = m_dir.path();
        if (broken == "generator") d.generatorPath = m_style;
        if (broken == "thumbnail") d.thumbnailPng = "GIF89a...";
        const Result<StoredPreset> saved = store.save(d);
        QVERIFY(!saved.ok());
        QVERIFY(!saved.error().empty());
        QVERIFY2(allEntries(m_root).isEmpty(), qPrintable(allEntries(m_root).join(',')));
    }

    void renameRewritesOnlyTheName() {
        PresetStore store = freshStore();
        QVERIFY(store.save(draft("Old")).ok());
        QVERIFY(store.save(draft("Other")).ok());
        const QString folder = store.find("Old")->folder;
        QVERIFY(store.rename("Old", "New").ok());
        QVERIFY(!store.find("Old").ok());
        QCOMPARE(store.find("New")->folder, folder);
        QCOMPARE(store.find("New")->preset.steps, 77);
        QVERIFY(!store.rename("New", "other").ok());  // taken
        QVERIFY(store.rename("New", "NEW").ok());     // a case change of itself is fine
        QCOMPARE(store.find("NEW")->name(), QString("NEW"));
        QVERIFY(!store.rename("missing", "x").ok());
    }

    void duplicateIsIndependent() {
        PresetStore store = freshStore();
        QVERIFY(store.save(draft("Original")).ok());
        const Result<StoredPreset> copy = store.duplicate("Original", "Copy");
        QVERIFY(copy.ok());
        QVERIFY(copy->folder != store.find("Original")->folder);
        QVERIFY(store.remove("Original").ok());
        store.emptyTrash();
        const Result<StoredPreset> left = store.find("Copy");
        QVERIFY(left.ok());
        QCOMPARE(readAll(left->generatorPath()), readAll(m_generator));
        QCOMPARE(readAll(left->styleImagePath()), readAll(m_style));
        QVERIFY(!store.duplicate("Copy", "copy").ok());
    }

    void removeCanBeUndone() {
        PresetStore store = freshStore();
        QVERIFY(store.save(draft("Gone")).ok());
        const Result<RemovedPreset> removed = store.remove("Gone");
        QVERIFY(removed.ok());
        QVERIFY(!store.find("Gone").ok());
        QVERIFY(store.list().problems.isEmpty());  // the trash is not a broken preset
        const Result<StoredPreset> restored = store.restore(removed.value());
        QVERIFY(restored.ok());
        QCOMPARE(store.find("Gone")->preset.steps, 77);
        QCOMPARE(QFileInfo(restored->folder).fileName(), removed->originalFolderName);
    }

    void restoreAvoidsATakenName() {
        PresetStore store = freshStore();
        QVERIFY(store.save(draft("Gone")).ok());
        const Result<RemovedPreset> removed = store.remove("Gone");
        QVERIFY(store.save(draft("Gone", false)).ok());
        const Result<StoredPreset> restored = store.restore(removed.value());
        QVERIFY(restored.ok());
        QCOMPARE(restored->name(), QString("Gone (2)"));
        QCOMPARE(store.list().presets.size(), 2);
        QVERIFY(!store.find("Gone")->preset.hasGenerator());
    }

    void restoreRefusesFoldersOutsideTheTrash() {
        PresetStore store = freshStore();
        QVERIFY(store.save(draft("Kept")).ok());
        const RemovedPreset forged{"Kept", store.find("Kept")->folder, "elsewhere"};
        QVERIFY(!store.restore(forged).ok());
        const RemovedPreset outside{"x", m_dir.path(), "x"};
        QVERIFY(!store.restore(outside).ok());
    }

    void emptyTrashForgetsRemovedPresets() {
        PresetStore store = freshStore();
        QVERIFY(store.save(draft("Gone")).ok());
        const Result<RemovedPreset> removed = store.remove("Gone");
        store.emptyTrash(std::chrono::hours(1));  // too young: kept
        QVERIFY(QFileInfo::exists(removed->trashFolder));
        store.emptyTrash();
        QVERIFY(!QFileInfo::exists(removed->trashFolder));
        QVERIFY(!store.restore(removed.value()).ok());
    }

    void exportImportRoundTrip() {
        PresetStore store = freshStore();
        QVERIFY(store.save(draft("Shared \xc3\xa9")).ok());
        const QString file = m_dir.filePath("shared.hrstyle-preset");
        QVERIFY(store.exportPreset("Shared \xc3\xa9", file).ok());

        PresetStore other(m_dir.filePath("other-store"));
        QDir(other.root()).removeRecursively();
        const Result<StoredPreset> imported = other.importPreset(file);
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().c_str());
        const StoredPreset original = store.find("Shared \xc3\xa9").value();
        QVERIFY(imported->preset == original.preset);
        QCOMPARE(readAll(imported->styleImagePath()), readAll(original.styleImagePath()));
        QCOMPARE(readAll(imported->generatorPath()), readAll(original.generatorPath()));
        QCOMPARE(readAll(imported->thumbnailPath()), readAll(original.thumbnailPath()));

        const Result<StoredPreset> again = store.importPreset(file);  // never overwrites
        QVERIFY(again.ok());
        QCOMPARE(again->name(), QString("Shared \xc3\xa9 (2)"));
    }

    void hostileImportsAreRefused_data() {
        QTest::addColumn<QString>("attack");
        QTest::addColumn<QString>("expected");  // part of the message
        QTest::newRow("empty file") << "empty" << "not an HRStyle preset file";
        QTest::newRow("not JSON") << "garbage" << "not an HRStyle preset file";
        QTest::newRow("JSON array") << "array" << "not an HRStyle preset file";
        QTest::newRow("other format") << "format" << "not an HRStyle preset file";
        QTest::newRow("newer format") << "version" << "newer HRStyle";
        QTest::newRow("preset not an object") << "preset-type" << "preset: expected an object";
        QTest::newRow("traversing style image") << "traversal" << "style_image";
        QTest::newRow("absolute generator") << "absolute" << "generator";
        QTest::newRow("negative steps") << "steps" << "steps";
        QTest::newRow("file missing") << "missing-file" << "is not in the file";
        QTest::newRow("files not an object") << "files-type" << "files:";
        QTest::newRow("bad base64") << "base64" << "invalid base64";
        QTest::newRow("wrong digest") << "digest" << "SHA-256";
        QTest::newRow("generator not safetensors") << "generator" << "not a trained generator";
        QTest::newRow("thumbnail not PNG") << "thumbnail" << "not a PNG";
        QTest::newRow("embedded file over the cap") << "file-cap" << "larger than";
        QTest::newRow("archive over the cap") << "archive-cap" << "larger than";
        QTest::newRow("a folder") << "folder" << "not a file";
        QTest::newRow("nesting bomb") << "nesting" << "not an HRStyle preset file";
    }
    void hostileImportsAreRefused() {
        QFETCH(QString, attack);
        QFETCH(QString, expected);
        QJsonObject archive = validArchive();
        QVERIFY(!archive.isEmpty());
        QJsonObject preset = archive["preset"].toObject();
        QJsonObject files = archive["files"].toObject();
        auto fileEntry = [&](const QString& name) { return files[name].toObject(); };
        QByteArray bytes;
        PresetStoreLimits limits;
        if (attack == "traversal") preset["style_image"] = "../../outside.png";
        if (attack == "absolute") preset["generator"] = m_dir.filePath("evil.safetensors");
        if (attack == "steps") preset["steps"] = -3;
        if (attack == "missing-file") files.remove("generator.safetensors");
        if (attack == "base64" || attack == "digest" || attack == "generator" || attack == "thumbnail") {
            const QString name = attack == "thumbnail" ? "thumbnail.png" : "generator.safetensors";
            QJsonObject entry = fileEntry(name);
            const QByteArray data = attack == "generator" || attack == "thumbnail" ? QByteArray("not it") : QByteArray("x");
            entry["base64"] = attack == "base64" ? "@@@@" : QString::fromLatin1(data.toBase64());
            if (attack != "digest") {
                entry["sha256"] = QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
            }
            files[name] = entry;
        }
        if (attack == "file-cap") limits.maxGeneratorBytes = 16;
        if (attack == "archive-cap") limits = {16, 16, 16};
        archive["preset"] = preset;
        archive["files"] = files;
        if (attack == "format") archive["format"] = "something-else";
        if (attack == "version") archive["format_version"] = 2;
        if (attack == "preset-type") archive["preset"] = QJsonArray{1, 2};
        if (attack == "files-type") archive["files"] = "none";
        bytes = QJsonDocument(archive).toJson();
        if (attack == "empty") bytes.clear();
        if (attack == "garbage") bytes = "\x01\x02 not json";
        if (attack == "array") bytes = "[1,2,3]";
        if (attack == "nesting") bytes = QByteArray(100000, '[') + QByteArray(100000, ']');
        QString path = m_dir.filePath("hostile.hrstyle-preset");
        QVERIFY(writeAll(path, bytes));
        if (attack == "folder") path = m_dir.path();

        PresetStore store = freshStore(limits);
        const Result<StoredPreset> imported = store.importPreset(path);
        QVERIFY(!imported.ok());
        const QString message = QString::fromStdString(imported.error());
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(!message.contains('\n'), qPrintable(message));
        QVERIFY2(allEntries(m_root).isEmpty(), qPrintable(allEntries(m_root).join(',')));
        QVERIFY(!QFileInfo::exists(m_dir.filePath("outside.png")));
    }

    void unknownKeysInAnArchiveAreIgnored() {
        QJsonObject archive = validArchive();
        archive["comment"] = "from a newer minor version";
        QJsonObject preset = archive["preset"].toObject();
        preset["future"] = QJsonObject{{"a", 1}};
        preset.remove("learning_rate");  // missing: defaulted
        archive["preset"] = preset;
        QJsonObject files = archive["files"].toObject();
        files["unreferenced.sh"] = QJsonObject{{"base64", "ZWNobyBoaQ=="}, {"sha256", "00"}};
        archive["files"] = files;
        const QString path = m_dir.filePath("extended.hrstyle-preset");
        QVERIFY(writeAll(path, QJsonDocument(archive).toJson()));
        PresetStore store = freshStore();
        const Result<StoredPreset> imported = store.importPreset(path);
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().c_str());
        QCOMPARE(imported->preset.learningRate, TrainParams{}.learningRate);
        QVERIFY(!QFileInfo::exists(QDir(imported->folder).filePath("unreferenced.sh")));  // only named files
    }

    void presetReferences_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("name") << "name";
        QTest::newRow("name, other case") << "case";
        QTest::newRow("folder") << "folder";
        QTest::newRow("preset.json") << "json";
        QTest::newRow("exported file") << "archive";
    }
    void presetReferences() {
        QFETCH(QString, kind);
        PresetStore store = freshStore();
        const StoredPreset saved = store.save(draft("Referenced")).value();
        QString reference = "Referenced";
        if (kind == "case") reference = "referenced";
        if (kind == "folder") reference = saved.folder;
        if (kind == "json") reference = saved.jsonPath();
        if (kind == "archive") {
            reference = m_dir.filePath("ref.hrstyle-preset");
            QVERIFY(store.exportPreset("Referenced", reference).ok());
            QVERIFY(store.remove("Referenced").ok());
        }
        const Result<ResolvedPreset> resolved = resolvePresetReference(reference, store);
        QVERIFY2(resolved.ok(), resolved.ok() ? "" : resolved.error().c_str());
        QCOMPARE(resolved->stored.name(), QString("Referenced"));
        QCOMPARE(readAll(resolved->stored.generatorPath()), readAll(m_generator));
        QCOMPARE(resolved->unpacked != nullptr, kind == "archive");
    }

    void unknownReferenceSaysWhereItLooked() {
        const PresetStore store = freshStore();
        const Result<ResolvedPreset> resolved = resolvePresetReference("Nope", store);
        QVERIFY(!resolved.ok());
        QVERIFY(QString::fromStdString(resolved.error()).contains("no preset named 'Nope'"));
        QVERIFY(QString::fromStdString(resolved.error()).contains(m_root));
    }
};

QTEST_GUILESS_MAIN(TstPresetStore)
#include "tst_PresetStore.moc"
