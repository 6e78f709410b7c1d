// ImageView: fitting, and dropping files on it.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "DropHelpers.h"
#include "ImageView.h"

namespace hrstyle::ui::test {

class tst_ImageView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void drop_data() {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("png") << QStringLiteral("photo.png") << true;
        QTest::newRow("upper-case JPG") << QStringLiteral("photo.JPG") << true;
        QTest::newRow("text file") << QStringLiteral("notes.txt") << false;
        QTest::newRow("no suffix") << QStringLiteral("README") << false;
    }

    void drop() {
        QFETCH(QString, fileName);
        QFETCH(bool, accepted);
        QTemporaryDir dir;
        const QString path = dir.filePath(fileName);
        ImageView view(QStringLiteral("Content"));
        view.resize(200, 150);
        QSignalSpy dropped(&view, &ImageView::fileDropped);

        const DropResult result = dropFile(&view, path);

        QCOMPARE(result.enterAccepted, accepted);
        QCOMPARE(result.dropAccepted, accepted);
        QCOMPARE(dropped.count(), accepted ? 1 : 0);
        if (accepted) {
            QCOMPARE(dropped.at(0).at(0).toString(), path);
        }
    }

    void fittedImage_keepsAspectAndCentres() {
        ImageView view(QStringLiteral("Style"));
        view.resize(400, 200);
        QImage image(100, 100, QImage::Format_RGB32);
        image.fill(Qt::red);
        view.setImage(image);
        const QImage shot = view.grab().toImage();
        // A square image in a 2:1 pane: red in the middle, the dark surround left and right.
        QCOMPARE(QColor(shot.pixel(200, 100)), QColor(Qt::red));
        QVERIFY(QColor(shot.pixel(20, 100)) != QColor(Qt::red));
        QVERIFY(QColor(shot.pixel(380, 100)) != QColor(Qt::red));
        QCOMPARE(QColor(shot.pixel(110, 100)), QColor(Qt::red));
    }

    void clearImage_showsPlaceholder() {
        ImageView view(QStringLiteral("Style"));
        QImage image(10, 10, QImage::Format_RGB32);
        image.fill(Qt::blue);
        view.setImage(image);
        QVERIFY(view.hasImage());
        view.clearImage();
        QVERIFY(!view.hasImage());
    }
};

}  // namespace hrstyle::ui::test

QTEST_MAIN(hrstyle::ui::test::tst_ImageView)
#include "tst_ImageView.moc"
