#include "MessageBar.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QStyle>
#include <QToolButton>

namespace hrstyle::ui {

MessageBar::MessageBar(QWidget* parent) : QFrame(parent) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_icon = new QLabel(this);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_buttons = new QHBoxLayout();
    m_closeButton = new QToolButton(this);
    m_closeButton->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_closeButton->setAutoRaise(true);
    m_closeButton->setToolTip(tr("Dismiss"));

    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(10);
    m_progress->hide();
    auto* textAndProgress = new QVBoxLayout();
    textAndProgress->addWidget(m_text);
    textAndProgress->addWidget(m_progress);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(textAndProgress, 1);
    layout->addLayout(m_buttons);
    layout->addWidget(m_closeButton, 0, Qt::AlignTop);
    connect(m_closeButton, &QToolButton::clicked, this, &MessageBar::clearMessage);
    hide();
}

QString MessageBar::text() const {
    return m_text->text();
}

void MessageBar::showMessage(Level level, const QString& text, const QList<QAction*>& actions) {
    m_level = level;
    m_text->setText(text);
    while (QLayoutItem* item = m_buttons->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_actions = actions;
    m_progress->hide();
    for (QAction* action : actions) {
        auto* button = new QPushButton(action->text(), this);
        // Close first, then trigger: the action may show a follow-up message that must stay.
        if (!action->isCheckable()) {
            connect(button, &QPushButton::clicked, this, &MessageBar::clearMessage);
        }
        connect(button, &QPushButton::clicked, action, &QAction::trigger);
        m_buttons->addWidget(button);
    }
    applyLevelStyle();
    show();
}

void MessageBar::setText(const QString& text) {
    m_text->setText(text);
}

void MessageBar::clearMessage() {
    if (isHidden()) {
        return;
    }
    hide();
    m_text->clear();
    Q_EMIT closed();
}

void MessageBar::setProgress(qint64 done, qint64 total) {
    // QProgressBar counts in int: scale bytes to per-mille so 575 MB fits.
    constexpr int kScale = 1000;
    if (total > 0) {
        m_progress->setRange(0, kScale);
        m_progress->setValue(static_cast<int>(qBound<qint64>(qint64{0}, done * kScale / total, qint64{kScale})));
    } else {
        m_progress->setRange(0, 0);  // unknown total: the busy animation
    }
    m_progress->show();
}

void MessageBar::applyLevelStyle() {
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    QColor background(0xd9, 0xe8, 0xf6);
    if (m_level == Level::Warning) {
        icon = QStyle::SP_MessageBoxWarning;
        background = QColor(0xfc, 0xef, 0xc7);
    } else if (m_level == Level::Error) {
        icon = QStyle::SP_MessageBoxCritical;
        background = QColor(0xf8, 0xd7, 0xd7);
    }
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(iconSize, iconSize));
    QPalette colors = palette();
    colors.setColor(QPalette::Window, background);
    colors.setColor(QPalette::WindowText, QColor(0x20, 0x20, 0x20));
    setPalette(colors);
}

}  // namespace hrstyle::ui
