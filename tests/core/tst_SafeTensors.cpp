// safetensors reader/writer (core/src/io/SafeTensors.cpp): round trips, half-float conversion, byte identity
// with the Python reference writer (seed_reference.py, docs/contributing.md), hostile files and atomic writes.
#include <QtTest>

#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>

#include "TestFiles.h"
#include "hrstyle/SafeTensors.h"

using hrstyle::DType;
using hrstyle::RawTensor;

using hrstyle::test::readFile;
using hrstyle::test::writeFile;

namespace {

QByteArray le64(quint64 v) {
    QByteArray out(8, '\0');
    qToLittleEndian(v, out.data());
    return out;
}

// A file with the given JSON header (unpadded) and dataBytes zero bytes of data.
QByteArray stFile(const QByteArray& json, int dataBytes = 8) {
    return le64(quint64(json.size())) + json + QByteArray(dataBytes, '\0');
}

DType dtypeNamed(const QString& name) {
    for (DType d : {DType::F64, DType::F32, DType::F16, DType::BF16, DType::I64, DType::I32, DType::I16, DType::I8,
                    DType::U8, DType::Bool})
        if (name == QLatin1String(hrstyle::dtypeName(d))) return d;
    qFatal("unknown dtype in test table");
}

template <class T>
RawTensor rawTensor(DType dtype, std::vector<std::int64_t> shape, std::initializer_list<T> values) {
    RawTensor t{dtype, std::move(shape), std::vector<std::uint8_t>(values.size() * sizeof(T))};
    if (values.size() > 0) std::memcpy(t.bytes.data(), values.begin(), t.bytes.size());
    return t;
}

template <class T>
QByteArray bytesOf(std::initializer_list<T> values) {
    return QByteArray(reinterpret_cast<const char*>(values.begin()), int(values.size() * sizeof(T)));
}

QByteArray toQ(const std::vector<std::uint8_t>& b) {
    return QByteArray(reinterpret_cast<const char*>(b.data()), int(b.size()));
}
std::vector<std::uint8_t> fromQ(const QByteArray& b) { return std::vector<std::uint8_t>(b.begin(), b.end()); }



quint32 floatBits(float f) {
    quint32 b;
    std::memcpy(&b, &f, sizeof b);
    return b;
}

QString osMessage(int err) { return QString::fromLocal8Bit(std::strerror(err)); }

// Files a failed write must not leave behind (the writer's temporaries are "<target>.tmp-*").
QStringList leftoverTemporaries(const QString& dir) {
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        if (const QString f = it.next(); f.contains(QLatin1String(".tmp-"))) found << f;
    return found;
}

// No \" in this raw string: moc's tokenizer reads it as an escape, loses track and then finds no Q_OBJECT.
const char* const kOracleScript = R"PY(
import sys
sys.path.insert(0, sys.argv[1])
try:
    import torch
    from seed_reference import write_safetensors, read_safetensors
except ImportError as e:
    print(f"cannot import torch/seed_reference: {e}")
    sys.exit(77)
py_out, ours = sys.argv[2], sys.argv[3]
t = {
    "b.weight": (torch.arange(6, dtype=torch.float32) * 0.5 - 1).reshape(2, 3),
    "a.half": torch.tensor([1.0, -2.0, 0.5, 65504.0], dtype=torch.float16),
    "c.bf16": torch.tensor([[1.0, -2.0], [0.5, 3.0]], dtype=torch.bfloat16),
    "d.f64": torch.tensor([1.5, -0.25], dtype=torch.float64),
    "e.i64": torch.tensor([-1, 0, 1 << 40], dtype=torch.int64),
    "f.i32": torch.tensor([-7, 7], dtype=torch.int32),
    "g.i16": torch.tensor([-300], dtype=torch.int16),
    "h.i8": torch.tensor([-5, 5], dtype=torch.int8),
    "i.u8": torch.tensor([0, 255], dtype=torch.uint8),
    "j.bool": torch.tensor([True, False, True]),
    "scalar": torch.tensor(3.25),
    "empty": torch.zeros(0, 3),
    "gr\u00fc\u00dfe": torch.tensor([2.0]),
}
meta = {"app": "hrstyle", "note": 'Gr\u00fc\u00dfe, "quoted"\n\x01\x7f/'}
write_safetensors(py_out, t, meta)
back, back_meta = read_safetensors(ours)
problems = [] if back_meta == meta else [f"metadata {back_meta!r}"]
problems += [k for k, v in t.items() if k not in back or back[k].dtype != v.dtype
             or back[k].shape != v.shape or not torch.equal(back[k], v)]
problems += [f"extra {k!r}" for k in back if k not in t]
print("; ".join(problems) or "ok")
sys.exit(1 if problems else 0)
)PY";

