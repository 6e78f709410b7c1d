// Image files <-> hrstyle::Image. Inputs are built by hand here (PNG with zlib, PPM, TIFF, EXIF blocks), so that a
// BGR/RGB mix-up or a wrong scale cannot cancel out between our writer and our reader. Expected values follow the
// reference (docs/algorithm.md, "Input"): uint8 / 255 and uint16 / 65535 in float32, EXIF orientation
// as PIL's ImageOps.exif_transpose (the table in exifOrientation_data() was checked against PIL 9.4).
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cmath>
#include <cstring>
#include <csignal>
#include <cstdio>

#include "hrstyle/Image.h"
#include "ImageBytes.h"
#include "TestFiles.h"
#include "hrstyle/ImageIO.h"

namespace {

using namespace hrstyle::test;




QByteArray deflated(const QByteArray& raw) {
    uLongf size = compressBound(uLong(raw.size()));
    QByteArray out(int(size), 0);
    compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.constData()),
             uLong(raw.size()));
    out.resize(int(size));
    return out;
}

// A non-interlaced PNG; `samples` are the rows without filter bytes (16-bit samples big-endian).
QByteArray makePng(int w, int h, int bitDepth, int colourType, const QByteArray& samples,
                   const QByteArray& chunksBeforeIdat = {}) {
    const int rowBytes = int(samples.size()) / h;
    QByteArray raw;
    for (int y = 0; y < h; ++y) {
        raw += char(0) + samples.mid(y * rowBytes, rowBytes);  // filter type 0
    }
    QByteArray ihdr = be32(quint32(w)) + be32(quint32(h));
    ihdr += u8({bitDepth, colourType, 0, 0, 0});
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + chunksBeforeIdat +
           pngChunk("IDAT", deflated(raw)) + pngChunk("IEND", {});
}

QByteArray u16be(std::initializer_list<int> values) {
    QByteArray out;
    for (const int v : values) {
        out += char(v >> 8);
        out += char(v & 0xFF);
    }
    return out;
}

// Little-endian, uncompressed, single-strip TIFF. extraSamples: 0 none, 1 associated, 2 unassociated alpha.
QByteArray makeTiff(int w, int h, int channels, int bits, const QByteArray& data, int orientation = 1,
                    int sampleFormat = 1, int extraSamples = 0) {
    struct Entry { quint16 tag, type; quint32 count, value; };
    QList<Entry> entries = {{256, 4, 1, quint32(w)}, {257, 4, 1, quint32(h)}, {258, 3, 1, quint32(bits)},
                            {259, 3, 1, 1}, {262, 3, 1, channels >= 3 ? 2u : 1u}, {273, 4, 1, 8},
                            {274, 3, 1, quint32(orientation)}, {277, 3, 1, quint32(channels)},
                            {278, 4, 1, quint32(h)}, {279, 4, 1, quint32(data.size())}, {284, 3, 1, 1}};
    if (extraSamples) {
        entries.append({338, 3, 1, quint32(extraSamples)});
    }
    entries.append({339, 3, 1, quint32(sampleFormat)});
    // BitsPerSample and SampleFormat hold one value per sample (TIFF 6.0); three or more do not fit in the entry,
    // so they go after the IFD.
    QByteArray tail;
    const quint32 ifdOffset = quint32(8 + data.size());
    const quint32 tailOffset = ifdOffset + 2 + 12 * quint32(entries.size()) + 4;
    for (Entry& e : entries) {
        if ((e.tag == 258 || e.tag == 339) && channels > 2) {
            const quint32 at = tailOffset + quint32(tail.size());
            for (int c = 0; c < channels; ++c) {
                tail += le16(quint16(e.value));
            }
            e.count = quint32(channels);
            e.value = at;
        }
    }
    QByteArray out = QByteArray("II*\0", 4) + le32(ifdOffset) + data + le16(quint16(entries.size()));
    for (const Entry& e : entries) {
        out += le16(e.tag) + le16(e.type) + le32(e.count);
        out += e.type == 3 && e.count == 1 ? le16(quint16(e.value)) + le16(0) : le32(e.value);
    }
    return out + le32(0) + tail;
}

// TIFF-structured EXIF holding only Orientation, in either byte order.
QByteArray exifOrientation(int orientation, bool bigEndian) {
    if (bigEndian) {
        return QByteArray("MM\0*", 4) + be32(8) + u8({0, 1, 0x01, 0x12, 0, 3}) + be32(1) + u8({0, orientation, 0, 0}) +
               be32(0);
    }
    return QByteArray("II*\0", 4) + le32(8) + le16(1) + le16(274) + le16(3) + le32(1) + le16(quint16(orientation)) +
           le16(0) + le32(0);
}



