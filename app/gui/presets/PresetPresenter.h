#pragma once
// The preset dock's behaviour: lists the user's presets (PresetStore) with thumbnails, saves the
// current look, applies a preset (style image and settings at once; with a trained network, the stylised
// photo by inference alone on a background thread, and the next training fine-tunes that network), renames,
// duplicates, deletes with Undo in the message bar, and imports/exports .hrstyle-preset files.
// A failed user action shows in a message box and changes nothing (docs/contributing.md, "Errors").
//
// Thread affinity: GUI thread. Owns the store (not thread-safe: this is its only instance in the app) and
// the previewer; the window, presenter and controller outlive it.
#include <QObject>
#include <QPointer>

#include <optional>

#include "PresetEngine.h"
#include "PresetPreviewer.h"
#include "PresetStore.h"

class QAction;
class QMessageBox;

namespace hrstyle {

namespace ui {
class MainWindow;
}
class Document;
class TrainingController;

class PresetPresenter : public QObject {
    Q_OBJECT
public:
    static constexpr int kThumbnailSide = 160;  // long side of a saved thumbnail, px
    static constexpr char kFileSuffix[] = "hrstyle-preset";

    PresetPresenter(ui::MainWindow& window, Document& document, TrainingController& controller,
                    PresetEngine engine, const QString& storeRoot, QObject* parent = nullptr);
    ~PresetPresenter() override;  // empties the store's trash after a delete: Undo does not outlive the session

    PresetStore& store() { return m_store; }

    // The commands behind the dock's actions, without their dialogs (tests call these). Each returns whether
    // it succeeded; a failure has been shown in a message box.
    bool saveLook(const QString& name, bool includeNetwork);
    bool applyPreset(const QString& name);
    bool renamePreset(const QString& name, const QString& newName);
    bool duplicatePreset(const QString& name);  // as "name (2)", "name (3)", ...
    bool removePreset(const QString& name);
    bool undoRemove();
    bool importFrom(const QString& filePath);
    bool exportTo(const QString& name, const QString& filePath);

    void refresh();  // re-reads the store into the dock
    QAction* undoAction() const { return m_undo; }
    QMessageBox* lastFailureBox() const { return m_failureBox; }  // for tests; null once closed

Q_SIGNALS:
    void presetPreviewShown(const QString& name);
    void presetPreviewFailed(const QString& name, const QString& reason);

private:
    void connectPanel();
    void askAndSave();
    void askAndRename(const QString& name);
    void askAndImport();
    void askAndExport(const QString& name);
    QByteArray thumbnailPng() const;
    QString writeGenerator(const QString& folder) const;
    void onPreviewReady(const QString& name, const PresetPreview& preview);
    void onPreviewFailed(const QString& name, const QString& reason);
    void showFailure(const QString& title, const QString& text);

    ui::MainWindow& m_window;
    Document& m_document;
    TrainingController& m_controller;
    PresetEngine m_engine;
    PresetStore m_store;
    PresetPreviewer m_previewer;
    std::optional<RemovedPreset> m_lastRemoved;
    bool m_removedAny = false;
    QAction* m_undo = nullptr;
    QPointer<QMessageBox> m_failureBox;
};

}  // namespace hrstyle
