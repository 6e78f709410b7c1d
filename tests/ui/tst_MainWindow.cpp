// MainWindow: layout pieces exist and do not overlap, drops route to the right role, training buttons.
#include <QAction>
#include <QSignalSpy>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "ControlPanel.h"
#include "DropHelpers.h"
#include "ImageView.h"
#include "LossChart.h"
#include "MainWindow.h"
#include "ResultView.h"

namespace hrstyle::ui::test {

class tst_MainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void drop_routesToRole_data() {
        QTest::addColumn<int>("pane");  // 0 content, 1 style, 2 result
        QTest::addColumn<int>("role");
        QTest::newRow("content pane") << 0 << static_cast<int>(ImageRole::Content);
        QTest::newRow("style pane") << 1 << static_cast<int>(ImageRole::Style);
        QTest::newRow("result pane means a new photo") << 2 << static_cast<int>(ImageRole::Content);
    }

    void drop_routesToRole() {
        QFETCH(int, pane);
        QFETCH(int, role);
        MainWindow window;
        window.show();
        QSignalSpy chosen(&window, &MainWindow::imageFileChosen);
        QWidget* target = pane == 0   ? static_cast<QWidget*>(window.imageView(ImageRole::Content))
                          : pane == 1 ? static_cast<QWidget*>(window.imageView(ImageRole::Style))
                                      : static_cast<QWidget*>(window.resultView());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("dropped.png"));
        QVERIFY(dropFile(target, path).dropAccepted);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).value<ImageRole>(), static_cast<ImageRole>(role));
        QCOMPARE(chosen.at(0).at(1).toString(), path);
    }

    void trainingButtons_followState() {
        MainWindow window;
        window.setTrainingButtons(false, true, false, false);
        QVERIFY(!window.actions().train->isEnabled());
        QVERIFY(window.actions().stop->isEnabled());
        window.setTrainingButtons(true, false, true, true);
        QVERIFY(window.actions().train->isEnabled());
        QVERIFY(!window.actions().stop->isEnabled());
        QVERIFY(window.actions().continueTraining->isEnabled());
    }

    void layout_at1280x800_hasNoOverlaps() {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto globalRect = [](QWidget* w) { return QRect(w->mapToGlobal(QPoint(0, 0)), w->size()); };
        const QRect content = globalRect(window.imageView(ImageRole::Content));
        const QRect style = globalRect(window.imageView(ImageRole::Style));
        const QRect result = globalRect(window.resultView());
        const QRect controls = globalRect(window.controlPanel()->parentWidget());  // the scroll area viewport
        const QRect chart = globalRect(window.lossChart());
        const QList<QRect> rects{content, style, result, controls, chart};
        for (int i = 0; i < rects.size(); ++i) {
            QVERIFY2(rects[i].width() > 100 && rects[i].height() > 80, qPrintable(QString::number(i)));
            for (int j = i + 1; j < rects.size(); ++j) {
                QVERIFY2(!rects[i].intersects(rects[j]), qPrintable(QStringLiteral("%1 overlaps %2").arg(i).arg(j)));
            }
        }
        QVERIFY(result.width() > content.width());  // the result is the largest pane
        QVERIFY(controls.left() >= result.right());  // controls on the right
        QVERIFY(chart.top() >= result.bottom());     // chart at the bottom
    }

    void holdCompareButton_showsBefore() {
        MainWindow window;
        window.show();
        QTest::mousePress(window.holdCompareButton(), Qt::LeftButton);
        QVERIFY(window.resultView()->showingBefore());
        QTest::mouseRelease(window.holdCompareButton(), Qt::LeftButton);
        QVERIFY(!window.resultView()->showingBefore());
    }

    void paneLayout_roundTrips() {
        QByteArray saved;
        QList<int> sizes;
        {
            MainWindow window;
            window.resize(1280, 800);
            window.show();
            auto* splitter = window.findChild<QSplitter*>(QStringLiteral("imagesSplitter"));
            QVERIFY(splitter);
            splitter->setSizes({400, 500});
            sizes = splitter->sizes();
            saved = window.savePaneLayout();
        }
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.restorePaneLayout(saved));
        QCOMPARE(window.findChild<QSplitter*>(QStringLiteral("imagesSplitter"))->sizes(), sizes);
        QVERIFY(!window.restorePaneLayout(QByteArray("garbage")));
    }

    void splitAction_togglesComparison() {
        MainWindow window;
        window.actions().splitCompare->trigger();
        QVERIFY(window.resultView()->splitCompare());
        window.actions().splitCompare->trigger();
        QVERIFY(!window.resultView()->splitCompare());
    }
};

}  // namespace hrstyle::ui::test

QTEST_MAIN(hrstyle::ui::test::tst_MainWindow)
#include "tst_MainWindow.moc"
