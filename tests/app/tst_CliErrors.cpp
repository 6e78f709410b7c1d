// hrstyle-cli on bad input: hostile weight files, corrupt or huge images, missing files, directories, and
// usage errors. Each ends with its exit code (docs/cli.md) and one line on stderr naming the problem; no crash and
// no partial output file.
#include <QImage>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <zlib.h>

#include "CliTestSupport.h"

using namespace hrstyle::test;

namespace {

// A safetensors file from a header object and raw data bytes; `declaredLength` overrides the length field.
QByteArray safetensors(const QJsonObject& header, const QByteArray& data, qint64 declaredLength = -1) {
    const QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    QByteArray length(8, '\0');
    qToLittleEndian<quint64>(declaredLength >= 0 ? quint64(declaredLength) : quint64(json.size()), length.data());
    return length + json + data;
}

QJsonObject entry(const QString& dtype, const QJsonArray& shape, int begin, int end) {
    return QJsonObject{{"dtype", dtype}, {"shape", shape}, {"data_offsets", QJsonArray{begin, end}}};
}

// A PNG signature and IHDR chunk claiming width x height, with a valid CRC, and no image data after it.
QByteArray pngHeaderOnly(quint32 width, quint32 height) {
    QByteArray ihdr("IHDR");
    QByteArray fields(13, '\0');
    qToBigEndian(width, fields.data());
    qToBigEndian(height, fields.data() + 4);
    fields[8] = 8;  // bit depth
    fields[9] = 2;  // RGB
    ihdr += fields;
    QByteArray chunk(4, '\0');
    qToBigEndian<quint32>(13, chunk.data());
    chunk += ihdr;
    QByteArray crc(4, '\0');
    qToBigEndian<quint32>(crc32(0, reinterpret_cast<const Bytef*>(ihdr.constData()), ihdr.size()), crc.data());
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk + crc;
}

}  // namespace

class TstCliErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void usageErrorsExit2_data();
    void usageErrorsExit2();
    void helpExits0_data();
    void helpExits0();
    void badModelFileExits1_data();
    void badModelFileExits1();
    void badImageExits1_data();
    void badImageExits1();
    void badVggFileExits1();

private:
    QString file(const QString& name) const { return m_dir.filePath(name); }
    QString write(const QString& name, const QByteArray& bytes) const;
    void expectOneLineFailure(const ProcessResult& result, int code, const QString& mentions) const;

    QTemporaryDir m_dir;
};

QString TstCliErrors::write(const QString& name, const QByteArray& bytes) const {
    QFile out(file(name));
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size()) qFatal("cannot write test file");
    return out.fileName();
}

void TstCliErrors::expectOneLineFailure(const ProcessResult& result, int code, const QString& mentions) const {
    QVERIFY2(!result.crashed, qPrintable("crashed: " + result.err));
    QVERIFY2(result.exitCode == code, qPrintable(QString("exit %1, stderr: %2").arg(result.exitCode).arg(result.err)));
    const QString err = result.err.trimmed();
    QVERIFY2(!err.isEmpty() && !err.contains('\n'), qPrintable("expected one line on stderr, got: " + result.err));
    QVERIFY2(err.contains(mentions, Qt::CaseInsensitive), qPrintable("'" + err + "' does not mention '" + mentions + "'"));
}

void TstCliErrors::initTestCase() {
    QVERIFY(m_dir.isValid());
    QImage image(32, 24, QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) image.setPixel(x, y, qRgb(x * 8, y * 10, 128));
    QVERIFY(image.save(file("photo.png")));
    const ProcessResult made = runCli({"train", "--quiet", "--random-features", "--steps", "0", "--content",
                                       file("photo.png"), "--style", file("photo.png"), "--out-model",
                                       file("model.safetensors")});
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
}

void TstCliErrors::usageErrorsExit2_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no command") << QStringList{} << "usage";
    QTest::newRow("unknown command") << QStringList{"paint"} << "unknown command";
    QTest::newRow("unknown option") << QStringList{"train", "--colour", "red"} << "colour";
    QTest::newRow("missing content") << QStringList{"train", "--style", "s.png"} << "--content";
    QTest::newRow("steps not a number") << QStringList{"train", "--content", "c", "--style", "s", "--steps", "many"} << "--steps";
    QTest::newRow("four layer weights") << QStringList{"eval", "--model", "m", "--content", "c", "--style", "s",
                                                       "--layer-weights", "1,2,3,4"} << "--layer-weights";
    QTest::newRow("unknown device") << QStringList{"apply", "--model", "m", "--in", "i", "--out", "o", "--device", "tpu"} << "tpu";
    QTest::newRow("two inputs, one output") << QStringList{"apply", "--model", "m", "--in", "a", "b", "--out", "o"} << "--out-dir";
    QTest::newRow("vgg and random features") << QStringList{"train", "--content", "c", "--style", "s", "--vgg", "v",
                                                            "--random-features"} << "exclude";
}

