#include "MainWindow.h"

#include <QAction>
#include <QCloseEvent>
#include <QDataStream>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QMenuBar>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "ControlPanel.h"
#include "ImageView.h"
#include "LossChart.h"
#include "MessageBar.h"
#include "PresetPanel.h"
#include "ResultView.h"

namespace hrstyle::ui {
namespace {

QAction* makeAction(QObject* parent, const QString& text, const QIcon& icon, const QKeySequence& shortcut,
                    const QString& tip) {
    auto* action = new QAction(icon, text, parent);
    action->setShortcut(shortcut);
    action->setToolTip(tip.isEmpty() ? QString(text).remove(QLatin1Char('&')) : tip);
    return action;
}

QString imageFileFilter() {
    QStringList patterns;
    for (const QByteArray& format : QImageReader::supportedImageFormats()) {
        patterns << QStringLiteral("*.") + QString::fromLatin1(format);
    }
    return QObject::tr("Images (%1);;All files (*)").arg(patterns.join(QLatin1Char(' ')));
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("HRStyle"));
    setObjectName(QStringLiteral("HRStyleMainWindow"));
    createActions();
    createCentralArea();
    createDocks();
    createMenus();
    createToolBar();
    createStatusBar();
    setTrainingButtons(true, false, false, false);
    resize(1280, 800);
}

void MainWindow::createActions() {
    QStyle* s = style();
    m_actions.openContent = makeAction(this, tr("Open &Photo…"), s->standardIcon(QStyle::SP_DialogOpenButton),
                                       QKeySequence::Open, tr("Open the content photo to stylise"));
    m_actions.openStyle = makeAction(this, tr("Open &Style…"), s->standardIcon(QStyle::SP_DirOpenIcon),
                                     QKeySequence(tr("Ctrl+Shift+O")), tr("Open the style image"));
    m_actions.exportImage = makeAction(this, tr("&Export…"), s->standardIcon(QStyle::SP_DialogSaveButton),
                                       QKeySequence(tr("Ctrl+E")),
                                       tr("Apply the trained network to the full-size photo and save it"));
    m_actions.exportImage->setEnabled(false);  // until a network has been trained
    m_actions.quit = makeAction(this, tr("&Quit"), QIcon(), QKeySequence::Quit, {});
    m_actions.train = makeAction(this, tr("&Train"), s->standardIcon(QStyle::SP_MediaPlay), QKeySequence(tr("Ctrl+Return")),
                                 tr("Train a new style network from scratch"));
    m_actions.stop = makeAction(this, tr("St&op"), s->standardIcon(QStyle::SP_MediaStop), QKeySequence(tr("Esc")),
                                tr("Stop training; the network keeps what it learnt"));
    m_actions.continueTraining = makeAction(this, tr("&Continue"), s->standardIcon(QStyle::SP_MediaSeekForward),
                                            QKeySequence(tr("Ctrl+Shift+Return")),
                                            tr("Train the current network further"));
    m_actions.reset = makeAction(this, tr("&Reset"), s->standardIcon(QStyle::SP_BrowserReload), QKeySequence(),
                                 tr("Forget the trained network and the loss chart"));
    m_actions.zoomFit = makeAction(this, tr("&Fit"), QIcon::fromTheme(QStringLiteral("zoom-fit-best")),
                                   QKeySequence(tr("Ctrl+0")), tr("Fit the result to the pane"));
    m_actions.zoomActual = makeAction(this, tr("100%"), QIcon::fromTheme(QStringLiteral("zoom-original")),
                                      QKeySequence(tr("Ctrl+1")), tr("One result pixel per screen pixel"));
    m_actions.zoomIn = makeAction(this, tr("Zoom &In"), QIcon::fromTheme(QStringLiteral("zoom-in")),
                                  QKeySequence::ZoomIn, {});
    m_actions.zoomOut = makeAction(this, tr("Zoom &Out"), QIcon::fromTheme(QStringLiteral("zoom-out")),
                                   QKeySequence::ZoomOut, {});
    m_actions.splitCompare = makeAction(this, tr("&Split Compare"), QIcon(), QKeySequence(tr("Ctrl+D")),
                                        tr("Before on the left of a draggable line, after on the right"));
    m_actions.splitCompare->setCheckable(true);
    m_actions.preferences = makeAction(this, tr("&Preferences…"), QIcon::fromTheme(QStringLiteral("preferences-system")),
                                       QKeySequence::Preferences, tr("Weights, device, threads, working size"));
    m_actions.preferences->setMenuRole(QAction::PreferencesRole);
    connect(m_actions.quit, &QAction::triggered, this, &QWidget::close);
    connect(m_actions.openContent, &QAction::triggered, this, [this] { chooseImageFile(ImageRole::Content); });
    connect(m_actions.openStyle, &QAction::triggered, this, [this] { chooseImageFile(ImageRole::Style); });
}

void MainWindow::createCentralArea() {
    m_contentView = new ImageView(tr("Content photo"), this);
    m_styleView = new ImageView(tr("Style image"), this);
    m_resultView = new ResultView(this);
    m_messageBar = new MessageBar(this);

    auto* inputs = m_inputsSplitter = new QSplitter(Qt::Vertical, this);
    inputs->setObjectName(QStringLiteral("inputsSplitter"));
    inputs->addWidget(m_contentView);
    inputs->addWidget(m_styleView);
    auto* images = m_imagesSplitter = new QSplitter(Qt::Horizontal, this);
    images->setObjectName(QStringLiteral("imagesSplitter"));
    images->addWidget(inputs);
    images->addWidget(m_resultView);
    images->setStretchFactor(0, 1);
    images->setStretchFactor(1, 3);
    images->setSizes({260, 780});

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_messageBar);
    layout->addWidget(images, 1);
    setCentralWidget(central);