// Deterministic values that are not all on the 8-bit grid, including the nearest samples to halves of a step.
hrstyle::Image makeImage(int w, int h, bool withAlpha) {
    hrstyle::Image image;
    image.width = w;
    image.height = h;
    quint32 state = 12345;
    const auto next = [&state] { state = state * 1664525u + 1013904223u; return float(state >> 8) / float(1 << 24); };
    for (int i = 0; i < w * h * 3; ++i) {
        image.rgb.push_back(hrstyle::Image::fromUnit(i % 7 == 0 ? (float(i % 255) + 0.5f) / 255.0f : next()));
    }
    for (int i = 0; withAlpha && i < w * h; ++i) {
        image.alpha.push_back(hrstyle::Image::fromUnit(0.5f + 0.5f * next()));  // opaque enough for the 8-bit TIFF premultiplication
    }
    return image;
}

// A smooth image: JPEG keeps it within a few levels.
hrstyle::Image makeSmoothImage(int w, int h) {
    hrstyle::Image image;
    image.width = w;
    image.height = h;
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            for (const float v : {float(x) / float(w), float(y) / float(h), 0.5f}) {
                image.rgb.push_back(hrstyle::Image::fromUnit(v));
            }
        }
    }
    return image;
}

// 16x8, quadrants red, green / blue, white (TL, TR / BL, BR).
hrstyle::Image makeQuadrants() {
    hrstyle::Image image;
    image.width = 16;
    image.height = 8;
    for (int y = 0; y < 8; ++y) {
        for (int x = 0; x < 16; ++x) {
            const int q = (y >= 4 ? 2 : 0) + (x >= 8 ? 1 : 0);
            const float colours[4][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}};
            for (int c = 0; c < 3; ++c) image.rgb.push_back(hrstyle::Image::fromUnit(colours[q][c]));
        }
    }
    return image;
}

char colourName(const hrstyle::Image& image, int x, int y) {
    const std::uint16_t* p = &image.rgb[(std::size_t(y) * std::size_t(image.width) + std::size_t(x)) * 3];
    const auto on = [](std::uint16_t v) { return hrstyle::Image::unitValue(v) > 0.8f; };
    const auto off = [](std::uint16_t v) { return hrstyle::Image::unitValue(v) < 0.2f; };
    if (on(p[0]) && off(p[1]) && off(p[2])) return 'R';
    if (off(p[0]) && on(p[1]) && off(p[2])) return 'G';
    if (off(p[0]) && off(p[1]) && on(p[2])) return 'B';
    if (on(p[0]) && on(p[1]) && on(p[2])) return 'W';
    return '?';
}


QStringList entriesOf(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

}  // namespace

class TstImageIO : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadsHandBuiltFiles_data();
    void loadsHandBuiltFiles();
    void appliesExifOrientation_data();
    void appliesExifOrientation();
    void roundTrips_data();
    void roundTrips();
    void rejectsBadFiles_data();
    void rejectsBadFiles();
    void rejectsBadSaves_data();
    void rejectsBadSaves();
    void failedWriteKeepsPreviousFile();
    void savedFilesGetUsualPermissions();

private:
    QTemporaryDir m_dir;
};

// --- loading -----------------------------------------------------------------------------------------------------

namespace {
QList<float> scaled(std::initializer_list<int> values, float max) {
    QList<float> out;
    for (const int v : values) {
        out << float(v) / max;  // numpy's float32(v) / 255 (or / 65535): a correctly rounded float division
    }
    return out;
}
QList<float> by255(std::initializer_list<int> values) { return scaled(values, 255.0f); }
QList<float> by65535(std::initializer_list<int> values) { return scaled(values, 65535.0f); }
QList<float> greyToRgb(const QList<float>& grey) {
    QList<float> out;
    for (const float g : grey) {
        out << g << g << g;
    }
    return out;
}
QByteArray u16le(std::initializer_list<int> values) {
    QByteArray out;
    for (const int v : values) {
        out += le16(quint16(v));
    }
    return out;
}
QByteArray f32le(std::initializer_list<float> values) {
    QByteArray out;
    for (const float v : values) {
        quint32 bits = 0;
        std::memcpy(&bits, &v, 4);
        out += le32(bits);
    }
    return out;
}
}  // namespace

