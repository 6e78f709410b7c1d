#include "PreferencesDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>

namespace hrstyle::ui {
namespace {

// Working sizes the Advanced section also allows (multiples of 4, the generator's stride).
constexpr int kMinWorkingSize = 64;
constexpr int kMaxWorkingSize = 4096;
constexpr int kMinMemoryLimitMb = 256;     // below this not even a small tile and the program fit
constexpr int kMaxMemoryLimitMb = 1 << 20;  // 1 TB

}  // namespace

PreferencesDialog::PreferencesDialog(WeightsCheck check, bool cudaAvailable, int coreCount, QWidget* parent)
    : QDialog(parent), m_check(std::move(check)) {
    setWindowTitle(tr("Preferences"));
    m_url = new QLineEdit(this);
    m_device = new QComboBox(this);
    m_device->addItem(tr("Automatic"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
    if (!cudaAvailable) {
        // Disabled, not hidden: the user sees the option exists and why it cannot be picked.
        auto* model = qobject_cast<QStandardItemModel*>(m_device->model());
        model->item(2)->setEnabled(false);
        model->item(2)->setToolTip(tr("No CUDA GPU, or HRStyle was built without CUDA"));
    }
    m_threads = new QSpinBox(this);
    m_threads->setRange(0, std::max(1, coreCount) * 4);
    m_threads->setSpecialValueText(tr("All cores (%1)").arg(coreCount));
    m_workingSize = new QSpinBox(this);
    m_workingSize->setRange(kMinWorkingSize, kMaxWorkingSize);
    m_workingSize->setSingleStep(32);
    m_workingSize->setSuffix(tr(" px"));
    m_memoryLimit = createMemoryLimitBox(tr("Exports of large photos stay within this much memory: they are "
                                            "processed in tiles sized to fit"));
    m_trainingMemoryLimit = createMemoryLimitBox(tr("Training at a working size that would need more memory "
                                                    "than this is refused, with a size that fits"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* form = new QFormLayout(this);
    form->addRow(tr("VGG19 weights:"), createWeightsRow());
    form->addRow(QString(), m_problem);
    form->addRow(tr("Download from:"), m_url);
    form->addRow(tr("Device:"), m_device);
    form->addRow(tr("CPU threads:"), m_threads);
    form->addRow(tr("Default working size:"), m_workingSize);
    form->addRow(tr("Memory limit for exports:"), m_memoryLimit);
    form->addRow(tr("Memory limit for training:"), m_trainingMemoryLimit);
    auto* note = new QLabel(tr("Weights, threads and working size apply from the next training; the device "
                               "when HRStyle starts again."), this);
    note->setWordWrap(true);
    form->addRow(note);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QWidget* PreferencesDialog::createWeightsRow() {
    auto* row = new QWidget(this);
    m_vggPath = new QLineEdit(row);
    m_vggPath->setPlaceholderText(tr("Automatic (HRSTYLE_VGG19 or the downloaded file)"));
    auto* browse = new QPushButton(tr("Browse…"), row);
    m_download = new QPushButton(tr("Download"), row);
    m_download->setToolTip(tr("Download the weights (575 MB, resumable) from the URL below"));
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_vggPath, 1);
    layout->addWidget(browse);
    layout->addWidget(m_download);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_problem->hide();
    connect(browse, &QPushButton::clicked, this, &PreferencesDialog::browse);
    connect(m_download, &QPushButton::clicked, this, [this] { Q_EMIT downloadRequested(m_url->text().trimmed()); });
    connect(m_vggPath, &QLineEdit::textEdited, this, [this] { showProblem({}); });
    return row;
}

QSpinBox* PreferencesDialog::createMemoryLimitBox(const QString& toolTip) {
    auto* box = new QSpinBox(this);
    box->setRange(kMinMemoryLimitMb, kMaxMemoryLimitMb);
    box->setSingleStep(256);
    box->setSuffix(tr(" MB"));
    box->setToolTip(toolTip);
    return box;
}

PreferenceValues PreferencesDialog::values() const {
    PreferenceValues values;
    values.vgg19Path = m_vggPath->text().trimmed();
    values.downloadUrl = m_url->text().trimmed();
    values.device = m_device->currentData().toString();
    values.cpuThreads = m_threads->value();
    values.defaultWorkingSize = m_workingSize->value();
    values.memoryLimitMb = m_memoryLimit->value();
    values.trainingMemoryLimitMb = m_trainingMemoryLimit->value();
    return values;
}

void PreferencesDialog::setValues(const PreferenceValues& values) {
    m_vggPath->setText(values.vgg19Path);
    m_url->setText(values.downloadUrl);
    const int device = m_device->findData(values.device);
    m_device->setCurrentIndex(device >= 0 ? device : 0);
    m_threads->setValue(values.cpuThreads);
    m_workingSize->setValue(values.defaultWorkingSize);
    m_memoryLimit->setValue(values.memoryLimitMb);
    m_trainingMemoryLimit->setValue(values.trainingMemoryLimitMb);
    showProblem({});
}

bool PreferencesDialog::chooseWeightsFile(const QString& path) {
    const QString reason = m_check ? m_check(path) : QString();
    if (!reason.isEmpty()) {
        showProblem(tr("Not used: %1").arg(reason));
        return false;
    }
    m_vggPath->setText(path);
    showProblem({});
    return true;
}

QString PreferencesDialog::weightsProblem() const {
    return m_problem->text();
}

void PreferencesDialog::browse() {
    const QString start = m_vggPath->text().isEmpty() ? QString() : QFileInfo(m_vggPath->text()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Locate VGG19 Weights"), start,
                                                      tr("Safetensors (*.safetensors);;All files (*)"));
    if (!path.isEmpty()) {
        chooseWeightsFile(path);
    }
}

void PreferencesDialog::showProblem(const QString& reason) {
    m_problem->setText(reason);
    m_problem->setVisible(!reason.isEmpty());
}

void PreferencesDialog::accept() {
    const QString path = m_vggPath->text().trimmed();
    const QString reason = path.isEmpty() || !m_check ? QString() : m_check(path);
    if (!reason.isEmpty()) {
        showProblem(tr("Not used: %1").arg(reason));
        return;  // stay open: the user fixes or clears the field
    }
    QDialog::accept();
}

}  // namespace hrstyle::ui
