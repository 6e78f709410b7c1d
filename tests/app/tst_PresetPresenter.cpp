// The preset dock in the whole window against a fake trainer: save lists a preset with a
// thumbnail, apply sets the style image and every setting, rename/duplicate, delete then Undo, a garbage
// import changes nothing, export then import round-trips. Runs on a private HOME in Qt's test mode, so the
// user's presets are never seen or touched. (Trained networks in presets: tst_PresetWarmStart.)
#include <QAction>
#include <QListWidget>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "AppSession.h"
#include "ControlPanel.h"
#include "MessageBar.h"
#include "PresetPanel.h"
#include "fakes/FakeTrainingBackend.h"

namespace hrstyle::test {

class tst_PresetPresenter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<AppSession> makeSession() {
        QDir(PresetStore::defaultRoot()).removeRecursively();  // each test starts with no presets
        const QString ini = m_dir.filePath(QStringLiteral("settings.ini"));
        QFile::remove(ini);
        auto store = std::make_unique<QSettings>(ini, QSettings::IniFormat);
        StartupInfo startup{QStringLiteral("CPU"), QStringLiteral("random features"), true};
        auto session = std::make_unique<AppSession>(
            std::make_unique<FakeTrainingBackend>(FakeOptions{}, std::make_shared<FakeLog>()), startup,
            std::move(store), false);
        session->window().show();
        return session;
    }

    static ui::PresetPanel& panel(AppSession& session) { return *session.window().presetPanel(); }

    static TrainParams customParams() {
        TrainParams params;
        params.weights.content = 42.0;
        params.weights.style = 3.5;
        params.weights.layers = {0.5, 0.25, 1.0, 2.0, 4.0};
        params.steps = 77;
        params.learningRate = 0.002;
        params.workingSize = 192;
        params.seed = 9;
        return params;
    }

