// The settings saveImage embeds (docs/file-formats.md, "Exported images"): XMP properties in HRStyle's namespace
// where each format keeps its XMP, shown by programs other than ours (exiftool, the exiv2 tool), and the JSON
// description of files exported before XMP still read. Old-format files are built here byte by byte, as the
// previous writer laid them out, so that they do not depend on any code that is still in the library.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <map>
#include <string>

#include "hrstyle/Image.h"
#include "ImageBytes.h"
#include "TestFiles.h"
#include "hrstyle/ImageIO.h"

namespace {

using namespace hrstyle::test;

using Settings = std::map<std::string, std::string>;



// A TIFF-structured IFD0 holding only ImageDescription (ASCII), as the previous writer put in a WebP EXIF chunk.
QByteArray exifWithDescription(const QByteArray& text) {
    const QByteArray value = text + '\0';
    return QByteArray("II*\0", 4) + le32(8) + le16(1) + le16(270) + le16(2) + le32(quint32(value.size())) +
           le32(8 + 2 + 12 + 4) + le32(0) + value;
}

// A 1x1 RGB8 uncompressed TIFF with ImageDescription, as the previous writer's libtiff call left it.
QByteArray tiffWithDescription(const QByteArray& text) {
    const QByteArray value = text + '\0';
    const QByteArray pixel("\xFF\x00\x00", 3);
    struct Entry { quint16 tag, type; quint32 count, value; };
    const quint32 ifd = 8 + 4;  // header, the pixel padded to 4 bytes
    const QList<Entry> entries = {{256, 4, 1, 1}, {257, 4, 1, 1}, {258, 3, 1, 8}, {259, 3, 1, 1}, {262, 3, 1, 2},
                                  {270, 2, quint32(value.size()), 0}, {273, 4, 1, 8}, {277, 3, 1, 3},
                                  {278, 4, 1, 1}, {279, 4, 1, 3}};
    const quint32 valueAt = ifd + 2 + 12 * quint32(entries.size()) + 4;
    QByteArray out = QByteArray("II*\0", 4) + le32(ifd) + pixel + '\0' + le16(quint16(entries.size()));
    for (const Entry& e : entries) {
        out += le16(e.tag) + le16(e.type) + le32(e.count) + le32(e.tag == 270 ? valueAt : e.value);
    }
    return out + le32(0) + value;
}



hrstyle::Image makeImage(int w, int h) {
    hrstyle::Image image;
    image.width = w;
    image.height = h;
    for (int i = 0; i < w * h * 3; ++i) {
        image.rgb.push_back(hrstyle::Image::fromUnit(float(i % 5) / 4.0f));
    }
    return image;
}

// What an export embeds (the generator's metadata plus the file names), with text that XML has to escape.
Settings exportLikeSettings() {
    return {{"app_version", "0.1.0"},
            {"content", "photo <1> & co.png"},
            {"content_weight", "150"},
            {"layer_weights", "[0.1,0.2,0.4,0.8,1.6]"},
            {"style", "\xc3\x96lgem\xc3\xa4lde \xe2\x9c\x93.jpg"}};
}

QString savedWith(const QString& path, const Settings& settings) {
    hrstyle::ImageSaveOptions options;
    options.settings = settings;
    const auto saved = hrstyle::saveImage(path.toStdString(), makeImage(6, 4), options);
    return saved.ok() ? QString() : QString::fromStdString(saved.error());
}


}  // namespace

class TstImageSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesXmpWhereEachFormatKeepsIt_data();
    void writesXmpWhereEachFormatKeepsIt();
    void otherProgramsShowTheSettings_data();
    void otherProgramsShowTheSettings();
    void readsFilesExportedBeforeXmp_data();
    void readsFilesExportedBeforeXmp();
    void refusesDescriptionsThatAreNotSettings_data();
    void refusesDescriptionsThatAreNotSettings();
    void brokenXmpIsNoSettings_data();
    void brokenXmpIsNoSettings();
    void leavesOutKeysThatAreNotXmpNames();
    void failsWithoutSettings();

private:
    QTemporaryDir m_dir;
};

void TstImageSettings::writesXmpWhereEachFormatKeepsIt_data() {
    QTest::addColumn<QString>("suffix");
    QTest::newRow("png: iTXt XML:com.adobe.xmp") << "png";
    QTest::newRow("jpeg: APP1 after APP0") << "jpg";
    QTest::newRow("tiff: tag 700") << "tif";
    QTest::newRow("webp: VP8X + XMP chunk") << "webp";
}

