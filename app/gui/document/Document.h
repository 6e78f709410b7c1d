#pragma once
// The document the window edits: the content photo and the style image, the training settings of the look
// (loss weights, working size, steps, learning rate, seed), the loss network's file, and the newest stylised
// preview. Presenters read and change it and follow its signals; none of them holds another presenter.
// What training made (the network) stays with TrainingController, which owns the training thread.
//
// Thread affinity: GUI thread.
#include <QImage>
#include <QObject>
#include <QString>

#include <optional>

#include "TrainingValues.h"
#include "hrstyle/LookControls.h"
#include "hrstyle/Result.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle {

class Document : public QObject {
    Q_OBJECT
public:
    explicit Document(QObject* parent = nullptr);

    // Reads the image for display (EXIF orientation applied); on failure nothing changes and the error says
    // why (the caller shows it where the user asked).
    Status openImage(ui::ImageRole role, const QString& path);
    QString imagePath(ui::ImageRole role) const;
    QImage image(ui::ImageRole role) const;
    bool hasImages() const { return !m_contentPath.isEmpty() && !m_stylePath.isEmpty(); }

    const TrainParams& trainParams() const { return m_params; }
    const LossWeights& lossWeights() const { return m_params.weights; }
    // A slider moved: live while training.
    void setLossWeights(const LossWeights& weights);
    // The Advanced section: working size, steps, learning rate, seed (the weights are kept).
    void setTrainingOptions(const ui::AdvancedValues& values);
    // A whole look at once (a preset, a new default): weights and options; the memory caps are kept.
    void applyLook(const TrainParams& params);
    // Where the session starts: the remembered settings, memory limits included.
    void restore(const TrainParams& params);
    // Preferences changed the memory a training run may take (TrainParams::memoryLimitBytes).
    void setTrainingMemoryLimit(std::size_t bytes);

    // Unset: the training backend's own choice (the downloaded or configured VGG19, or random features).
    const std::optional<QString>& lossNetworkPath() const { return m_lossNetworkPath; }
    void setLossNetworkPath(const QString& vgg19Path);

    // The network's newest output at working size (training's preview, a preset's); a null image clears it.
    QImage preview() const { return m_preview; }
    void setPreview(const QImage& image);

    // Strength and colour mode: composed over the network's output, for the preview and the export alike.
    const LookControls& look() const { return m_look; }
    void setLook(const LookControls& look);

Q_SIGNALS:
    void imageChanged(hrstyle::ui::ImageRole role, const QString& path);
    void lossWeightsChanged(const hrstyle::LossWeights& weights);
    // Any setting besides a lone weights edit; `lookApplied` when a whole look replaced them (a preset).
    void trainParamsChanged(bool lookApplied);
    void lossNetworkChanged(const QString& vgg19Path);
    void previewChanged(const QImage& image);
    void lookChanged(const hrstyle::LookControls& look);

private:
    QString m_contentPath;
    QString m_stylePath;
    QImage m_content;
    QImage m_style;
    TrainParams m_params;
    std::optional<QString> m_lossNetworkPath;
    QImage m_preview;
    LookControls m_look;
};

}  // namespace hrstyle
