#include "ControlPanel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QSlider>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

#include "ProgressPanel.h"
#include "WeightSlider.h"

namespace hrstyle::ui {
namespace {

// Slider ranges, several decades around the seed's defaults (content 150, style 1, layers 0.1..1.6).
struct SliderSpec {
    const char* label;
    double minimum;
    double maximum;
};
constexpr SliderSpec kSliderSpecs[ControlPanel::kSliderCount] = {
    {QT_TRANSLATE_NOOP("hrstyle::ui::ControlPanel", "Content weight (keep the photo)"), 0.01, 1e5},
    {QT_TRANSLATE_NOOP("hrstyle::ui::ControlPanel", "Style weight (more style)"), 1e-3, 1e4},
    {QT_TRANSLATE_NOOP("hrstyle::ui::ControlPanel", "relu1_1 · fine texture"), 1e-3, 100.0},
    {QT_TRANSLATE_NOOP("hrstyle::ui::ControlPanel", "relu2_1"), 1e-3, 100.0},
    {QT_TRANSLATE_NOOP("hrstyle::ui::ControlPanel", "relu3_1"), 1e-3, 100.0},
    {QT_TRANSLATE_NOOP("hrstyle::ui::ControlPanel", "relu4_1"), 1e-3, 100.0},
    {QT_TRANSLATE_NOOP("hrstyle::ui::ControlPanel", "relu5_1 · large shapes"), 1e-3, 100.0},
};

}  // namespace

ControlPanel::ControlPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createTrainingGroup());
    layout->addWidget(createLookGroup());
    layout->addWidget(createWeightsGroup());
    layout->addWidget(createAdvancedGroup());
    layout->addStretch(1);
    setLook(LookControls{});
    setWeights(LossWeights{});
    setAdvanced(AdvancedValues{});
}

QWidget* ControlPanel::createTrainingGroup() {
    auto* group = new QGroupBox(tr("Training"), this);
    auto* layout = new QVBoxLayout(group);
    m_buttonArea = new QWidget(group);
    new QGridLayout(m_buttonArea);
    m_buttonArea->layout()->setContentsMargins(0, 0, 0, 0);
    m_progress = new ProgressPanel(group);
    layout->addWidget(m_buttonArea);
    layout->addWidget(m_progress);
    return group;
}

QWidget* ControlPanel::createLookGroup() {
    auto* group = new QGroupBox(tr("Look"), this);
    auto* form = new QFormLayout(group);
    m_strength = new QSlider(Qt::Horizontal, group);
    m_strength->setObjectName(QStringLiteral("strength"));
    m_strength->setRange(0, 100);
    m_strengthBox = new QSpinBox(group);
    m_strengthBox->setRange(0, 100);
    m_strengthBox->setSuffix(QStringLiteral(" %"));
    auto* strengthRow = new QHBoxLayout;
    strengthRow->addWidget(m_strength, 1);
    strengthRow->addWidget(m_strengthBox);
    m_colourMode = new QComboBox(group);
    m_colourMode->setObjectName(QStringLiteral("colourMode"));
    m_colourMode->addItem(tr("Full look"), static_cast<int>(ColourMode::Full));
    m_colourMode->addItem(tr("Keep original colours"), static_cast<int>(ColourMode::KeepColours));
    m_colourMode->addItem(tr("Colour only"), static_cast<int>(ColourMode::ColourOnly));
    m_strength->setToolTip(tr("How much of the look reaches the photo; changes show at once, without training"));
    m_colourMode->setToolTip(tr("Keep original colours: the look's light and texture on the photo's colours. "
                                "Colour only: the look's colours on the photo's detail."));
    form->addRow(tr("Strength"), strengthRow);
    form->addRow(tr("Colours"), m_colourMode);
    connect(m_strength, &QSlider::valueChanged, this, [this](int value) {
        const QSignalBlocker block(m_strengthBox);
        m_strengthBox->setValue(value);
        Q_EMIT lookEdited(look());
    });
    connect(m_strengthBox, qOverload<int>(&QSpinBox::valueChanged), this, [this](int value) {
        const QSignalBlocker block(m_strength);
        m_strength->setValue(value);
        Q_EMIT lookEdited(look());
    });
    connect(m_colourMode, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { Q_EMIT lookEdited(look()); });
    return group;
}

LookControls ControlPanel::look() const {
    LookControls look;
    look.strength = m_strength->value() / 100.0;
    look.colourMode = static_cast<ColourMode>(m_colourMode->currentData().toInt());
    return look;
}

void ControlPanel::setLook(const LookControls& look) {
    const QSignalBlocker b1(m_strength);
    const QSignalBlocker b2(m_strengthBox);
    const QSignalBlocker b3(m_colourMode);
    m_strength->setValue(qRound(look.strength * 100));
    m_strengthBox->setValue(qRound(look.strength * 100));
    m_colourMode->setCurrentIndex(std::max(0, m_colourMode->findData(static_cast<int>(look.colourMode))));
}

