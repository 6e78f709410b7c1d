// `hrstyle-cli apply --strength/--colour`: 0 % gives the photo back pixel for pixel, the choices are embedded
// in the output's settings, and a mode that does not exist is a usage error.
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "CliTestSupport.h"

using namespace hrstyle::test;

class TstCliLook : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QImage photo(64, 48, QImage::Format_RGB888);
        for (int y = 0; y < photo.height(); ++y) {
            for (int x = 0; x < photo.width(); ++x) photo.setPixel(x, y, qRgb(x * 4, y * 5, (x * y) % 256));
        }
        QVERIFY(photo.save(file("photo.png")));
        QVERIFY(photo.mirrored(true, false).save(file("style.png")));
        const ProcessResult trained =
            runCli({"train", "--content", file("photo.png"), "--style", file("style.png"), "--random-features",
                    "--size", "48", "--steps", "3", "--out-model", file("model.safetensors"), "--quiet"});
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
    }

    void zeroStrengthGivesThePhotoBack() {
        const ProcessResult applied = runCli({"apply", "--model", file("model.safetensors"), "--in", file("photo.png"),
                                              "--out", file("none.png"), "--strength", "0", "--colour", "keep"});
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
        QCOMPARE(QImage(file("none.png")).convertToFormat(QImage::Format_RGB888),
                 QImage(file("photo.png")).convertToFormat(QImage::Format_RGB888));
        const ProcessResult full = runCli({"apply", "--model", file("model.safetensors"), "--in", file("photo.png"),
                                           "--out", file("full.png")});
        QVERIFY(QImage(file("full.png")) != QImage(file("none.png")));  // the look does change the photo

        const ProcessResult info = runCli({"info", file("none.png")});
        QCOMPARE(info.exitCode, 0);
        const QJsonObject settings = lastJsonLine(info.out);
        QCOMPARE(settings.value("strength").toString(), QString("0"));
        QCOMPARE(settings.value("colour_mode").toString(), QString("keep"));
    }

    void unknownColourModeIsAUsageError() {
        const ProcessResult refused = runCli({"apply", "--model", file("model.safetensors"), "--in", file("photo.png"),
                                              "--out", file("never.png"), "--colour", "sepia"});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("--colour expects full, keep or only"), qPrintable(refused.err));
        QVERIFY(!QFile::exists(file("never.png")));
    }

private:
    QString file(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

QTEST_MAIN(TstCliLook)
#include "tst_CliLook.moc"