void TstImageIO::loadsHandBuiltFiles_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<int>("width");
    QTest::addColumn<QList<float>>("rgb");
    QTest::addColumn<QList<float>>("alpha");
    QTest::addColumn<int>("bitDepth");
    QTest::addColumn<float>("tolerance");

    const QByteArray plte = pngChunk("PLTE", u8({255, 0, 0, 0, 255, 0, 0, 0, 255}));
    QTest::newRow("png rgb8: red stays red") << "png" << makePng(2, 1, 8, 2, u8({255, 0, 0, 0, 0, 255})) << 2
                                             << by255({255, 0, 0, 0, 0, 255}) << QList<float>{} << 8 << 0.0f;
    QTest::newRow("png rgb8: byte/255 exactly")
        << "png" << makePng(3, 1, 8, 2, u8({1, 2, 3, 127, 128, 129, 253, 254, 255})) << 3
        << by255({1, 2, 3, 127, 128, 129, 253, 254, 255}) << QList<float>{} << 8 << 0.0f;
    QTest::newRow("png grey8 replicated") << "png" << makePng(2, 1, 8, 0, u8({0, 77})) << 2
                                          << greyToRgb(by255({0, 77})) << QList<float>{} << 8 << 0.0f;
    QTest::newRow("png grey+alpha8") << "png" << makePng(2, 1, 8, 4, u8({10, 20, 200, 255})) << 2
                                     << greyToRgb(by255({10, 200})) << by255({20, 255}) << 8 << 0.0f;
    QTest::newRow("png rgba8 alpha set aside") << "png" << makePng(2, 1, 8, 6, u8({255, 0, 0, 128, 0, 0, 255, 0}))
                                               << 2 << by255({255, 0, 0, 0, 0, 255}) << by255({128, 0}) << 8 << 0.0f;
    QTest::newRow("png palette") << "png" << makePng(3, 1, 8, 3, u8({2, 0, 1}), plte) << 3
                                 << by255({0, 0, 255, 255, 0, 0, 0, 255, 0}) << QList<float>{} << 8 << 0.0f;
    QTest::newRow("png palette with tRNS")
        << "png" << makePng(3, 1, 8, 3, u8({2, 0, 1}), plte + pngChunk("tRNS", u8({64}))) << 3
        << by255({0, 0, 255, 255, 0, 0, 0, 255, 0}) << by255({255, 64, 255}) << 8 << 0.0f;
    // libpng warns on stderr about such chunks (as for resources/samples/chelsea.png's iCCP); they must not reach it.
    const QByteArray noisy = pngChunk("iCCP", QByteArray("bogus\0\0", 7) + deflated(QByteArray(20, '\0'))) +
                             pngChunk("tEXt", QByteArray("\0no keyword", 11));
    QTest::newRow("png with a broken colour profile")
        << "png" << makePng(2, 1, 8, 2, u8({255, 0, 0, 0, 0, 255}), noisy) << 2 << by255({255, 0, 0, 0, 0, 255})
        << QList<float>{} << 8 << 0.0f;
    QTest::newRow("png rgb16") << "png" << makePng(2, 1, 16, 2, u16be({65535, 0, 1, 1000, 30000, 65534})) << 2
                               << by65535({65535, 0, 1, 1000, 30000, 65534}) << QList<float>{} << 16 << 0.0f;
    QTest::newRow("png grey16") << "png" << makePng(2, 1, 16, 0, u16be({0, 40000})) << 2
                                << greyToRgb(by65535({0, 40000})) << QList<float>{} << 16 << 0.0f;
    QTest::newRow("png rgba16") << "png" << makePng(1, 1, 16, 6, u16be({1, 2, 3, 32768})) << 1
                                << by65535({1, 2, 3}) << by65535({32768}) << 16 << 0.0f;
    QTest::newRow("ppm (P6) red stays red")
        << "ppm" << QByteArray("P6\n# made by hand\n2 1\n255\n") + u8({255, 0, 0, 0, 0, 255}) << 2
        << by255({255, 0, 0, 0, 0, 255}) << QList<float>{} << 8 << 0.0f;
    QTest::newRow("pgm (P5) grey") << "pgm" << QByteArray("P5 2 1 255\n") + u8({0, 200}) << 2
                                   << greyToRgb(by255({0, 200})) << QList<float>{} << 8 << 0.0f;
    QTest::newRow("tiff rgb8 red stays red") << "tif" << makeTiff(2, 1, 3, 8, u8({255, 0, 0, 0, 0, 255})) << 2
                                             << by255({255, 0, 0, 0, 0, 255}) << QList<float>{} << 8 << 0.0f;
    QTest::newRow("tiff rgb16") << "tif" << makeTiff(2, 1, 3, 16, u16le({65535, 0, 1, 1000, 30000, 65534})) << 2
                                << by65535({65535, 0, 1, 1000, 30000, 65534}) << QList<float>{} << 16 << 0.0f;
    QTest::newRow("tiff float clamped to [0,1]")
        << "tif" << makeTiff(2, 1, 3, 32, f32le({0.25f, 1.5f, -0.5f, 0.0f, 0.5f, 1.0f}), 1, 3) << 2
        << QList<float>{0.25f, 1.0f, 0.0f, 0.0f, 0.5f, 1.0f} << QList<float>{} << 16 << 0.5f / 65535;  // 16-bit samples
    // libtiff's RGBA reader premultiplies 8-bit unassociated alpha; loadImage divides it back out (to within
    // rounding), and divides associated (premultiplied) alpha files too, since Image::alpha is straight alpha.
    QTest::newRow("tiff rgba8 unassociated alpha")
        << "tif" << makeTiff(1, 1, 4, 8, u8({200, 100, 50, 128}), 1, 1, 2) << 1 << by255({200, 100, 50})
        << by255({128}) << 8 << 2.0f / 255.0f;
    QTest::newRow("tiff rgba8 associated alpha")
        << "tif" << makeTiff(1, 1, 4, 8, u8({100, 50, 25, 128}), 1, 1, 1) << 1
        << QList<float>{100.0f / 128, 50.0f / 128, 25.0f / 128} << by255({128}) << 8 << 0.5f / 65535;  // 16-bit samples
    QTest::newRow("tiff rgba16 unassociated alpha")
        << "tif" << makeTiff(1, 1, 4, 16, u16le({50000, 1000, 0, 30000}), 1, 1, 2) << 1
        << by65535({50000, 1000, 0}) << by65535({30000}) << 16 << 0.0f;
}

