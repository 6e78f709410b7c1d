// `hrstyle-cli apply --memory-limit`: a photo whose whole-image pass does not fit the budget goes through in
// tiles and the process's peak resident memory (measured from outside, by the parent's wait4) stays under it.
// Photos over the pixel limit are refused before decoding; a limit that is not a size is a usage error.
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QtTest>

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cmath>
#include <vector>

#include "CliTestSupport.h"

extern char** environ;

using namespace hrstyle::test;

namespace {

struct MeasuredRun {
    int exitCode = -1;
    long peakResidentKb = 0;  // the child's maximum resident set size (getrusage's ru_maxrss)
};

// Runs hrstyle-cli with `args` and measures that one child's peak resident memory (QProcess cannot).
MeasuredRun runCliMeasured(const QStringList& args) {
    std::vector<QByteArray> storage{QByteArray(HRSTYLE_CLI_PATH)};
    for (const QString& arg : args) storage.push_back(arg.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& arg : storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    MeasuredRun run;
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return run;
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid) return run;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.peakResidentKb = usage.ru_maxrss;
    return run;
}

// A photo-like test image: soft gradients, a few hard-edged shapes and fine stripes.
QImage makePhoto(int width, int height) {
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < width; ++x) {
            line[3 * x] = uchar(255 * x / width);
            line[3 * x + 1] = uchar(255 * y / height);
            line[3 * x + 2] = uchar(128 + 100 * std::sin(x * 0.05) * std::cos(y * 0.03));
        }
    }
    QPainter painter(&image);
    painter.fillRect(width / 5, height / 4, width / 4, height / 3, QColor(220, 40, 30));
    painter.setBrush(QColor(30, 60, 200));
    painter.drawEllipse(QPoint(width * 2 / 3, height / 2), width / 6, height / 5);
    for (int x = 0; x < width / 8; x += 4) painter.fillRect(width * 3 / 4 + x, height / 10, 2, height / 8, Qt::white);
    return image;
}

}  // namespace

class TstCliMemoryBudget : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(makePhoto(600, 450).save(file("photo.png")));
        QVERIFY(makePhoto(96, 64).mirrored(true, false).save(file("style.png")));
        const ProcessResult trained =
            runCli({"train", "--content", file("photo.png"), "--style", file("style.png"), "--random-features",
                    "--size", "96", "--steps", "20", "--out-model", file("model.safetensors"), "--quiet"});
        QVERIFY2(trained.exitCode == 0, qPrintable(trained.err));
    }

    void tiledRunStaysWithinTheBudget() {
        constexpr long kBudgetMb = 400;
        const MeasuredRun tiled = runCliMeasured({"apply", "--model", file("model.safetensors"), "--in", file("photo.png"),
                                                  "--out", file("tiled.png"), "--memory-limit",
                                                  QString::number(kBudgetMb) + "M"});
        QCOMPARE(tiled.exitCode, 0);
        QVERIFY2(tiled.peakResidentKb <= kBudgetMb * 1024,
                 qPrintable(QString("peak %1 MB over the %2 MB budget").arg(tiled.peakResidentKb / 1024).arg(kBudgetMb)));
        QCOMPARE(QImage(file("tiled.png")).size(), QSize(600, 450));
        // The same photo in one pass takes more than the budget: the run above was tiled. (How close tiles come
        // to the whole-image result is tst_TiledInference's, where the statistics' scale is under control.)
        const MeasuredRun whole = runCliMeasured({"apply", "--model", file("model.safetensors"), "--in", file("photo.png"),
                                                  "--out", file("whole.png"), "--memory-limit", "16G"});
        QCOMPARE(whole.exitCode, 0);
        QVERIFY2(whole.peakResidentKb > kBudgetMb * 1024, "the whole-image run fits the budget: nothing was tiled");
    }

    void trainingOverTheLimitIsRefusedAndTheSizeItNamesFits() {
        constexpr long kBudgetMb = 1000;
        const QString limit = QString::number(kBudgetMb) + "M";
        const ProcessResult refused = runCli({"train", "--content", file("photo.png"), "--style", file("style.png"),
                                              "--random-features", "--size", "600", "--steps", "2", "--memory-limit",
                                              limit, "--out-image", file("never.png"), "--quiet"});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("over the memory limit of 1000 MB"), qPrintable(refused.err));
        QVERIFY(!QFile::exists(file("never.png")));
        const QString size = QRegularExpression("working size of (\\d+) px").match(refused.err).captured(1);
        QVERIFY2(size.toInt() >= 64 && size.toInt() < 600, qPrintable(refused.err));
        const MeasuredRun trained = runCliMeasured({"train", "--content", file("photo.png"), "--style", file("style.png"),
                                                    "--random-features", "--size", size, "--steps", "2",
                                                    "--memory-limit", limit, "--quiet"});
        QCOMPARE(trained.exitCode, 0);
        QVERIFY2(trained.peakResidentKb <= kBudgetMb * 1024,
                 qPrintable(QString("peak %1 MB over the %2 MB limit at %3 px").arg(trained.peakResidentKb / 1024)
                                .arg(kBudgetMb).arg(size)));
    }

    void photoOverThePixelLimitIsRefusedBeforeDecoding() {
        // A PNG header claiming 20000 x 20000 pixels (400 MP): more than a 2 GB budget holds.
        QByteArray png = QByteArray::fromHex("89504e470d0a1a0a0000000d49484452");
        png += QByteArray::fromHex("00004e2000004e200802000000");
        png += QByteArray(4, '\0');  // CRC: never read, the size check comes first
        QFile out(file("huge.png"));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(png);
        out.close();
        const ProcessResult refused = runCli({"apply", "--model", file("model.safetensors"), "--in", file("huge.png"),
                                              "--out", file("huge-out.png")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("20000x20000 pixels is more than the"), qPrintable(refused.err));
        QVERIFY(!QFile::exists(file("huge-out.png")));
    }

    void memoryLimitMustBeASize_data() {
        QTest::addColumn<QString>("limit");
        QTest::newRow("too small") << "10M";
        QTest::newRow("not a size") << "lots";
        QTest::newRow("negative") << "-2G";
    }
    void memoryLimitMustBeASize() {
        QFETCH(QString, limit);
        const ProcessResult refused = runCli({"apply", "--model", file("model.safetensors"), "--in", file("photo.png"),
                                              "--out", file("never.png"), "--memory-limit", limit});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("--memory-limit"), qPrintable(refused.err));
    }

private:
    QString file(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

QTEST_MAIN(TstCliMemoryBudget)
#include "tst_CliMemoryBudget.moc"
