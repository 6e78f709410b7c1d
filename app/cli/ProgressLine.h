#pragma once
// train's progress line on stderr: step, losses, steps/s, time left. Rewritten in place (\r) on a terminal;
// otherwise one line at most every few seconds, so logs stay short.
#include <chrono>

#include "hrstyle/TrainParams.h"

namespace hrstyle::cli {

class ProgressLine {
public:
    ProgressLine(int totalSteps, bool quiet);
    void update(const LossSample& sample);
    void finish();

private:
    int m_totalSteps;
    bool m_quiet;
    bool m_terminal;
    int m_stepsSeen = 0;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastPrint;
    bool m_pendingNewline = false;
};

}  // namespace hrstyle::cli