void TstImageIO::loadsHandBuiltFiles() {
    QFETCH(QString, suffix);
    QFETCH(QByteArray, file);
    QFETCH(int, width);
    QFETCH(QList<float>, rgb);
    QFETCH(QList<float>, alpha);
    QFETCH(int, bitDepth);
    QFETCH(float, tolerance);
    const QString path = m_dir.filePath("in." + suffix);
    QVERIFY(writeFile(path, file));

    std::optional<hrstyle::Result<hrstyle::Image>> loaded;
    const QByteArray printed = capturedStderr(m_dir.filePath("stderr.txt"), [&] {
        loaded.emplace(hrstyle::loadImage(path.toStdString()));
    });
    QVERIFY2(printed.isEmpty(), printed.constData());
    const auto& image = *loaded;
    QVERIFY2(image.ok(), image.ok() ? "" : image.error().c_str());
    QCOMPARE(image->width, width);
    QCOMPARE(image->height, 1);
    QCOMPARE(image->sourceBitDepth, bitDepth);
    QCOMPARE(qsizetype(image->rgb.size()), rgb.size());
    for (int i = 0; i < rgb.size(); ++i) {
        if (tolerance == 0.0f) {
            QCOMPARE(hrstyle::Image::unitValue(image->rgb[std::size_t(i)]), rgb[i]);  // exact, as the reference computes it
        } else {
            QVERIFY2(std::abs(hrstyle::Image::unitValue(image->rgb[std::size_t(i)]) - rgb[i]) <= tolerance,
                     qPrintable(QString::number(i)));
        }
    }
    QList<float> alphaValues;
    for (const std::uint16_t a : image->alpha) alphaValues.append(hrstyle::Image::unitValue(a));
    QCOMPARE(alphaValues, alpha);
}

