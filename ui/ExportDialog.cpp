#include "ExportDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

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
    form->addRow(buttons);

    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updateOptions);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateOptions();
}

QString ExportDialog::fileFilter() {
    return tr("PNG image (*.png);;JPEG image (*.jpg *.jpeg);;TIFF image (*.tif *.tiff);;WebP image (*.webp)");
}

void ExportDialog::setChoice(const ExportChoice& choice) {
    m_path->setText(choice.path);
    m_quality->setValue(choice.jpegQuality);
    m_sixteenBit->setChecked(choice.sixteenBit);
    updateOptions();
}

ExportChoice ExportDialog::choice() const {
    return {m_path->text().trimmed(), m_quality->value(), m_sixteenBit->isChecked()};
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
}

}  // namespace hrstyle::ui
