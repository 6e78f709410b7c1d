#include "SavePresetDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>

namespace hrstyle::ui {

SavePresetDialog::SavePresetDialog(const QString& suggestedName, bool haveNetwork, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Save Look as Preset"));
    m_name = new QLineEdit(suggestedName, this);
    m_name->selectAll();
    m_includeNetwork = new QCheckBox(tr("Include trained network"), this);
    m_includeNetwork->setChecked(haveNetwork);
    m_includeNetwork->setEnabled(haveNetwork);
    m_includeNetwork->setToolTip(haveNetwork ? tr("Applying the preset then shows the result at once, and training "
                                                  "goes on from this network")
                                             : tr("Train first to include a network"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto* layout = new QFormLayout(this);
    layout->addRow(tr("Name:"), m_name);
    layout->addRow(QString(), m_includeNetwork);
    layout->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // An empty name cannot be saved: say so by disabling Save rather than by an error afterwards.
    auto updateSave = [this, buttons] {
        buttons->button(QDialogButtonBox::Save)->setEnabled(!name().isEmpty());
    };
    connect(m_name, &QLineEdit::textChanged, this, updateSave);
    updateSave();
}

QString SavePresetDialog::name() const {
    return m_name->text().trimmed();
}

bool SavePresetDialog::includeNetwork() const {
    return m_includeNetwork->isChecked();
}

}  // namespace hrstyle::ui
