#pragma once
// Edit > Preferences…: shows the typed Settings in a PreferencesDialog and applies what
// the user accepts. A weights file goes through the weights commands (WeightsPresenter's in the app: verified,
// remembered, used from the next training on); threads are applied at once; the default working size becomes the current one; the device is
// remembered for the next start (the engine's device is fixed per run of the app).
//
// Thread affinity: GUI thread. The window, document and settings outlive it.
#include <QObject>
#include <QPointer>

#include <functional>

#include "PreferencesDialog.h"

namespace hrstyle {

namespace ui {
class MainWindow;
}
class Document;
class Settings;

// The engine's device and threading functions (hrstyle/Device.h), passed in so that hrstyle_gui_lib links no
// LibTorch code; unset members mean "no engine" (CUDA unavailable, threads not applied).
struct DeviceControl {
    std::function<bool()> cudaAvailable;
    std::function<void(int threads)> configureThreads;  // 0 = one per core
};

// What Preferences asks of the VGG19 weights, bound by AppSession to WeightsPresenter: presenters do not hold
// each other.
struct WeightsCommands {
    std::function<bool(const QString& path)> useWeightsFile;  // verifies, remembers, switches; false if refused
    std::function<void()> startDownload;                      // progress and Cancel show in the message bar
};

class PreferencesPresenter : public QObject {
    Q_OBJECT
public:
    PreferencesPresenter(ui::MainWindow& window, Document& document, WeightsCommands weights, Settings& settings,
                         DeviceControl device, QObject* parent = nullptr);

    ui::PreferenceValues currentValues() const;
    // Stores `values` and puts them into effect (see the file comment). False when the weights file is
    // refused (its reason is in the message bar, as for Locate); the other values are applied regardless.
    bool apply(const ui::PreferenceValues& values);

    // The dialog, filled from the settings; the caller (or the Preferences action) opens it.
    ui::PreferencesDialog* createDialog();
    ui::PreferencesDialog* openDialog() const { return m_dialog; }  // for tests; null once closed

private:
    void openPreferences();

    ui::MainWindow& m_window;
    Document& m_document;
    WeightsCommands m_weights;
    Settings& m_settings;
    DeviceControl m_device;
    QPointer<ui::PreferencesDialog> m_dialog;
};

}  // namespace hrstyle
