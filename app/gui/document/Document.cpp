#include "Document.h"

#include "ImageFiles.h"

namespace hrstyle {

Document::Document(QObject* parent) : QObject(parent) {}

Status Document::openImage(ui::ImageRole role, const QString& path) {
    const LoadedImage loaded = readImageFile(path);
    if (loaded.image.isNull()) {
        return Error{loaded.error.toStdString(), ErrorKind::InvalidInput};
    }
    const bool isContent = role == ui::ImageRole::Content;
    (isContent ? m_contentPath : m_stylePath) = path;
    (isContent ? m_content : m_style) = loaded.image;
    Q_EMIT imageChanged(role, path);
    return Ok{};
}

QString Document::imagePath(ui::ImageRole role) const {
    return role == ui::ImageRole::Content ? m_contentPath : m_stylePath;
}

QImage Document::image(ui::ImageRole role) const {
    return role == ui::ImageRole::Content ? m_content : m_style;
}

void Document::setLossWeights(const LossWeights& weights) {
    if (weights == m_params.weights) {
        return;
    }
    m_params.weights = weights;
    Q_EMIT lossWeightsChanged(weights);
}

void Document::setTrainingOptions(const ui::AdvancedValues& values) {
    m_params.workingSize = values.workingSize;
    m_params.steps = values.steps;
    m_params.learningRate = values.learningRate;
    m_params.seed = values.seed;
    Q_EMIT trainParamsChanged(false);
}

void Document::applyLook(const TrainParams& params) {
    const TrainParams previous = m_params;
    m_params = params;
    // Limits of this machine, not part of a look.
    m_params.maxStyleSide = previous.maxStyleSide;
    m_params.memoryLimitBytes = previous.memoryLimitBytes;
    Q_EMIT trainParamsChanged(true);
}

void Document::restore(const TrainParams& params) {
    m_params = params;
    Q_EMIT trainParamsChanged(false);
}

void Document::setTrainingMemoryLimit(std::size_t bytes) {
    m_params.memoryLimitBytes = bytes;
    Q_EMIT trainParamsChanged(false);
}

void Document::setLossNetworkPath(const QString& vgg19Path) {
    m_lossNetworkPath = vgg19Path;
    Q_EMIT lossNetworkChanged(vgg19Path);
}

void Document::setPreview(const QImage& image) {
    m_preview = image;
    Q_EMIT previewChanged(image);
}

void Document::setLook(const LookControls& look) {
    m_look = look;
    Q_EMIT lookChanged(look);
}

}  // namespace hrstyle