void TstCliErrors::usageErrorsExit2() {
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const ProcessResult result = runCli(args);
    QVERIFY(!result.crashed);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(mentions, Qt::CaseInsensitive), qPrintable(result.err));
}

void TstCliErrors::helpExits0_data() {
    QTest::addColumn<QString>("command");
    for (const char* command : {"train", "apply", "eval", "bench", "info"}) QTest::newRow(command) << command;
}

void TstCliErrors::helpExits0() {
    QFETCH(QString, command);
    const ProcessResult result = runCli({command, "--help"});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains("--help"));
}

void TstCliErrors::badModelFileExits1_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mentions");
    const QString w = "layer1_1.identity_block.0.conv.weight";
    QTest::newRow("truncated") << QByteArray("\x10\x00\x00", 3) << "model.bad";
    QTest::newRow("oversized header") << safetensors({}, {}, qint64(1) << 40) << "header";
    QTest::newRow("offset out of range")
        << safetensors({{w, entry("F32", {4, 3, 1, 1}, 0, 48)}}, QByteArray(8, '\0')) << w;
    QTest::newRow("wrong dtype")
        << safetensors({{w, entry("I64", {4, 3, 1, 1}, 0, 96)}}, QByteArray(96, '\0')) << w;
    QTest::newRow("wrong shape")
        << safetensors({{w, entry("F32", {16, 3, 1, 1}, 0, 192)}}, QByteArray(192, '\0')) << "expected [4,3,1,1]";
    QTest::newRow("not JSON") << QByteArray("\x04\x00\x00\x00\x00\x00\x00\x00{{{{", 12) << "model.bad";
}

void TstCliErrors::badModelFileExits1() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mentions);
    const QString model = write("model.bad", bytes);
    const QString out = file("never.png");
    const ProcessResult result = runCli({"apply", "--model", model, "--in", file("photo.png"), "--out", out});
    expectOneLineFailure(result, 1, mentions);
    QVERIFY2(!QFile::exists(out), "no output file may be left behind");
}

void TstCliErrors::badImageExits1_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("mentions");
    QByteArray corrupt = pngHeaderOnly(32, 24) + QByteArray("IDATgarbage", 11);
    QTest::newRow("corrupt PNG") << write("corrupt.png", corrupt) << "corrupt.png";
    QTest::newRow("header claims 100000x100000") << write("huge.png", pngHeaderOnly(100000, 100000)) << "100000";
    QTest::newRow("missing file") << file("nowhere.png") << "nowhere.png";
    QTest::newRow("a directory") << m_dir.path() << m_dir.path();
}

void TstCliErrors::badImageExits1() {
    QFETCH(QString, path);
    QFETCH(QString, mentions);
    const QString out = file("never.png");
    const ProcessResult applied = runCli({"apply", "--model", file("model.safetensors"), "--in", path, "--out", out});
    expectOneLineFailure(applied, 1, mentions);
    QVERIFY(!QFile::exists(out));
    const ProcessResult trained = runCli({"train", "--quiet", "--random-features", "--steps", "1", "--content", path,
                                          "--style", file("photo.png"), "--out-model", file("never.safetensors")});
    expectOneLineFailure(trained, 1, mentions);
    QVERIFY(!QFile::exists(file("never.safetensors")));
}

void TstCliErrors::badVggFileExits1() {
    const QString vgg = write("vgg.bad", safetensors({{"features.0.weight", entry("F32", {64, 3, 3, 2}, 0, 4608)}},
                                                     QByteArray(4608, '\0')));
    const ProcessResult result = runCli({"eval", "--json", "--vgg", vgg, "--model", file("model.safetensors"),
                                         "--content", file("photo.png"), "--style", file("photo.png")});
    expectOneLineFailure(result, 1, "features.0.weight: expected [64,3,3,3], file has [64,3,3,2]");
}

QTEST_GUILESS_MAIN(TstCliErrors)
#include "tst_CliErrors.moc"
