#include "MessageBar.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
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

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
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
    for (QAction* action : actions) {
        auto* button = new QPushButton(action->text(), this);
        connect(button, &QPushButton::clicked, action, &QAction::trigger);
        if (!action->isCheckable()) {
            connect(button, &QPushButton::clicked, this, &MessageBar::clearMessage);
        }
        m_buttons->addWidget(button);
    }
    applyLevelStyle();
    show();
}

void MessageBar::clearMessage() {
    if (isHidden()) {
        return;
    }
    hide();
    m_text->clear();
    Q_EMIT closed();
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
