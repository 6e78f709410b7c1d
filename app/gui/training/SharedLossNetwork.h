#pragma once
// The loss network the training backend trains with, shared with the export thread so that a refined export
// (ExportRefinement) trains against the same features without loading VGG19 (~550 MB) a second time.
//
// Thread affinity: any. The backend publishes on the training thread, an export reads on its own thread;
// a mutex guards the slot, and LossNetwork itself is immutable and shares its weights between copies.
#include <QString>

#include <mutex>
#include <optional>

#include "hrstyle/LossNetwork.h"

namespace hrstyle {

class SharedLossNetwork {
public:
    // `path` is what `network` was loaded from (empty: random features).
    void publish(const LossNetwork& network, const QString& path) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_network = network;
        m_path = path;
    }

    // The published network when it came from `path`; nothing when none was published or it came from
    // another file (the caller then loads `path` itself).
    std::optional<LossNetwork> ifLoadedFrom(const QString& path) const {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_network && m_path == path) {
            return m_network;
        }
        return std::nullopt;
    }

private:
    mutable std::mutex m_mutex;
    std::optional<LossNetwork> m_network;
    QString m_path;
};

}  // namespace hrstyle
