// The whole window (AppSession) against a fake trainer, driven through the real widgets with QTest:
// Train enables Stop, a dropped file loads, a slider drag reaches the running training and marks the chart,
// errors land in the message bar, and the session is remembered.
#include <QAction>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QSpinBox>
#include <QToolButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "AppSession.h"
#include "ControlPanel.h"
#include "ImageView.h"
#include "LossChart.h"
#include "MessageBar.h"
#include "ResultView.h"
#include "WeightSlider.h"
#include "fakes/FakeTrainingBackend.h"
#include "../ui/DropHelpers.h"

using namespace std::chrono_literals;

namespace hrstyle::test {

class tst_AppPresenter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::shared_ptr<FakeLog> m_log;

    QString writeImage(const QString& name, QColor color, QSize size = {64, 48}) {
        QImage image(size, QImage::Format_RGB32);
        image.fill(color);
        const QString path = m_dir.filePath(name);
        image.save(path);
        return path;
    }

    QString settingsPath() const { return m_dir.filePath(QStringLiteral("settings.ini")); }

    std::unique_ptr<AppSession> makeSession(std::chrono::microseconds stepTime = 2ms) {
        FakeOptions options;
        options.stepTime = stepTime;
        m_log = std::make_shared<FakeLog>();
        auto store = std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat);
        StartupInfo startup{QStringLiteral("CPU, 2 threads"), QStringLiteral("random features (no VGG19 weights)"), true};
        auto session = std::make_unique<AppSession>(std::make_unique<FakeTrainingBackend>(options, m_log), startup,
                                                    std::move(store), false);
        session->window().show();
        return session;
    }

