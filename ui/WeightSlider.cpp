#include "WeightSlider.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace hrstyle::ui {
namespace {

// Shows values like 150, 0.025 or 1.5e-05 instead of a fixed number of decimals.
class ExactSpinBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;

    QString textFromValue(double value) const override { return locale().toString(value, 'g', 6); }
    double valueFromText(const QString& text) const override { return locale().toDouble(text); }
    QValidator::State validate(QString& text, int&) const override {
        bool ok = false;
        locale().toDouble(text, &ok);
        return ok ? QValidator::Acceptable : QValidator::Intermediate;
    }
};

double roundToSignificant(double value, int digits) {
    if (value <= 0.0) {
        return value;
    }
    const double magnitude = std::pow(10.0, digits - 1 - std::floor(std::log10(value)));
    return std::round(value * magnitude) / magnitude;
}

}  // namespace

WeightSlider::WeightSlider(const QString& label, double minimum, double maximum, QWidget* parent)
    : QWidget(parent), m_minimum(minimum), m_maximum(maximum) {
    m_label = new QLabel(label, this);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, kSliderSteps);
    m_slider->setPageStep(kSliderSteps / 20);
    m_slider->setToolTip(tr("Log scale: %1 to %2").arg(minimum).arg(maximum));
    m_label->setBuddy(m_slider);

    m_spinBox = new ExactSpinBox(this);
    m_spinBox->setDecimals(8);  // internal precision; display is ExactSpinBox's
    m_spinBox->setRange(minimum, maximum);
    m_spinBox->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    m_spinBox->setKeyboardTracking(false);  // typing "150" must not train with 1 and 15 first
    m_spinBox->setMinimumWidth(80);
    m_spinBox->setAccessibleName(label);

    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label, 0, 0, 1, 2);
    layout->addWidget(m_slider, 1, 0);
    layout->addWidget(m_spinBox, 1, 1);
    layout->setColumnStretch(0, 1);

    connect(m_slider, &QSlider::valueChanged, this, &WeightSlider::onSliderMoved);
    connect(m_spinBox, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &WeightSlider::onSpinBoxChanged);
    setValue(1.0);
}

void WeightSlider::setValue(double value) {
    m_value = std::clamp(value, m_minimum, m_maximum);
    const QSignalBlocker blockSlider(m_slider);
    const QSignalBlocker blockSpin(m_spinBox);
    m_slider->setValue(positionFor(m_value));
    m_spinBox->setValue(m_value);
}

int WeightSlider::positionFor(double value) const {
    const double clamped = std::clamp(value, m_minimum, m_maximum);
    const double fraction = std::log(clamped / m_minimum) / std::log(m_maximum / m_minimum);
    return static_cast<int>(std::lround(fraction * kSliderSteps));
}

double WeightSlider::valueAt(int position) const {
    const double fraction = static_cast<double>(position) / kSliderSteps;
    const double raw = m_minimum * std::pow(m_maximum / m_minimum, fraction);
    return std::clamp(roundToSignificant(raw, 3), m_minimum, m_maximum);
}

void WeightSlider::onSliderMoved(int position) {
    m_value = valueAt(position);
    const QSignalBlocker blockSpin(m_spinBox);
    m_spinBox->setValue(m_value);
    Q_EMIT valueEdited(m_value);
}

void WeightSlider::onSpinBoxChanged(double value) {
    m_value = value;
    const QSignalBlocker blockSlider(m_slider);
    m_slider->setValue(positionFor(value));
    Q_EMIT valueEdited(m_value);
}

}  // namespace hrstyle::ui
