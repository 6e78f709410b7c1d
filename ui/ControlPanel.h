#pragma once
// The right-hand dock: the training buttons and the progress panel, the look (strength, colour mode: instant,
// no training), loss weights (log sliders + exact spin boxes) and the Advanced section (working size, steps,
// learning rate, seed).
#include <QWidget>

#include <array>

#include "TrainingValues.h"
#include "hrstyle/LookControls.h"

class QAction;
class QComboBox;
class QSlider;
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
    LookControls look() const;
    void setLook(const LookControls& look);  // emits nothing
    AdvancedValues advanced() const;
    void setAdvanced(const AdvancedValues& values);  // emits nothing

    WeightSlider* weightSlider(int index) const { return m_sliders.at(static_cast<std::size_t>(index)); }
    QSpinBox* workingSizeBox() const { return m_workingSize; }
    ProgressPanel* progressPanel() const { return m_progress; }
    void setAdvancedExpanded(bool expanded);

Q_SIGNALS:
    void weightsEdited(const hrstyle::LossWeights& weights);
    void lookEdited(const hrstyle::LookControls& look);
    void advancedEdited(const hrstyle::ui::AdvancedValues& values);

private:
    QWidget* createLookGroup();
    QWidget* createWeightsGroup();
    QWidget* createAdvancedGroup();
    QWidget* createTrainingGroup();

    QSlider* m_strength = nullptr;  // percent
    QSpinBox* m_strengthBox = nullptr;
    QComboBox* m_colourMode = nullptr;  // item data: ColourMode as int
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
