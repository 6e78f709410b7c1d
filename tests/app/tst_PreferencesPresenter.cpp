// Edit > Preferences… against a fake trainer: the dialog's values round-trip through the
// typed Settings, a wrong VGG19 file is refused with verifyVggFile's reason and changes nothing, a changed
// thread count reaches LibTorch (hrstyle::currentThreads), CUDA cannot be picked without a GPU, and a new
// default working size is used by the next training.
#include <QAction>
#include <QComboBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "AppSession.h"
#include "VggWeightsFile.h"
#include "fakes/FakeTrainingBackend.h"
#include "hrstyle/Device.h"

namespace hrstyle::test {

class tst_PreferencesPresenter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<AppSession> makeSession(DeviceControl device = {&cudaAvailable, &configureThreads}) {
        const QString ini = m_dir.filePath(QStringLiteral("settings.ini"));
        QFile::remove(ini);
        auto store = std::make_unique<QSettings>(ini, QSettings::IniFormat);
        StartupInfo startup{QStringLiteral("CPU"), QStringLiteral("random features"), true};
        auto session = std::make_unique<AppSession>(
            std::make_unique<FakeTrainingBackend>(FakeOptions{}, std::make_shared<FakeLog>()), startup,
            std::move(store), false, ExportFunction{}, PresetEngine{}, std::move(device));
        session->window().show();
        return session;
    }

    QString writeFile(const QString& name, const QByteArray& bytes) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size() ? path
                                                                                                            : QString();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        qputenv("HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("home"))));
        QStandardPaths::setTestModeEnabled(true);
    }

    void valuesRoundTripThroughSettings_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("device");
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("workingSize");
        QTest::newRow("cpu, 3 threads, 512 px") << "https://example.org/vgg.safetensors" << "cpu" << 3 << 512;
        QTest::newRow("auto, all cores, 128 px") << "http://127.0.0.1:8000/x" << "auto" << 0 << 128;
    }
    void valuesRoundTripThroughSettings() {
        QFETCH(QString, url);
        QFETCH(QString, device);
        QFETCH(int, threads);
        QFETCH(int, workingSize);
        auto session = makeSession();
        PreferencesPresenter& preferences = session->preferencesPresenter();
        ui::PreferenceValues values;
        values.downloadUrl = url;
        values.device = device;
        values.cpuThreads = threads;
        values.defaultWorkingSize = workingSize;
        QVERIFY(preferences.apply(values));
        QCOMPARE(session->settings().vgg19DownloadUrl(), url);
        QCOMPARE(session->settings().device(), device);
        QCOMPARE(session->settings().cpuThreads(), threads);
        QCOMPARE(session->settings().defaultWorkingSize(), workingSize);
        // A new dialog shows what was stored, through the widgets.
        ui::PreferencesDialog* dialog = preferences.createDialog();
        QVERIFY(dialog->values() == values);
        dialog->close();
    }

    void preferencesAction_opensTheDialogWithTheSettings() {
        auto session = makeSession();
        session->window().actions().preferences->trigger();
        ui::PreferencesDialog* dialog = session->preferencesPresenter().openDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QVERIFY(dialog->values() == session->preferencesPresenter().currentValues());
        dialog->close();
    }

    void wrongVggFile_isRefusedWithItsReason() {
        auto session = makeSession();
        const QString wrong = writeFile(QStringLiteral("not-vgg.safetensors"), QByteArray("definitely not weights"));
        const QString reason = verifyVggFile(wrong);
        QVERIFY(!reason.isEmpty());
        ui::PreferencesDialog* dialog = session->preferencesPresenter().createDialog();
        QVERIFY(!dialog->chooseWeightsFile(wrong));  // what Browse does with the chosen file
        QVERIFY2(dialog->weightsProblem().contains(reason), qPrintable(dialog->weightsProblem()));
        QVERIFY(dialog->values().vgg19Path.isEmpty());

        // Typed in and OK pressed: the dialog stays open with the reason; nothing is stored.
        ui::PreferenceValues typed = dialog->values();
        typed.vgg19Path = wrong;
        dialog->setValues(typed);
        dialog->open();
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->weightsProblem().contains(reason));
        QVERIFY(session->settings().vgg19Path().isEmpty());
        dialog->close();

        // And through apply() (the presenter's own check): refused, the preference unchanged.
        QVERIFY(!session->preferencesPresenter().apply(typed));
        QVERIFY(session->settings().vgg19Path().isEmpty());
    }

    void changingThreads_callsConfigureThreads() {
        auto session = makeSession();
        ui::PreferenceValues values = session->preferencesPresenter().currentValues();
        for (int threads : {1, 3, 2}) {
            values.cpuThreads = threads;
            QVERIFY(session->preferencesPresenter().apply(values));
            QCOMPARE(currentThreads(), threads);
        }
    }

    void cudaCannotBePickedWithoutAGpu() {
        auto session = makeSession({[] { return false; }, &configureThreads});
        ui::PreferencesDialog* dialog = session->preferencesPresenter().createDialog();
        auto* model = qobject_cast<QStandardItemModel*>(dialog->deviceBox()->model());
        QVERIFY(model);
        const int cuda = dialog->deviceBox()->findData(QStringLiteral("cuda"));
        QVERIFY(cuda >= 0);
        QVERIFY(!model->item(cuda)->isEnabled());
        QVERIFY(model->item(dialog->deviceBox()->findData(QStringLiteral("cpu")))->isEnabled());
        dialog->close();
    }

    void newDefaultWorkingSize_isUsedByTheNextTraining() {
        auto session = makeSession();
        ui::PreferenceValues values = session->preferencesPresenter().currentValues();
        values.defaultWorkingSize = 320;
        QVERIFY(session->preferencesPresenter().apply(values));
        QCOMPARE(session->controller().setup().params.workingSize, 320);
    }
};

}  // namespace hrstyle::test

QTEST_MAIN(hrstyle::test::tst_PreferencesPresenter)
#include "tst_PreferencesPresenter.moc"