void TstImageSettings::writesXmpWhereEachFormatKeepsIt() {
    QFETCH(QString, suffix);
    const QString path = m_dir.filePath("settings." + suffix);
    Settings settings = exportLikeSettings();
    settings["note"] = "two\nlines, two trailing spaces  ";
    settings["empty"] = "";
    QCOMPARE(savedWith(path, settings), QString());
    const QByteArray b = readFile(path);
    QVERIFY(b.contains("xmlns:hrstyle=\"http://ns.hrstyle.app/1.0/\""));
    if (suffix == "png") {
        QVERIFY(b.contains("iTXtXML:com.adobe.xmp"));
        QVERIFY(!b.contains("tEXtDescription"));  // the old text chunk is not written any more
    } else if (suffix == "jpg") {
        QCOMPARE(b.mid(2, 2), QByteArray("\xFF\xE0"));  // APP0 (JFIF) stays first
        const int xmp = int(b.indexOf(QByteArray("http://ns.adobe.com/xap/1.0/\0", 29)));
        QVERIFY(xmp > 4);
        QCOMPARE(b.mid(xmp - 4, 2), QByteArray("\xFF\xE1"));  // an APP1 segment (Adobe's XMP specification part 3)
    } else if (suffix == "webp") {
        QCOMPARE(b.mid(12, 4), QByteArray("VP8X"));
        QVERIFY(b[20] & 0x04);  // XMP flag (WebP Container Specification)
        QCOMPARE(b.mid(4, 4), le32(quint32(b.size() - 8)));
        QVERIFY(b.contains("XMP "));
    } else {
        QVERIFY(b.contains(le16(700) + le16(1)));  // XMLPacket, BYTE (TIFF/XMP, Adobe's XMP specification part 3)
    }
    QVERIFY(hrstyle::loadImage(path.toStdString()).ok());
    const auto read = hrstyle::readImageSettings(path.toStdString());
    QVERIFY2(read.ok(), read.ok() ? "" : read.error().c_str());
    QVERIFY(read.value() == settings);
}

void TstImageSettings::otherProgramsShowTheSettings_data() {
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QString>("suffix");
    for (const char* tool : {"exiftool", "exiv2"}) {
        for (const char* suffix : {"png", "jpg", "tif", "webp"}) {
            QTest::addRow("%s, %s", tool, suffix) << tool << suffix;
        }
    }
}

// What a user of exiftool or of a program built on Exiv2 (digiKam, darktable, GIMP) sees: one line a setting.
void TstImageSettings::otherProgramsShowTheSettings() {
    QFETCH(QString, tool);
    QFETCH(QString, suffix);
    const QString program = QStandardPaths::findExecutable(tool);
    if (program.isEmpty()) {
        QSKIP(qPrintable(tool + " is not installed (Debian: libimage-exiftool-perl, exiv2; scripts/install-deps.sh)"));
    }
    const QString path = m_dir.filePath("shown." + suffix);
    QCOMPARE(savedWith(path, exportLikeSettings()), QString());
    QProcess process;
    process.start(program, tool == "exiftool" ? QStringList{"-G1", "-XMP-hrstyle:all", path} : QStringList{"-px", path});
    QVERIFY(process.waitForFinished(20000));
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(process.exitCode() == 0, qPrintable(out + process.readAllStandardError()));
    for (const auto& [key, value] : exportLikeSettings()) {
        const QString k = QString::fromStdString(key);
        const QString v = QRegularExpression::escape(QString::fromStdString(value));
        // exiftool names an unknown schema's property after it: "content_weight" shows as "Content weight".
        const QString shown = QString(k).replace('_', ' ').replace(0, 1, k.at(0).toUpper());
        const QString line = tool == "exiftool"
                                 ? "^\\[XMP-hrstyle\\]\\s+" + QRegularExpression::escape(shown) + "\\s+: " + v + "$"
                                 : "^Xmp\\.hrstyle\\." + k + "\\s+XmpText\\s+\\d+\\s+" + v + "$";
        QVERIFY2(out.contains(QRegularExpression(line, QRegularExpression::MultilineOption)),
                 qPrintable(line + " not in:\n" + out));
    }
}