// The same tensors as kOracleScript, built by hand.
std::map<std::string, RawTensor> oracleTensors() {
    return {
        {"b.weight", rawTensor<float>(DType::F32, {2, 3}, {-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f})},
        {"a.half", rawTensor<quint16>(DType::F16, {4}, {0x3C00, 0xC000, 0x3800, 0x7BFF})},
        {"c.bf16", rawTensor<quint16>(DType::BF16, {2, 2}, {0x3F80, 0xC000, 0x3F00, 0x4040})},
        {"d.f64", rawTensor<double>(DType::F64, {2}, {1.5, -0.25})},
        {"e.i64", rawTensor<qint64>(DType::I64, {3}, {-1, 0, qint64(1) << 40})},
        {"f.i32", rawTensor<qint32>(DType::I32, {2}, {-7, 7})},
        {"g.i16", rawTensor<qint16>(DType::I16, {1}, {-300})},
        {"h.i8", rawTensor<qint8>(DType::I8, {2}, {-5, 5})},
        {"i.u8", rawTensor<quint8>(DType::U8, {2}, {0, 255})},
        {"j.bool", rawTensor<quint8>(DType::Bool, {3}, {1, 0, 1})},
        {"scalar", rawTensor<float>(DType::F32, {}, {3.25f})},
        {"empty", rawTensor<float>(DType::F32, {0, 3}, {})},
        {"gr\u00fc\u00dfe", rawTensor<float>(DType::F32, {1}, {2.0f})},
    };
}

}  // namespace

class TstSafeTensors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void exactHeader_data();
    void exactHeader();
    void halfToFloat_data();
    void halfToFloat();
    void readFloat32Widens();
    void readFloat32RejectsIntegers_data();
    void readFloat32RejectsIntegers();
    void matchesPythonOracle();
    void acceptsHandWrittenFile();
    void rejectsHostileFile_data();
    void rejectsHostileFile();
    void readFailsWhenFileShrinks();
    void failedWriteKeepsOldState_data();
    void failedWriteKeepsOldState();
    void overwriteReplacesContentKeepsMode();

private:
    QTemporaryDir m_dir;
};

void TstSafeTensors::roundTrip_data() {
    QTest::addColumn<QString>("dtype");
    QTest::addColumn<QList<qint64>>("shape");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("F64") << "F64" << QList<qint64>{2} << bytesOf<double>({1.5, -3.25});
    QTest::newRow("F32 2x3") << "F32" << QList<qint64>{2, 3} << bytesOf<float>({1, 2, 3, -4, 5.5f, 6});
    QTest::newRow("F16") << "F16" << QList<qint64>{3} << bytesOf<quint16>({0x3C00, 0xC000, 0x7E00});
    QTest::newRow("BF16") << "BF16" << QList<qint64>{2} << bytesOf<quint16>({0x3F80, 0xFF80});
    QTest::newRow("I64") << "I64" << QList<qint64>{2} << bytesOf<qint64>({-1, qint64(1) << 40});
    QTest::newRow("I32") << "I32" << QList<qint64>{1, 2} << bytesOf<qint32>({-7, 1 << 30});
    QTest::newRow("I16") << "I16" << QList<qint64>{2} << bytesOf<qint16>({-300, 300});
    QTest::newRow("I8") << "I8" << QList<qint64>{3} << bytesOf<qint8>({-128, 0, 127});
    QTest::newRow("U8") << "U8" << QList<qint64>{2, 2} << bytesOf<quint8>({0, 1, 254, 255});
    QTest::newRow("BOOL") << "BOOL" << QList<qint64>{3} << bytesOf<quint8>({1, 0, 1});
    QTest::newRow("0-d scalar") << "F32" << QList<qint64>{} << bytesOf<float>({3.25f});
    QTest::newRow("0x3 empty") << "F32" << QList<qint64>{0, 3} << QByteArray();
}

