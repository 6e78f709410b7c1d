#pragma once
// State the GUI thread and the training thread share while a run is in progress. Training blocks the worker's
// event loop, so these never travel as queued slots (docs/architecture.md, "Threads and ownership"): cancel is an
// atomic, the live loss weights a mutex-guarded snapshot with a version the training loop polls once per step.
#include <atomic>
#include <cstdint>
#include <mutex>

#include "hrstyle/TrainParams.h"

namespace hrstyle {

class LiveLossWeights {
public:
    void set(const LossWeights& weights) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_weights = weights;
        m_version.fetch_add(1, std::memory_order_release);
    }
    LossWeights get() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_weights;
    }
    // Changes on every set(); lets the training loop notice an edit without taking the mutex each step.
    std::uint64_t version() const { return m_version.load(std::memory_order_acquire); }

private:
    mutable std::mutex m_mutex;
    LossWeights m_weights;
    std::atomic<std::uint64_t> m_version{0};
};

struct SharedTrainingState {
    std::atomic<bool> cancel{false};
    LiveLossWeights weights;
};

}  // namespace hrstyle
