#pragma once
// The window's furniture: content and style panes on the left, the result in the centre, the controls in a
// right-hand dock, the loss chart and the presets side by side in the bottom dock area, a message bar above the images, menus, toolbar and status
// bar. It owns no behaviour beyond the view: app/gui's presenter connects it to training and settings.
#include <QMainWindow>

#include "TrainingValues.h"

class QLabel;
class QMenu;
class QSplitter;
class QToolButton;

namespace hrstyle::ui {

class ControlPanel;
class ImageView;
class LossChart;
class MessageBar;
class PresetPanel;
class ResultView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Actions {
        QAction* openContent = nullptr;
        QAction* openStyle = nullptr;
        QAction* exportImage = nullptr;
        QAction* quit = nullptr;
        QAction* train = nullptr;
        QAction* stop = nullptr;
        QAction* continueTraining = nullptr;
        QAction* reset = nullptr;
        QAction* zoomFit = nullptr;
        QAction* zoomActual = nullptr;
        QAction* zoomIn = nullptr;
        QAction* zoomOut = nullptr;
        QAction* splitCompare = nullptr;
        QAction* preferences = nullptr;
    };

    explicit MainWindow(QWidget* parent = nullptr);

    const Actions& actions() const { return m_actions; }
    ImageView* imageView(ImageRole role) const;
    ResultView* resultView() const { return m_resultView; }
    ControlPanel* controlPanel() const { return m_controlPanel; }
    LossChart* lossChart() const { return m_lossChart; }
    MessageBar* messageBar() const { return m_messageBar; }
    PresetPanel* presetPanel() const { return m_presetPanel; }
    QToolButton* holdCompareButton() const { return m_holdCompare; }

    void setImage(ImageRole role, const QImage& image, const QString& path);
    void setRecentFiles(ImageRole role, const QStringList& paths);
    void setTrainingButtons(bool canTrain, bool canStop, bool canContinue, bool canReset);
    void setDeviceText(const QString& text);
    void setLossNetworkText(const QString& text, bool isFallback);
    void setWorkingSizeText(const QString& text);
    QString statusText() const;  // the permanent status-bar fields joined, for tests and logs

    // The image panes' splitter positions (QMainWindow::saveState covers docks and toolbars only).
    QByteArray savePaneLayout() const;
    bool restorePaneLayout(const QByteArray& state);

Q_SIGNALS:
    void imageFileChosen(hrstyle::ui::ImageRole role, const QString& path);  // dialog, drop or recent menu
    void closing();

public Q_SLOTS:
    void chooseImageFile(hrstyle::ui::ImageRole role);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createCentralArea();
    void createDocks();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void updateZoomLabel(double zoom, bool fitted);

    Actions m_actions;
    ImageView* m_contentView = nullptr;
    ImageView* m_styleView = nullptr;
    ResultView* m_resultView = nullptr;
    ControlPanel* m_controlPanel = nullptr;
    LossChart* m_lossChart = nullptr;
    PresetPanel* m_presetPanel = nullptr;
    MessageBar* m_messageBar = nullptr;
    QToolButton* m_holdCompare = nullptr;
    QSplitter* m_inputsSplitter = nullptr;
    QSplitter* m_imagesSplitter = nullptr;
    QMenu* m_recentContent = nullptr;
    QMenu* m_recentStyle = nullptr;
    QMenu* m_viewMenu = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QLabel* m_lossNetworkLabel = nullptr;
    QLabel* m_sizeLabel = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QString m_lastFolder;
};

}  // namespace hrstyle::ui
