// Presets as data (core/src/io/Preset.cpp): round trip, schema defaults, unknown keys, hostile documents and
// atomic saves. Hostile rows check the message names the key, so a user can find the broken line.
#include <QtTest>

#include <QDir>
#include <QTemporaryDir>

#include <atomic>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "hrstyle/Preset.h"

using hrstyle::Preset;

namespace {

Preset samplePreset() {
    Preset p;
    p.name = "Rocket at dusk \xc3\xa9\xe2\x9c\x93";  // UTF-8 survives
    p.styleImage = "style.jpg";
    p.weights.content = 42.5;
    p.weights.style = 3.25;
    p.weights.layers = {0.5, 1e-3, 0.0, 7.0, 1.0 / 3.0};  // 1/3: doubles must round-trip exactly
    p.steps = 321;
    p.learningRate = 1e-3;
    p.workingSize = 256;
    p.styleSize = 300;
    p.seed = std::numeric_limits<std::uint64_t>::max();
    p.look = {0.35, hrstyle::ColourMode::KeepColours};
    p.generator = "generator.safetensors";
    p.thumbnail = "thumbnail.png";
    return p;
}

std::string text(const QByteArray& bytes) { return bytes.toStdString(); }

}  // namespace

class TstPreset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip() {
        const Preset p = samplePreset();
        const hrstyle::Result<Preset> back = hrstyle::parsePreset(hrstyle::serialisePreset(p));
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().c_str());
        QVERIFY(back.value() == p);
        QCOMPARE(back->weights.layers[4], 1.0 / 3.0);
    }

    void serialisedDocumentIsReadableJson() {
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(hrstyle::serialisePreset(samplePreset())));
        QVERIFY(doc.isObject());
        QCOMPARE(doc.object().value("schema").toInt(), hrstyle::kPresetSchemaVersion);
        QCOMPARE(doc.object().value("style_image").toString(), QString("style.jpg"));
        QCOMPARE(doc.object().value("layer_weights").toArray().size(), 5);
    }

    // Missing keys take TrainParams' defaults: an empty object is a valid (if bare) preset.
    void emptyObjectGivesDefaults() {
        const hrstyle::Result<Preset> p = hrstyle::parsePreset("{}");
        QVERIFY(p.ok());
        const hrstyle::TrainParams defaults;
        QCOMPARE(p->schema, hrstyle::kPresetSchemaVersion);
        QVERIFY(p->weights == defaults.weights);
        QCOMPARE(p->steps, defaults.steps);
        QCOMPARE(p->learningRate, defaults.learningRate);
        QCOMPARE(p->workingSize, defaults.workingSize);
        QCOMPARE(p->styleSize, defaults.styleSize);
        QCOMPARE(p->seed, defaults.seed);
        QVERIFY(p->name.empty());
        QVERIFY(p->styleImage.empty());
        QVERIFY(!p->hasGenerator());
        QVERIFY(p->thumbnail.empty());
        QCOMPARE(p->look.strength, 1.0);  // older presets: the full look
        QVERIFY(p->look.colourMode == hrstyle::ColourMode::Full);
    }

    void partialDocumentKeepsTheRestDefault() {
        const hrstyle::Result<Preset> p =
            hrstyle::parsePreset(R"({"schema":1,"steps":50,"style_image":"s.png","generator":null})");
        QVERIFY(p.ok());
        QCOMPARE(p->steps, 50);
        QCOMPARE(p->styleImage, std::string("s.png"));
        QVERIFY(!p->hasGenerator());  // null means absent
        QCOMPARE(p->weights.content, hrstyle::TrainParams{}.weights.content);
    }

    void unknownKeysAreIgnored() {
        const hrstyle::Result<Preset> p = hrstyle::parsePreset(
            R"({"steps":7,"future_feature":{"deep":[1,2,{"x":"y"}]},"comment":"hi","written_by":12})");
        QVERIFY(p.ok());
        QCOMPARE(p->steps, 7);
    }

    void wholeNumbersMayBeWrittenAsFloats() {
        const hrstyle::Result<Preset> p = hrstyle::parsePreset(R"({"steps":100.0,"working_size":256.0})");
        QVERIFY(p.ok());
        QCOMPARE(p->steps, 100);
        QCOMPARE(p->workingSize, 256);
    }

    void trainParamsCarryTheStoredFields() {
        const Preset p = samplePreset();
        const hrstyle::TrainParams params = p.trainParams();
        QVERIFY(params.weights == p.weights);
        QCOMPARE(params.steps, p.steps);
        QCOMPARE(params.seed, p.seed);
        QCOMPARE(params.maxStyleSide, hrstyle::TrainParams{}.maxStyleSide);
        Preset q;
        q.setTrainParams(params);
        QCOMPARE(q.workingSize, p.workingSize);
        QCOMPARE(q.learningRate, p.learningRate);
    }

    void hostileDocumentsAreRefused_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("messageStart");  // the key, or "not a preset"
        QTest::newRow("not JSON") << QByteArray("{steps: 5") << "not a preset";
        QTest::newRow("empty text") << QByteArray("") << "not a preset";
        QTest::newRow("array") << QByteArray("[1,2]") << "not a preset";
        QTest::newRow("string") << QByteArray("\"preset\"") << "not a preset";
        QTest::newRow("NaN literal") << QByteArray(R"({"learning_rate":NaN})") << "not a preset";
        QTest::newRow("overflowing number") << QByteArray(R"({"content_weight":1e400})") << "";
        QTest::newRow("invalid UTF-8") << QByteArray("{\"name\":\"\xff\xfe\"}") << "not a preset";
        QTest::newRow("steps as string") << QByteArray(R"({"steps":"100"})") << "steps:";
        QTest::newRow("steps negative") << QByteArray(R"({"steps":-5})") << "steps:";
        QTest::newRow("steps fractional") << QByteArray(R"({"steps":10.5})") << "steps:";
        QTest::newRow("steps absurd") << QByteArray(R"({"steps":1e12})") << "steps:";
        QTest::newRow("steps bool") << QByteArray(R"({"steps":true})") << "steps:";
        QTest::newRow("steps beyond int64") << QByteArray(R"({"steps":99999999999999999999})") << "steps:";
        QTest::newRow("negative working size") << QByteArray(R"({"working_size":-512})") << "working_size:";
        QTest::newRow("tiny working size") << QByteArray(R"({"working_size":2})") << "working_size:";
        QTest::newRow("huge working size") << QByteArray(R"({"working_size":100000})") << "working_size:";
        QTest::newRow("negative style size") << QByteArray(R"({"style_size":-1})") << "style_size:";
        QTest::newRow("negative content weight") << QByteArray(R"({"content_weight":-1})") << "content_weight:";
        QTest::newRow("absurd style weight") << QByteArray(R"({"style_weight":1e300})") << "style_weight:";
        QTest::newRow("weight as object") << QByteArray(R"({"style_weight":{}})") << "style_weight:";
        QTest::newRow("lr too large") << QByteArray(R"({"learning_rate":5})") << "learning_rate:";
        QTest::newRow("lr negative") << QByteArray(R"({"learning_rate":-0.001})") << "learning_rate:";
        QTest::newRow("strength over 1") << QByteArray(R"({"strength":1.5})") << "strength:";
        QTest::newRow("unknown colour mode") << QByteArray(R"({"colour_mode":"sepia"})") << "colour_mode:";
        QTest::newRow("four layer weights") << QByteArray(R"({"layer_weights":[1,1,1,1]})") << "layer_weights:";
        QTest::newRow("layer weight string") << QByteArray(R"({"layer_weights":[1,1,"x",1,1]})") << "layer_weights:";
        QTest::newRow("layer weight negative") << QByteArray(R"({"layer_weights":[1,1,-1,1,1]})") << "layer_weights:";
        QTest::newRow("layer weights object") << QByteArray(R"({"layer_weights":{"a":1}})") << "layer_weights:";
        QTest::newRow("negative seed") << QByteArray(R"({"seed":-1})") << "seed:";
        QTest::newRow("fractional seed") << QByteArray(R"({"seed":1.5})") << "seed:";
        QTest::newRow("schema zero") << QByteArray(R"({"schema":0})") << "schema:";
        QTest::newRow("schema from the future") << QByteArray(R"({"schema":2})") << "schema:";
        QTest::newRow("schema as string") << QByteArray(R"({"schema":"1"})") << "schema:";
        QTest::newRow("name as number") << QByteArray(R"({"name":5})") << "name:";
        QTest::newRow("name too long") << ("{\"name\":\"" + QByteArray(300, 'a') + "\"}") << "name:";
        QTest::newRow("name with newline") << QByteArray(R"({"name":"a\nb"})") << "name:";
        QTest::newRow("name with NUL") << QByteArray(R"({"name":"a\u0000b"})") << "name:";
        QTest::newRow("style image parent") << QByteArray(R"({"style_image":"../x.png"})") << "style_image:";
        QTest::newRow("style image dotdot") << QByteArray(R"({"style_image":".."})") << "style_image:";
        QTest::newRow("style image absolute") << QByteArray(R"({"style_image":"/etc/passwd"})") << "style_image:";
        QTest::newRow("style image subfolder") << QByteArray(R"({"style_image":"a/b.png"})") << "style_image:";
        QTest::newRow("style image backslash") << QByteArray(R"({"style_image":"..\\x.png"})") << "style_image:";
        QTest::newRow("style image drive") << QByteArray(R"({"style_image":"C:x.png"})") << "style_image:";
        QTest::newRow("style image too long") << ("{\"style_image\":\"" + QByteArray(300, 'a') + "\"}") << "style_image:";
        QTest::newRow("style image array") << QByteArray(R"({"style_image":["a"]})") << "style_image:";
        QTest::newRow("generator traversal") << QByteArray(R"({"generator":"../../.bashrc"})") << "generator:";
        QTest::newRow("thumbnail absolute") << QByteArray(R"({"thumbnail":"/tmp/t.png"})") << "thumbnail:";
        QTest::newRow("document over 1 MiB") << ("{\"pad\":\"" + QByteArray(1 << 20, 'x') + "\"}") << "not a preset";
    }
    void hostileDocumentsAreRefused() {
        QFETCH(QByteArray, json);
        QFETCH(QString, messageStart);
        const hrstyle::Result<Preset> p = hrstyle::parsePreset(text(json));
        QVERIFY(!p.ok());
        const QString message = QString::fromStdString(p.error());
        QVERIFY2(message.startsWith(messageStart), qPrintable(message));
        QVERIFY2(!message.contains('\n') && message.size() < 300, qPrintable(message));  // one short line
    }

    // A nesting bomb inside an ignored key must neither crash (stack) nor be accepted as anything.
    void deepNestingDoesNotCrash() {
        const int depth = 200000;
        const QByteArray json = "{\"x\":" + QByteArray(depth, '[') + QByteArray(depth, ']') + "}";
        const hrstyle::Result<Preset> p = hrstyle::parsePreset(text(json));
        QVERIFY(p.ok() || !p.error().empty());
    }

    void fileNameRules_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("acceptable");
        QTest::newRow("plain") << "style.jpg" << true;
        QTest::newRow("spaces and unicode") << "my style \xc3\xa9.png" << true;
        QTest::newRow("dots inside") << "a..b.png" << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("dot") << "." << false;
        QTest::newRow("hidden") << ".hidden" << false;
        QTest::newRow("parent") << "../x" << false;
        QTest::newRow("absolute") << "/x" << false;
        QTest::newRow("tab") << "a\tb" << false;
    }
    void fileNameRules() {
        QFETCH(QString, name);
        QFETCH(bool, acceptable);
        QCOMPARE(hrstyle::presetFileNameProblem(name.toStdString()).empty(), acceptable);
    }

    void saveAndLoadFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("preset.json").toStdString();
        QVERIFY(hrstyle::savePresetFile(path, samplePreset()).ok());
        const hrstyle::Result<Preset> back = hrstyle::loadPresetFile(path);
        QVERIFY(back.ok());
        QVERIFY(back.value() == samplePreset());
        // No temporary left; they are hidden files (core/include/hrstyle/AtomicFile.h).
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"preset.json"});
    }

    // A preset that would not read back is refused before anything is written, and the old file survives.
    void invalidPresetIsNotSaved_data() {
        QTest::addColumn<int>("field");
        QTest::newRow("NaN weight") << 0;
        QTest::newRow("negative steps") << 1;
        QTest::newRow("traversing style image") << 2;
        QTest::newRow("broken UTF-8 name") << 3;
    }
    void invalidPresetIsNotSaved() {
        QFETCH(int, field);
        QTemporaryDir dir;
        const std::string path = dir.filePath("preset.json").toStdString();
        QVERIFY(hrstyle::savePresetFile(path, samplePreset()).ok());
        Preset bad = samplePreset();
        if (field == 0) bad.weights.content = std::numeric_limits<double>::quiet_NaN();
        if (field == 1) bad.steps = -1;
        if (field == 2) bad.styleImage = "../../etc/passwd";
        if (field == 3) bad.name = "\xff\xfe";
        const hrstyle::Status saved = hrstyle::savePresetFile(path, bad);
        QVERIFY(!saved.ok());
        QVERIFY2(QString::fromStdString(saved.error()).contains("cannot save preset"), saved.error().c_str());
        QVERIFY(hrstyle::loadPresetFile(path).value() == samplePreset());
    }

    void loadFileErrors_data() {
        QTest::addColumn<QString>("what");
        QTest::newRow("missing") << "missing";
        QTest::newRow("directory") << "directory";
        QTest::newRow("too large") << "large";
        QTest::newRow("binary garbage") << "garbage";
    }
    void loadFileErrors() {
        QFETCH(QString, what);
        QTemporaryDir dir;
        QString path = dir.filePath("preset.json");
        if (what == "directory") QVERIFY(QDir(dir.path()).mkdir("preset.json"));
        if (what == "large" || what == "garbage") {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(what == "large" ? QByteArray(2 << 20, ' ') : QByteArray("\x00\x01\x02\xff", 4));
        }
        const hrstyle::Result<Preset> p = hrstyle::loadPresetFile(path.toStdString());
        QVERIFY(!p.ok());
        QVERIFY2(QString::fromStdString(p.error()).contains(path), p.error().c_str());  // names the file
    }

    void saveIntoMissingFolderFailsCleanly() {
        QTemporaryDir dir;
        const hrstyle::Status saved =
            hrstyle::savePresetFile(dir.filePath("no/such/folder/preset.json").toStdString(), samplePreset());
        QVERIFY(!saved.ok());
        QVERIFY(QString::fromStdString(saved.error()).contains("no/such/folder"));
    }

    // Threads of one process saving the same preset file (the store and an import, say) must not share a
    // temporary file: each save succeeds and the file is always one whole preset.
    void concurrentSavesOfOnePathStayWhole() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("preset.json").toStdString();
        constexpr int kThreads = 6;
        constexpr int kSaves = 15;
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                Preset p = samplePreset();
                p.name = "writer " + std::to_string(t);
                for (int i = 0; i < kSaves; ++i) {
                    if (!hrstyle::savePresetFile(path, p).ok()) ++failures;
                }
            });
        }
        for (std::thread& t : threads) t.join();
        QCOMPARE(failures.load(), 0);
        const hrstyle::Result<Preset> back = hrstyle::loadPresetFile(path);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().c_str());
        Preset expected = samplePreset();
        expected.name = back->name;
        QVERIFY(back->name.rfind("writer ", 0) == 0);
        QVERIFY(back.value() == expected);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"preset.json"});
    }
};

QTEST_GUILESS_MAIN(TstPreset)
#include "tst_Preset.moc"
