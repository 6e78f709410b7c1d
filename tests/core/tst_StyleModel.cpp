// StyleModel: the HRNet generator's initialisation, file format and inference at any size.
#include <QTemporaryDir>
#include <QtTest>

#include <map>

#include "EngineTestSupport.h"
#include "hrstyle/SafeTensors.h"
#include "hrstyle/StyleModel.h"

using namespace hrstyle;

namespace {

std::vector<float> tensorValues(const QString& path, const std::string& name) {
    Result<SafeTensorsReader> reader = SafeTensorsReader::open(path.toStdString());
    if (!reader) return {};
    Result<std::vector<float>> values = reader->readFloat32(name);
    return values ? values.value() : std::vector<float>{};
}

}  // namespace

class TstStyleModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hasTheSeedsParameterCount() {
        // 70,879 parameters in the state_dict, unused shortcut convs included (docs/algorithm.md).
        QCOMPARE(StyleModel::initialised(0).parameterCount(), std::int64_t{70879});
    }

    void sameSeedSameWeightsOtherSeedOtherWeights() {
        QTemporaryDir dir;
        const QString a = dir.filePath("a.safetensors"), b = dir.filePath("b.safetensors"),
                      c = dir.filePath("c.safetensors");
        QVERIFY(StyleModel::initialised(5).save(a.toStdString(), {}).ok());
        QVERIFY(StyleModel::initialised(5).save(b.toStdString(), {}).ok());
        QVERIFY(StyleModel::initialised(6).save(c.toStdString(), {}).ok());
        const std::string key = "layer1_1.identity_block.0.conv.weight";
        QVERIFY(!tensorValues(a, key).empty());
        QCOMPARE(tensorValues(a, key), tensorValues(b, key));
        QVERIFY(tensorValues(a, key) != tensorValues(c, key));
    }

    void savesSeedNamesAndMetadataAndLoadsBack() {
        QTemporaryDir dir;
        const QString path = dir.filePath("model.safetensors");
        QVERIFY(StyleModel::initialised(1).save(path.toStdString(), {{"steps", "12"}}).ok());
        Result<SafeTensorsReader> reader = SafeTensorsReader::open(path.toStdString());
        QVERIFY(reader.ok());
        for (const char* key : {"layer1_1.identity_block.0.conv.weight", "layer1_1.shortcut.0.conv.weight",
                                "downsample3_2.weight", "layer8_1.bias"}) {
            QVERIFY2(reader->contains(key), key);
        }
        QCOMPARE(reader->tensors().at("downsample3_2.weight").shape, (std::vector<std::int64_t>{32, 32, 3, 3}));
        const Result<StyleModel> loaded = StyleModel::load(path.toStdString());
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().c_str());
        QCOMPARE(loaded->metadata().at("steps"), std::string("12"));
        QCOMPARE(loaded->parameterCount(), std::int64_t{70879});
    }

    void refusesFileThatIsNotAModel() {
        QTemporaryDir dir;
        const QString vgg = test::writeVggFile(dir.path(), "vgg.safetensors");
        const Result<StyleModel> loaded = StyleModel::load(vgg.toStdString());
        QVERIFY(!loaded.ok());
        QVERIFY2(QString::fromStdString(loaded.error()).contains("missing tensor layer1_1"), loaded.error().c_str());
    }

    void refusesWrongShape() {
        QTemporaryDir dir;
        std::map<std::string, RawTensor> tensors;
        const std::vector<float> zeros(16 * 3, 0.0f);
        tensors["layer1_1.identity_block.0.conv.weight"] = makeFloat32Tensor({16, 3, 1, 1}, zeros.data());
        const QString path = dir.filePath("wrong.safetensors");
        QVERIFY(writeSafeTensors(path.toStdString(), tensors).ok());
        const Result<StyleModel> loaded = StyleModel::load(path.toStdString());
        QVERIFY(!loaded.ok());
        QVERIFY2(QString::fromStdString(loaded.error()).contains("expected [4,3,1,1], file has [16,3,1,1]"),
                 loaded.error().c_str());
    }

    void appliesToAnySizeAndKeepsAlpha_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("multiple of 4") << 24 << 16;
        QTest::newRow("odd sizes") << 23 << 17;
        QTest::newRow("tiny") << 3 << 5;
    }
    void appliesToAnySizeAndKeepsAlpha() {
        QFETCH(int, width);
        QFETCH(int, height);
        Image input = test::makeTestImage(width, height, 1);
        input.alpha.assign(static_cast<std::size_t>(width) * height, Image::fromUnit(0.5f));
        const Result<Image> out = StyleModel::initialised(3).apply(input, DeviceChoice::Cpu);
        QVERIFY2(out.ok(), out.ok() ? "" : out.error().c_str());
        QCOMPARE(out->width, width);
        QCOMPARE(out->height, height);
        QCOMPARE(out->alpha, input.alpha);
        QCOMPARE(out->rgb.size(), std::size_t(width) * height * 3);
    }

    void tiledInferenceMatchesWholeImage_data() {
        QTest::addColumn<int>("tileSize");
        QTest::newRow("tiles of 48") << 48;
        QTest::newRow("tiles of 100") << 100;
    }
    void tiledInferenceMatchesWholeImage() {
        // Tiles replay InstanceNorm statistics recorded on the whole image, with a margin for the receptive
        // field: the export of an image too large for memory looks like the whole-image result.
        QFETCH(int, tileSize);
        const Image input = test::makeTestImage(150, 102, 4);
        const StyleModel model = StyleModel::initialised(8);
        const Result<Image> whole = model.apply(input, DeviceChoice::Cpu);
        StyleModel::ApplyControl tiled;
        tiled.tileSize = tileSize;
        int progressCalls = 0;
        tiled.onProgress = [&](double) { ++progressCalls; };
        const Result<Image> pieces = model.apply(input, DeviceChoice::Cpu, 0, tiled);
        QVERIFY(whole.ok() && pieces.ok());
        QCOMPARE(pieces->width, whole->width);
        QCOMPARE(pieces->height, whole->height);
        const Rgb8Image a = toRgb8(whole.value()), b = toRgb8(pieces.value());
        int worst = 0;
        for (std::size_t i = 0; i < a.rgb.size(); ++i) worst = std::max(worst, std::abs(a.rgb[i] - b.rgb[i]));
        QVERIFY2(worst <= 1, qPrintable(QString("largest difference %1 grey levels").arg(worst)));
        QVERIFY(progressCalls > 2);
    }

    void cancelStopsATiledApply() {
        std::atomic<bool> cancel{true};
        StyleModel::ApplyControl control;
        control.cancel = &cancel;
        control.tileSize = 16;
        const Result<Image> out = StyleModel::initialised(1).apply(test::makeTestImage(64, 64, 1), DeviceChoice::Cpu, 0, control);
        QVERIFY(!out.ok());
        QCOMPARE(QString::fromStdString(out.error()), QString(StyleModel::kCancelledMessage));
        QCOMPARE(out.errorKind(), ErrorKind::Cancelled);
    }

    void appliesAtARequestedSize() {
        const Image input = test::makeTestImage(40, 20, 1);
        const Result<Image> out = StyleModel::initialised(3).apply(input, DeviceChoice::Cpu, 30);
        QVERIFY(out.ok());
        QCOMPARE(out->width, 30);
        QCOMPARE(out->height, 15);
    }
};

QTEST_GUILESS_MAIN(TstStyleModel)
#include "tst_StyleModel.moc"
