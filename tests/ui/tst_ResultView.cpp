// ResultView: fit / 100% / wheel zoom around the cursor, panning within bounds, and both comparisons.
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include "ResultView.h"

namespace hrstyle::ui::test {
namespace {

QImage filled(int width, int height, QColor color) {
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(color);
    return image;
}

void wheel(QWidget* widget, QPoint at, int delta) {
    QWheelEvent event(at, widget->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(widget, &event);
}

}  // namespace

class tst_ResultView : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<ResultView> makeView() {
        auto view = std::make_unique<ResultView>();
        view->resize(400, 300);
        view->setImage(filled(800, 600, Qt::green));
        view->setBeforeImage(filled(1600, 1200, Qt::blue));
        view->show();
        return view;
    }

private Q_SLOTS:
    void startsFitted() {
        auto view = makeView();
        QVERIFY(view->isFitted());
        QCOMPARE(view->zoom(), 0.5);
    }

    void actualSize_isOnePixelPerPixel() {
        auto view = makeView();
        QSignalSpy zoomed(view.get(), &ResultView::zoomChanged);
        view->zoomToActualSize();
        QVERIFY(!view->isFitted());
        QCOMPARE(view->zoom(), 1.0);
        QCOMPARE(zoomed.count(), 1);
        view->zoomToFit();
        QVERIFY(view->isFitted());
    }

    void wheel_zoomsAroundCursor() {
        auto view = makeView();
        view->zoomToActualSize();
        // Mark one image pixel under the cursor, then check it is still under the cursor after zooming.
        QImage marked = filled(800, 600, Qt::green);
        const QPoint cursor(300, 100);
        const QPoint imagePixel = cursor - QPoint(200, 150) + QPoint(400, 300);
        for (int dy = -3; dy <= 3; ++dy) {
            for (int dx = -3; dx <= 3; ++dx) {
                marked.setPixelColor(imagePixel + QPoint(dx, dy), Qt::red);
            }
        }
        view->setImage(marked);
        wheel(view.get(), cursor, 120);
        QCOMPARE(view->zoom(), ResultView::kWheelStep);
        QCOMPARE(QColor(view->grab().toImage().pixel(cursor)), QColor(Qt::red));
        wheel(view.get(), cursor, -240);
        QCOMPARE(QColor(view->grab().toImage().pixel(cursor)), QColor(Qt::red));
    }

    void zoom_isBounded_data() {
        QTest::addColumn<int>("notches");
        QTest::addColumn<double>("expected");
        QTest::newRow("far in") << 60 << ResultView::kMaxZoom;
        QTest::newRow("far out") << -60 << ResultView::kMinZoom;
    }

    void zoom_isBounded() {
        QFETCH(int, notches);
        QFETCH(double, expected);
        auto view = makeView();
        wheel(view.get(), QPoint(200, 150), notches * 120);
        QCOMPARE(view->zoom(), expected);
    }

    void pan_staysWithinImage() {
        auto view = makeView();
        view->zoomToActualSize();
        // Three drags of 380 px each: far more than the 200 px the image extends past the pane.
        for (int i = 0; i < 3; ++i) {
            QTest::mousePress(view.get(), Qt::LeftButton, Qt::NoModifier, QPoint(10, 10));
            QTest::mouseMove(view.get(), QPoint(390, 290));
            QTest::mouseRelease(view.get(), Qt::LeftButton, Qt::NoModifier, QPoint(390, 290));
        }
        // The image's top-left corner stops at the pane's: no empty surround shows.
        const QImage shot = view->grab().toImage();
        QCOMPARE(QColor(shot.pixel(1, 1)), QColor(Qt::green));
        QCOMPARE(QColor(shot.pixel(398, 298)), QColor(Qt::green));
    }

    void newPreview_keepsZoom_clampedToItsSize() {
        auto view = makeView();
        view->zoomToActualSize();
        wheel(view.get(), QPoint(390, 290), 120);  // zoomed in near a corner
        const double zoom = view->zoom();
        view->setImage(filled(100, 80, Qt::red));  // e.g. a smaller working size
        QCOMPARE(view->zoom(), zoom);               // a live preview does not reset the view
        QCOMPARE(QColor(view->grab().toImage().pixel(200, 150)), QColor(Qt::red));  // re-centred, not lost
    }

    void splitCompare_showsBeforeLeftOfLine() {
        auto view = makeView();
        view->setSplitCompare(true);
        view->setSplitPosition(0.5);
        QImage shot = view->grab().toImage();
        QCOMPARE(QColor(shot.pixel(100, 200)), QColor(Qt::blue));
        QCOMPARE(QColor(shot.pixel(300, 200)), QColor(Qt::green));

        // Drag the line from the middle to three quarters.
        QTest::mousePress(view.get(), Qt::LeftButton, Qt::NoModifier, QPoint(200, 150));
        QTest::mouseMove(view.get(), QPoint(300, 150));
        QTest::mouseRelease(view.get(), Qt::LeftButton, Qt::NoModifier, QPoint(300, 150));
        QCOMPARE(view->splitPosition(), 0.75);
        shot = view->grab().toImage();
        QCOMPARE(QColor(shot.pixel(250, 200)), QColor(Qt::blue));
    }

    void holdCompare_showsBeforeWhileHeld() {
        auto view = makeView();
        view->setShowingBefore(true);
        QCOMPARE(QColor(view->grab().toImage().pixel(200, 100)), QColor(Qt::blue));
        view->setShowingBefore(false);
        QCOMPARE(QColor(view->grab().toImage().pixel(200, 100)), QColor(Qt::green));
    }
};

}  // namespace hrstyle::ui::test

QTEST_MAIN(hrstyle::ui::test::tst_ResultView)
#include "tst_ResultView.moc"
