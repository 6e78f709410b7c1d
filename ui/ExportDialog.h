#pragma once
// File > Export…: where to write the full-resolution result and how (issue 5). The format follows the file
// name's extension (PNG, JPEG, TIFF, WebP); the options that apply to it are enabled, the rest greyed out.
#include <QDialog>
#include <QString>

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace hrstyle::ui {

struct ExportChoice {
    QString path;
    int jpegQuality = 95;     // used for .jpg / .jpeg
    bool sixteenBit = false;  // used for .png / .tif / .tiff
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(QWidget* parent = nullptr);

    void setChoice(const ExportChoice& choice);
    ExportChoice choice() const;

    // The file-dialog filter: one entry per format, PNG first.
    static QString fileFilter();

private:
    void browse();
    void updateOptions();

    QLineEdit* m_path = nullptr;
    QSpinBox* m_quality = nullptr;
    QCheckBox* m_sixteenBit = nullptr;
};

}  // namespace hrstyle::ui
