#pragma once
// Speed and time-left for a download, and the one-line text both the CLI's progress line and the GUI's
// download bar show ("123.4 MB of 575.3 MB (21%), 8.1 MB/s, 56 s left"). Units are decimal (1 MB = 10^6
// bytes), as browsers and the Hugging Face hub show file sizes. Not thread-safe; GUI-thread values.
#include <QString>
#include <QtGlobal>

namespace hrstyle {

// Bytes per second from a running byte count, smoothed (exponential moving average over >= 250 ms intervals)
// so that the time-left estimate does not jump with every network packet.
class TransferRateMeter {
public:
    // `bytes` already present (a resumed download) at time `msecs` (any monotonic clock, e.g. QElapsedTimer).
    void reset(qint64 bytes, qint64 msecs);
    // Cumulative byte count at time `msecs`.
    void addSample(qint64 bytes, qint64 msecs);
    // 0 until the first interval has been measured.
    double bytesPerSecond() const { return m_rate; }

private:
    qint64 m_lastBytes = 0;
    qint64 m_lastMsecs = 0;
    double m_rate = 0.0;
    bool m_hasRate = false;
};

// Seconds until `total`, or -1 when the total or the speed is unknown.
double secondsLeft(qint64 received, qint64 total, double bytesPerSecond);

QString formatBytes(qint64 bytes);       // "512 B", "12.3 kB", "575.3 MB", "1.25 GB"
QString formatDuration(double seconds);  // "42 s", "3 min 05 s", "1 h 02 min"; "" when negative (unknown)

// `total` < 0 and `bytesPerSecond` <= 0 / `secondsLeftValue` < 0 mean unknown and leave their part out.
QString formatTransferProgress(qint64 received, qint64 total, double bytesPerSecond, double secondsLeftValue);

}  // namespace hrstyle