    static bool failureShown(PresetPresenter& presets) {
        QMessageBox* box = presets.lastFailureBox();
        const bool shown = box && box->isVisible();
        if (box) {
            box->close();
        }
        return shown;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // Test mode puts the data folder under $HOME/.qttest; a private HOME keeps parallel tests apart.
        qputenv("HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("home"))));
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(PresetStore::defaultRoot().startsWith(m_dir.path()));
    }

    void save_listsThePresetWithAThumbnail() {
        auto session = makeSession();
        QVERIFY(panel(*session).names().isEmpty());
        QVERIFY(session->presetPresenter().saveLook(QStringLiteral("Dusk"), true));  // no network: settings only
        QCOMPARE(panel(*session).names(), QStringList{QStringLiteral("Dusk")});
        QCOMPARE(panel(*session).currentName(), QStringLiteral("Dusk"));
        const QImage thumbnail = panel(*session).thumbnail(QStringLiteral("Dusk"));
        QVERIFY(!thumbnail.isNull());
        QCOMPARE(std::max(thumbnail.width(), thumbnail.height()), PresetPresenter::kThumbnailSide);
        QVERIFY(!session->presetPresenter().store().find(QStringLiteral("Dusk"))->preset.hasGenerator());
    }

    void save_thumbnailIsTheCurrentResultOnceTrained() {
        auto session = makeSession();
        QSignalSpy finished(&session->controller(), &TrainingController::finished);
        session->window().actions().train->trigger();
        QVERIFY(finished.wait(5000));
        QVERIFY(session->presetPresenter().saveLook(QStringLiteral("Trained"), false));
        // The fake's preview is 16x12 (4:3); the style image (rocket.jpg) has another shape.
        QCOMPARE(panel(*session).thumbnail(QStringLiteral("Trained")).size(), QSize(160, 120));
    }

    void aPresetKeepsItsStrengthAndColours() {
        auto session = makeSession();
        session->document().setLook(LookControls{0.4, ColourMode::KeepColours});
        QVERIFY(session->presetPresenter().saveLook(QStringLiteral("Muted"), false));
        session->document().setLook(LookControls{});  // the user moves on
        QVERIFY(session->presetPresenter().applyPreset(QStringLiteral("Muted")));
        QCOMPARE(session->document().look().strength, 0.4);
        QVERIFY(session->document().look().colourMode == ColourMode::KeepColours);
        const LookControls shown = session->window().controlPanel()->look();
        QCOMPARE(shown.strength, 0.4);
        QVERIFY(shown.colourMode == ColourMode::KeepColours);
    }

    void apply_setsTheStyleImageAndEverySetting() {
        auto session = makeSession();
        session->document().applyLook(customParams());
        QVERIFY(session->presetPresenter().saveLook(QStringLiteral("Custom"), false));
        session->document().applyLook(TrainParams{});  // the user moves on
        QVERIFY(session->presetPresenter().applyPreset(QStringLiteral("Custom")));

        const StoredPreset stored = session->presetPresenter().store().find(QStringLiteral("Custom")).value();
        QCOMPARE(session->document().imagePath(ui::ImageRole::Style), stored.styleImagePath());
        QCOMPARE(session->controller().setup().stylePath, stored.styleImagePath());
        const TrainParams expected = customParams();
        QVERIFY(session->controller().lossWeights() == expected.weights);
        QVERIFY(session->window().controlPanel()->weights() == expected.weights);
        const ui::AdvancedValues advanced = session->window().controlPanel()->advanced();
        QCOMPARE(advanced.steps, 77);
        QCOMPARE(advanced.workingSize, 192);
        QCOMPARE(advanced.learningRate, 0.002);
        QCOMPARE(advanced.seed, 9ULL);
        QCOMPARE(session->settings().trainParams().steps, 77);
        QVERIFY(!session->controller().hasNetwork());  // a preset without a network trains from scratch
    }

    void renameAndDuplicate() {
        auto session = makeSession();
        PresetPresenter& presets = session->presetPresenter();
        QVERIFY(presets.saveLook(QStringLiteral("Rocket"), false));
        QVERIFY(presets.renamePreset(QStringLiteral("Rocket"), QStringLiteral("Night")));
        QCOMPARE(panel(*session).names(), QStringList{QStringLiteral("Night")});
        QVERIFY(presets.duplicatePreset(QStringLiteral("Night")));
        QCOMPARE(panel(*session).names(), (QStringList{QStringLiteral("Night"), QStringLiteral("Night (2)")}));
        QCOMPARE(panel(*session).currentName(), QStringLiteral("Night (2)"));
    }

    void renameToATakenName_showsAnError_changesNothing() {
        auto session = makeSession();
        PresetPresenter& presets = session->presetPresenter();
        QVERIFY(presets.saveLook(QStringLiteral("A"), false));
        QVERIFY(presets.saveLook(QStringLiteral("B"), false));
        QVERIFY(!presets.renamePreset(QStringLiteral("B"), QStringLiteral("a")));
        QVERIFY(failureShown(presets));
        QCOMPARE(panel(*session).names(), (QStringList{QStringLiteral("A"), QStringLiteral("B")}));
    }

    void delete_thenUndo_restoresIt() {
        auto session = makeSession();
        PresetPresenter& presets = session->presetPresenter();
        QVERIFY(presets.saveLook(QStringLiteral("Gone soon"), false));
        panel(*session).selectName(QStringLiteral("Gone soon"));
        panel(*session).actions().remove->trigger();  // the dock's Delete button
        QVERIFY(panel(*session).names().isEmpty());
        ui::MessageBar* bar = session->window().messageBar();
        QVERIFY2(bar->text().contains(QStringLiteral("Deleted “Gone soon”")), qPrintable(bar->text()));
        QCOMPARE(bar->messageActions(), QList<QAction*>{presets.undoAction()});
        presets.undoAction()->trigger();  // [Undo]
        QCOMPARE(panel(*session).names(), QStringList{QStringLiteral("Gone soon")});
        QVERIFY(presets.store().find(QStringLiteral("Gone soon")).ok());
        QVERIFY(!presets.undoRemove());  // one undo per delete
    }

    void importOfGarbage_showsAnError_changesNothing_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("text") << QByteArray("not a preset at all");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("json without files") << QByteArray(R"({"format":"hrstyle-preset","preset":{}})");
    }
    void importOfGarbage_showsAnError_changesNothing() {
        QFETCH(QByteArray, bytes);
        auto session = makeSession();
        PresetPresenter& presets = session->presetPresenter();
        QVERIFY(presets.saveLook(QStringLiteral("Keep"), false));
        const QString path = m_dir.filePath(QStringLiteral("garbage.hrstyle-preset"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes);
        file.close();
        QVERIFY(!presets.importFrom(path));
        QVERIFY(failureShown(presets));
        QCOMPARE(panel(*session).names(), QStringList{QStringLiteral("Keep")});
        QCOMPARE(QDir(PresetStore::defaultRoot()).entryList(QDir::Dirs | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("keep")});  // nothing half-imported left behind
    }

    void export_thenImport_roundTrips() {
        auto session = makeSession();
        PresetPresenter& presets = session->presetPresenter();
        session->document().applyLook(customParams());
        QVERIFY(presets.saveLook(QStringLiteral("Shared"), false));
        const QString file = m_dir.filePath(QStringLiteral("shared.hrstyle-preset"));
        QFile::remove(file);
        QVERIFY(presets.exportTo(QStringLiteral("Shared"), file));
        QVERIFY(presets.importFrom(file));
        QCOMPARE(panel(*session).names(), (QStringList{QStringLiteral("Shared"), QStringLiteral("Shared (2)")}));
        const Preset original = presets.store().find(QStringLiteral("Shared"))->preset;
        Preset imported = presets.store().find(QStringLiteral("Shared (2)"))->preset;
        imported.name = original.name;
        QVERIFY(imported == original);
        QVERIFY(!panel(*session).thumbnail(QStringLiteral("Shared (2)")).isNull());
    }
};

}  // namespace hrstyle::test

QTEST_MAIN(hrstyle::test::tst_PresetPresenter)
#include "tst_PresetPresenter.moc"