void TstSafeTensors::roundTrip() {
    QFETCH(QString, dtype);
    QFETCH(QList<qint64>, shape);
    QFETCH(QByteArray, bytes);
    const std::string path = m_dir.filePath(QStringLiteral("rt.safetensors")).toStdString();
    const RawTensor t{dtypeNamed(dtype), std::vector<std::int64_t>(shape.begin(), shape.end()), fromQ(bytes)};
    const RawTensor other = rawTensor<quint8>(DType::U8, {3}, {7, 8, 9});  // sorts first: "a" < "t"
    const hrstyle::Metadata meta{{"app", "hrstyle"}, {"steps", "250"}};
    const hrstyle::Status written = hrstyle::writeSafeTensors(path, {{"t", t}, {"a", other}}, meta);
    QVERIFY2(written.ok(), written.ok() ? "" : written.error().c_str());

    auto reader = hrstyle::SafeTensorsReader::open(path);
    QVERIFY2(reader.ok(), reader.ok() ? "" : reader.error().c_str());
    QCOMPARE(reader->metadata(), meta);
    QCOMPARE(reader->tensors().size(), std::size_t(2));
    const hrstyle::TensorInfo& info = reader->tensors().at("t");
    QCOMPARE(QString(hrstyle::dtypeName(info.dtype)), dtype);
    QCOMPARE(info.shape, t.shape);
    auto back = reader->read("t");
    QVERIFY(back.ok());
    QCOMPARE(toQ(back->bytes), bytes);
    QCOMPARE(toQ(reader->read("a")->bytes), toQ(other.bytes));

    // Layout: header padded with spaces to 8, data sorted by name and contiguous up to the end of the file.
    const QByteArray file = readFile(QString::fromStdString(path));
    const quint64 n = qFromLittleEndian<quint64>(file.constData());
    QCOMPARE(n % 8, 0u);
    QVERIFY(file.mid(8, int(n)).trimmed().endsWith('}'));
    QCOMPARE(reader->tensors().at("a").begin, 0u);
    QCOMPARE(info.begin, reader->tensors().at("a").end);
    QCOMPARE(quint64(file.size()), 8 + n + info.end);
}

void TstSafeTensors::exactHeader_data() {
    QTest::addColumn<bool>("withMetadata");
    QTest::addColumn<QByteArray>("expected");  // written by hand from the reference writer's rules
    QTest::newRow("metadata first, tensors sorted")
        << true
        << QByteArray(R"({"__metadata__":{"k":"v","z":"\"q\"\n"},"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},)"
                      R"("b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}})");
    QTest::newRow("no metadata key when empty")
        << false
        << QByteArray(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},)"
                      R"("b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}})");
}

void TstSafeTensors::exactHeader() {
    QFETCH(bool, withMetadata);
    QFETCH(QByteArray, expected);
    const std::string path = m_dir.filePath(QStringLiteral("hdr.safetensors")).toStdString();
    const hrstyle::Metadata meta = withMetadata ? hrstyle::Metadata{{"z", "\"q\"\n"}, {"k", "v"}} : hrstyle::Metadata{};
    const float one = 1.0f;
    QVERIFY(hrstyle::writeSafeTensors(
                path, {{"b", hrstyle::makeFloat32Tensor({1}, &one)}, {"a", rawTensor<quint8>(DType::U8, {2}, {4, 5})}},
                meta)
                .ok());
    const QByteArray padded = expected + QByteArray((8 - expected.size() % 8) % 8, ' ');
    QCOMPARE(readFile(QString::fromStdString(path)),
             le64(quint64(padded.size())) + padded + bytesOf<quint8>({4, 5}) + bytesOf<float>({1.0f}));
}

