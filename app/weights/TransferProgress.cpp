#include "TransferProgress.h"

#include <cmath>

namespace hrstyle {

namespace {

constexpr qint64 kMinSampleIntervalMsecs = 250;
constexpr double kSmoothing = 0.3;  // weight of the newest interval: roughly a one-second memory

}  // namespace

void TransferRateMeter::reset(qint64 bytes, qint64 msecs) {
    m_lastBytes = bytes;
    m_lastMsecs = msecs;
    m_rate = 0.0;
    m_hasRate = false;
}

void TransferRateMeter::addSample(qint64 bytes, qint64 msecs) {
    const qint64 elapsed = msecs - m_lastMsecs;
    if (elapsed < kMinSampleIntervalMsecs) return;
    const double instant = double(bytes - m_lastBytes) * 1000.0 / double(elapsed);
    m_rate = m_hasRate ? (1.0 - kSmoothing) * m_rate + kSmoothing * instant : instant;
    m_hasRate = true;
    m_lastBytes = bytes;
    m_lastMsecs = msecs;
}

double secondsLeft(qint64 received, qint64 total, double bytesPerSecond) {
    if (total < 0 || bytesPerSecond <= 0.0) return -1.0;
    return double(qMax<qint64>(0, total - received)) / bytesPerSecond;
}

QString formatBytes(qint64 bytes) {
    if (bytes < 1000) return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1000 * 1000) return QStringLiteral("%1 kB").arg(double(bytes) / 1e3, 0, 'f', 1);
    if (bytes < 1000LL * 1000 * 1000) return QStringLiteral("%1 MB").arg(double(bytes) / 1e6, 0, 'f', 1);
    return QStringLiteral("%1 GB").arg(double(bytes) / 1e9, 0, 'f', 2);
}

QString formatDuration(double seconds) {
    if (seconds < 0 || !std::isfinite(seconds)) return {};
    const qint64 whole = qint64(std::ceil(seconds));
    if (whole < 60) return QStringLiteral("%1 s").arg(whole);
    if (whole < 3600) return QStringLiteral("%1 min %2 s").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min").arg(whole / 3600).arg((whole % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString formatTransferProgress(qint64 received, qint64 total, double bytesPerSecond, double secondsLeftValue) {
    QString text = formatBytes(received);
    if (total > 0) {
        const int percent = int(std::floor(100.0 * double(received) / double(total)));
        text += QStringLiteral(" of %1 (%2%)").arg(formatBytes(total)).arg(qBound(0, percent, 100));
    }
    if (bytesPerSecond > 0.0) text += QStringLiteral(", %1/s").arg(formatBytes(qint64(bytesPerSecond)));
    if (secondsLeftValue >= 0.0) text += QStringLiteral(", %1 left").arg(formatDuration(secondsLeftValue));
    return text;
}

}  // namespace hrstyle
