#pragma once
// File > Export…: where to write the full-resolution result and how. The format follows the file
// name's extension (PNG, JPEG, TIFF, WebP); the options that apply to it are enabled, the rest greyed out.
#include <QDialog>
#include <QString>

class QCheckBox;
class QLayout;
class QLineEdit;
class QSpinBox;

namespace hrstyle::ui {

struct ExportChoice {
    QString path;
    int jpegQuality = 95;     // used for .jpg / .jpeg
    bool sixteenBit = false;  // used for .png / .tif / .tiff
    // "Refine first: N steps at L px": train the current generator a little more at a larger size before the
    // full-resolution apply. Off by default: it costs training time the plain export does not.
    bool refine = false;
    int refineSteps = 50;
    int refineSize = 1024;  // long side in pixels; the dialog caps it at the photo's long side
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExportDialog(QWidget* parent = nullptr);

    void setChoice(const ExportChoice& choice);
    ExportChoice choice() const;
    // The most the refine size may be, in pixels: the content photo's long side (refining above it would only
    // train on an upscaled copy), or less where the export's memory limit allows less (0: no cap).
    void setMaxRefineSize(int pixels);

    // The file-dialog filter: one entry per format, PNG first.
    static QString fileFilter();

private:
    QLayout* createRefineRow();
    void browse();
    void updateOptions();

    QLineEdit* m_path = nullptr;
    QSpinBox* m_quality = nullptr;
    QCheckBox* m_sixteenBit = nullptr;
    QCheckBox* m_refine = nullptr;
    QSpinBox* m_refineSteps = nullptr;
    QSpinBox* m_refineSize = nullptr;
};

}  // namespace hrstyle::ui
