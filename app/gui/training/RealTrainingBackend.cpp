#include "RealTrainingBackend.h"

#include <QFileInfo>

#include "hrstyle/Device.h"
#include "hrstyle/ImageIO.h"
#include "hrstyle/Memory.h"

namespace hrstyle {

RealTrainingBackend::RealTrainingBackend(EngineConfig config) : m_config(std::move(config)) {}

RealTrainingBackend::~RealTrainingBackend() = default;

// Loads the loss network on first use and again whenever the wanted file changes (weights downloaded or
// located while the app runs). On failure the previous network stays for the sessions built with it.
Status RealTrainingBackend::ensureLossNetwork(const QString& vgg19Path) {
    if (m_lossNetwork && m_lossNetworkPath == vgg19Path) {
        return Ok{};
    }
    if (vgg19Path.isEmpty()) {
        m_lossNetwork = LossNetwork::randomFeatures();
        m_lossNetworkPath.clear();
    } else {
        Result<LossNetwork> loaded = LossNetwork::load(vgg19Path.toStdString());
        if (!loaded) {
            return loaded.failure().withContext("VGG19 weights: ");
        }
        m_lossNetwork = std::move(loaded).value();
        m_lossNetworkPath = vgg19Path;
    }
    if (m_config.sharedLossNetwork) {
        m_config.sharedLossNetwork->publish(*m_lossNetwork, m_lossNetworkPath);
    }
    return Ok{};
}

Status RealTrainingBackend::prepare(const TrainingSetup& setup, bool warmStart) {
    if (Status network = ensureLossNetwork(setup.lossNetworkPath.value_or(m_config.vgg19Path)); !network) {
        return network;
    }
    Result<Image> content = loadImage(setup.contentPath.toStdString());
    if (!content) {
        return content.failure().withContext("Content photo: ");
    }
    Result<Image> style = loadImage(setup.stylePath.toStdString());
    if (!style) {
        return style.failure().withContext("Style image: ");
    }
    std::optional<StyleModel> initial;
    if (setup.initialModel) {
        initial = *setup.initialModel;  // a preset's generator: fine-tune it rather than start over
    } else if (warmStart && m_trainer) {
        initial = m_trainer->model();  // the current generator carries over to the new images or sizes
    }
    Result<std::unique_ptr<Trainer>> trainer = Trainer::create(
        *m_lossNetwork, content.value(), style.value(), setup.params, m_config.device, initial ? &*initial : nullptr);
    if (!trainer) {
        return trainer.failure();  // the previous session stays usable
    }
    m_trainer = std::move(trainer).value();
    return Ok{};
}

void RealTrainingBackend::setLossWeights(const LossWeights& weights) {
    if (m_trainer) {
        m_trainer->setLossWeights(weights);
    }
}

Result<RunOutcome> RealTrainingBackend::run(int steps, const TrainCallbacks& callbacks,
                                            const std::atomic<bool>& cancel) {
    if (!m_trainer) {
        return Error{"no training session (internal error: run before prepare)"};
    }
    return m_trainer->run(steps, callbacks, cancel);
}

int RealTrainingBackend::stepsDone() const {
    return m_trainer ? m_trainer->stepsDone() : 0;
}

StyleModelPtr RealTrainingBackend::model() const {
    return m_trainer ? std::make_shared<const StyleModel>(m_trainer->model()) : nullptr;
}

SessionInfo RealTrainingBackend::sessionInfo() const {
    SessionInfo info;
    info.device = QString::fromStdString(describeDevice(m_config.device));
    if (m_lossNetwork) {
        info.lossNetwork = QString::fromStdString(m_lossNetwork->description());
    }
    if (m_trainer) {
        info.workingWidth = m_trainer->workingWidth();
        info.workingHeight = m_trainer->workingHeight();
    }
    return info;
}

StartupInfo describeEngine(const EngineConfig& config) {
    StartupInfo info;
    info.deviceText = QString::fromStdString(describeDevice(config.device));
    info.randomFeatures = config.vgg19Path.isEmpty();
    info.lossNetworkText = info.randomFeatures
                               ? QObject::tr("random features (no VGG19 weights)")
                               : QObject::tr("VGG19 (%1)").arg(QFileInfo(config.vgg19Path).fileName());
    return info;
}

void RealTrainingBackend::releaseMemory() { releaseFreeMemory(); }

}  // namespace hrstyle
