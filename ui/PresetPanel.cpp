#include "PresetPanel.h"

#include <QAction>
#include <QListWidget>
#include <QMenu>
#include <QPainter>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace hrstyle::ui {
namespace {

constexpr int kImageRole = Qt::UserRole + 1;  // the unscaled thumbnail, for thumbnail()

// A square icon with the thumbnail fitted and centred, so every cell in the grid lines up.
QIcon squareIcon(const QImage& image, const QIcon& fallback) {
    if (image.isNull()) {
        return fallback;
    }
    const int side = PresetPanel::kThumbnailSide;
    QPixmap canvas(side, side);
    canvas.fill(Qt::transparent);
    const QImage scaled = image.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QPainter painter(&canvas);
    painter.drawImage((side - scaled.width()) / 2, (side - scaled.height()) / 2, scaled);
    return QIcon(canvas);
}

}  // namespace

PresetPanel::PresetPanel(QWidget* parent) : QWidget(parent) {
    createActions();
    m_list = new QListWidget(this);
    m_list->setViewMode(QListView::IconMode);
    m_list->setIconSize({kThumbnailSide, kThumbnailSide});
    m_list->setGridSize({kThumbnailSide + 28, kThumbnailSide + 36});
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    m_list->setWordWrap(true);
    m_list->setUniformItemSizes(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_list->addActions({m_actions.apply, m_actions.rename, m_actions.duplicate, m_actions.remove,
                        m_actions.exportPreset});

    // The dock is narrow: the frequent actions as buttons, the rest behind "More" (and the context menu).
    auto* bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize({16, 16});
    bar->addActions({m_actions.save, m_actions.apply, m_actions.remove});
    auto* more = new QToolButton(bar);
    more->setText(tr("More"));
    more->setPopupMode(QToolButton::InstantPopup);
    auto* moreMenu = new QMenu(more);
    moreMenu->addActions({m_actions.rename, m_actions.duplicate});
    moreMenu->addSeparator();
    moreMenu->addActions({m_actions.importPreset, m_actions.exportPreset});
    more->setMenu(moreMenu);
    bar->addWidget(more);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(bar);
    layout->addWidget(m_list, 1);

    connect(m_list, &QListWidget::itemSelectionChanged, this, &PresetPanel::updateActions);
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT applyRequested(item->text()); });
    updateActions();
}

void PresetPanel::createActions() {
    QStyle* s = style();
    auto make = [this](const QString& text, const QIcon& icon, const QString& tip) {
        auto* action = new QAction(icon, text, this);
        action->setToolTip(tip);
        return action;
    };
    m_actions.save = make(tr("Save Look as Preset…"), s->standardIcon(QStyle::SP_DialogSaveButton),
                          tr("Save the style image, weights and settings (and the trained network) as a preset"));
    m_actions.apply = make(tr("Apply"), s->standardIcon(QStyle::SP_DialogApplyButton),
                           tr("Use this preset's style and settings for the current photo (double-click)"));
    m_actions.rename = make(tr("Rename…"), QIcon(), tr("Rename the selected preset"));
    m_actions.duplicate = make(tr("Duplicate"), QIcon(), tr("Copy the selected preset under a new name"));
    m_actions.remove = make(tr("Delete"), s->standardIcon(QStyle::SP_TrashIcon),
                            tr("Delete the selected preset (can be undone)"));
    m_actions.importPreset = make(tr("Import…"), QIcon(), tr("Add a preset from a .hrstyle-preset file"));
    m_actions.exportPreset = make(tr("Export…"), QIcon(), tr("Save the selected preset as one file to share"));
    m_actions.save->setIconText(tr("Save Look…"));  // the toolbar's shorter label
    m_actions.remove->setShortcut(QKeySequence::Delete);
    m_actions.remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);

    connect(m_actions.save, &QAction::triggered, this, &PresetPanel::saveRequested);
    connect(m_actions.importPreset, &QAction::triggered, this, &PresetPanel::importRequested);
    // The rest act on the selection; their buttons are disabled without one.
    const std::pair<QAction*, void (PresetPanel::*)(const QString&)> perPreset[] = {
        {m_actions.apply, &PresetPanel::applyRequested},
        {m_actions.rename, &PresetPanel::renameRequested},
        {m_actions.duplicate, &PresetPanel::duplicateRequested},
        {m_actions.remove, &PresetPanel::removeRequested},
        {m_actions.exportPreset, &PresetPanel::exportRequested},
    };
    for (const auto& [action, signal] : perPreset) {
        connect(action, &QAction::triggered, this, [this, signal = signal] {
            if (!currentName().isEmpty()) {
                Q_EMIT(this->*signal)(currentName());
            }
        });
    }
}

void PresetPanel::updateActions() {
    const bool selected = !currentName().isEmpty();
    for (QAction* action : {m_actions.apply, m_actions.rename, m_actions.duplicate, m_actions.remove,
                            m_actions.exportPreset}) {
        action->setEnabled(selected);
    }
}

void PresetPanel::setPresets(const QList<PresetItem>& presets) {
    const QString selected = currentName();
    const QIcon placeholder = style()->standardIcon(QStyle::SP_FileIcon);
    m_list->clear();
    for (const PresetItem& preset : presets) {
        auto* item = new QListWidgetItem(squareIcon(preset.thumbnail, placeholder), preset.name, m_list);
        item->setData(kImageRole, preset.thumbnail);
        item->setToolTip(preset.hasGenerator ? tr("%1\nIncludes a trained network: applies at once.").arg(preset.details)
                                             : preset.details);
    }
    selectName(selected);
    updateActions();
}

QStringList PresetPanel::names() const {
    QStringList names;
    for (int row = 0; row < m_list->count(); ++row) {
        names << m_list->item(row)->text();
    }
    return names;
}

QString PresetPanel::currentName() const {
    const QList<QListWidgetItem*> selected = m_list->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->text();
}

QListWidgetItem* PresetPanel::itemNamed(const QString& name) const {
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->text() == name) {
            return m_list->item(row);
        }
    }
    return nullptr;
}

void PresetPanel::selectName(const QString& name) {
    if (QListWidgetItem* item = itemNamed(name)) {
        m_list->setCurrentItem(item);
        item->setSelected(true);
    }
}

QImage PresetPanel::thumbnail(const QString& name) const {
    const QListWidgetItem* item = itemNamed(name);
    return item ? item->data(kImageRole).value<QImage>() : QImage();
}

}  // namespace hrstyle::ui
