#pragma once
// The window's export flow: File > Export… asks where (ExportDialog), an ImageExporter stylises the
// original photo on its own thread while a progress dialog offers Cancel, and the outcome shows in the status
// bar (success) or in a message box (a failed user action, docs/contributing.md, "Errors"). Export is enabled once the
// controller has a trained generator.
//
// Thread affinity: GUI thread. Owns the exporter; the window, controller and document outlive it.
#include <QMessageBox>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>

#include "ExportDialog.h"
#include "ImageExporter.h"
#include "TrainingBackend.h"

namespace hrstyle {

namespace ui {
class MainWindow;
}
class Document;
class Settings;
class TrainingController;

// The dialog's "Refine first" choice as the engine's refinement: the window's current training settings
// (`setup`'s learning rate, seed, style sizes and loss network; `weights`, the sliders' weights in force), at
// the chosen step count and size. steps 0 when the choice is off.
ExportRefinement refinementFor(const ui::ExportChoice& choice, const TrainingSetup& setup, const LossWeights& weights);

// Where the export dialog proposes to write: beside the photo, unless nothing can be created there (a bundled
// sample of an installed package lives in a read-only system folder), then the user's Pictures folder (or home).
// Tried by creating a file, not by permission bits, which say "writable" to root on read-only file systems.
QString exportFolderFor(const QString& photoFolder);

class ExportPresenter : public QObject {
    Q_OBJECT
public:
    // `settings` gives each export the memory limit in force when it starts.
    ExportPresenter(ui::MainWindow& window, TrainingController& controller, const Document& document,
                    const Settings& settings, ExportFunction exportFunction, QObject* parent = nullptr);

    // Starts exporting the current photo with the current network; false when that cannot start (no network,
    // no photo, or an export already running: the action is disabled then).
    bool exportTo(const ui::ExportChoice& choice);

    ImageExporter& exporter() { return m_exporter; }
    QProgressDialog* progressDialog() const { return m_progress; }
    QMessageBox* lastFailureBox() const { return m_failureBox; }  // for tests; null once closed

Q_SIGNALS:
    void exportDone(bool succeeded);

private:
    void chooseAndExport();
    void updateAction();
    void showProgress(const QString& path, bool refining);
    void closeProgress();
    void onFinished(const QString& path);
    void onFailed(const QString& path, const QString& reason);
    void onCancelled(const QString& path);
    void showFailure(const QString& text);
    ui::ExportChoice suggestedChoice() const;

    ui::MainWindow& m_window;
    TrainingController& m_controller;
    const Document& m_document;
    const Settings& m_settings;
    ImageExporter m_exporter;
    ui::ExportChoice m_lastChoice;
    QPointer<QProgressDialog> m_progress;
    QPointer<QMessageBox> m_failureBox;
};

}  // namespace hrstyle
