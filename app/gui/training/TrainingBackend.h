#pragma once
// The trainer interface the worker drives. The real adapter (RealTrainingBackend) wraps hrstyle::Trainer;
// tests use a fake, so controller/worker tests need no LibTorch work (docs/contributing.md, "Tests").
//
// Thread affinity: constructed on the GUI thread, then owned and used by the worker on the training thread
// only. setLossWeights() is called from inside run()'s onStep callback and takes effect at the next step.
#include <QMetaType>
#include <QString>

#include <atomic>
#include <optional>

#include "hrstyle/Result.h"
#include "hrstyle/TrainParams.h"
#include "StyleModelPtr.h"
#include "TrainingValues.h"  // Q_DECLARE_METATYPE(hrstyle::LossWeights)
#include "hrstyle/Trainer.h"

namespace hrstyle {

// Everything a training run is built from.
struct TrainingSetup {
    QString contentPath;
    QString stylePath;
    TrainParams params;
    // The loss network: unset = the one the backend was built with (--vgg, preference, HRSTYLE_VGG19, the
    // downloaded file); empty = random features; else a VGG19 weights file. Set when the user installs or
    // locates weights while the app runs, so the next training uses them.
    std::optional<QString> lossNetworkPath;
    // A generator to start from (a preset's trained network): when set, the next prepare() builds its trainer
    // from it instead of params.seed or the current session (a warm start from the preset). Not part of
    // sameTrainerAs: the controller sets it for one run only, and a set one always forces a new trainer.
    StyleModelPtr initialModel;

    // True when a trainer built for `other` can run this setup as is (only the loss weights or the step count
    // differ). Anything else (images, sizes, learning rate) needs a new trainer, warm-started if possible.
    bool sameTrainerAs(const TrainingSetup& other) const {
        return contentPath == other.contentPath && stylePath == other.stylePath &&
               params.workingSize == other.params.workingSize && params.styleSize == other.params.styleSize &&
               params.maxStyleSide == other.params.maxStyleSide &&
               params.learningRate == other.params.learningRate && lossNetworkPath == other.lossNetworkPath;
    }
};

// What the status bar shows about a prepared session.
struct SessionInfo {
    QString device;       // "CPU, 2 threads" / "CUDA: NVIDIA H200"
    QString lossNetwork;  // "VGG19 (/path)" / "random features (no VGG19 weights)"
    int workingWidth = 0;
    int workingHeight = 0;
};

class TrainingBackend {
public:
    virtual ~TrainingBackend() = default;

    // Builds a trainer for `setup` (loads the images, the loss network on first use). With warmStart and an
    // existing session, the new trainer starts from the current generator; otherwise from
    // setup.initialModel when set, else from params.seed. (initialModel wins over warmStart: see TrainingSetup.)
    // On error the previous session is kept.
    virtual Status prepare(const TrainingSetup& setup, bool warmStart) = 0;
    virtual bool hasSession() const = 0;
    virtual void discardSession() = 0;

    virtual void setLossWeights(const LossWeights& weights) = 0;
    // Runs `steps` more steps of the current session, continuing its step count.
    virtual Result<RunOutcome> run(int steps, const TrainCallbacks& callbacks,
                                   const std::atomic<bool>& cancel) = 0;
    virtual int stepsDone() const = 0;
    virtual SessionInfo sessionInfo() const = 0;
    // A snapshot of the current generator for export and presets; null without a session (and in fakes,
    // which have no real network).
    virtual StyleModelPtr model() const { return nullptr; }
    // Gives back memory kept for the next step, when a run of steps is over (hrstyle/Memory.h).
    virtual void releaseMemory() {}
};

}  // namespace hrstyle

Q_DECLARE_METATYPE(hrstyle::TrainingSetup)
Q_DECLARE_METATYPE(hrstyle::SessionInfo)
Q_DECLARE_METATYPE(hrstyle::LossSample)
Q_DECLARE_METATYPE(hrstyle::ErrorKind)
