// LossNetwork: loading VGG19 weights (docs/file-formats.md) and the random-feature fallback.
#include <QTemporaryDir>
#include <QtTest>

#include "EngineTestSupport.h"
#include "hrstyle/LossNetwork.h"

using namespace hrstyle;

class TstLossNetwork : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsCompleteFile() {
        QTemporaryDir dir;
        const QString path = test::writeVggFile(dir.path(), "vgg.safetensors");
        const Result<LossNetwork> network = LossNetwork::load(path.toStdString());
        QVERIFY2(network.ok(), network.ok() ? "" : network.error().c_str());
        QVERIFY(!network->isRandomFeatures());
        QVERIFY(QString::fromStdString(network->description()).contains("VGG19"));
    }

    void refusesBadFile_data() {
        QTest::addColumn<QString>("skipKey");
        QTest::addColumn<QString>("wrongShapeKey");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing last conv weight") << "features.28.weight" << "" << "missing tensor features.28.weight";
        QTest::newRow("missing first bias") << "features.0.bias" << "" << "missing tensor features.0.bias";
        QTest::newRow("wrong shape") << "" << "features.28.weight"
                                     << "features.28.weight: expected [512,512,3,3], file has [512,256,3,3]";
    }
    void refusesBadFile() {
        QFETCH(QString, skipKey);
        QFETCH(QString, wrongShapeKey);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = test::writeVggFile(dir.path(), "bad.safetensors", skipKey, wrongShapeKey);
        const Result<LossNetwork> network = LossNetwork::load(path.toStdString());
        QVERIFY(!network.ok());
        QVERIFY2(QString::fromStdString(network.error()).contains(expected), network.error().c_str());
    }

    void refusesMissingFile() {
        const Result<LossNetwork> network = LossNetwork::load("/nonexistent/vgg19.safetensors");
        QVERIFY(!network.ok());
        QVERIFY(QString::fromStdString(network.error()).contains("/nonexistent/vgg19.safetensors"));
    }

    void randomFeaturesSayWhatTheyAre() {
        const LossNetwork network = LossNetwork::randomFeatures();
        QVERIFY(network.isRandomFeatures());
        QVERIFY(QString::fromStdString(network.description()).contains("random features"));
    }
};

QTEST_GUILESS_MAIN(TstLossNetwork)
#include "tst_LossNetwork.moc"
