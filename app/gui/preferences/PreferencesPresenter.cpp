#include "PreferencesPresenter.h"

#include <QAction>
#include <QThread>

#include "Document.h"
#include "MainWindow.h"
#include "Settings.h"
#include "ValueConversion.h"
#include "VggWeightsFile.h"

namespace hrstyle {

PreferencesPresenter::PreferencesPresenter(ui::MainWindow& window, Document& document, WeightsCommands weights,
                                           Settings& settings, DeviceControl device, QObject* parent)
    : QObject(parent),
      m_window(window),
      m_document(document),
      m_weights(std::move(weights)),
      m_settings(settings),
      m_device(std::move(device)) {
    connect(window.actions().preferences, &QAction::triggered, this, &PreferencesPresenter::openPreferences);
}

ui::PreferenceValues PreferencesPresenter::currentValues() const {
    ui::PreferenceValues values;
    values.vgg19Path = m_settings.vgg19Path();
    values.downloadUrl = m_settings.vgg19DownloadUrl();
    values.device = m_settings.device();
    values.cpuThreads = m_settings.cpuThreads();
    values.defaultWorkingSize = m_settings.defaultWorkingSize();
    values.memoryLimitMb = m_settings.memoryLimitMb();
    values.trainingMemoryLimitMb = m_settings.trainingMemoryLimitMb();
    return values;
}

bool PreferencesPresenter::apply(const ui::PreferenceValues& values) {
    m_settings.setValue(SettingKey::Vgg19DownloadUrl, values.downloadUrl);
    m_settings.setValue(SettingKey::Device, values.device);
    if (values.cpuThreads != m_settings.cpuThreads() && m_device.configureThreads) {
        m_device.configureThreads(values.cpuThreads);
    }
    m_settings.setValue(SettingKey::CpuThreads, values.cpuThreads);
    m_settings.setValue(SettingKey::MemoryLimitMb, values.memoryLimitMb);
    m_settings.setValue(SettingKey::TrainingMemoryLimitMb, values.trainingMemoryLimitMb);
    m_document.setTrainingMemoryLimit(m_settings.trainingMemoryLimitBytes());
    if (values.defaultWorkingSize != m_settings.defaultWorkingSize()) {
        m_settings.setValue(SettingKey::DefaultWorkingSize, values.defaultWorkingSize);
        ui::AdvancedValues options = toAdvancedValues(m_document.trainParams());
        options.workingSize = values.defaultWorkingSize;  // a changed default is what the user wants now
        m_document.setTrainingOptions(options);
    }
    bool weightsOk = true;
    if (values.vgg19Path != m_settings.vgg19Path()) {
        if (values.vgg19Path.isEmpty()) {
            m_settings.setValue(SettingKey::Vgg19Path, QString());  // automatic again from the next start
        } else {
            weightsOk = m_weights.useWeightsFile(values.vgg19Path);  // verifies, remembers, switches
        }
    }
    m_settings.sync();
    return weightsOk;
}

ui::PreferencesDialog* PreferencesPresenter::createDialog() {
    const bool cuda = m_device.cudaAvailable && m_device.cudaAvailable();
    m_dialog = new ui::PreferencesDialog(verifyVggFile, cuda, QThread::idealThreadCount(), &m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog->setValues(currentValues());
    connect(m_dialog, &QDialog::accepted, this, [this] { apply(m_dialog->values()); });
    connect(m_dialog, &ui::PreferencesDialog::downloadRequested, this, [this](const QString& url) {
        m_settings.setValue(SettingKey::Vgg19DownloadUrl, url);  // the download uses the URL as typed
        m_dialog->close();
        m_weights.startDownload();  // progress and Cancel show in the message bar
    });
    return m_dialog;
}

void PreferencesPresenter::openPreferences() {
    if (m_dialog) {
        m_dialog->raise();
        return;
    }
    createDialog()->open();
}

}  // namespace hrstyle
