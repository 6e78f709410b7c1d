// verifyVggFile refuses a wrong file with the reason, and writeLossLayersOnly keeps exactly the loss layers.
#include <QtTest>

#include "VggTestFiles.h"
#include "VggWeightsFile.h"
#include "hrstyle/SafeTensors.h"
#include "hrstyle/Vgg19Layout.h"

using namespace hrstyle;

class TstVggWeightsFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(test::writeVggLayoutFile(path("vgg.safetensors")));
        QVERIFY(test::writeVggLayoutFile(path("bare.safetensors"), /*bareKeys=*/true));
        QVERIFY(test::writeWrongShapeVggFile(path("wrong-shape.safetensors")));
        QVERIFY(test::writeFileBytes(path("page.html"), "<!doctype html><html>Sign in</html>"));
        QVERIFY(test::writeFileBytes(path("empty.safetensors"), {}));
    }

    void verify_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("reasonContains");  // empty: accepted
        QTest::newRow("torchvision keys") << "vgg.safetensors" << "";
        QTest::newRow("keys without features. prefix") << "bare.safetensors" << "";
        QTest::newRow("wrong shape") << "wrong-shape.safetensors" << test::kWrongShapeReason;
        QTest::newRow("an html page") << "page.html" << "page.html";
        QTest::newRow("empty file") << "empty.safetensors" << "empty.safetensors";
        QTest::newRow("missing file") << "absent.safetensors" << "no such file";
        QTest::newRow("a folder") << "." << "not a file";
    }
    void verify() {
        QFETCH(QString, file);
        QFETCH(QString, reasonContains);
        const QString reason = verifyVggFile(path(file));
        if (reasonContains.isEmpty()) {
            QVERIFY2(reason.isEmpty(), qPrintable(reason));
        } else {
            QVERIFY2(reason.contains(reasonContains), qPrintable(reason));
        }
    }

    void missingTensorIsNamed() {
        const QString file = path("conv0-only.safetensors");
        const std::vector<float> weight(64 * 3 * 3 * 3, 0.5f);
        const std::vector<float> bias(64, 0.25f);
        const std::map<std::string, RawTensor> firstLayer{
            {"features.0.weight", makeFloat32Tensor({64, 3, 3, 3}, weight.data())},
            {"features.0.bias", makeFloat32Tensor({64}, bias.data())}};
        QVERIFY(writeSafeTensors(QFile::encodeName(file).toStdString(), firstLayer).ok());
        const QString reason = verifyVggFile(file);
        QVERIFY2(reason.contains("missing tensor features.2.weight"), qPrintable(reason));
    }

    void slimCopyKeepsExactlyTheLossTensors_data() {
        QTest::addColumn<QString>("source");
        QTest::newRow("torchvision keys") << "vgg.safetensors";
        QTest::newRow("bare keys, normalised") << "bare.safetensors";
    }
    void slimCopyKeepsExactlyTheLossTensors() {
        QFETCH(QString, source);
        const QString slim = path("slim-" + source);
        QCOMPARE(writeLossLayersOnly(path(source), slim), QString());
        QCOMPARE(verifyVggFile(slim), QString());

        Result<SafeTensorsReader> in = SafeTensorsReader::open(QFile::encodeName(path(source)).toStdString());
        Result<SafeTensorsReader> out = SafeTensorsReader::open(QFile::encodeName(slim).toStdString());
        QVERIFY(in.ok() && out.ok());
        QCOMPARE(out->tensors().size(), std::size_t(26));  // 13 convolutions x (weight, bias); no classifier
        for (const VggConvLayer& layer : vgg19ConvLayers()) {
            for (const std::string tensor : {"weight", "bias"}) {
                const std::string key = "features." + std::to_string(layer.index) + "." + tensor;
                const RawTensor copied = out->read(key).value();
                const RawTensor original = in->read(findVggKey(in.value(), layer.index, tensor)).value();
                QCOMPARE(copied.dtype, DType::F16);  // stored as downloaded: no conversion, no doubling in size
                QVERIFY2(copied.shape == original.shape && copied.bytes == original.bytes, key.c_str());
            }
        }
        QCOMPARE(out->metadata().at("format"), std::string("pt"));  // the source's metadata is kept
        QVERIFY(out->metadata().count("hrstyle_content") == 1);
    }

    void slimCopyOfWrongFileFailsWithoutWriting() {
        const QString slim = path("slim-wrong.safetensors");
        QVERIFY(!writeLossLayersOnly(path("wrong-shape.safetensors"), slim).isEmpty());
        QVERIFY(!QFile::exists(slim));
    }

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TstVggWeightsFile)
#include "tst_VggWeightsFile.moc"