void TstSafeTensors::halfToFloat_data() {
    QTest::addColumn<QString>("dtype");
    QTest::addColumn<uint>("bits");
    QTest::addColumn<float>("expected");  // NaN: any NaN
    const float inf = std::numeric_limits<float>::infinity();
    QTest::newRow("F16 1.0") << "F16" << 0x3C00u << 1.0f;
    QTest::newRow("F16 -2.0") << "F16" << 0xC000u << -2.0f;
    QTest::newRow("F16 0.5") << "F16" << 0x3800u << 0.5f;
    QTest::newRow("F16 max 65504") << "F16" << 0x7BFFu << 65504.0f;
    QTest::newRow("F16 +inf") << "F16" << 0x7C00u << inf;
    QTest::newRow("F16 -inf") << "F16" << 0xFC00u << -inf;
    QTest::newRow("F16 -0") << "F16" << 0x8000u << -0.0f;
    QTest::newRow("F16 smallest subnormal") << "F16" << 0x0001u << std::ldexp(1.0f, -24);
    QTest::newRow("F16 largest subnormal") << "F16" << 0x03FFu << std::ldexp(1023.0f, -24);
    QTest::newRow("F16 negative subnormal") << "F16" << 0x8200u << -std::ldexp(1.0f, -15);
    QTest::newRow("F16 NaN") << "F16" << 0x7E00u << std::nanf("");
    QTest::newRow("BF16 1.0") << "BF16" << 0x3F80u << 1.0f;
    QTest::newRow("BF16 -2.0") << "BF16" << 0xC000u << -2.0f;
    QTest::newRow("BF16 0.5") << "BF16" << 0x3F00u << 0.5f;
    QTest::newRow("BF16 +inf") << "BF16" << 0x7F80u << inf;
    QTest::newRow("BF16 subnormal") << "BF16" << 0x0001u << std::ldexp(1.0f, -133);
    QTest::newRow("BF16 NaN") << "BF16" << 0x7FC0u << std::nanf("");
}

void TstSafeTensors::halfToFloat() {
    QFETCH(QString, dtype);
    QFETCH(uint, bits);
    QFETCH(float, expected);
    const std::string path = m_dir.filePath(QStringLiteral("half.safetensors")).toStdString();
    const quint16 h = quint16(bits);
    QVERIFY(hrstyle::writeSafeTensors(path, {{"h", rawTensor<quint16>(dtypeNamed(dtype), {1}, {h})}}).ok());
    auto reader = hrstyle::SafeTensorsReader::open(path);
    QVERIFY(reader.ok());
    auto values = reader->readFloat32("h");
    QVERIFY(values.ok());
    QCOMPARE(values->size(), std::size_t(1));
    if (std::isnan(expected))
        QVERIFY(std::isnan(values->front()));
    else  // bitwise, so -0 and subnormals are checked exactly
        QCOMPARE(floatBits(values->front()), floatBits(expected));
}

void TstSafeTensors::readFloat32Widens() {
    const std::string path = m_dir.filePath(QStringLiteral("widen.safetensors")).toStdString();
    const float f[] = {0.25f, -8.0f, 1e-30f, 3.0f};
    QVERIFY(hrstyle::writeSafeTensors(path, {{"d", rawTensor<double>(DType::F64, {2}, {1.5, -1e300})},
                                             {"f", hrstyle::makeFloat32Tensor({2, 2}, f)}})
                .ok());
    auto reader = hrstyle::SafeTensorsReader::open(path);
    QVERIFY(reader.ok());
    QCOMPARE(reader->readFloat32("f").value(), std::vector<float>(std::begin(f), std::end(f)));
    const std::vector<float> d = reader->readFloat32("d").value();
    QCOMPARE(d.size(), std::size_t(2));
    QCOMPARE(d[0], 1.5f);
    QCOMPARE(d[1], -std::numeric_limits<float>::infinity());  // out of float range, as a C++ cast does
}

void TstSafeTensors::readFloat32RejectsIntegers_data() {
    QTest::addColumn<QString>("dtype");
    for (const char* d : {"I64", "I32", "I16", "I8", "U8", "BOOL"}) QTest::newRow(d) << QString(d);
}

void TstSafeTensors::readFloat32RejectsIntegers() {
    QFETCH(QString, dtype);
    const std::string path = m_dir.filePath(QStringLiteral("int.safetensors")).toStdString();
    const DType dt = dtypeNamed(dtype);
    const RawTensor t{dt, {2}, std::vector<std::uint8_t>(2 * hrstyle::dtypeSize(dt), 1)};
    QVERIFY(hrstyle::writeSafeTensors(path, {{"counts", t}}).ok());
    auto reader = hrstyle::SafeTensorsReader::open(path);
    QVERIFY(reader.ok());
    QVERIFY(reader->read("counts").ok());
    auto values = reader->readFloat32("counts");
    QVERIFY(!values.ok());
    QVERIFY2(QString::fromStdString(values.error()).contains(QLatin1String("\"counts\"")), values.error().c_str());
    QVERIFY2(QString::fromStdString(values.error()).contains(dtype), values.error().c_str());
}

