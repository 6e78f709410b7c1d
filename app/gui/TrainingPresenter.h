#pragma once
// Connects the window (ui/) to training (TrainingController) and to Settings: the user's edits become
// training setup and live weights, training results become previews, chart points, progress and messages.
//
// Thread affinity: GUI thread. Owns nothing; AppSession owns the pieces.
#include <QImage>
#include <QObject>

#include <optional>

#include "TrainingBackend.h"
#include "TrainingController.h"
#include "TrainingValues.h"

namespace hrstyle {

namespace ui {
class MainWindow;
}
class Settings;

// What the status bar shows before the first run (the backend fills in the rest once a run starts).
struct StartupInfo {
    QString deviceText;
    QString lossNetworkText;
    bool randomFeatures = true;
    bool randomFeaturesChosen = false;  // --random-features: the user asked for them, so offer no weights
};

class AppPresenter : public QObject {
    Q_OBJECT
public:
    AppPresenter(ui::MainWindow& window, Settings& settings, TrainingController& controller,
                 const StartupInfo& startup, QObject* parent = nullptr);

    // Window layout, weights, sizes and images from the settings; the bundled samples where none is chosen.
    void restoreSession();
    void saveWindowLayout();

    // Reads and shows an image; on failure the previous image stays and the message bar says why.
    bool openImage(ui::ImageRole role, const QString& path);

    QString imagePath(ui::ImageRole role) const;
    const TrainParams& trainParams() const { return m_params; }
    // Weights, working size, steps, learning rate and seed at once (a preset being applied): shown in the
    // control panel, remembered, and used from the next training on. Schedules no training of its own.
    void applyTrainParams(const TrainParams& params);
    // The newest stylised image in the result pane (training preview or a preset's instant preview).
    QImage lastPreview() const { return m_lastPreview; }
    void showPreview(const QImage& image);

    // From the next training on, the loss uses this VGG19 file (already verified); the status bar says so.
    void setLossNetworkPath(const QString& vgg19Path);

private:
    void connectWindow();
    void connectController();
    void onWeightsEdited(const ui::WeightValues& values);
    void onAdvancedEdited(const ui::AdvancedValues& values);
    void onTrain();
    void onReset();
    void onStateChanged();
    void onRunStarted(const SessionInfo& info, int firstStep, int lastStep);
    void onLosses(const QVector<LossSample>& samples);
    void onPreview(const QImage& image, int step);
    void onWeightsApplied(int step);
    void onFinished(bool cancelled, int stepsDone);
    void onFailed(const QString& message);
    void updateSetup();
    void updateButtons();

    ui::MainWindow& m_window;
    Settings& m_settings;
    TrainingController& m_controller;
    QString m_contentPath;
    QString m_stylePath;
    TrainParams m_params;
    std::optional<QString> m_lossNetworkPath;  // unset: the backend's own choice (see TrainingSetup)
    bool m_freshRunRequested = false;
    int m_chartStepOffset = 0;  // added to engine steps so the chart keeps growing across warm starts
    int m_lastPlottedStep = -1;
    LossWeights m_lastRunWeights;
    QImage m_lastPreview;
};

}  // namespace hrstyle
