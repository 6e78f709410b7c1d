#pragma once
// "Save Look as Preset…": the preset's name, and whether to include the trained network (on by default when
// one exists, so applying the preset later shows the result at once).
#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace hrstyle::ui {

class SavePresetDialog : public QDialog {
    Q_OBJECT
public:
    SavePresetDialog(const QString& suggestedName, bool haveNetwork, QWidget* parent = nullptr);

    QString name() const;  // trimmed
    bool includeNetwork() const;

private:
    QLineEdit* m_name = nullptr;
    QCheckBox* m_includeNetwork = nullptr;
};

}  // namespace hrstyle::ui
