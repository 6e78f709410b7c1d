#pragma once
// The whole desktop app minus main(): settings, the training controller, the window, the document and the
// presenters that join them (each depends on the window, the document and what it drives, never on another
// presenter: Preferences reaches the weights presenter's commands through functions bound here). main() builds one with the real engine; tests build one with a fake or a tiny real setup.
#include <QSettings>

#include <memory>

#include "Document.h"
#include "DocumentPresenter.h"
#include "ExportPresenter.h"
#include "MainWindow.h"
#include "PreferencesPresenter.h"
#include "PresetEngine.h"
#include "PresetPresenter.h"
#include "Settings.h"
#include "TrainingController.h"
#include "TrainingPresenter.h"
#include "WeightsPresenter.h"

namespace hrstyle {

class AppSession {
public:
    // `store` holds the preferences (the user's QSettings in the app, a temporary file in tests).
    // `exportFunction` stylises and saves a full-size image (the engine's in the app); without one, Export
    // stays disabled. `presetEngine` lets presets carry trained networks (without it they hold settings only).
    // Presets live in PresetStore::defaultRoot() (tests: Qt's test mode and a private HOME).
    // `deviceControl` lets Preferences offer CUDA and apply the thread count.
    AppSession(std::unique_ptr<TrainingBackend> backend, const StartupInfo& startup,
               std::unique_ptr<QSettings> store, bool gpuDefaults, ExportFunction exportFunction = {},
               PresetEngine presetEngine = {}, DeviceControl deviceControl = {});
    ~AppSession();  // stops training before the window goes

    ui::MainWindow& window() { return m_window; }
    TrainingController& controller() { return m_controller; }
    Document& document() { return m_document; }
    DocumentPresenter& documentPresenter() { return m_documentPresenter; }
    Settings& settings() { return m_settings; }
    ExportPresenter& exportPresenter() { return m_exportPresenter; }
    WeightsPresenter& weightsPresenter() { return m_weightsPresenter; }
    PresetPresenter& presetPresenter() { return m_presetPresenter; }
    PreferencesPresenter& preferencesPresenter() { return m_preferencesPresenter; }

private:
    WeightsCommands weightsCommands();  // Preferences' way to the weights presenter

    std::unique_ptr<QSettings> m_store;
    Settings m_settings;
    TrainingController m_controller;
    ui::MainWindow m_window;
    Document m_document;
    DocumentPresenter m_documentPresenter;
    TrainingPresenter m_trainingPresenter;
    ExportPresenter m_exportPresenter;
    WeightsPresenter m_weightsPresenter;
    PresetPresenter m_presetPresenter;
    PreferencesPresenter m_preferencesPresenter;
};

}  // namespace hrstyle
