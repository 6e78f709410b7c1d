#include "ProgressPanel.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

#include <cmath>

namespace hrstyle::ui {

ProgressPanel::ProgressPanel(QWidget* parent) : QWidget(parent) {
    m_bar = new QProgressBar(this);
    m_bar->setTextVisible(true);
    m_detail = new QLabel(this);
    m_detail->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_detail);
    showIdle(tr("Ready"));
}

QString ProgressPanel::detailText() const {
    return m_detail->text();
}

QString ProgressPanel::formatDuration(double seconds) {
    const auto total = static_cast<long long>(std::llround(std::max(0.0, seconds)));
    const long long hours = total / 3600;
    const long long minutes = (total % 3600) / 60;
    const long long secs = total % 60;
    if (hours > 0) {
        return tr("%1 h %2 min").arg(hours).arg(minutes, 2, 10, QLatin1Char('0'));
    }
    if (minutes > 0) {
        return tr("%1 min %2 s").arg(minutes).arg(secs, 2, 10, QLatin1Char('0'));
    }
    return tr("%1 s").arg(secs);
}

void ProgressPanel::showIdle(const QString& text) {
    if (m_bar->maximum() == 0) {
        m_bar->setRange(0, 1);  // leave the busy indicator
        m_bar->setValue(0);
    }
    m_detail->setText(text);
}

void ProgressPanel::showBusy(const QString& text) {
    m_bar->setRange(0, 0);
    m_detail->setText(text);
}

void ProgressPanel::showProgress(int step, int lastStep, double stepsPerSecond) {
    m_bar->setRange(0, std::max(1, lastStep));
    m_bar->setValue(std::min(step, lastStep));
    m_bar->setFormat(tr("Step %v / %m"));
    if (stepsPerSecond <= 0.0) {
        m_detail->setText(tr("Measuring speed…"));
        return;
    }
    const double secondsLeft = (lastStep - step) / stepsPerSecond;
    const QString speed = stepsPerSecond >= 1.0 ? tr("%1 steps/s").arg(stepsPerSecond, 0, 'f', 1)
                                                : tr("%1 s/step").arg(1.0 / stepsPerSecond, 0, 'f', 1);
    m_detail->setText(tr("%1 · %2 left").arg(speed, formatDuration(secondsLeft)));
}

}  // namespace hrstyle::ui
