// With no VGG19 weights anywhere (no --vgg, no HRSTYLE_VGG19, nothing downloaded), hrstyle-cli still trains,
// on the random-feature loss network, and says so on stderr and in the model's metadata.
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include "CliTestSupport.h"

using namespace hrstyle::test;

class TstCliFallback : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainsOnRandomFeaturesAndSaysSo() {
        QTemporaryDir dir;
        QImage photo(40, 32, QImage::Format_RGB888);
        for (int y = 0; y < photo.height(); ++y)
            for (int x = 0; x < photo.width(); ++x) photo.setPixel(x, y, qRgb(6 * x, 8 * y, 90));
        QVERIFY(photo.save(dir.filePath("photo.png")));
        // A private HOME and data folder: no downloaded weights can be found there.
        const QStringList noWeights{"HOME=" + dir.filePath("home"), "XDG_DATA_HOME=" + dir.filePath("home/share"),
                                    "HRSTYLE_VGG19="};
        const ProcessResult trained = runCli({"train", "--steps", "2", "--content", dir.filePath("photo.png"), "--style",
                                              dir.filePath("photo.png"), "--out-model", dir.filePath("m.safetensors"),
                                              "--out-image", dir.filePath("out.png")},
                                             noWeights);
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
        QVERIFY2(trained.err.contains("random features"), qPrintable(trained.err));
        QVERIFY2(trained.err.contains("fetch-weights"), "the note should say how to get the real weights");
        const ProcessResult info = runCli({"info", dir.filePath("out.png")});
        QCOMPARE(info.exitCode, 0);
        QVERIFY2(info.out.contains("random features"), qPrintable(info.out));
    }
};

QTEST_GUILESS_MAIN(TstCliFallback)
#include "tst_CliFallback.moc"
