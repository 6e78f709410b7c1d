// The step after a complete download: hash, verify, then install; a refused file installs nothing.
#include <QtTest>

#include "VggTestFiles.h"
#include "VggWeightsFile.h"
#include "WeightsInstaller.h"
#include "hrstyle/SafeTensors.h"

using namespace hrstyle;

namespace {

// SHA-256("abc"), FIPS 180-2 appendix B.1.
constexpr char kAbcSha256[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

QString acceptAll(const QString&) { return {}; }

}  // namespace

class TstWeightsInstaller : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() {
        m_dir.reset(new QTemporaryDir);
        QVERIFY(m_dir->isValid());
        m_part = m_dir->filePath("w.safetensors.part");
        m_destination = m_dir->filePath("w.safetensors");
    }

    void sha256OfFileMatchesTheStandardVector() {
        QVERIFY(test::writeFileBytes(m_part, "abc"));
        QString error;
        QCOMPARE(sha256OfFile(m_part, &error), QString(kAbcSha256));
        QVERIFY(sha256OfFile(m_dir->filePath("absent"), &error).isEmpty());
        QVERIFY(error.contains("absent"));
    }

    void installsOverAnExistingFile() {
        QVERIFY(test::writeFileBytes(m_destination, "old"));
        QVERIFY(test::writeFileBytes(m_part, "abc"));
        const QString error = installDownloadedWeights({m_part, m_destination, QString(kAbcSha256).toUpper(), acceptAll,
                                                        /*keepOnlyLossLayers=*/false});
        QCOMPARE(error, QString());
        QCOMPARE(test::readFileBytes(m_destination), QByteArray("abc"));
        QVERIFY(!QFile::exists(m_part));
    }

    void createsTheDestinationFolder() {
        const QString nested = m_dir->filePath("a/b/w.safetensors");
        QVERIFY(test::writeFileBytes(m_part, "abc"));
        QCOMPARE(installDownloadedWeights({m_part, nested, {}, acceptAll, false}), QString());
        QCOMPARE(test::readFileBytes(nested), QByteArray("abc"));
    }

    // Refused content: the partial file goes (resuming it could never succeed), the old file stays.
    void refusedFileInstallsNothing_data() {
        QTest::addColumn<QString>("sha256");
        QTest::addColumn<bool>("verifierAccepts");
        QTest::addColumn<QString>("reasonContains");
        QTest::newRow("hash mismatch") << QString(64, QLatin1Char('0')) << true << "SHA-256 mismatch";
        QTest::newRow("verifier refuses") << QString() << false << "not a VGG file";
        QTest::newRow("hash checked before the verifier") << QString(64, QLatin1Char('1')) << false << "SHA-256";
    }
    void refusedFileInstallsNothing() {
        QFETCH(QString, sha256);
        QFETCH(bool, verifierAccepts);
        QFETCH(QString, reasonContains);
        QVERIFY(test::writeFileBytes(m_destination, "previous good weights"));
        QVERIFY(test::writeFileBytes(m_part, "abc"));
        const WeightsVerifier verifier = [verifierAccepts](const QString&) {
            return verifierAccepts ? QString() : QStringLiteral("not a VGG file");
        };
        const QString error = installDownloadedWeights({m_part, m_destination, sha256, verifier, false});
        QVERIFY2(error.contains(reasonContains) && error.contains("nothing installed"), qPrintable(error));
        QVERIFY(!QFile::exists(m_part));
        QCOMPARE(test::readFileBytes(m_destination), QByteArray("previous good weights"));
    }

    void defaultVerifierRefusesAWrongVggFile() {
        QVERIFY(test::writeWrongShapeVggFile(m_part));
        const QString error = installDownloadedWeights({m_part, m_destination, {}, nullptr, true});
        QVERIFY2(error.contains(test::kWrongShapeReason), qPrintable(error));
        QVERIFY(!QFile::exists(m_destination));
        QVERIFY(!QFile::exists(m_part));
    }

    void defaultInstallKeepsOnlyTheLossLayers() {
        QVERIFY(test::writeVggLayoutFile(m_part));
        QCOMPARE(installDownloadedWeights({m_part, m_destination, {}, nullptr, true}), QString());
        QCOMPARE(verifyVggFile(m_destination), QString());
        QVERIFY(!QFile::exists(m_part));
        Result<SafeTensorsReader> installed = SafeTensorsReader::open(QFile::encodeName(m_destination).toStdString());
        QVERIFY(installed.ok());
        QVERIFY(!installed->contains("classifier.6.bias"));
        QCOMPARE(installed->tensors().size(), std::size_t(26));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_part;
    QString m_destination;
};

QTEST_GUILESS_MAIN(TstWeightsInstaller)
#include "tst_WeightsInstaller.moc"
