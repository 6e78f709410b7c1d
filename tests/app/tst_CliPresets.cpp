// `hrstyle-cli train|apply --preset P` and `train --save-preset NAME`, end to end through the built
// executable. The CLI has no test mode, so the child gets a private XDG_DATA_HOME: its store is this test's.
// Random features and tiny images keep each training run to seconds.
#include <QtTest>

#include <QCryptographicHash>
#include <QImage>

#include "CliTestSupport.h"
#include "PresetStore.h"
#include "hrstyle/SafeTensors.h"

using namespace hrstyle;
using namespace hrstyle::test;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString sha256Of(const QString& path) {
    return QString::fromLatin1(QCryptographicHash::hash(readAll(path), QCryptographicHash::Sha256).toHex());
}

Metadata modelMetadata(const QString& path) {
    const Result<SafeTensorsReader> reader = SafeTensorsReader::open(path.toStdString());
    return reader ? reader->metadata() : Metadata{};
}

QString describe(const ProcessResult& r) { return QString("exit %1, stderr: %2").arg(r.exitCode).arg(r.err); }

}  // namespace

class TstCliPresets : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_content;
    QString m_style;

    QString file(const QString& name) const { return m_dir.filePath(name); }
    PresetStore store() const { return PresetStore(PresetStore::defaultRoot()); }

    // A preset saved through the store (no generator): steps 2, working size 24, distinctive weights.
    void savePlainPreset(const QString& name) {
        PresetDraft draft;
        draft.name = name;
        draft.styleImagePath = m_style;
        draft.params.steps = 2;
        draft.params.workingSize = 24;
        draft.params.weights.content = 42;
        draft.params.seed = 5;
        PresetStore s = store();
        QVERIFY(s.save(draft, SaveMode::ReplaceExisting).ok());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        qputenv("XDG_DATA_HOME", QFile::encodeName(file("data")));
        QVERIFY(PresetStore::defaultRoot().startsWith(m_dir.path()));
        m_content = file("content.png");
        m_style = file("style.png");
        QImage content(32, 24, QImage::Format_RGB32);
        for (int y = 0; y < content.height(); ++y)
            for (int x = 0; x < content.width(); ++x) content.setPixel(x, y, qRgb(x * 8, y * 10, 128));
        QVERIFY(content.save(m_content));
        QImage style(20, 20, QImage::Format_RGB32);
        style.fill(qRgb(250, 180, 20));
        QVERIFY(style.save(m_style));
    }

    void saveThenApplyByName() {
        const ProcessResult trained = runCli({"train", "--content", m_content, "--style", m_style, "--random-features",
                                              "--steps", "2", "--size", "32", "--save-preset", "Cli Style", "--quiet"});
        QVERIFY2(trained.exitCode == 0, qPrintable(describe(trained)));
        const Result<StoredPreset> preset = store().find("Cli Style");
        QVERIFY(preset.ok());
        QVERIFY(preset->preset.hasGenerator());
        QCOMPARE(preset->preset.steps, 2);
        QCOMPARE(preset->preset.workingSize, 32);
        QCOMPARE(readAll(preset->styleImagePath()), readAll(m_style));
        QVERIFY(QImage(preset->thumbnailPath()).width() > 0);

        const QString viaPreset = file("via-preset.png");
        const ProcessResult applied = runCli({"apply", "--preset", "cli style", "--in", m_content, "--out", viaPreset});
        QVERIFY2(applied.exitCode == 0, qPrintable(describe(applied)));
        QCOMPARE(QImage(viaPreset).size(), QSize(32, 24));
        const QString viaModel = file("via-model.png");
        QCOMPARE(runCli({"apply", "--model", preset->generatorPath(), "--in", m_content, "--out", viaModel}).exitCode, 0);
        QCOMPARE(readAll(viaPreset), readAll(viaModel));  // the preset's generator, nothing else
    }

    void trainTakesThePresetsStyleAndSettings() {
        savePlainPreset("Settings");
        const ProcessResult trained = runCli({"train", "--content", m_content, "--preset", "Settings",
                                              "--random-features", "--out-model", file("settings.safetensors"),
                                              "--quiet"});
        QVERIFY2(trained.exitCode == 0, qPrintable(describe(trained)));
        const Metadata metadata = modelMetadata(file("settings.safetensors"));
        QCOMPARE(QString::fromStdString(metadata.at("steps")), QString("2"));
        QCOMPARE(QString::fromStdString(metadata.at("working_size")), QString("24x16"));
        QCOMPARE(QString::fromStdString(metadata.at("content_weight")).toDouble(), 42.0);
        QCOMPARE(QString::fromStdString(metadata.at("seed")), QString("5"));
        QCOMPARE(QString::fromStdString(metadata.at("style_digest")), "sha256:" + sha256Of(m_style));
    }

    void flagsOverrideThePreset() {
        savePlainPreset("Settings");
        const QString otherStyle = file("other-style.png");
        QImage other(20, 16, QImage::Format_RGB32);
        other.fill(qRgb(0, 0, 255));
        QVERIFY(other.save(otherStyle));
        const ProcessResult trained = runCli({"train", "--content", m_content, "--preset", "Settings", "--style",
                                              otherStyle, "--steps", "1", "--size", "28", "--content-weight", "7",
                                              "--random-features", "--out-model", file("override.safetensors"),
                                              "--quiet"});
        QVERIFY2(trained.exitCode == 0, qPrintable(describe(trained)));
        const Metadata metadata = modelMetadata(file("override.safetensors"));
        QCOMPARE(QString::fromStdString(metadata.at("steps")), QString("1"));
        QCOMPARE(QString::fromStdString(metadata.at("working_size")), QString("28x20"));
        QCOMPARE(QString::fromStdString(metadata.at("content_weight")).toDouble(), 7.0);
        QCOMPARE(QString::fromStdString(metadata.at("seed")), QString("5"));  // not overridden: the preset's
        QCOMPARE(QString::fromStdString(metadata.at("style_digest")), "sha256:" + sha256Of(otherStyle));
    }

    void applyAcceptsAnExportedPreset() {
        if (!store().contains("Cli Style")) QSKIP("needs saveThenApplyByName's preset");
        const QString exported = file("shared.hrstyle-preset");
        QVERIFY(store().exportPreset("Cli Style", exported).ok());
        const ProcessResult applied =
            runCli({"apply", "--preset", exported, "--in", m_content, "--out", file("from-export.png")});
        QVERIFY2(applied.exitCode == 0, qPrintable(describe(applied)));
        QCOMPARE(readAll(file("from-export.png")), readAll(file("via-preset.png")));
    }

    void applyWithoutGeneratorSaysTrainFirst() {
        savePlainPreset("Untrained");
        const ProcessResult applied =
            runCli({"apply", "--preset", "Untrained", "--in", m_content, "--out", file("never.png")});
        QCOMPARE(applied.exitCode, 1);
        QVERIFY2(applied.err.contains("preset 'Untrained' has no trained generator; train it first"), qPrintable(applied.err));
        QCOMPARE(applied.err.trimmed().count('\n'), 0);
        QVERIFY(!QFileInfo::exists(file("never.png")));
    }

    void errors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString content = file("content.png");
        QTest::newRow("train without style or preset") << QStringList{"train", "--content", content} << 2 << "--style";
        QTest::newRow("model and preset") << QStringList{"apply", "--model", "m", "--preset", "p", "--in", content,
                                                         "--out", "o.png"} << 2 << "--model and --preset";
        QTest::newRow("apply without model or preset") << QStringList{"apply", "--in", content, "--out", "o.png"} << 2
                                                       << "--model";
        QTest::newRow("fine-tune without preset") << QStringList{"train", "--content", content, "--style", content,
                                                                 "--fine-tune"} << 2 << "--fine-tune";
        QTest::newRow("blank preset name to save") << QStringList{"train", "--content", content, "--style", content,
                                                                  "--save-preset", " "} << 2 << "--save-preset";
        QTest::newRow("unknown preset") << QStringList{"train", "--content", content, "--preset", "No Such",
                                                       "--random-features"} << 1 << "no preset named 'No Such'";
        QTest::newRow("hostile preset folder") << QStringList{"apply", "--preset", file("hostile"), "--in", content,
                                                              "--out", "o.png"} << 1 << "style_image";
        QTest::newRow("hostile exported file") << QStringList{"apply", "--preset", file("hostile.hrstyle-preset"),
                                                              "--in", content, "--out", "o.png"} << 1
                                               << "not an HRStyle preset file";
    }
    void errors() {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QVERIFY(QDir(m_dir.path()).mkpath("hostile"));
        QFile json(file("hostile/preset.json"));
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write(R"({"name":"evil","style_image":"../../../etc/passwd","generator":"g.safetensors"})");
        json.close();
        QFile archive(file("hostile.hrstyle-preset"));
        QVERIFY(archive.open(QIODevice::WriteOnly));
        archive.write("{\"format\":\"zip\"}");
        archive.close();
        const ProcessResult result = runCli(args);
        QVERIFY2(result.exitCode == exitCode, qPrintable(describe(result)));
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
        QCOMPARE(result.err.trimmed().count('\n'), 0);
    }
};

QTEST_GUILESS_MAIN(TstCliPresets)
#include "tst_CliPresets.moc"
