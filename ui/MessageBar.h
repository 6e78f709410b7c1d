#pragma once
// A message strip above the images (KDE's KMessageWidget idea): what went wrong or what is going on, and
// buttons for what to do next. Background failures show here, never as modal boxes (docs/contributing.md, "Errors").
// Generic on purpose: other features (e.g. the VGG19 download) add their own actions.
#include <QFrame>
#include <QList>

class QAction;
class QHBoxLayout;
class QLabel;
class QProgressBar;
class QToolButton;

namespace hrstyle::ui {

class MessageBar : public QFrame {
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };

    explicit MessageBar(QWidget* parent = nullptr);

    // Replaces the current message; `actions` become buttons (not owned; clicking one also closes the bar
    // unless the action is checkable).
    void showMessage(Level level, const QString& text, const QList<QAction*>& actions = {});
    void clearMessage();
    // Replaces the text only, keeping level, buttons and progress (for a message that counts up).
    void setText(const QString& text);
    // A progress bar under the text for long work the message is about (e.g. a download): `done` of `total`
    // (units are the caller's), busy when total <= 0. showMessage() hides it; call this after it.
    void setProgress(qint64 done, qint64 total);
    QProgressBar* progressBar() const { return m_progress; }

    Level level() const { return m_level; }
    QString text() const;
    QList<QAction*> messageActions() const { return m_actions; }

Q_SIGNALS:
    void closed();

private:
    void applyLevelStyle();

    Level m_level = Level::Info;
    QLabel* m_icon = nullptr;
    QLabel* m_text = nullptr;
    QProgressBar* m_progress = nullptr;
    QHBoxLayout* m_buttons = nullptr;
    QToolButton* m_closeButton = nullptr;
    QList<QAction*> m_actions;
};

}  // namespace hrstyle::ui
