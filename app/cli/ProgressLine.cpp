#include "ProgressLine.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace hrstyle::cli {

namespace {

constexpr auto kNonTerminalInterval = std::chrono::seconds(5);
constexpr auto kTerminalInterval = std::chrono::milliseconds(100);

std::string formatDuration(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    char text[32];
    if (s >= 3600) std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, (s / 60) % 60);
    else std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
    return text;
}

}  // namespace

ProgressLine::ProgressLine(int totalSteps, bool quiet)
    : m_totalSteps(totalSteps), m_quiet(quiet), m_terminal(isatty(STDERR_FILENO) != 0),
      m_start(std::chrono::steady_clock::now()), m_lastPrint(m_start) {}

void ProgressLine::update(const LossSample& sample) {
    ++m_stepsSeen;
    if (m_quiet) return;
    const auto now = std::chrono::steady_clock::now();
    const bool last = m_stepsSeen == m_totalSteps;
    if (!last && now - m_lastPrint < (m_terminal ? kTerminalInterval : kNonTerminalInterval) && m_stepsSeen > 1) return;
    m_lastPrint = now;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double stepsPerSecond = elapsed > 0 ? m_stepsSeen / elapsed : 0.0;
    const double left = stepsPerSecond > 0 ? (m_totalSteps - m_stepsSeen) / stepsPerSecond : 0.0;
    std::fprintf(stderr, "%sstep %d/%d  content %.4g  style %.4g  total %.4g  %.2f steps/s  %s left%s",
                 m_terminal ? "\r" : "", sample.step + 1, m_totalSteps, sample.content, sample.style, sample.total,
                 stepsPerSecond, formatDuration(left).c_str(), m_terminal ? "\033[K" : "\n");
    m_pendingNewline = m_terminal;
    std::fflush(stderr);
}

void ProgressLine::finish() {
    if (m_pendingNewline) std::fputc('\n', stderr);
    m_pendingNewline = false;
}

}  // namespace hrstyle::cli
