#pragma once
// The preset dock: the user's saved looks as thumbnails, and the actions on them (save the current
// look, apply, rename, duplicate, delete, import, export). A view only: it lists plain PresetItems and
// emits requests; app/gui's PresetPresenter owns the store and does the work.
#include <QImage>
#include <QList>
#include <QWidget>

class QAction;
class QListWidget;
class QListWidgetItem;

namespace hrstyle::ui {

struct PresetItem {
    QString name;
    QImage thumbnail;  // null: a placeholder icon
    QString details;   // tooltip: weights, steps, size
    bool hasGenerator = false;
};

class PresetPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kThumbnailSide = 96;  // icon side in the list, px

    struct Actions {
        QAction* save = nullptr;
        QAction* apply = nullptr;
        QAction* rename = nullptr;
        QAction* duplicate = nullptr;
        QAction* remove = nullptr;
        QAction* importPreset = nullptr;
        QAction* exportPreset = nullptr;
    };

    explicit PresetPanel(QWidget* parent = nullptr);

    const Actions& actions() const { return m_actions; }
    QListWidget* list() const { return m_list; }

    // Replaces the list, keeping the selection by name where it still exists.
    void setPresets(const QList<PresetItem>& presets);
    QStringList names() const;
    QString currentName() const;  // empty when nothing is selected
    void selectName(const QString& name);
    QImage thumbnail(const QString& name) const;  // as listed; null when none or unknown

Q_SIGNALS:
    // Each carries the selected preset's name; save and import carry none.
    void saveRequested();
    void applyRequested(const QString& name);
    void renameRequested(const QString& name);
    void duplicateRequested(const QString& name);
    void removeRequested(const QString& name);
    void importRequested();
    void exportRequested(const QString& name);

private:
    void createActions();
    void updateActions();
    QListWidgetItem* itemNamed(const QString& name) const;

    Actions m_actions;
    QListWidget* m_list = nullptr;
};

}  // namespace hrstyle::ui
