#pragma once
// Simulates a file being dragged from a file manager and dropped on a widget, through the real event
// handlers (QTest has no drag-and-drop helper).
#include <QCoreApplication>
#include <QDropEvent>
#include <QMimeData>
#include <QUrl>
#include <QWidget>

namespace hrstyle::ui::test {

struct DropResult {
    bool enterAccepted = false;
    bool dropAccepted = false;
};

inline DropResult dropFile(QWidget* target, const QString& path) {
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPoint where = target->rect().center();
    QDragEnterEvent enter(where, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    enter.setAccepted(false);
    QCoreApplication::sendEvent(target, &enter);
    DropResult result;
    result.enterAccepted = enter.isAccepted();
    if (!result.enterAccepted) {
        return result;
    }
    QDropEvent drop(QPointF(where), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    drop.setAccepted(false);
    QCoreApplication::sendEvent(target, &drop);
    result.dropAccepted = drop.isAccepted();
    return result;
}

}  // namespace hrstyle::ui::test