void TstSafeTensors::matchesPythonOracle() {
    const QString python = QStringLiteral("/usr/bin/python3");
    const QString refDir = QStringLiteral(HRSTYLE_REFERENCE_DIR);
    if (!QFileInfo::exists(python)) QSKIP("/usr/bin/python3 is not installed");
    if (!QFileInfo::exists(refDir + QLatin1String("/seed_reference.py")))
        QSKIP("seed_reference.py not found in HRSTYLE_REFERENCE_DIR");
    const QString ours = m_dir.filePath(QStringLiteral("ours.safetensors"));
    const QString theirs = m_dir.filePath(QStringLiteral("python.safetensors"));
    const hrstyle::Metadata meta{{"app", "hrstyle"}, {"note", "Gr\u00fc\u00dfe, \"quoted\"\n\x01\x7f/"}};
    const hrstyle::Status written = hrstyle::writeSafeTensors(ours.toStdString(), oracleTensors(), meta);
    QVERIFY2(written.ok(), written.ok() ? "" : written.error().c_str());

    QProcess proc;
    proc.setProcessChannelMode(QProcess::MergedChannels);
    proc.start(python, {QStringLiteral("-c"), QString::fromLatin1(kOracleScript), refDir, theirs, ours});
    QVERIFY2(proc.waitForFinished(120000), "python3 did not finish in 120 s");
    const QByteArray output = proc.readAll().trimmed();
    if (proc.exitCode() == 77) QSKIP(qPrintable(QLatin1String("python3 cannot run the oracle: ") + output));
    QVERIFY2(proc.exitStatus() == QProcess::NormalExit && proc.exitCode() == 0,
             qPrintable(QLatin1String("Python could not read our file back: ") + output));

    const QByteArray a = readFile(ours), b = readFile(theirs);
    QVERIFY(!b.isEmpty());
    const int headerEnd = 8 + int(qFromLittleEndian<quint64>(b.constData()));
    QCOMPARE(a.left(headerEnd), b.left(headerEnd));  // shows the JSON when it differs
    QCOMPARE(a, b);
}

// The well-formed base that rejectsHostileFile's rows each break in one way.
void TstSafeTensors::acceptsHandWrittenFile() {
    const QString path = m_dir.filePath(QStringLiteral("hand.safetensors"));
    QByteArray file = stFile(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})");
    qToLittleEndian(2.5f, file.data() + file.size() - 4);
    QVERIFY(writeFile(path, file));
    auto reader = hrstyle::SafeTensorsReader::open(path.toStdString());
    QVERIFY2(reader.ok(), reader.ok() ? "" : reader.error().c_str());
    QCOMPARE(reader->readFloat32("w").value(), (std::vector<float>{0.0f, 2.5f}));
    QVERIFY(reader->metadata().empty());
}

