#pragma once
// A loss weight on a log-scale slider paired with an exact-value spin box. The slider covers several decades
// (weights matter by ratio, so equal slider travel means an equal factor); the spin box takes any exact value.
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace hrstyle::ui {

class WeightSlider : public QWidget {
    Q_OBJECT
public:
    static constexpr int kSliderSteps = 1000;

    // [minimum, maximum] must be positive; the slider maps it logarithmically onto 0..kSliderSteps.
    WeightSlider(const QString& label, double minimum, double maximum, QWidget* parent = nullptr);

    double value() const { return m_value; }
    // Programmatic change: updates both editors and emits nothing.
    void setValue(double value);

    int positionFor(double value) const;
    // The weight at a slider position, rounded to 3 significant digits so dragging gives readable numbers.
    double valueAt(int position) const;

    QSlider* slider() const { return m_slider; }
    QDoubleSpinBox* spinBox() const { return m_spinBox; }

Q_SIGNALS:
    void valueEdited(double value);  // user edits only (slider drag, spin box), on every change

private:
    void onSliderMoved(int position);
    void onSpinBoxChanged(double value);

    double m_minimum;
    double m_maximum;
    double m_value = 1.0;
    QLabel* m_label = nullptr;
    QSlider* m_slider = nullptr;
    QDoubleSpinBox* m_spinBox = nullptr;
};

}  // namespace hrstyle::ui
