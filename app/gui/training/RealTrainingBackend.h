#pragma once
// The TrainingBackend over the core engine (hrstyle::Trainer). Lives in hrstyle_gui_engine, the only GUI
// target that links LibTorch code, so the rest of the app and its tests build and run without it.
//
// Thread affinity: as TrainingBackend (training thread after construction).
#include <QString>

#include <memory>
#include <optional>

#include "StartupInfo.h"
#include "SharedLossNetwork.h"
#include "TrainingBackend.h"
#include "hrstyle/LossNetwork.h"
#include "hrstyle/Trainer.h"

namespace hrstyle {

struct EngineConfig {
    DeviceChoice device = DeviceChoice::Cpu;  // already resolved (resolveDevice)
    QString vgg19Path;                        // empty: random-feature loss network (docs/algorithm.md)
    // Set: the backend publishes each loss network it loads here, for the export's refinement to reuse.
    std::shared_ptr<SharedLossNetwork> sharedLossNetwork;
};

class RealTrainingBackend final : public TrainingBackend {
public:
    explicit RealTrainingBackend(EngineConfig config);
    ~RealTrainingBackend() override;

    Status prepare(const TrainingSetup& setup, bool warmStart) override;
    bool hasSession() const override { return m_trainer != nullptr; }
    void discardSession() override { m_trainer.reset(); }
    void setLossWeights(const LossWeights& weights) override;
    Result<RunOutcome> run(int steps, const TrainCallbacks& callbacks, const std::atomic<bool>& cancel) override;
    int stepsDone() const override;
    SessionInfo sessionInfo() const override;
    StyleModelPtr model() const override;
    void releaseMemory() override;

private:
    Status ensureLossNetwork(const QString& vgg19Path);

    EngineConfig m_config;
    std::optional<LossNetwork> m_lossNetwork;  // loaded on first prepare, on the training thread
    QString m_lossNetworkPath;                 // what m_lossNetwork was loaded from (empty: random features)
    std::unique_ptr<Trainer> m_trainer;
};

// The status bar's text before the first run: the device, and which loss network will be used.
StartupInfo describeEngine(const EngineConfig& config);

}  // namespace hrstyle
