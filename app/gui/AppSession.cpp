#include "AppSession.h"

namespace hrstyle {

AppSession::AppSession(std::unique_ptr<TrainingBackend> backend, const StartupInfo& startup,
                       std::unique_ptr<QSettings> store, bool gpuDefaults, ExportFunction exportFunction,
                       PresetEngine presetEngine, DeviceControl deviceControl)
    : m_store(std::move(store)),
      m_settings(*m_store, gpuDefaults),
      m_controller(std::move(backend)),
      m_documentPresenter(m_window, m_document, m_settings, startup),
      m_trainingPresenter(m_window, m_document, m_controller),
      m_exportPresenter(m_window, m_controller, m_document, m_settings, std::move(exportFunction)),
      m_weightsPresenter(m_window, m_document, m_settings),
      m_presetPresenter(m_window, m_document, m_controller, std::move(presetEngine), PresetStore::defaultRoot()),
      m_preferencesPresenter(m_window, m_document, weightsCommands(), m_settings, std::move(deviceControl)) {
    m_documentPresenter.restoreSession();
    m_weightsPresenter.offerWeightsIfMissing(startup);
}

WeightsCommands AppSession::weightsCommands() {
    return {[this](const QString& path) { return m_weightsPresenter.useWeightsFile(path); },
            [this] { m_weightsPresenter.startDownload(); }};
}

AppSession::~AppSession() {
    m_controller.shutdown();
    m_settings.sync();
}

}  // namespace hrstyle
