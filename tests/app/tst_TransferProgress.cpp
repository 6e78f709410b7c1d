// The numbers and text behind the CLI's progress line and the GUI's download bar.
#include <QtTest>

#include "TransferProgress.h"

using namespace hrstyle;

class TstTransferProgress : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void formatBytes_data() {
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QString>("text");
        QTest::newRow("bytes") << qint64(512) << "512 B";
        QTest::newRow("kilobytes") << qint64(12345) << "12.3 kB";
        QTest::newRow("vgg19 full file") << qint64(574673361) << "574.7 MB";
        QTest::newRow("gigabytes") << qint64(1250000000) << "1.25 GB";
    }
    void formatBytes() {
        QFETCH(qint64, bytes);
        QFETCH(QString, text);
        QCOMPARE(hrstyle::formatBytes(bytes), text);
    }

    void formatDuration_data() {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("unknown") << -1.0 << "";
        QTest::newRow("rounded up") << 41.2 << "42 s";
        QTest::newRow("minutes") << 185.0 << "3 min 05 s";
        QTest::newRow("hours") << 3720.0 << "1 h 02 min";
    }
    void formatDuration() {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(hrstyle::formatDuration(seconds), text);
    }

    void formatTransferProgress_data() {
        QTest::addColumn<qint64>("received");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<double>("speed");
        QTest::addColumn<double>("left");
        QTest::addColumn<QString>("text");
        QTest::newRow("everything known") << qint64(123400000) << qint64(575000000) << 8.1e6 << 56.0
                                          << "123.4 MB of 575.0 MB (21%), 8.1 MB/s, 56 s left";
        QTest::newRow("no total") << qint64(2000000) << qint64(-1) << 1.0e6 << -1.0 << "2.0 MB, 1.0 MB/s";
        QTest::newRow("no speed yet") << qint64(0) << qint64(1000) << 0.0 << -1.0 << "0 B of 1.0 kB (0%)";
        QTest::newRow("complete") << qint64(1000) << qint64(1000) << 0.0 << -1.0 << "1.0 kB of 1.0 kB (100%)";
    }
    void formatTransferProgress() {
        QFETCH(qint64, received);
        QFETCH(qint64, total);
        QFETCH(double, speed);
        QFETCH(double, left);
        QFETCH(QString, text);
        QCOMPARE(hrstyle::formatTransferProgress(received, total, speed, left), text);
    }

    void rateMeterIgnoresShortIntervalsAndSmooths() {
        TransferRateMeter meter;
        meter.reset(5000, 0);  // a resumed download: the first 5000 bytes were not transferred now
        meter.addSample(100000, 100);
        QCOMPARE(meter.bytesPerSecond(), 0.0);  // 100 ms is too short to measure
        meter.addSample(1005000, 1000);
        QCOMPARE(meter.bytesPerSecond(), 1.0e6);  // (1005000 - 5000) bytes in one second
        meter.addSample(1005000, 2000);           // a stalled second pulls the estimate down, not to zero
        QCOMPARE(meter.bytesPerSecond(), 0.7e6);
    }

    void secondsLeftNeedsTotalAndSpeed() {
        QCOMPARE(hrstyle::secondsLeft(250, 1250, 100.0), 10.0);
        QCOMPARE(hrstyle::secondsLeft(250, -1, 100.0), -1.0);
        QCOMPARE(hrstyle::secondsLeft(250, 1250, 0.0), -1.0);
    }
};

QTEST_GUILESS_MAIN(TstTransferProgress)
#include "tst_TransferProgress.moc"
