#pragma once
// Training progress: a bar with step / total, and speed and time left underneath.
#include <QWidget>

class QLabel;
class QProgressBar;

namespace hrstyle::ui {

class ProgressPanel : public QWidget {
    Q_OBJECT
public:
    explicit ProgressPanel(QWidget* parent = nullptr);

    void showIdle(const QString& text);
    void showBusy(const QString& text);  // e.g. "Preparing…": an indeterminate bar
    void showProgress(int step, int lastStep, double stepsPerSecond);

    QString detailText() const;
    QProgressBar* bar() const { return m_bar; }

    // "1 h 02 min", "3 min 05 s", "12 s".
    static QString formatDuration(double seconds);

private:
    QProgressBar* m_bar = nullptr;
    QLabel* m_detail = nullptr;
};

}  // namespace hrstyle::ui