void TstImageIO::appliesExifOrientation_data() {
    QTest::addColumn<QString>("container");
    QTest::addColumn<int>("orientation");
    QTest::addColumn<bool>("bigEndian");
    QTest::addColumn<int>("width");
    QTest::addColumn<QString>("quadrants");  // TL, TR, BL, BR after orientation, as PIL shows it

    const char* expected[9] = {"", "RGBW", "GRWB", "WBGR", "BWRG", "RBGW", "BRWG", "WGBR", "GWRB"};
    for (int o = 1; o <= 8; ++o) {
        QTest::addRow("jpeg orientation %d", o) << "jpeg" << o << false << (o >= 5 ? 8 : 16) << expected[o];
    }
    QTest::newRow("jpeg orientation 6, big-endian EXIF") << "jpeg" << 6 << true << 8 << expected[6];
    QTest::newRow("png eXIf orientation 3") << "png" << 3 << false << 16 << expected[3];
    QTest::newRow("png eXIf orientation 6, big-endian") << "png" << 6 << true << 8 << expected[6];
    QTest::newRow("png eXIf orientation 8") << "png" << 8 << false << 8 << expected[8];
    QTest::newRow("webp EXIF orientation 3") << "webp" << 3 << false << 16 << expected[3];
    QTest::newRow("webp EXIF orientation 6") << "webp" << 6 << false << 8 << expected[6];
    // TIFF's own Orientation tag is applied by OpenCV's decoder: these rows catch it being applied twice or never.
    for (const int o : {1, 3, 6, 7}) {
        QTest::addRow("tiff orientation %d", o) << "tiff" << o << false << (o >= 5 ? 8 : 16) << expected[o];
    }
}

void TstImageIO::appliesExifOrientation() {
    QFETCH(QString, container);
    QFETCH(int, orientation);
    QFETCH(bool, bigEndian);
    QFETCH(int, width);
    QFETCH(QString, quadrants);
    const hrstyle::Rgb8Image pixels = hrstyle::toRgb8(makeQuadrants());
    const QByteArray samples(reinterpret_cast<const char*>(pixels.rgb.data()), int(pixels.rgb.size()));
    const QByteArray exif = exifOrientation(orientation, bigEndian);
    const QString path = m_dir.filePath("oriented." + container);
    QByteArray file;
    if (container == "jpeg") {
        hrstyle::ImageSaveOptions options;
        options.jpegQuality = 100;
        QVERIFY(hrstyle::saveImage(path.toStdString(), makeQuadrants(), options).ok());
        const QByteArray app1 = QByteArray("Exif\0\0", 6) + exif;
        const QByteArray segment = QByteArray("\xFF\xE1") + char((app1.size() + 2) >> 8) + char(app1.size() + 2);
        file = readFile(path).insert(2, segment + app1);  // right after SOI
    } else if (container == "png") {
        file = makePng(16, 8, 8, 2, samples, pngChunk("eXIf", exif));
    } else if (container == "webp") {
        // Lossless simple-format WebP from saveImage, turned into the extended format: VP8X (EXIF flag, canvas
        // 16x8 stored minus one), the image chunk, then an EXIF chunk (WebP Container Specification).
        QVERIFY(hrstyle::saveImage(path.toStdString(), makeQuadrants()).ok());
        const QByteArray simple = readFile(path);
        QCOMPARE(simple.mid(12, 4), QByteArray("VP8L"));
        file = simple.left(12) + "VP8X" + le32(10) + u8({0x08, 0, 0, 0, 15, 0, 0, 7, 0, 0}) + simple.mid(12) +
               "EXIF" + le32(quint32(exif.size())) + exif;
        file.replace(4, 4, le32(quint32(file.size() - 8)));
    } else {
        file = makeTiff(16, 8, 3, 8, samples, orientation);
    }
    QVERIFY(writeFile(path, file));

    const auto image = hrstyle::loadImage(path.toStdString());
    QVERIFY2(image.ok(), image.ok() ? "" : image.error().c_str());
    QCOMPARE(image->width, width);
    QCOMPARE(image->height, 24 - width);
    const int w = image->width;
    const int h = image->height;
    const auto at = [&](int x, int y) { return QChar(colourName(image.value(), x, y)); };
    QCOMPARE(QString() + at(w / 4, h / 4) + at(3 * w / 4, h / 4) + at(w / 4, 3 * h / 4) + at(3 * w / 4, 3 * h / 4),
             quadrants);
}

// --- saving ------------------------------------------------------------------------------------------------------

