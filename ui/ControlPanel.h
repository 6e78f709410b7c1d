#pragma once
// The right-hand dock: loss weights (log sliders + exact spin boxes), the Advanced section (working size,
// steps, learning rate, seed), the training buttons and the progress panel.
#include <QWidget>

#include <array>

#include "TrainingValues.h"

class QAction;
class QDoubleSpinBox;
class QSpinBox;
class QToolButton;

namespace hrstyle::ui {

class ProgressPanel;
class WeightSlider;

class ControlPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kSliderCount = 2 + kStyleLayerCount;  // content, style, then the five layers

    explicit ControlPanel(QWidget* parent = nullptr);

    // Buttons for the window's training actions (Train, Stop, Continue, Reset), so buttons, menu and toolbar
    // share one enabled state.
    void setTrainingActions(const QList<QAction*>& actions);

    LossWeights weights() const;
    void setWeights(const LossWeights& weights);  // emits nothing
    AdvancedValues advanced() const;
    void setAdvanced(const AdvancedValues& values);  // emits nothing

    WeightSlider* weightSlider(int index) const { return m_sliders.at(static_cast<std::size_t>(index)); }
    QSpinBox* workingSizeBox() const { return m_workingSize; }
    ProgressPanel* progressPanel() const { return m_progress; }
    void setAdvancedExpanded(bool expanded);

Q_SIGNALS:
    void weightsEdited(const hrstyle::LossWeights& weights);
    void advancedEdited(const hrstyle::ui::AdvancedValues& values);

private:
    QWidget* createWeightsGroup();
    QWidget* createAdvancedGroup();
    QWidget* createTrainingGroup();

    std::array<WeightSlider*, kSliderCount> m_sliders{};
    QToolButton* m_advancedToggle = nullptr;
    QWidget* m_advancedBody = nullptr;
    QSpinBox* m_workingSize = nullptr;
    QSpinBox* m_steps = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QSpinBox* m_seed = nullptr;
    QWidget* m_buttonArea = nullptr;
    ProgressPanel* m_progress = nullptr;
};

}  // namespace hrstyle::ui
