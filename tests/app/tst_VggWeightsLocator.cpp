// The VGG19 lookup order (docs/file-formats.md): --vgg / preference, HRSTYLE_VGG19, the downloaded file, then
// random features.
#include <QtTest>

#include "VggTestFiles.h"
#include "VggWeightsLocator.h"

using namespace hrstyle;

class TstVggWeightsLocator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // Test mode puts the data folder under $HOME/.qttest; a private HOME keeps this test from seeing or
        // leaving a "downloaded" file that other tests running in parallel would find (and vice versa).
        qputenv("HOME", QFile::encodeName(m_dir.filePath("home")));
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(defaultDownloadedVggPath().startsWith(m_dir.path()));
        m_explicit = m_dir.filePath("explicit.safetensors");
        m_environment = m_dir.filePath("environment.safetensors");
    }

    void init() {
        qunsetenv(kVggEnvironmentVariable);
        QFile::remove(defaultDownloadedVggPath());
    }

    void cleanupTestCase() { qunsetenv(kVggEnvironmentVariable); }

    void defaultPathIsUnderTheUsersDataFolder() {
        const QString path = defaultDownloadedVggPath();
        const QString dataRoot = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
        QVERIFY(!dataRoot.isEmpty());
        QCOMPARE(path, dataRoot + "/HRStyle/hrstyle/vgg19.safetensors");
    }

    void lookupOrder_data() {
        QTest::addColumn<bool>("withExplicit");
        QTest::addColumn<bool>("withEnvironment");
        QTest::addColumn<bool>("withDownloaded");
        QTest::addColumn<int>("expected");  // VggWeightsSource
        QTest::newRow("explicit beats all") << true << true << true << int(VggWeightsSource::Explicit);
        QTest::newRow("environment beats downloaded") << false << true << true << int(VggWeightsSource::Environment);
        QTest::newRow("downloaded") << false << false << true << int(VggWeightsSource::Downloaded);
        QTest::newRow("nothing: random features") << false << false << false << int(VggWeightsSource::None);
        QTest::newRow("explicit alone") << true << false << false << int(VggWeightsSource::Explicit);
    }
    void lookupOrder() {
        QFETCH(bool, withExplicit);
        QFETCH(bool, withEnvironment);
        QFETCH(bool, withDownloaded);
        QFETCH(int, expected);
        if (withEnvironment) qputenv(kVggEnvironmentVariable, QFile::encodeName(m_environment));
        if (withDownloaded) {
            QVERIFY(QDir().mkpath(QFileInfo(defaultDownloadedVggPath()).absolutePath()));
            QVERIFY(test::writeFileBytes(defaultDownloadedVggPath(), "stand-in: locating does not read the file"));
        }
        const VggWeightsLocation location = locateVggWeights(withExplicit ? m_explicit : QString());
        QCOMPARE(int(location.source), expected);
        const QHash<int, QString> pathFor{{int(VggWeightsSource::Explicit), m_explicit},
                                          {int(VggWeightsSource::Environment), m_environment},
                                          {int(VggWeightsSource::Downloaded), defaultDownloadedVggPath()},
                                          {int(VggWeightsSource::None), QString()}};
        QCOMPARE(location.path, pathFor.value(expected));
        QCOMPARE(location.found(), expected != int(VggWeightsSource::None));
    }

    // A typo in --vgg or HRSTYLE_VGG19 must become an error, not a silent fall back to random features.
    void missingExplicitOrEnvironmentFileIsStillChosen() {
        QCOMPARE(int(locateVggWeights(m_dir.filePath("typo.safetensors")).source), int(VggWeightsSource::Explicit));
        qputenv(kVggEnvironmentVariable, "/nonexistent/vgg19.safetensors");
        QCOMPARE(locateVggWeights({}).path, QString("/nonexistent/vgg19.safetensors"));
    }

    void emptyEnvironmentVariableIsIgnored() {
        qputenv(kVggEnvironmentVariable, "");
        QCOMPARE(int(locateVggWeights({}).source), int(VggWeightsSource::None));
    }

    void descriptionSaysWhenRandomFeaturesAreUsed() {
        QVERIFY(describeVggWeights({}).contains("random features"));
        const QString line = describeVggWeights({"/w/vgg.safetensors", VggWeightsSource::Environment});
        QVERIFY(line.contains("/w/vgg.safetensors") && line.contains("HRSTYLE_VGG19"));
    }

private:
    QTemporaryDir m_dir;
    QString m_explicit;
    QString m_environment;
};

QTEST_GUILESS_MAIN(TstVggWeightsLocator)
#include "tst_VggWeightsLocator.moc"
