// Settings: one table of keys and defaults, device-dependent defaults, round trips, the recent lists.
#include <QTemporaryDir>
#include <QTest>

#include <set>

#include "Settings.h"

namespace hrstyle::test {

class tst_Settings : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path() const { return m_dir.filePath(QStringLiteral("s.ini")); }

private Q_SLOTS:
    void init() { QFile::remove(path()); }

    void defaults_data() {
        QTest::addColumn<bool>("gpu");
        QTest::addColumn<int>("workingSize");
        QTest::addColumn<int>("steps");
        QTest::newRow("cpu: small and quick") << false << 256 << 300;
        QTest::newRow("gpu: the seed's") << true << 512 << 1000;
    }

    void defaults() {
        QFETCH(bool, gpu);
        QFETCH(int, workingSize);
        QFETCH(int, steps);
        QSettings store(path(), QSettings::IniFormat);
        const Settings settings(store, gpu);
        const TrainParams params = settings.trainParams();
        QCOMPARE(params.workingSize, workingSize);
        QCOMPARE(params.steps, steps);
        QCOMPARE(params.learningRate, 5e-3);
        QVERIFY(params.weights == LossWeights{});  // the seed's 150 / 1 / (0.1 ... 1.6)
        QVERIFY(settings.contentPath().isEmpty());
    }

    void keyNames_areUnique() {
        std::set<QString> names;
        for (int key = 0; key <= static_cast<int>(SettingKey::Vgg19Path); ++key) {
            names.insert(Settings::keyName(static_cast<SettingKey>(key)));
        }
        QCOMPARE(static_cast<int>(names.size()), static_cast<int>(SettingKey::Vgg19Path) + 1);
    }

    void roundTrip_throughTheFile() {
        LossWeights weights;
        weights.content = 12.5;
        weights.layers = {1, 2, 3, 4, 5};
        TrainParams params;
        params.workingSize = 384;
        params.steps = 77;
        params.learningRate = 0.01;
        params.seed = 9;
        {
            QSettings store(path(), QSettings::IniFormat);
            Settings settings(store);
            settings.setLossWeights(weights);
            settings.setTrainParams(params);
            settings.setValue(SettingKey::ContentPath, QStringLiteral("/photos/a.png"));
        }
        QSettings store(path(), QSettings::IniFormat);
        const Settings settings(store);
        QVERIFY(settings.lossWeights() == weights);
        const TrainParams read = settings.trainParams();
        QCOMPARE(read.workingSize, 384);
        QCOMPARE(read.steps, 77);
        QCOMPARE(read.learningRate, 0.01);
        QCOMPARE(read.seed, 9u);
        QCOMPARE(settings.contentPath(), QStringLiteral("/photos/a.png"));
    }

    void damagedLayerList_fallsBackToDefaults() {
        QSettings store(path(), QSettings::IniFormat);
        Settings settings(store);
        settings.setValue(SettingKey::LayerWeights, QVariantList{1.0, 2.0});
        QVERIFY(settings.lossWeights().layers == LossWeights{}.layers);
    }

    void recentFiles_mostRecentFirstUniqueBounded() {
        QSettings store(path(), QSettings::IniFormat);
        Settings settings(store);
        for (int i = 0; i < Settings::kMaxRecentFiles + 3; ++i) {
            settings.addRecentFile(SettingKey::RecentStyle, QStringLiteral("/s/%1.png").arg(i));
        }
        settings.addRecentFile(SettingKey::RecentStyle, QStringLiteral("/s/5.png"));
        const QStringList recent = settings.recentFiles(SettingKey::RecentStyle);
        QCOMPARE(recent.size(), Settings::kMaxRecentFiles);
        QCOMPARE(recent.first(), QStringLiteral("/s/5.png"));
        QCOMPARE(recent.count(QStringLiteral("/s/5.png")), 1);
        QVERIFY(settings.recentFiles(SettingKey::RecentContent).isEmpty());
    }
};

}  // namespace hrstyle::test

QTEST_GUILESS_MAIN(hrstyle::test::tst_Settings)
#include "tst_Settings.moc"