void TstSafeTensors::rejectsHostileFile_data() {
    QTest::addColumn<QString>("kind");  // "file", "missing" or "directory"
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("mentions");  // fragments the one-line message must contain
    const auto entry = [](const char* dtype, const char* shape, const char* offsets) {
        return QByteArray(R"({"w":{"dtype":")") + dtype + R"(","shape":)" + shape + R"(,"data_offsets":)" + offsets +
               "}}";
    };
    const QByteArray okMeta = R"("w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";
    const QString file = QStringLiteral("file");
    const QString w = QStringLiteral("\"w\"");
    QTest::newRow("empty file") << file << QByteArray() << QStringList{"too short"};
    QTest::newRow("truncated header length") << file << QByteArray("\x10\0\0", 3) << QStringList{"too short"};
    QTest::newRow("header length > file size") << file << le64(1000) + "{}" << QStringList{"header length", "exceeds"};
    QTest::newRow("header length 2^63") << file << le64(quint64(1) << 63) + "{}"
                                        << QStringList{"header length", "absurd"};
    QTest::newRow("invalid JSON") << file << stFile(R"({"w":)") << QStringList{"header", "JSON"};
    QTest::newRow("header not UTF-8") << file << stFile("{\"w\xff\":1}") << QStringList{"header", "JSON"};
    QTest::newRow("JSON array") << file << stFile("[1,2]") << QStringList{"header", "not an object"};
    QTest::newRow("entry not an object") << file << stFile(R"({"w":5})") << QStringList{w, "object"};
    QTest::newRow("missing dtype") << file << stFile(R"({"w":{"shape":[2],"data_offsets":[0,8]}})")
                                   << QStringList{w, "dtype"};
    QTest::newRow("unknown dtype") << file << stFile(entry("F8", "[2]", "[0,8]")) << QStringList{w, "F8"};
    QTest::newRow("negative shape") << file << stFile(entry("F32", "[-2]", "[0,8]")) << QStringList{w, "shape"};
    QTest::newRow("fractional shape") << file << stFile(entry("F32", "[2.5]", "[0,8]")) << QStringList{w, "shape"};
    QTest::newRow("shape not an array") << file << stFile(entry("F32", "2", "[0,8]")) << QStringList{w, "shape"};
    QTest::newRow("shape overflow") << file << stFile(entry("F32", "[1099511627776,1099511627776]", "[0,8]"))
                                    << QStringList{w, "overflow"};
    QTest::newRow("bytes overflow") << file << stFile(entry("F32", "[4611686018427387904]", "[0,8]"))
                                    << QStringList{w, "overflow"};
    QTest::newRow("offsets beyond file") << file << stFile(entry("F32", "[4]", "[0,16]")) << QStringList{w, "beyond"};
    QTest::newRow("offsets do not match shape")
        << file << stFile(entry("F32", "[2]", "[0,4]")) << QStringList{w, "needs 8"};
    QTest::newRow("begin > end") << file << stFile(entry("F32", "[2]", "[8,0]")) << QStringList{w, "begin after end"};
    QTest::newRow("one offset") << file << stFile(entry("F32", "[2]", "[0]")) << QStringList{w, "data_offsets"};
    QTest::newRow("negative offset") << file << stFile(entry("F32", "[2]", "[-8,0]")) << QStringList{w, "data_offsets"};
    QTest::newRow("metadata value not a string")
        << file << stFile(R"({"__metadata__":{"k":1},)" + okMeta + "}") << QStringList{"__metadata__", "\"k\""};
    QTest::newRow("metadata not an object")
        << file << stFile(R"({"__metadata__":[1],)" + okMeta + "}") << QStringList{"__metadata__"};
    QTest::newRow("missing file") << "missing" << QByteArray() << QStringList{osMessage(ENOENT)};
    QTest::newRow("directory") << "directory" << QByteArray() << QStringList{"directory"};
}

void TstSafeTensors::rejectsHostileFile() {
    QFETCH(QString, kind);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, mentions);
    QString path = m_dir.filePath(QStringLiteral("hostile.safetensors"));
    if (kind == QLatin1String("file")) QVERIFY(writeFile(path, content));
    if (kind == QLatin1String("missing")) path = m_dir.filePath(QStringLiteral("missing.safetensors"));
    if (kind == QLatin1String("directory")) path = m_dir.path();
    const auto reader = hrstyle::SafeTensorsReader::open(path.toStdString());
    QVERIFY(!reader.ok());
    const QString message = QString::fromStdString(reader.error());
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
    for (const QString& m : mentions) QVERIFY2(message.contains(m), qPrintable(message + QLatin1String(" lacks ") + m));
    // What the caller decides by: a missing file, or one that is not what it must be.
    QCOMPARE(reader.errorKind(), kind == QLatin1String("missing") ? hrstyle::ErrorKind::NotFound
                                                                  : hrstyle::ErrorKind::InvalidInput);
}

void TstSafeTensors::readFailsWhenFileShrinks() {
    const QString path = m_dir.filePath(QStringLiteral("shrink.safetensors"));
    const std::vector<float> values(64, 1.0f);
    QVERIFY(
        hrstyle::writeSafeTensors(path.toStdString(), {{"w", hrstyle::makeFloat32Tensor({64}, values.data())}}).ok());
    auto reader = hrstyle::SafeTensorsReader::open(path.toStdString());
    QVERIFY(reader.ok());
    QVERIFY(QFile::resize(path, QFileInfo(path).size() - 16));
    QVERIFY(!reader->read("w").ok());
    QVERIFY(!reader->readFloat32("w").ok());
    QVERIFY(QString::fromStdString(reader->read("w").error()).contains(QLatin1String("ends early")));
    const auto unknown = reader->read("nope");
    QVERIFY(!unknown.ok());
    QVERIFY(QString::fromStdString(unknown.error()).contains(QLatin1String("\"nope\"")));
}

