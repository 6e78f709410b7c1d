#include "DocumentPresenter.h"

#include <QDir>
#include <QFileInfo>

#include "ControlPanel.h"
#include "ImageConversion.h"
#include "ImageFiles.h"
#include "MainWindow.h"
#include "OpenFailure.h"
#include "ResultView.h"
#include "Settings.h"
#include "ValueConversion.h"

namespace hrstyle {

DocumentPresenter::DocumentPresenter(ui::MainWindow& window, Document& document, Settings& settings,
                                     const StartupInfo& startup, QObject* parent)
    : QObject(parent), m_window(window), m_document(document), m_settings(settings) {
    m_window.setDeviceText(startup.deviceText);
    m_window.setLossNetworkText(startup.lossNetworkText, startup.randomFeatures);
    connect(&m_window, &ui::MainWindow::imageFileChosen, this, &DocumentPresenter::openImage);
    connect(&m_window, &ui::MainWindow::closing, this, &DocumentPresenter::saveWindowLayout);
    ui::ControlPanel* panel = m_window.controlPanel();
    connect(panel, &ui::ControlPanel::weightsEdited, &m_document, &Document::setLossWeights);
    connect(panel, &ui::ControlPanel::advancedEdited, &m_document, &Document::setTrainingOptions);

    connect(&m_document, &Document::imageChanged, this, &DocumentPresenter::onImageChanged);
    connect(&m_document, &Document::lossWeightsChanged, this, [this](const LossWeights& weights) {
        m_settings.setLossWeights(weights);
        if (m_window.controlPanel()->weights() != weights) {  // not while the user types
            m_window.controlPanel()->setWeights(weights);
        }
    });
    connect(&m_document, &Document::trainParamsChanged, this, &DocumentPresenter::onTrainParamsChanged);
    connect(&m_document, &Document::lossNetworkChanged, this, &DocumentPresenter::onLossNetworkChanged);
    connect(panel, &ui::ControlPanel::lookEdited, &m_document, &Document::setLook);
    connect(&m_document, &Document::previewChanged, this, &DocumentPresenter::showResult);
    connect(&m_document, &Document::lookChanged, this, [this](const LookControls& look) {
        if (m_window.controlPanel()->look() != look) {  // a preset's, say
            m_window.controlPanel()->setLook(look);
        }
        showResult();
    });
}

// The network's output with the look composed over it, from the photo scaled to the output's size: no
// network run, so a strength or colour change shows at once.
void DocumentPresenter::showResult() {
    const QImage network = m_document.preview();
    if (network.isNull()) {
        m_window.resultView()->clearImage();
        return;
    }
    const LookControls& look = m_document.look();
    const QImage photo = m_document.image(ui::ImageRole::Content);
    if (look.leavesOutputAsIs() || photo.isNull()) {
        m_window.resultView()->setImage(network);
        return;
    }
    // The scaled photo is kept while the photo and the preview's size stay: scaling a 12 MP photo again for
    // every training preview and every strength step would be most of the work.
    if (m_scaledPhoto.width != network.width() || m_scaledPhoto.height != network.height()) {
        m_scaledPhoto = fromQImage(photo.scaled(network.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    }
    Image output = fromQImage(network);
    m_window.resultView()->setImage(composeLook(m_scaledPhoto, output, look) ? toQImage(output) : network);
}

void DocumentPresenter::restoreSession() {
    m_window.restoreGeometry(m_settings.windowGeometry());
    m_window.restoreState(m_settings.windowState());
    m_window.restorePaneLayout(m_settings.paneLayout());
    m_document.restore(m_settings.trainParams());
    m_window.setRecentFiles(ui::ImageRole::Content, m_settings.recentFiles(SettingKey::RecentContent));
    m_window.setRecentFiles(ui::ImageRole::Style, m_settings.recentFiles(SettingKey::RecentStyle));

    // A remembered image that has gone missing falls back to the bundled sample, silently: nothing to fix.
    auto pick = [](const QString& remembered, const QString& sample) {
        return QFileInfo::exists(remembered) ? remembered : sample;
    };
    const QString content = pick(m_settings.contentPath(), sampleContentPath());
    const QString style = pick(m_settings.stylePath(), sampleStylePath());
    if (!content.isEmpty()) {
        openImage(ui::ImageRole::Content, content);
    }
    if (!style.isEmpty()) {
        openImage(ui::ImageRole::Style, style);
    }
}

void DocumentPresenter::saveWindowLayout() {
    m_settings.setValue(SettingKey::WindowGeometry, m_window.saveGeometry());
    m_settings.setValue(SettingKey::WindowState, m_window.saveState());
    m_settings.setValue(SettingKey::PaneLayout, m_window.savePaneLayout());
    m_settings.sync();
}

bool DocumentPresenter::openImage(ui::ImageRole role, const QString& path) {
    const bool hadImage = !m_document.imagePath(role).isEmpty();
    const Status opened = m_document.openImage(role, path);
    if (!opened) {
        showOpenFailure(m_window, role, path, opened.failure(), hadImage);
    }
    return opened.ok();
}

void DocumentPresenter::onImageChanged(ui::ImageRole role, const QString& path) {
    const bool isContent = role == ui::ImageRole::Content;
    if (isContent) {
        m_scaledPhoto = Image{};  // composed previews scale the new photo
    }
    m_window.setImage(role, m_document.image(role), path);
    m_settings.setValue(isContent ? SettingKey::ContentPath : SettingKey::StylePath, path);
    const SettingKey recent = isContent ? SettingKey::RecentContent : SettingKey::RecentStyle;
    m_settings.addRecentFile(recent, path);
    m_window.setRecentFiles(role, m_settings.recentFiles(recent));
}

void DocumentPresenter::onTrainParamsChanged() {
    const TrainParams& params = m_document.trainParams();
    if (m_window.controlPanel()->weights() != params.weights) {
        m_window.controlPanel()->setWeights(params.weights);
    }
    if (m_window.controlPanel()->advanced() != toAdvancedValues(params)) {
        m_window.controlPanel()->setAdvanced(toAdvancedValues(params));
    }
    m_settings.setLossWeights(params.weights);
    m_settings.setTrainParams(params);
    m_window.setWorkingSizeText(tr("Working size %1 px").arg(params.workingSize));
}

void DocumentPresenter::onLossNetworkChanged(const QString& vgg19Path) {
    m_window.setLossNetworkText(tr("VGG19 (%1)").arg(QDir::toNativeSeparators(vgg19Path)), false);
}

}  // namespace hrstyle
