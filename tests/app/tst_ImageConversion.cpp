// Image conversions: what crosses threads owns its pixels, and channels stay in RGB order.
#include <QTest>

#include "ImageConversion.h"

namespace hrstyle::test {

class tst_ImageConversion : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rgb8ToQImage_copiesAndKeepsChannelOrder() {
        auto source = std::make_unique<Rgb8Image>();
        source->width = 3;
        source->height = 2;
        source->rgb = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90};
        const QImage image = toQImage(*source);
        source.reset();  // the engine's buffer goes away; the QImage must not care
        QCOMPARE(image.size(), QSize(3, 2));
        QCOMPARE(image.pixelColor(0, 0), QColor(255, 0, 0));
        QCOMPARE(image.pixelColor(2, 0), QColor(0, 0, 255));
        QCOMPARE(image.pixelColor(2, 1), QColor(70, 80, 90));
    }

    void malformedBuffer_givesNullImage_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("bytes");
        QTest::newRow("empty") << 0 << 0 << 0;
        QTest::newRow("short buffer") << 4 << 4 << 10;
    }

    void malformedBuffer_givesNullImage() {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, bytes);
        Rgb8Image source;
        source.width = width;
        source.height = height;
        source.rgb.resize(static_cast<std::size_t>(bytes));
        QVERIFY(toQImage(source).isNull());
    }

    void imageRoundTrip() {
        QImage image(2, 1, QImage::Format_RGB32);
        image.setPixelColor(0, 0, QColor(255, 128, 0));
        image.setPixelColor(1, 0, QColor(1, 2, 3));
        const Image converted = fromQImage(image);
        QCOMPARE(converted.width, 2);
        QCOMPARE(Image::unitValue(converted.rgb[0]), 1.0f);
        QCOMPARE(Image::unitValue(converted.rgb[2]), 0.0f);
        QCOMPARE(toQImage(converted).pixelColor(1, 0), QColor(1, 2, 3));
    }
};

}  // namespace hrstyle::test

QTEST_GUILESS_MAIN(hrstyle::test::tst_ImageConversion)
#include "tst_ImageConversion.moc"