void TstImageSettings::readsFilesExportedBeforeXmp_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QByteArray>("json");  // what the file holds; the expected settings are exportLikeSettings()

    // metadataToJson's text of exportLikeSettings(): compact, keys sorted, UTF-8.
    const QByteArray json = "{\"app_version\":\"0.1.0\",\"content\":\"photo <1> & co.png\",\"content_weight\":\"150\","
                            "\"layer_weights\":\"[0.1,0.2,0.4,0.8,1.6]\",\"style\":\"\xc3\x96lgem\xc3\xa4lde \xe2\x9c\x93.jpg\"}";
    const QByteArray asciiJson = QByteArray(json).replace("\xc3\x96lgem\xc3\xa4lde \xe2\x9c\x93", "Oil");
    QTemporaryDir dir;
    QCOMPARE(savedWith(dir.filePath("plain.png"), {}), QString());
    QCOMPARE(savedWith(dir.filePath("plain.jpg"), {}), QString());
    QCOMPARE(savedWith(dir.filePath("plain.webp"), {}), QString());
    const QByteArray png = readFile(dir.filePath("plain.png"));
    const QByteArray jpeg = readFile(dir.filePath("plain.jpg"));
    const QByteArray webp = readFile(dir.filePath("plain.webp"));
    const int afterIhdr = 8 + 8 + 13 + 4;
    const int afterApp0 = 4 + (quint8(jpeg[4]) << 8 | quint8(jpeg[5]));

    // PNG: tEXt "Description" right after IHDR, iTXt (uncompressed, no language) when the text is not ASCII.
    QTest::newRow("png tEXt") << "png"
                              << QByteArray(png).insert(afterIhdr, pngChunk("tEXt", QByteArray("Description\0", 12) + asciiJson))
                              << asciiJson;
    QTest::newRow("png iTXt") << "png"
                              << QByteArray(png).insert(afterIhdr, pngChunk("iTXt", QByteArray("Description\0\0\0\0\0", 16) + json))
                              << json;
    // JPEG: a COM segment after APP0.
    QTest::newRow("jpeg COM") << "jpg"
                              << QByteArray(jpeg).insert(afterApp0, QByteArray("\xFF\xFE", 2) +
                                                                        be16(quint16(json.size() + 2)) + json)
                              << json;
    // TIFF: ImageDescription.
    QTest::newRow("tiff ImageDescription") << "tif" << tiffWithDescription(json) << json;
    // WebP: VP8X announcing EXIF (flag 0x08, canvas 6x4 stored minus one), the image, an EXIF chunk.
    QVERIFY(webp.mid(12, 4) == "VP8L");
    const QByteArray exif = exifWithDescription(json);
    QByteArray extended = webp.left(12) + "VP8X" + le32(10) + QByteArray("\x08\0\0\0\x05\0\0\x03\0\0", 10) +
                          webp.mid(12) + "EXIF" + le32(quint32(exif.size())) + exif;
    if (exif.size() % 2) {
        extended += '\0';
    }
    extended.replace(4, 4, le32(quint32(extended.size() - 8)));
    QTest::newRow("webp EXIF ImageDescription") << "webp" << extended << json;
}

void TstImageSettings::readsFilesExportedBeforeXmp() {
    QFETCH(QString, suffix);
    QFETCH(QByteArray, file);
    QFETCH(QByteArray, json);
    const QString path = m_dir.filePath("old." + suffix);
    QVERIFY(writeFile(path, file));
    QVERIFY(file.contains(json));  // the row really holds the old text
    const auto read = hrstyle::readImageSettings(path.toStdString());
    QVERIFY2(read.ok(), read.ok() ? "" : read.error().c_str());
    Settings expected = exportLikeSettings();
    if (!json.contains("\xc3\x96")) {
        expected["style"] = "Oil.jpg";
    }
    QVERIFY(read.value() == expected);
    const auto image = hrstyle::loadImage(path.toStdString());
    QVERIFY2(image.ok(), image.ok() ? "" : image.error().c_str());
}

void TstImageSettings::refusesDescriptionsThatAreNotSettings_data() {
    QTest::addColumn<QByteArray>("comment");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain text") << QByteArray("Holiday 2023") << "not HRStyle settings (not a JSON object)";
    QTest::newRow("a number, not a string") << QByteArray("{\"steps\":300}") << "\"steps\" is not a string";
    QTest::newRow("nested object") << QByteArray("{\"a\":{\"b\":\"c\"}}") << "\"a\" is not a string";
    // 30000 levels of arrays in 60 KB: must be refused without recursing 30000 deep.
    QTest::newRow("deep nesting") << "{\"a\":" + QByteArray(30000, '[') + QByteArray(30000, ']') + "}"
                                  << "\"a\" is not a string";
    QTest::newRow("truncated JSON") << QByteArray("{\"a\":\"b\"") << "not a JSON object";
}