void TstImageIO::roundTrips_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<int>("bitDepth");
    QTest::addColumn<bool>("alpha");
    QTest::addColumn<float>("tolerance");  // from the quantised value (8-bit) or the original (16-bit)
    QTest::addColumn<QString>("setting");  // one of the embedded settings (tst_ImageSettings checks the rest)

    const QString json = R"({"app":"0.1.0","contentWeight":150,"styleWeight":1,"steps":1000})";
    const QString unicode = QString::fromUtf8("Stil: \xc3\x96lgem\xc3\xa4lde \xe2\x9c\x93");
    QTest::newRow("png 8-bit") << "png" << 8 << false << 0.0f << json;
    QTest::newRow("png 8-bit, alpha") << "png" << 8 << true << 0.0f << unicode;
    QTest::newRow("png 16-bit") << "png" << 16 << false << 1.0f / 65535 << json;
    QTest::newRow("png 16-bit, alpha") << "png" << 16 << true << 1.0f / 65535 << json;
    QTest::newRow("tiff 8-bit") << "tif" << 8 << false << 0.0f << json;
    QTest::newRow("tiff 8-bit, alpha") << "tiff" << 8 << true << 2.0f / 255 << unicode;
    QTest::newRow("tiff 16-bit") << "tiff" << 16 << false << 1.0f / 65535 << json;
    QTest::newRow("tiff 16-bit, alpha") << "tif" << 16 << true << 1.0f / 65535 << json;
    QTest::newRow("webp lossless") << "webp" << 8 << false << 0.0f << json;
    QTest::newRow("webp lossless, alpha") << "webp" << 8 << true << 0.0f << unicode;
    QTest::newRow("webp, 2-byte setting") << "webp" << 8 << false << 0.0f << "ab";
    QTest::newRow("jpeg") << "jpg" << 8 << false << 0.04f << json;
    QTest::newRow("jpeg drops alpha") << "jpeg" << 8 << true << 0.04f << unicode;
    QTest::newRow("png, long setting") << "PNG" << 8 << false << 0.0f << json.repeated(40);
}

void TstImageIO::roundTrips() {
    QFETCH(QString, suffix);
    QFETCH(int, bitDepth);
    QFETCH(bool, alpha);
    QFETCH(float, tolerance);
    QFETCH(QString, setting);
    const bool jpeg = suffix.startsWith("jp");
    hrstyle::Image original = jpeg ? makeSmoothImage(32, 24) : makeImage(8, 6, alpha);
    if (jpeg && alpha) {
        original.alpha.assign(32 * 24, hrstyle::Image::fromUnit(0.5f));
    }
    const QString path = m_dir.filePath("round-trip." + suffix);
    hrstyle::ImageSaveOptions options;
    options.bitDepth = bitDepth;
    options.settings = {{"content_weight", "150"}, {"style", setting.toStdString()}};
    const auto saved = hrstyle::saveImage(path.toStdString(), original, options);
    QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().c_str());

    const auto loaded = hrstyle::loadImage(path.toStdString());
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().c_str());
    QCOMPARE(loaded->width, original.width);
    QCOMPARE(loaded->height, original.height);
    QCOMPARE(loaded->sourceBitDepth, bitDepth);
    const hrstyle::Rgb8Image expected8 = hrstyle::toRgb8(original);  // the quantisation rule of the reference
    for (std::size_t i = 0; i < original.rgb.size(); ++i) {
        const float value = hrstyle::Image::unitValue(loaded->rgb[i]);
        const float expected = bitDepth == 8 ? float(expected8.rgb[i]) / 255.0f : hrstyle::Image::unitValue(original.rgb[i]);
        QVERIFY2(std::abs(value - expected) <= tolerance,
                 qPrintable(QString("value %1: %2, expected %3").arg(i).arg(value).arg(expected)));
    }
    QCOMPARE(loaded->hasAlpha(), alpha && !jpeg);
    for (std::size_t i = 0; i < loaded->alpha.size(); ++i) {
        const float step = bitDepth == 8 ? 255.0f : 65535.0f;
        QCOMPARE(hrstyle::Image::unitValue(loaded->alpha[i]),
                 std::nearbyint(hrstyle::Image::unitValue(original.alpha[i]) * step) / step);
    }
    // The settings go in after encoding (Exiv2 rewrites the file around them): the checks above cover that too.
    const auto settings = hrstyle::readImageSettings(path.toStdString());
    QVERIFY2(settings.ok(), settings.ok() ? "" : settings.error().c_str());
    QVERIFY(settings.value() == options.settings);
}

// --- errors ------------------------------------------------------------------------------------------------------