QWidget* ControlPanel::createWeightsGroup() {
    auto* group = new QGroupBox(tr("Loss weights"), this);
    auto* layout = new QVBoxLayout(group);
    for (int i = 0; i < kSliderCount; ++i) {
        const SliderSpec& spec = kSliderSpecs[i];
        auto* slider = new WeightSlider(tr(spec.label), spec.minimum, spec.maximum, group);
        m_sliders[static_cast<std::size_t>(i)] = slider;
        connect(slider, &WeightSlider::valueEdited, this, [this] { Q_EMIT weightsEdited(weights()); });
        if (i == 2) {
            auto* caption = new QLabel(tr("Style layers"), group);
            QFont bold = caption->font();
            bold.setBold(true);
            caption->setFont(bold);
            layout->addSpacing(6);
            layout->addWidget(caption);
        }
        layout->addWidget(slider);
    }
    return group;
}

QWidget* ControlPanel::createAdvancedGroup() {
    auto* container = new QWidget(this);
    auto* layout = new QVBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    m_advancedToggle = new QToolButton(container);
    m_advancedToggle->setText(tr("Advanced"));
    m_advancedToggle->setCheckable(true);
    m_advancedToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedToggle->setArrowType(Qt::RightArrow);
    m_advancedToggle->setAutoRaise(true);

    m_advancedBody = new QWidget(container);
    auto* form = new QFormLayout(m_advancedBody);
    m_workingSize = new QSpinBox(m_advancedBody);
    m_workingSize->setRange(64, 4096);
    m_workingSize->setSingleStep(32);
    m_workingSize->setSuffix(tr(" px"));
    m_workingSize->setToolTip(tr("Long side of the content photo while training. Smaller is faster."));
    m_steps = new QSpinBox(m_advancedBody);
    m_steps->setRange(1, 1000000);
    m_steps->setSingleStep(50);
    m_learningRate = new QDoubleSpinBox(m_advancedBody);
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(1e-5, 1.0);
    m_learningRate->setSingleStep(1e-3);
    m_seed = new QSpinBox(m_advancedBody);
    m_seed->setRange(0, INT_MAX);
    form->addRow(tr("Working size"), m_workingSize);
    form->addRow(tr("Steps per run"), m_steps);
    form->addRow(tr("Learning rate"), m_learningRate);
    form->addRow(tr("Seed"), m_seed);
    for (QAbstractSpinBox* box : {static_cast<QAbstractSpinBox*>(m_workingSize), static_cast<QAbstractSpinBox*>(m_steps),
                                  static_cast<QAbstractSpinBox*>(m_learningRate), static_cast<QAbstractSpinBox*>(m_seed)}) {
        box->setKeyboardTracking(false);
    }
    connect(m_workingSize, qOverload<int>(&QSpinBox::valueChanged), this, [this] { Q_EMIT advancedEdited(advanced()); });
    connect(m_steps, qOverload<int>(&QSpinBox::valueChanged), this, [this] { Q_EMIT advancedEdited(advanced()); });
    connect(m_learningRate, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
            [this] { Q_EMIT advancedEdited(advanced()); });
    connect(m_seed, qOverload<int>(&QSpinBox::valueChanged), this, [this] { Q_EMIT advancedEdited(advanced()); });
    connect(m_advancedToggle, &QToolButton::toggled, this, &ControlPanel::setAdvancedExpanded);

    layout->addWidget(m_advancedToggle);
    layout->addWidget(m_advancedBody);
    setAdvancedExpanded(false);
    return container;
}

void ControlPanel::setAdvancedExpanded(bool expanded) {
    const QSignalBlocker block(m_advancedToggle);
    m_advancedToggle->setChecked(expanded);
    m_advancedToggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_advancedBody->setVisible(expanded);
}

void ControlPanel::setTrainingActions(const QList<QAction*>& actions) {
    auto* grid = static_cast<QGridLayout*>(m_buttonArea->layout());
    for (int i = 0; i < actions.size(); ++i) {
        auto* button = new QToolButton(m_buttonArea);
        button->setDefaultAction(actions[i]);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        grid->addWidget(button, i / 2, i % 2);
    }
}

LossWeights ControlPanel::weights() const {
    LossWeights values;
    values.content = m_sliders[0]->value();
    values.style = m_sliders[1]->value();
    for (int i = 0; i < kStyleLayerCount; ++i) {
        values.layers[static_cast<std::size_t>(i)] = m_sliders[static_cast<std::size_t>(2 + i)]->value();
    }
    return values;
}

void ControlPanel::setWeights(const LossWeights& values) {
    m_sliders[0]->setValue(values.content);
    m_sliders[1]->setValue(values.style);
    for (int i = 0; i < kStyleLayerCount; ++i) {
        m_sliders[static_cast<std::size_t>(2 + i)]->setValue(values.layers[static_cast<std::size_t>(i)]);
    }
}

AdvancedValues ControlPanel::advanced() const {
    AdvancedValues values;
    values.workingSize = m_workingSize->value();
    values.steps = m_steps->value();
    values.learningRate = m_learningRate->value();
    values.seed = static_cast<qulonglong>(m_seed->value());
    return values;
}

void ControlPanel::setAdvanced(const AdvancedValues& values) {
    const QSignalBlocker b1(m_workingSize);
    const QSignalBlocker b2(m_steps);
    const QSignalBlocker b3(m_learningRate);
    const QSignalBlocker b4(m_seed);
    m_workingSize->setValue(values.workingSize);
    m_steps->setValue(values.steps);
    m_learningRate->setValue(values.learningRate);
    m_seed->setValue(static_cast<int>(std::min<qulonglong>(values.seed, INT_MAX)));
}

}  // namespace hrstyle::ui