private Q_SLOTS:
    void initTestCase() {
        // A private HOME in Qt's test mode: the session's preset store and weights lookup never see the user's.
        QVERIFY(m_dir.isValid());
        qputenv("HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("home"))));
        QStandardPaths::setTestModeEnabled(true);
    }

    void init() { QFile::remove(settingsPath()); }

    void startsOnBundledSamples() {
        auto session = makeSession();
        QVERIFY(session->window().imageView(ui::ImageRole::Content)->hasImage());
        QVERIFY(session->window().imageView(ui::ImageRole::Style)->hasImage());
        QVERIFY(session->document().imagePath(ui::ImageRole::Content).endsWith(QLatin1String("chelsea.png")));
        QVERIFY(session->document().imagePath(ui::ImageRole::Style).endsWith(QLatin1String("rocket.jpg")));
        QVERIFY(session->window().actions().train->isEnabled());  // can train at once
        QVERIFY(session->window().statusText().contains(QLatin1String("random features")));
        QVERIFY(session->window().statusText().contains(QLatin1String("CPU")));
    }

    void clickingTrain_enablesStop() {
        auto session = makeSession(20ms);
        ui::MainWindow& window = session->window();
        QVERIFY(!window.actions().stop->isEnabled());
        QToolButton* trainButton = nullptr;
        for (QToolButton* button : window.controlPanel()->findChildren<QToolButton*>()) {
            if (button->defaultAction() == window.actions().train) {
                trainButton = button;
            }
        }
        QVERIFY(trainButton);
        QSignalSpy losses(&session->controller(), &TrainingController::lossesReady);
        QTest::mouseClick(trainButton, Qt::LeftButton);
        QVERIFY(window.actions().stop->isEnabled());
        QVERIFY(!window.actions().train->isEnabled());

        QSignalSpy finished(&session->controller(), &TrainingController::finished);
        QVERIFY(losses.count() > 0 || losses.wait(3000));  // a network exists once steps run
        window.actions().stop->trigger();
        QVERIFY(finished.wait(3000));
        QVERIFY(!window.actions().stop->isEnabled());
        QVERIFY(window.actions().continueTraining->isEnabled());
    }

    void droppedFile_loads() {
        auto session = makeSession();
        const QString path = writeImage(QStringLiteral("red.png"), Qt::red);
        ui::ImageView* contentView = session->window().imageView(ui::ImageRole::Content);
        QVERIFY(hrstyle::ui::test::dropFile(contentView, path).dropAccepted);
        QCOMPARE(session->document().imagePath(ui::ImageRole::Content), path);
        QCOMPARE(contentView->imageSize(), QSize(64, 48));
        QCOMPARE(session->controller().setup().contentPath, path);
        QCOMPARE(session->settings().contentPath(), path);
        QCOMPARE(session->settings().recentFiles(SettingKey::RecentContent).value(0), path);
    }

    void unreadableFile_showsMessage_keepsPreviousImage() {
        auto session = makeSession();
        const QString previous = session->document().imagePath(ui::ImageRole::Style);
        const QString broken = m_dir.filePath(QStringLiteral("broken.png"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a png");
        file.close();
        QVERIFY(!session->documentPresenter().openImage(ui::ImageRole::Style, broken));
        ui::MessageBar* bar = session->window().messageBar();
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->level(), ui::MessageBar::Level::Error);
        QVERIFY2(bar->text().contains(QLatin1String("broken.png")), qPrintable(bar->text()));
        QVERIFY(bar->text().contains(QLatin1String("previous image is kept")));
        QCOMPARE(session->document().imagePath(ui::ImageRole::Style), previous);
        QVERIFY(session->window().imageView(ui::ImageRole::Style)->hasImage());
    }

    void trainingShowsPreviewProgressAndChart() {
        auto session = makeSession();
        TrainingController& controller = session->controller();
        QSignalSpy finished(&controller, &TrainingController::finished);
        session->window().actions().train->trigger();
        QVERIFY(finished.wait(5000));
        QVERIFY(session->window().resultView()->hasImage());
        QTRY_COMPARE(session->window().lossChart()->pointCount(), session->settings().trainParams().steps);
    }

    void strengthChangesThePreviewAtOnceWithoutTraining() {
        auto session = makeSession();
        QSignalSpy finished(&session->controller(), &TrainingController::finished);
        session->window().actions().train->trigger();
        QVERIFY(finished.wait(5000));
        ui::ResultView* result = session->window().resultView();
        QTRY_VERIFY(result->hasImage());
        const QImage network = result->image().convertToFormat(QImage::Format_RGB888);
        const std::size_t stepsBefore = m_log->weights().size();

        auto* strength = session->window().controlPanel()->findChild<QSlider*>(QStringLiteral("strength"));
        QVERIFY(strength);
        strength->setFocus();
        QTest::keyClick(strength, Qt::Key_Home);  // 0 %: the photo itself, at the preview's size
        const QImage shown = result->image().convertToFormat(QImage::Format_RGB888);
        const QImage photo = session->document()
                                 .image(ui::ImageRole::Content)
                                 .scaled(network.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                                 .convertToFormat(QImage::Format_RGB888);
        QVERIFY(shown != network);
        QCOMPARE(shown, photo);
        QCOMPARE(session->document().look().strength, 0.0);
        QCOMPARE(m_log->weights().size(), stepsBefore);  // no training step ran
        QVERIFY(session->controller().isIdle());
    }

    void sliderDragWhileTraining_reachesTrainer_andMarksChart() {
        auto session = makeSession(5ms);
        TrainingController& controller = session->controller();
        QSignalSpy losses(&controller, &TrainingController::lossesReady);
        QSignalSpy applied(&controller, &TrainingController::weightsApplied);
        session->window().actions().train->trigger();
        QVERIFY(losses.wait(3000));

        ui::WeightSlider* style = session->window().controlPanel()->weightSlider(1);
        QSlider* bar = style->slider();
        bar->setFocus();
        QTest::keyClick(bar, Qt::Key_PageUp);  // a real user edit through the slider
        QVERIFY(applied.wait(2000));
        QCOMPARE(applied.at(0).at(1).value<LossWeights>().style, style->value());
        QVERIFY(style->value() > 1.0);
        QTRY_VERIFY(m_log->weights().back().style == style->value());
        QTRY_COMPARE(session->window().lossChart()->markerCount(), 1);
        session->window().actions().stop->trigger();
        QTRY_VERIFY(controller.isIdle());
    }

    void trainingFailure_showsMessageBar() {
        FakeOptions options;
        options.failAtStep = 2;
        m_log = std::make_shared<FakeLog>();
        AppSession session(std::make_unique<FakeTrainingBackend>(options, m_log), StartupInfo{},
                           std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat), false);
        QSignalSpy failed(&session.controller(), &TrainingController::failed);
        session.window().actions().train->trigger();
        QVERIFY(failed.wait(3000));
        ui::MessageBar* bar = session.window().messageBar();
        QVERIFY(!bar->isHidden());
        QVERIFY2(bar->text().contains(QLatin1String("NaN")), qPrintable(bar->text()));
        QVERIFY(bar->text().contains(QLatin1String("Continue")));  // says what to do next
        QVERIFY2(bar->text().contains(QLatin1String("learning rate")), qPrintable(bar->text()));  // for a NaN
        QCOMPARE(failed.at(0).at(1).value<ErrorKind>(), ErrorKind::Numerical);
        QVERIFY(bar->messageActions().contains(session.window().actions().continueTraining));
        QVERIFY(session.window().actions().train->isEnabled());
    }

    void sessionIsRemembered() {
        const QString content = writeImage(QStringLiteral("blue.png"), Qt::blue);
        {
            auto session = makeSession();
            session->documentPresenter().openImage(ui::ImageRole::Content, content);
            session->window().controlPanel()->weightSlider(0)->spinBox()->setValue(42.0);
            session->window().controlPanel()->workingSizeBox()->setValue(320);
            session->window().resize(1100, 700);
            session->window().close();
        }
        auto session = makeSession();
        QCOMPARE(session->document().imagePath(ui::ImageRole::Content), content);
        QCOMPARE(session->window().controlPanel()->weights().content, 42.0);
        QCOMPARE(session->window().controlPanel()->advanced().workingSize, 320);
        QCOMPARE(session->controller().setup().params.workingSize, 320);
        QCOMPARE(session->controller().lossWeights().content, 42.0);
        QCOMPARE(session->window().size(), QSize(1100, 700));
    }

    void closingWhileTraining_stopsQuickly() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("QThread|Destroyed")));
        auto session = makeSession(50ms);
        QSignalSpy losses(&session->controller(), &TrainingController::lossesReady);
        session->window().actions().train->trigger();
        QVERIFY(losses.wait(3000));
        QElapsedTimer timer;
        timer.start();
        session->window().close();
        session.reset();
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(m_log->sawCancel);
    }
};

}  // namespace hrstyle::test

QTEST_MAIN(hrstyle::test::tst_AppPresenter)
#include "tst_AppPresenter.moc"