void TstImageIO::rejectsBadFiles_data() {
    QTest::addColumn<QString>("kind");  // "file", "missing" or "directory"
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<qint64>("maxPixels");  // 0: the default limit
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("quiet");  // nothing on stderr

    const QByteArray signature("\x89PNG\r\n\x1a\n", 8);
    const auto ihdr = [](quint32 w, quint32 h) { return pngChunk("IHDR", be32(w) + be32(h) + u8({8, 2, 0, 0, 0})); };
    const QByteArray png = makePng(4, 4, 8, 2, QByteArray(48, 'a'));
    QByteArray badCrc = png;
    badCrc[29] = char(badCrc[29] ^ 1);  // a byte of the IHDR chunk's CRC
    const QByteArray vp8l = QByteArray("VP8L") + le32(5) + char(0x2F) + le32(16382u | 16382u << 14) + char(0);
    QByteArray sof = u8({0xFF, 0xC0, 0, 17, 8, 0xFF, 0xFF, 0xFF, 0xFF, 3});
    sof += u8({1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0});
    QTemporaryDir dir;
    const QString jpegPath = dir.filePath("x.jpg");
    QVERIFY(hrstyle::saveImage(jpegPath.toStdString(), makeSmoothImage(16, 16)).ok());
    const QByteArray jpeg = readFile(jpegPath);

    QTest::newRow("missing file") << "missing" << QByteArray() << qint64(0) << "no such file" << true;
    QTest::newRow("directory") << "directory" << QByteArray() << qint64(0) << "is a directory" << true;
    QTest::newRow("empty file") << "file" << QByteArray() << qint64(0) << "empty file" << true;
    QTest::newRow("text file") << "file" << QByteArray("hello, world\n") << qint64(0) << "not an image file" << true;
    QTest::newRow("png signature, then garbage") << "file" << signature + QByteArray(200, 'x') << qint64(0)
                                                 << "corrupt PNG header" << true;
    QTest::newRow("png cut short") << "file" << png.left(png.size() - 20) << qint64(0) << "truncated PNG file"
                                   << true;
    QTest::newRow("png with a CRC error") << "file" << badCrc << qint64(0) << "CRC error in the IHDR chunk" << true;
    QTest::newRow("png image data without zlib header")
        << "file" << signature + ihdr(4, 4) + pngChunk("IDAT", QByteArray(40, 'x')) + pngChunk("IEND", {})
        << qint64(0) << "corrupt PNG file (bad image data)" << true;
    // Past our checks, libpng prints its own error from inside OpenCV's decoder: still an error value for us.
    QTest::newRow("png with corrupt deflate data")
        << "file" << signature + ihdr(4, 4) + pngChunk("IDAT", u8({0x78, 0x9C}) + QByteArray(40, '\xFF')) +
                         pngChunk("IEND", {})
        << qint64(0) << "cannot decode the PNG data" << false;
    QTest::newRow("png header claims 100000x100000")
        << "file" << signature + ihdr(100000, 100000) + pngChunk("IEND", {}) << qint64(0)
        << "100000x100000 pixels is more than the 250 MP limit" << true;
    QTest::newRow("jpeg header claims 65535x65535") << "file" << u8({0xFF, 0xD8}) + sof + u8({0xFF, 0xD9})
                                                    << qint64(0) << "65535x65535 pixels is more than the 250 MP"
                                                    << true;
    QTest::newRow("jpeg without a frame header") << "file" << u8({0xFF, 0xD8, 0xFF, 0xD9}) << qint64(0)
                                                 << "corrupt JPEG header" << true;
    QTest::newRow("jpeg cut short") << "file" << jpeg.left(jpeg.size() - 10) << qint64(0) << "truncated JPEG file"
                                    << true;
    QTest::newRow("tiff header claims 100000x100000")
        << "file" << makeTiff(100000, 100000, 3, 8, u8({1, 2, 3})) << qint64(0)
        << "100000x100000 pixels is more than the 250 MP limit" << true;
    QTest::newRow("webp header claims 16383x16383")
        << "file" << QByteArray("RIFF") + le32(quint32(4 + vp8l.size())) + "WEBP" + vp8l << qint64(0)
        << "16383x16383 pixels is more than the 250 MP limit" << true;
    QTest::newRow("caller's own limit") << "file" << png << qint64(10) << "4x4 pixels is more than the 10-pixel limit"
                                        << true;
}

void TstImageIO::rejectsBadFiles() {
    QFETCH(QString, kind);
    QFETCH(QByteArray, file);
    QFETCH(qint64, maxPixels);
    QFETCH(QString, expected);
    QFETCH(bool, quiet);
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.img");
    if (kind == "file") {
        QVERIFY(writeFile(path, file));
    } else if (kind == "directory") {
        QVERIFY(QDir().mkpath(path));
    }
    hrstyle::ImageLoadLimits limits;
    if (maxPixels > 0) {
        limits.maxPixels = maxPixels;
    }

    QElapsedTimer timer;
    timer.start();
    std::optional<hrstyle::Result<hrstyle::Image>> result;
    const QByteArray printed = capturedStderr(dir.filePath("stderr.txt"), [&] {
        result.emplace(hrstyle::loadImage(path.toStdString(), limits));
    });
    QVERIFY(timer.elapsed() < 1000);  // the size check comes before any allocation
    QVERIFY(!result->ok());
    const QString message = QString::fromStdString(result->error());
    QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY2(!message.contains('\n'), qPrintable(message));
    if (quiet) {
        QVERIFY2(printed.isEmpty(), printed.constData());  // neither OpenCV nor libpng/libjpeg printed anything
    }
}