    connect(m_contentView, &ImageView::fileDropped, this,
            [this](const QString& path) { Q_EMIT imageFileChosen(ImageRole::Content, path); });
    connect(m_styleView, &ImageView::fileDropped, this,
            [this](const QString& path) { Q_EMIT imageFileChosen(ImageRole::Style, path); });
    // Dropping on the result pane means "stylise this photo".
    connect(m_resultView, &ImageView::fileDropped, this,
            [this](const QString& path) { Q_EMIT imageFileChosen(ImageRole::Content, path); });
}

void MainWindow::createDocks() {
    m_controlPanel = new ControlPanel(this);
    m_controlPanel->setTrainingActions(
        {m_actions.train, m_actions.stop, m_actions.continueTraining, m_actions.reset});
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_controlPanel);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(m_controlPanel->sizeHint().width() + 24);
    auto* controls = new QDockWidget(tr("Controls"), this);
    controls->setObjectName(QStringLiteral("controlsDock"));
    controls->setWidget(scroll);
    addDockWidget(Qt::RightDockWidgetArea, controls);

    m_lossChart = new LossChart(this);
    auto* chart = new QDockWidget(tr("Loss"), this);
    chart->setObjectName(QStringLiteral("lossDock"));
    chart->setWidget(m_lossChart);
    addDockWidget(Qt::BottomDockWidgetArea, chart);

    // Presets sit beside the chart: a strip of thumbnails reads well in a wide, short dock, and both stay
    // visible while training (tabbing would hide the chart).
    m_presetPanel = new PresetPanel(this);
    auto* presets = new QDockWidget(tr("Presets"), this);
    presets->setObjectName(QStringLiteral("presetsDock"));
    presets->setWidget(m_presetPanel);
    splitDockWidget(chart, presets, Qt::Horizontal);
    // The right dock runs full height; the chart sits under the images only.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    resizeDocks({chart}, {220}, Qt::Vertical);
    resizeDocks({chart, presets}, {560, 420}, Qt::Horizontal);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_actions.openContent);
    file->addAction(m_actions.openStyle);
    m_recentContent = file->addMenu(tr("Recent &Photos"));
    m_recentStyle = file->addMenu(tr("Recent St&yles"));
    file->addSeparator();
    file->addAction(m_actions.exportImage);
    file->addSeparator();
    file->addAction(m_actions.quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_actions.preferences);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QAction* action : {m_actions.zoomFit, m_actions.zoomActual, m_actions.zoomIn, m_actions.zoomOut}) {
        m_viewMenu->addAction(action);
    }
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_actions.splitCompare);
    m_viewMenu->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
        m_viewMenu->addAction(dock->toggleViewAction());
    }

    QMenu* training = menuBar()->addMenu(tr("&Training"));
    for (QAction* action : {m_actions.train, m_actions.stop, m_actions.continueTraining, m_actions.reset}) {
        training->addAction(action);
    }
    setRecentFiles(ImageRole::Content, {});
    setRecentFiles(ImageRole::Style, {});

    connect(m_actions.zoomFit, &QAction::triggered, m_resultView, &ResultView::zoomToFit);
    connect(m_actions.zoomActual, &QAction::triggered, m_resultView, &ResultView::zoomToActualSize);
    connect(m_actions.zoomIn, &QAction::triggered, m_resultView, &ResultView::zoomIn);
    connect(m_actions.zoomOut, &QAction::triggered, m_resultView, &ResultView::zoomOut);
    connect(m_actions.splitCompare, &QAction::toggled, m_resultView, &ResultView::setSplitCompare);
}

