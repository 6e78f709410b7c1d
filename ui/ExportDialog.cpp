#include "ExportDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>

namespace hrstyle::ui {
namespace {

QString lowerSuffix(const QString& path) {
    return QFileInfo(path).suffix().toLower();
}

bool isJpeg(const QString& path) {
    const QString suffix = lowerSuffix(path);
    return suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg");
}

// The engine writes 16-bit samples to PNG and TIFF only (JPEG and WebP are 8-bit formats).
bool allowsSixteenBit(const QString& path) {
    const QString suffix = lowerSuffix(path);
    return suffix == QLatin1String("png") || suffix == QLatin1String("tif") || suffix == QLatin1String("tiff");
}

// Refine size limits in pixels: below 64 the loss network's deepest layers see almost nothing; 8192 is far
// beyond what fits in memory for training anyway (the photo's long side caps it further).
constexpr int kMinRefineSize = 64;
constexpr int kMaxRefineSize = 8192;
constexpr int kMaxRefineSteps = 10000;

}  // namespace

ExportDialog::ExportDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export Full-Resolution Image"));
    m_path = new QLineEdit(this);
    m_path->setMinimumWidth(360);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);

    m_quality = new QSpinBox(this);
    m_quality->setRange(0, 100);
    m_quality->setValue(95);
    m_sixteenBit = new QCheckBox(tr("16 bits per channel (PNG, TIFF)"), this);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* form = new QFormLayout(this);
    form->addRow(tr("File:"), pathRow);
    form->addRow(tr("JPEG quality:"), m_quality);
    form->addRow(QString(), m_sixteenBit);
    form->addRow(QString(), createRefineRow());
    form->addRow(buttons);

    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updateOptions);
    connect(m_refine, &QCheckBox::toggled, this, &ExportDialog::updateOptions);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateOptions();
}

QLayout* ExportDialog::createRefineRow() {
    m_refine = new QCheckBox(tr("Refine first:"), this);
    m_refine->setObjectName(QStringLiteral("refine"));
    m_refine->setToolTip(tr("Train the current network a few more steps at a larger size before exporting.\n"
                            "Slower, but finer detail at full resolution. The window's network is unchanged."));
    m_refineSteps = new QSpinBox(this);
    m_refineSteps->setObjectName(QStringLiteral("refineSteps"));
    m_refineSteps->setRange(1, kMaxRefineSteps);
    m_refineSteps->setValue(ExportChoice{}.refineSteps);
    m_refineSize = new QSpinBox(this);
    m_refineSize->setObjectName(QStringLiteral("refineSize"));
    m_refineSize->setRange(kMinRefineSize, kMaxRefineSize);
    m_refineSize->setSingleStep(128);
    m_refineSize->setSuffix(tr(" px"));
    m_refineSize->setValue(ExportChoice{}.refineSize);
    auto* row = new QHBoxLayout;
    row->addWidget(m_refine);
    row->addWidget(m_refineSteps);
    row->addWidget(new QLabel(tr("steps at"), this));
    row->addWidget(m_refineSize);
    row->addStretch(1);
    return row;
}

QString ExportDialog::fileFilter() {
    return tr("PNG image (*.png);;JPEG image (*.jpg *.jpeg);;TIFF image (*.tif *.tiff);;WebP image (*.webp)");
}

void ExportDialog::setChoice(const ExportChoice& choice) {
    m_path->setText(choice.path);
    m_quality->setValue(choice.jpegQuality);
    m_sixteenBit->setChecked(choice.sixteenBit);
    m_refine->setChecked(choice.refine);
    m_refineSteps->setValue(choice.refineSteps);
    m_refineSize->setValue(choice.refineSize);
    updateOptions();
}

ExportChoice ExportDialog::choice() const {
    ExportChoice choice;
    choice.path = m_path->text().trimmed();
    choice.jpegQuality = m_quality->value();
    choice.sixteenBit = m_sixteenBit->isChecked();
    choice.refine = m_refine->isChecked();
    choice.refineSteps = m_refineSteps->value();
    choice.refineSize = m_refineSize->value();
    return choice;
}

void ExportDialog::setMaxRefineSize(int pixels) {
    const int maximum = pixels > 0 ? std::max(pixels, kMinRefineSize) : kMaxRefineSize;
    m_refineSize->setMaximum(std::min(maximum, kMaxRefineSize));
}

void ExportDialog::browse() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export As"), m_path->text(), fileFilter());
    if (!path.isEmpty()) {
        m_path->setText(path);
    }
}

void ExportDialog::updateOptions() {
    const QString path = m_path->text();
    m_quality->setEnabled(isJpeg(path));
    m_sixteenBit->setEnabled(allowsSixteenBit(path));
    m_refineSteps->setEnabled(m_refine->isChecked());
    m_refineSize->setEnabled(m_refine->isChecked());
}

}  // namespace hrstyle::ui