void TstImageSettings::refusesDescriptionsThatAreNotSettings() {
    QFETCH(QByteArray, comment);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath("other.jpg");
    QCOMPARE(savedWith(path, {}), QString());
    QByteArray jpeg = readFile(path);
    const int afterApp0 = 4 + (quint8(jpeg[4]) << 8 | quint8(jpeg[5]));
    jpeg.insert(afterApp0, QByteArray("\xFF\xFE", 2) + be16(quint16(comment.size() + 2)) + comment);
    QVERIFY(writeFile(path, jpeg));
    std::optional<hrstyle::Result<Settings>> read;
    const QByteArray printed = capturedStderr(dir.filePath("stderr.txt"), [&] {
        read.emplace(hrstyle::readImageSettings(path.toStdString()));
    });
    QVERIFY2(printed.isEmpty(), printed.constData());
    QVERIFY(!read->ok());
    const QString message = QString::fromStdString(read->error());
    QVERIFY2(message.startsWith(path + ": the embedded description is not HRStyle settings"), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TstImageSettings::brokenXmpIsNoSettings_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QByteArray>("packet");
    const QByteArray start = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                             "<rdf:Description xmlns:hrstyle=\"http://ns.hrstyle.app/1.0/\" hrstyle:steps=\"3";
    QTest::newRow("png, XMP cut short") << "png" << start;
    QTest::newRow("png, not XML") << "png" << QByteArray(300, '\x01');
    QTest::newRow("jpeg, XMP cut short") << "jpg" << start;
    QTest::newRow("jpeg, not XML") << "jpg" << QByteArray("<<<<&&&&>>>>");
}

// A packet the XMP toolkit cannot parse holds no settings: an error value, nothing on stderr, no crash.
void TstImageSettings::brokenXmpIsNoSettings() {
    QFETCH(QString, suffix);
    QFETCH(QByteArray, packet);
    QTemporaryDir dir;
    const QString path = dir.filePath("broken." + suffix);
    QCOMPARE(savedWith(path, {}), QString());
    QByteArray b = readFile(path);
    if (suffix == "png") {
        b.insert(8 + 8 + 13 + 4, pngChunk("iTXt", QByteArray("XML:com.adobe.xmp\0\0\0\0\0", 22) + packet));
    } else {
        const QByteArray body = QByteArray("http://ns.adobe.com/xap/1.0/\0", 29) + packet;
        b.insert(4 + (quint8(b[4]) << 8 | quint8(b[5])),
                 QByteArray("\xFF\xE1", 2) + be16(quint16(body.size() + 2)) + body);
    }
    QVERIFY(writeFile(path, b));
    std::optional<hrstyle::Result<Settings>> read;
    const QByteArray printed = capturedStderr(dir.filePath("stderr.txt"), [&] {
        read.emplace(hrstyle::readImageSettings(path.toStdString()));
    });
    QVERIFY2(printed.isEmpty(), printed.constData());
    QVERIFY(!read->ok());
    QCOMPARE(QString::fromStdString(read->error()), path + ": no embedded settings");
    QVERIFY(hrstyle::loadImage(path.toStdString()).ok());  // the pixels are still there
}

// XMP property names are XML names: a foreign model's metadata key like "bad key" cannot be one.
void TstImageSettings::leavesOutKeysThatAreNotXmpNames() {
    const QString path = m_dir.filePath("keys.png");
    QCOMPARE(savedWith(path, {{"bad key", "1"}, {"9lives", "2"}, {"\xc3\xa9t\xc3\xa9", "3"}, {"a.b", "4"},
                              {"ok_key-2", "5"}}),
             QString());
    const auto read = hrstyle::readImageSettings(path.toStdString());
    QVERIFY2(read.ok(), read.ok() ? "" : read.error().c_str());
    QVERIFY(read.value() == (Settings{{"ok_key-2", "5"}}));
}

void TstImageSettings::failsWithoutSettings() {
    const QString plain = m_dir.filePath("plain.png");
    QCOMPARE(savedWith(plain, {}), QString());
    const QString ppm = m_dir.filePath("plain.ppm");
    QVERIFY(writeFile(ppm, QByteArray("P6 1 1 255\n\xFF\0\0", 14)));
    for (const QString& path : {plain, ppm}) {
        const auto read = hrstyle::readImageSettings(path.toStdString());
        QVERIFY(!read.ok());
        QCOMPARE(QString::fromStdString(read.error()), path + ": no embedded settings");
    }
    const auto missing = hrstyle::readImageSettings(m_dir.filePath("nope.png").toStdString());
    QVERIFY(!missing.ok());
    QVERIFY(QString::fromStdString(missing.error()).contains("no such file"));
}

QTEST_GUILESS_MAIN(TstImageSettings)
#include "tst_ImageSettings.moc"