void MainWindow::createToolBar() {
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_actions.openContent);
    bar->addAction(m_actions.openStyle);
    bar->addAction(m_actions.exportImage);
    bar->addSeparator();
    for (QAction* action : {m_actions.train, m_actions.stop, m_actions.continueTraining, m_actions.reset}) {
        bar->addAction(action);
    }
    bar->addSeparator();
    bar->addAction(m_actions.zoomFit);
    bar->addAction(m_actions.zoomActual);
    bar->addAction(m_actions.splitCompare);
    m_holdCompare = new QToolButton(bar);
    m_holdCompare->setText(tr("Hold to Compare"));
    m_holdCompare->setToolTip(tr("Shows the original photo while held"));
    bar->addWidget(m_holdCompare);
    connect(m_holdCompare, &QToolButton::pressed, m_resultView, [this] { m_resultView->setShowingBefore(true); });
    connect(m_holdCompare, &QToolButton::released, m_resultView, [this] { m_resultView->setShowingBefore(false); });
}

void MainWindow::createStatusBar() {
    m_deviceLabel = new QLabel(this);
    m_lossNetworkLabel = new QLabel(this);
    m_sizeLabel = new QLabel(this);
    m_zoomLabel = new QLabel(this);
    for (QLabel* label : {m_deviceLabel, m_lossNetworkLabel, m_sizeLabel, m_zoomLabel}) {
        statusBar()->addPermanentWidget(label);
    }
    connect(m_resultView, &ResultView::zoomChanged, this, &MainWindow::updateZoomLabel);
    updateZoomLabel(1.0, true);
}

void MainWindow::updateZoomLabel(double zoom, bool fitted) {
    m_zoomLabel->setText(fitted ? tr("Fit") : tr("%1%").arg(qRound(zoom * 100.0)));
}

ImageView* MainWindow::imageView(ImageRole role) const {
    return role == ImageRole::Content ? m_contentView : m_styleView;
}

void MainWindow::setImage(ImageRole role, const QImage& image, const QString& path) {
    ImageView* view = imageView(role);
    view->setImage(image);
    const QString base = role == ImageRole::Content ? tr("Content photo") : tr("Style image");
    view->setCaption(tr("%1 · %2").arg(base, QFileInfo(path).fileName()));
    view->setToolTip(tr("%1\n%2 × %3 px").arg(path).arg(image.width()).arg(image.height()));
    if (role == ImageRole::Content) {
        m_resultView->setBeforeImage(image);
    }
    m_lastFolder = QFileInfo(path).absolutePath();
}

void MainWindow::setRecentFiles(ImageRole role, const QStringList& paths) {
    QMenu* menu = role == ImageRole::Content ? m_recentContent : m_recentStyle;
    menu->clear();
    for (const QString& path : paths) {
        QAction* action = menu->addAction(QFileInfo(path).fileName());
        action->setToolTip(path);
        connect(action, &QAction::triggered, this, [this, role, path] { Q_EMIT imageFileChosen(role, path); });
    }
    menu->setEnabled(!paths.isEmpty());
}

void MainWindow::setTrainingButtons(bool canTrain, bool canStop, bool canContinue, bool canReset) {
    m_actions.train->setEnabled(canTrain);
    m_actions.stop->setEnabled(canStop);
    m_actions.continueTraining->setEnabled(canContinue);
    m_actions.reset->setEnabled(canReset);
}

void MainWindow::setDeviceText(const QString& text) {
    m_deviceLabel->setText(text);
}

void MainWindow::setLossNetworkText(const QString& text, bool isFallback) {
    m_lossNetworkLabel->setText(text);
    m_lossNetworkLabel->setStyleSheet(isFallback ? QStringLiteral("color: #a15c00;") : QString());
    m_lossNetworkLabel->setToolTip(isFallback ? tr("No VGG19 weights configured: the loss uses random features. "
                                                   "Results differ from the published method.")
                                              : QString());
}

void MainWindow::setWorkingSizeText(const QString& text) {
    m_sizeLabel->setText(text);
}

QString MainWindow::statusText() const {
    return QStringList{m_deviceLabel->text(), m_lossNetworkLabel->text(), m_sizeLabel->text()}.join(
        QStringLiteral(" | "));
}

QByteArray MainWindow::savePaneLayout() const {
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << m_imagesSplitter->saveState() << m_inputsSplitter->saveState();
    return state;
}

bool MainWindow::restorePaneLayout(const QByteArray& state) {
    QByteArray images;
    QByteArray inputs;
    QDataStream in(state);
    in >> images >> inputs;
    return in.status() == QDataStream::Ok && m_imagesSplitter->restoreState(images) &&
           m_inputsSplitter->restoreState(inputs);
}

void MainWindow::chooseImageFile(ImageRole role) {
    const QString title = role == ImageRole::Content ? tr("Open Content Photo") : tr("Open Style Image");
    const QString path = QFileDialog::getOpenFileName(this, title, m_lastFolder, imageFileFilter());
    if (!path.isEmpty()) {
        Q_EMIT imageFileChosen(role, path);
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    Q_EMIT closing();
    event->accept();
}

}  // namespace hrstyle::ui
