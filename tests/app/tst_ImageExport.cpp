// Full-resolution export through the real engine on tiny images: every format round-trips with its
// size, bit depth, alpha and embedded settings; a failed export keeps the previous file; cancel writes nothing.
// An untrained generator (StyleModel::initialised) is enough: export only applies it.
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "ImageExporter.h"
#include "StylisedExport.h"
#include "hrstyle/ImageIO.h"

namespace hrstyle::test {

class tst_ImageExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_content;
    StyleModelPtr m_model;

    ExportRequest request(const QString& fileName, int bitDepth = 8) const {
        ExportRequest r;
        r.model = m_model;
        r.contentPath = m_content;
        r.stylePath = QStringLiteral("/somewhere/rocket.jpg");
        r.outputPath = m_dir.filePath(fileName);
        r.bitDepth = bitDepth;
        r.jpegQuality = 90;
        return r;
    }

    static QByteArray bytesOf(const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // 30x18: not a multiple of 4, so apply's pad-and-crop must give the exact size back.
        QImage image(30, 18, QImage::Format_ARGB32);
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                image.setPixel(x, y, qRgba(x * 8, y * 12, 128, x < 15 ? 255 : 96));
            }
        }
        m_content = m_dir.filePath(QStringLiteral("tiny.png"));
        QVERIFY(image.save(m_content));
        m_model = std::make_shared<const StyleModel>(StyleModel::initialised(3));
    }

    void exportsEveryFormat_data() {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<int>("bitDepth");
        QTest::addColumn<int>("expectedBitDepth");
        QTest::addColumn<bool>("keepsAlpha");
        QTest::newRow("png 8-bit") << "out.png" << 8 << 8 << true;
        QTest::newRow("tiff 16-bit") << "out.tiff" << 16 << 16 << true;
        QTest::newRow("jpeg") << "out.jpg" << 16 << 8 << false;  // 16 asked, JPEG is 8-bit: quietly 8
        QTest::newRow("webp") << "out.webp" << 8 << 8 << true;
    }

    void exportsEveryFormat() {
        QFETCH(QString, fileName);
        QFETCH(int, bitDepth);
        QFETCH(int, expectedBitDepth);
        QFETCH(bool, keepsAlpha);
        const ExportRequest r = request(fileName, bitDepth);
        double lastFraction = -1.0;
        const std::atomic<bool> cancel{false};
        const Status status = exportStylisedImage(r, DeviceChoice::Cpu, [&](double f) { lastFraction = f; }, cancel);
        QVERIFY2(status.ok(), status.ok() ? "" : status.error().c_str());
        QCOMPARE(lastFraction, 1.0);

        const Result<Image> back = loadImage(r.outputPath.toStdString());
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().c_str());
        QCOMPARE(back->width, 30);
        QCOMPARE(back->height, 18);
        QCOMPARE(back->sourceBitDepth, expectedBitDepth);
        QCOMPARE(back->hasAlpha(), keepsAlpha);
        if (keepsAlpha) {
            QVERIFY(std::abs(Image::unitValue(back->alpha[29]) - 96.0f / 255.0f) < 0.01f);  // right half of row 0: alpha 96
        }

        const Result<Metadata> settings = readImageSettings(r.outputPath.toStdString());
        QVERIFY2(settings.ok(), settings.ok() ? "" : settings.error().c_str());
        QCOMPARE(settings->at("content"), std::string("tiny.png"));
        QCOMPARE(settings->at("style"), std::string("rocket.jpg"));
        for (const auto& [key, value] : m_model->metadata()) {
            QCOMPARE(QString::fromStdString(settings->at(key)), QString::fromStdString(value));
        }
    }

    void zeroStrengthExportsThePhotoItself() {
        ExportRequest r = request(QStringLiteral("unstyled.png"));
        r.look = LookControls{0.0, ColourMode::Full};
        const std::atomic<bool> cancel{false};
        const Status status = exportStylisedImage(r, DeviceChoice::Cpu, {}, cancel);
        QVERIFY2(status.ok(), status.ok() ? "" : status.error().c_str());
        const Result<Image> back = loadImage(r.outputPath.toStdString());
        const Result<Image> photo = loadImage(r.contentPath.toStdString());
        QVERIFY(back.ok() && photo.ok());
        QVERIFY(back->rgb == photo->rgb);  // the full-size photo, pixel for pixel
        const Result<Metadata> settings = readImageSettings(r.outputPath.toStdString());
        QVERIFY(settings.ok());
        QCOMPARE(settings->at("strength"), std::string("0"));
        QCOMPARE(settings->at("colour_mode"), std::string("full"));
    }

    void failedExport_keepsThePreviousFile_data() {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("contentPath");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("unknown format") << "old.bmp" << QString() << "use .png";
        QTest::newRow("content gone") << "old.png" << "missing.png" << "Content photo";
        QTest::newRow("folder missing") << "no/such/folder/old.png" << QString() << "";
    }

    void failedExport_keepsThePreviousFile() {
        QFETCH(QString, fileName);
        QFETCH(QString, contentPath);
        QFETCH(QString, reasonPart);
        ExportRequest r = request(fileName);
        if (!contentPath.isEmpty()) {
            r.contentPath = m_dir.filePath(contentPath);
        }
        const QByteArray old("previous export");
        QFile previous(r.outputPath);
        const bool hadOld = previous.open(QIODevice::WriteOnly) && previous.write(old) == old.size();
        previous.close();

        ImageExporter exporter(makeEngineExportFunction(DeviceChoice::Cpu));
        QSignalSpy failed(&exporter, &ImageExporter::failed);
        QSignalSpy finished(&exporter, &ImageExporter::finished);
        QVERIFY(exporter.start(r));
        QVERIFY(failed.wait(20000));
        QCOMPARE(finished.count(), 0);
        QVERIFY2(failed.at(0).at(1).toString().contains(reasonPart), qPrintable(failed.at(0).at(1).toString()));
        QVERIFY(!exporter.isRunning());
        if (hadOld) {
            QCOMPARE(bytesOf(r.outputPath), old);
        }
    }

    void cancelBeforeSaving_writesNothing() {
        const ExportRequest r = request(QStringLiteral("cancelled.png"));
        const std::atomic<bool> cancel{true};
        const Status status = exportStylisedImage(r, DeviceChoice::Cpu, {}, cancel);
        QVERIFY(!status.ok());
        QCOMPARE(QString::fromStdString(status.error()), QString::fromLatin1(StyleModel::kCancelledMessage));
        QVERIFY(!QFile::exists(r.outputPath));
    }

    void exporterCancel_reportsCancelled() {
        // A job that only ends on cancel: the exporter must pass cancel to the thread and report it.
        std::atomic<bool> started{false};
        ImageExporter exporter([&started](const ExportRequest&, const ExportProgress& progress,
                                          const std::atomic<bool>& cancel) -> Status {
            started = true;
            while (!cancel.load()) {
                progress(0.5);
                QThread::msleep(5);
            }
            return Error{StyleModel::kCancelledMessage, ErrorKind::Cancelled};
        });
        QSignalSpy cancelled(&exporter, &ImageExporter::cancelled);
        QSignalSpy progressed(&exporter, &ImageExporter::progressed);
        QVERIFY(exporter.start(request(QStringLiteral("never.png"))));
        QVERIFY(!exporter.start(request(QStringLiteral("second.png"))));  // one at a time
        QTRY_VERIFY(progressed.count() > 0);
        exporter.cancel();
        QVERIFY(cancelled.wait(5000));
        QVERIFY(!exporter.isRunning());
        QVERIFY(exporter.start(request(QStringLiteral("again.png"))));  // usable again; ~ImageExporter cancels
    }
};

}  // namespace hrstyle::test

QTEST_MAIN(hrstyle::test::tst_ImageExport)
#include "tst_ImageExport.moc"
