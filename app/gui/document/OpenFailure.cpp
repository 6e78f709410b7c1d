#include "OpenFailure.h"

#include <QAction>
#include <QFileInfo>

#include "MainWindow.h"
#include "MessageBar.h"

namespace hrstyle {

void showOpenFailure(ui::MainWindow& window, ui::ImageRole role, const QString& path, const Error& error,
                     bool hadImage) {
    const QString kept = hadImage ? QObject::tr(" The previous image is kept.") : QString();
    QString reason = QString::fromStdString(error.message);
    while (reason.endsWith(QLatin1Char('.'))) {
        reason.chop(1);
    }
    const bool isContent = role == ui::ImageRole::Content;
    window.messageBar()->showMessage(
        ui::MessageBar::Level::Error,
        QObject::tr("Could not open “%1”: %2.%3").arg(QFileInfo(path).fileName(), reason, kept),
        {isContent ? window.actions().openContent : window.actions().openStyle});
}

}  // namespace hrstyle
