#include "PresetPresenter.h"

#include <QAction>
#include <QBuffer>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QStatusBar>
#include <QTemporaryDir>

#include "Document.h"
#include "OpenFailure.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "PresetPanel.h"
#include "SavePresetDialog.h"
#include "TrainingController.h"

namespace hrstyle {
namespace {

Q_LOGGING_CATEGORY(lcPresets, "hrstyle.presets")

QString fileFilter() {
    return QObject::tr("HRStyle presets (*.%1);;All files (*)").arg(QLatin1String(PresetPresenter::kFileSuffix));
}

QString describe(const Preset& preset) {
    return QObject::tr("Content %1 · style %2 · %3 steps · %4 px")
        .arg(preset.weights.content)
        .arg(preset.weights.style)
        .arg(preset.steps)
        .arg(preset.workingSize);
}

ui::PresetItem toItem(const StoredPreset& stored) {
    ui::PresetItem item;
    item.name = stored.name();
    item.hasGenerator = stored.preset.hasGenerator();
    item.details = describe(stored.preset);
    if (!stored.thumbnailPath().isEmpty()) {
        item.thumbnail = QImage(stored.thumbnailPath());
    }
    return item;
}

QString reasonOf(const std::string& error) {
    return QString::fromStdString(error);
}

}  // namespace

PresetPresenter::PresetPresenter(ui::MainWindow& window, Document& document, TrainingController& controller,
                                 PresetEngine engine, const QString& storeRoot, QObject* parent)
    : QObject(parent),
      m_window(window),
      m_document(document),
      m_controller(controller),
      m_engine(std::move(engine)),
      m_store(storeRoot),
      m_previewer(m_engine.preview) {
    m_undo = new QAction(tr("Undo"), this);
    connect(m_undo, &QAction::triggered, this, &PresetPresenter::undoRemove);
    connect(&m_previewer, &PresetPreviewer::ready, this, &PresetPresenter::onPreviewReady);
    connect(&m_previewer, &PresetPreviewer::failed, this, &PresetPresenter::onPreviewFailed);
    connectPanel();
    refresh();
}

PresetPresenter::~PresetPresenter() {
    if (m_removedAny) {
        m_store.emptyTrash();  // only after a delete of ours: a session that deleted nothing writes nothing
    }
}

void PresetPresenter::connectPanel() {
    ui::PresetPanel* panel = m_window.presetPanel();
    connect(panel, &ui::PresetPanel::saveRequested, this, &PresetPresenter::askAndSave);
    connect(panel, &ui::PresetPanel::applyRequested, this, &PresetPresenter::applyPreset);
    connect(panel, &ui::PresetPanel::renameRequested, this, &PresetPresenter::askAndRename);
    connect(panel, &ui::PresetPanel::duplicateRequested, this, &PresetPresenter::duplicatePreset);
    connect(panel, &ui::PresetPanel::removeRequested, this, &PresetPresenter::removePreset);
    connect(panel, &ui::PresetPanel::importRequested, this, &PresetPresenter::askAndImport);
    connect(panel, &ui::PresetPanel::exportRequested, this, &PresetPresenter::askAndExport);
}

void PresetPresenter::refresh() {
    const PresetListing listing = m_store.list();
    QList<ui::PresetItem> items;
    for (const StoredPreset& stored : listing.presets) {
        items << toItem(stored);
    }
    for (const PresetProblem& problem : listing.problems) {
        qCWarning(lcPresets, "skipped %s: %s", qPrintable(problem.folder), qPrintable(problem.message));
    }
    m_window.presetPanel()->setPresets(items);
}

// The current result at thumbnail size, or the style image when nothing has been stylised yet.
QByteArray PresetPresenter::thumbnailPng() const {
    QImage source = m_document.preview();
    if (source.isNull()) {
        source = m_document.image(ui::ImageRole::Style);
    }
    if (source.isNull()) {
        return {};
    }
    const QImage thumbnail = source.scaled(kThumbnailSide, kThumbnailSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    thumbnail.save(&buffer, "PNG");
    return png;
}

// The current generator as a file in `folder` for the store to copy in; empty when there is none to write.
QString PresetPresenter::writeGenerator(const QString& folder) const {
    const StyleModelPtr model = m_controller.model();
    if (!model || !m_engine.saveModel) {
        return {};
    }
    const QString path = QDir(folder).filePath(QStringLiteral("generator.safetensors"));
    const Status saved = m_engine.saveModel(*model, path);
    if (!saved) {
        qCWarning(lcPresets, "could not write the generator: %s", saved.error().c_str());
        return {};
    }
    return path;
}

bool PresetPresenter::saveLook(const QString& name, bool includeNetwork) {
    PresetDraft draft;
    draft.name = name;
    draft.styleImagePath = m_document.imagePath(ui::ImageRole::Style);
    draft.params = m_document.trainParams();  // the weights in force, slider edits included
    draft.look = m_document.look();
    draft.thumbnailPng = thumbnailPng();
    QTemporaryDir scratch;  // the generator only needs to live until the store has copied it
    if (includeNetwork && scratch.isValid()) {
        draft.generatorPath = writeGenerator(scratch.path());
        if (draft.generatorPath.isEmpty() && m_controller.model()) {
            showFailure(tr("Save Preset Failed"), tr("Could not write the trained network; nothing was saved."));
            return false;
        }
    }
    const Result<StoredPreset> saved = m_store.save(draft);
    if (!saved) {
        showFailure(tr("Save Preset Failed"), tr("Could not save “%1”:\n%2").arg(name, reasonOf(saved.error())));
        return false;
    }
    refresh();
    m_window.presetPanel()->selectName(saved->name());
    m_window.statusBar()->showMessage(tr("Saved preset “%1”").arg(saved->name()), 5000);
    return true;
}

bool PresetPresenter::applyPreset(const QString& name) {
    const Result<StoredPreset> found = m_store.find(name);
    if (!found) {
        showFailure(tr("Apply Preset Failed"), reasonOf(found.error()));
        return false;
    }
    const StoredPreset& stored = found.value();
    const bool hadStyle = !m_document.imagePath(ui::ImageRole::Style).isEmpty();
    if (Status opened = m_document.openImage(ui::ImageRole::Style, stored.styleImagePath()); !opened) {
        showOpenFailure(m_window, ui::ImageRole::Style, stored.styleImagePath(), opened.failure(), hadStyle);
        return false;  // the settings were not touched
    }
    const TrainParams params = stored.preset.trainParams();
    m_document.applyLook(params);
    m_document.setLook(stored.preset.look);
    const QString content = m_document.imagePath(ui::ImageRole::Content);
    if (stored.preset.hasGenerator() && !content.isEmpty() &&
        m_previewer.start(stored.name(), stored.generatorPath(), content, params.workingSize)) {
        m_window.statusBar()->showMessage(tr("Applying preset “%1”…").arg(stored.name()));
    } else {
        m_window.statusBar()->showMessage(tr("Applied preset “%1”: press Train").arg(stored.name()), 5000);
    }
    return true;
}

void PresetPresenter::onPreviewReady(const QString& name, const PresetPreview& preview) {
    if (!m_controller.startFromModel(preview.model)) {
        // Training started meanwhile: that run wins, and the preview would contradict it.
        m_window.statusBar()->showMessage(tr("Applied preset “%1” (its network was not used: training had started)")
                                              .arg(name), 5000);
        return;
    }
    m_document.setPreview(preview.image);
    m_window.statusBar()->showMessage(tr("Applied preset “%1”: Train or Continue fine-tunes it").arg(name), 5000);
    Q_EMIT presetPreviewShown(name);
}

void PresetPresenter::onPreviewFailed(const QString& name, const QString& reason) {
    // In the background: the message bar, not a box. The settings are applied; training starts fresh.
    m_window.messageBar()->showMessage(
        ui::MessageBar::Level::Warning,
        tr("Preset “%1”: its trained network could not be used (%2). The style and settings are applied; "
           "Train starts a new network.").arg(name, reason));
    Q_EMIT presetPreviewFailed(name, reason);
}

bool PresetPresenter::renamePreset(const QString& name, const QString& newName) {
    const Result<StoredPreset> renamed = m_store.rename(name, newName.trimmed());
    if (!renamed) {
        showFailure(tr("Rename Failed"), tr("Could not rename “%1”:\n%2").arg(name, reasonOf(renamed.error())));
        return false;
    }
    refresh();
    m_window.presetPanel()->selectName(renamed->name());
    return true;
}

bool PresetPresenter::duplicatePreset(const QString& name) {
    const Result<StoredPreset> copy = m_store.duplicate(name, m_store.uniqueName(name));
    if (!copy) {
        showFailure(tr("Duplicate Failed"), tr("Could not duplicate “%1”:\n%2").arg(name, reasonOf(copy.error())));
        return false;
    }
    refresh();
    m_window.presetPanel()->selectName(copy->name());
    return true;
}

bool PresetPresenter::removePreset(const QString& name) {
    Result<RemovedPreset> removed = m_store.remove(name);
    if (!removed) {
        showFailure(tr("Delete Failed"), tr("Could not delete “%1”:\n%2").arg(name, reasonOf(removed.error())));
        return false;
    }
    m_lastRemoved = std::move(removed).value();
    m_removedAny = true;
    refresh();
    m_window.messageBar()->showMessage(ui::MessageBar::Level::Info, tr("Deleted “%1”").arg(m_lastRemoved->name),
                                       {m_undo});
    return true;
}

bool PresetPresenter::undoRemove() {
    if (!m_lastRemoved) {
        return false;
    }
    const Result<StoredPreset> restored = m_store.restore(*m_lastRemoved);
    if (!restored) {
        showFailure(tr("Undo Failed"), tr("Could not restore “%1”:\n%2").arg(m_lastRemoved->name,
                                                                           reasonOf(restored.error())));
        return false;
    }
    m_lastRemoved.reset();
    m_window.messageBar()->clearMessage();
    refresh();
    m_window.presetPanel()->selectName(restored->name());
    return true;
}

bool PresetPresenter::importFrom(const QString& filePath) {
    const Result<StoredPreset> imported = m_store.importPreset(filePath);
    if (!imported) {
        showFailure(tr("Import Failed"), tr("Could not import “%1”:\n%2").arg(QFileInfo(filePath).fileName(),
                                                                            reasonOf(imported.error())));
        return false;
    }
    refresh();
    m_window.presetPanel()->selectName(imported->name());
    m_window.statusBar()->showMessage(tr("Imported preset “%1”").arg(imported->name()), 5000);
    return true;
}

bool PresetPresenter::exportTo(const QString& name, const QString& filePath) {
    const Status exported = m_store.exportPreset(name, filePath);
    if (!exported) {
        showFailure(tr("Export Preset Failed"), tr("Could not export “%1”:\n%2").arg(name, reasonOf(exported.error())));
        return false;
    }
    m_window.statusBar()->showMessage(tr("Exported preset to %1").arg(QDir::toNativeSeparators(filePath)), 5000);
    return true;
}

void PresetPresenter::askAndSave() {
    const QString suggested =
        m_store.uniqueName(QFileInfo(m_document.imagePath(ui::ImageRole::Style)).completeBaseName());
    ui::SavePresetDialog dialog(suggested, m_controller.model() != nullptr && m_engine.saveModel, &m_window);
    if (dialog.exec() == QDialog::Accepted) {
        saveLook(dialog.name(), dialog.includeNetwork());
    }
}

void PresetPresenter::askAndRename(const QString& name) {
    bool ok = false;
    const QString newName = QInputDialog::getText(&m_window, tr("Rename Preset"), tr("New name:"), QLineEdit::Normal,
                                                  name, &ok);
    if (ok && newName.trimmed() != name) {
        renamePreset(name, newName);
    }
}

void PresetPresenter::askAndImport() {
    const QString path = QFileDialog::getOpenFileName(&m_window, tr("Import Preset"), QString(), fileFilter());
    if (!path.isEmpty()) {
        importFrom(path);
    }
}

void PresetPresenter::askAndExport(const QString& name) {
    const QString suggested = QDir::home().filePath(name + QLatin1Char('.') + QLatin1String(kFileSuffix));
    const QString path = QFileDialog::getSaveFileName(&m_window, tr("Export Preset"), suggested, fileFilter());
    if (!path.isEmpty()) {
        exportTo(name, path);
    }
}

void PresetPresenter::showFailure(const QString& title, const QString& text) {
    // open(), not exec(): window-modal without a nested event loop, so training goes on meanwhile.
    m_failureBox = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, &m_window);
    m_failureBox->setAttribute(Qt::WA_DeleteOnClose);
    m_failureBox->open();
}

}  // namespace hrstyle