void TstImageIO::rejectsBadSaves_data() {
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("targetIsDirectory");
    QTest::addColumn<int>("bitDepth");
    QTest::addColumn<bool>("shortBuffer");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown extension") << "out.bmp" << false << 8 << false << "unknown image type \".bmp\"";
    QTest::newRow("no extension") << "out" << false << 8 << false << "no file extension";
    QTest::newRow("16-bit JPEG") << "out.jpg" << false << 16 << false << "8 bits a sample";
    QTest::newRow("12-bit PNG") << "out.png" << false << 12 << false << "bit depth must be 8 or 16";
    QTest::newRow("RGB buffer too short") << "out.png" << false << 8 << true << "RGB values";
    QTest::newRow("directory does not exist") << "missing/out.png" << false << 8 << false
                                              << "No such file or directory";
    QTest::newRow("target is a directory") << "out.png" << true << 8 << false << "is a directory";
}

void TstImageIO::rejectsBadSaves() {
    QFETCH(QString, target);
    QFETCH(bool, targetIsDirectory);
    QFETCH(int, bitDepth);
    QFETCH(bool, shortBuffer);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(target);
    const bool parentExists = QFileInfo(path).dir().exists();
    if (targetIsDirectory) {
        QVERIFY(QDir().mkpath(path));
    } else if (parentExists) {
        QVERIFY(writeFile(path, "previous file"));
    }
    const QStringList before = entriesOf(dir.path());
    hrstyle::Image image = makeImage(4, 4, false);
    if (shortBuffer) {
        image.rgb.pop_back();
    }
    hrstyle::ImageSaveOptions options;
    options.bitDepth = bitDepth;

    const auto saved = hrstyle::saveImage(path.toStdString(), image, options);
    QVERIFY(!saved.ok());
    const QString message = QString::fromStdString(saved.error());
    QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
    QCOMPARE(entriesOf(dir.path()), before);  // no temporary file left behind
    if (!targetIsDirectory && parentExists) {
        QCOMPARE(readFile(path), QByteArray("previous file"));
    }
    QCOMPARE(QFileInfo(path).isDir(), targetIsDirectory);
}

// Root ignores file permissions, so the write is made to fail with a file-size limit instead (EFBIG).
void TstImageIO::failedWriteKeepsPreviousFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath("export.png");
    QVERIFY(hrstyle::saveImage(path.toStdString(), makeImage(2, 2, false)).ok());
    const QByteArray previous = readFile(path);
    QVERIFY(previous.size() < 1024);

    rlimit saved{};
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
    rlimit small = saved;
    small.rlim_cur = 1024;
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
    const auto result = hrstyle::saveImage(path.toStdString(), makeImage(64, 64, false));  // ~12 KB of noise
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, oldHandler);

    QVERIFY(!result.ok());
    const QString message = QString::fromStdString(result.error());
    QVERIFY2(message.startsWith(path + ": ") && message.contains(std::strerror(EFBIG)), qPrintable(message));
    QCOMPARE(readFile(path), previous);
    QCOMPARE(entriesOf(dir.path()), QStringList{"export.png"});
}

void TstImageIO::savedFilesGetUsualPermissions() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("export.tif").toStdString();
    const mode_t mask = ::umask(022);
    QVERIFY(hrstyle::saveImage(path, makeImage(2, 2, false)).ok());
    struct stat info {};
    QCOMPARE(::stat(path.c_str(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0644));  // not mkstemp's 0600: others may read an export
    QCOMPARE(::chmod(path.c_str(), 0640), 0);
    QVERIFY(hrstyle::saveImage(path, makeImage(2, 2, false)).ok());
    QCOMPARE(::stat(path.c_str(), &info), 0);
    ::umask(mask);
    QCOMPARE(info.st_mode & 0777, mode_t(0640));  // a replaced file keeps its permissions
}

QTEST_GUILESS_MAIN(TstImageIO)
#include "tst_ImageIO.moc"