void TstSafeTensors::failedWriteKeepsOldState_data() {
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("directory does not exist") << "missingDir" << osMessage(ENOENT);
    QTest::newRow("parent is a regular file") << "parentIsFile" << osMessage(ENOTDIR);
    QTest::newRow("target is a directory") << "targetIsDir" << osMessage(EISDIR);
    QTest::newRow("tensor bytes do not match shape") << "badTensor"
                                                     << "\"bad\"";
    QTest::newRow("reserved tensor name") << "reservedName"
                                          << "__metadata__";
    QTest::newRow("file size limit hit mid-write") << "sizeLimit" << osMessage(EFBIG);
}

void TstSafeTensors::failedWriteKeepsOldState() {
    QFETCH(QString, setup);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    QString target = dir.filePath(QStringLiteral("out.safetensors"));
    const QByteArray old = "previous content";
    std::map<std::string, RawTensor> tensors{
        {"w", RawTensor{DType::U8, {1 << 16}, std::vector<std::uint8_t>(1 << 16)}}};
    if (setup == QLatin1String("missingDir")) target = dir.filePath(QStringLiteral("missing/out.safetensors"));
    if (setup == QLatin1String("parentIsFile")) {
        QVERIFY(writeFile(dir.filePath(QStringLiteral("plain")), old));
        target = dir.filePath(QStringLiteral("plain/out.safetensors"));
    }
    if (setup == QLatin1String("targetIsDir")) {
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("out.safetensors")));
        QVERIFY(writeFile(target + QLatin1String("/keep"), old));
    }
    const bool hasOldFile = setup == QLatin1String("badTensor") || setup == QLatin1String("reservedName") ||
                            setup == QLatin1String("sizeLimit");
    if (hasOldFile) QVERIFY(writeFile(target, old));
    if (setup == QLatin1String("badTensor")) tensors["bad"] = RawTensor{DType::F32, {3}, std::vector<std::uint8_t>(8)};
    if (setup == QLatin1String("reservedName")) tensors["__metadata__"] = tensors["w"];

    // Root ignores permissions, so the mid-write failure comes from RLIMIT_FSIZE (EFBIG once past 4 KiB).
    rlimit saved{};
    QVERIFY(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    if (setup == QLatin1String("sizeLimit")) {
        rlimit small = saved;
        small.rlim_cur = 4096;
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    }
    const hrstyle::Status status = hrstyle::writeSafeTensors(target.toStdString(), tensors);
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!status.ok());
    const QString message = QString::fromStdString(status.error());
    QVERIFY2(message.contains(target) && message.contains(mentions), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
    if (hasOldFile) QCOMPARE(readFile(target), old);
    if (setup == QLatin1String("targetIsDir")) QCOMPARE(readFile(target + QLatin1String("/keep")), old);
    if (setup == QLatin1String("missingDir")) QVERIFY(!QFileInfo::exists(target));
    QCOMPARE(leftoverTemporaries(dir.path()), QStringList());
}

void TstSafeTensors::overwriteReplacesContentKeepsMode() {
    const QString path = m_dir.filePath(QStringLiteral("mode.safetensors"));
    QVERIFY(writeFile(path, "old"));
    const QFile::Permissions mode = QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup;
    QVERIFY(QFile::setPermissions(path, mode));
    const float v = 7.0f;
    QVERIFY(hrstyle::writeSafeTensors(path.toStdString(), {{"v", hrstyle::makeFloat32Tensor({}, &v)}}).ok());
    QCOMPARE(QFile::permissions(path) & ~(QFile::ReadUser | QFile::WriteUser), mode);
    auto reader = hrstyle::SafeTensorsReader::open(path.toStdString());
    QVERIFY(reader.ok());
    QCOMPARE(reader->readFloat32("v").value(), std::vector<float>{7.0f});
    QCOMPARE(leftoverTemporaries(m_dir.path()), QStringList());
}

QTEST_GUILESS_MAIN(TstSafeTensors)
#include "tst_SafeTensors.moc"
