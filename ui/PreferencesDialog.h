#pragma once
// Edit > Preferences…: the VGG19 weights file (Browse checks it; Download fetches it), the
// download URL, the device, the CPU threads, the default working size and the memory limit of exports. A view over PreferenceValues:
// checking a weights file is the caller's (app/gui passes verifyVggFile in), storing them too.
#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace hrstyle::ui {

struct PreferenceValues {
    QString vgg19Path;    // empty: found automatically (HRSTYLE_VGG19, the downloaded file) or random features
    QString downloadUrl;
    QString device = QStringLiteral("auto");  // "auto" | "cpu" | "cuda"
    int cpuThreads = 0;                       // 0 = one per core
    int defaultWorkingSize = 256;             // px, long side
    int memoryLimitMb = 2048;                 // export's budget: the program's peak memory while it runs
    int trainingMemoryLimitMb = 4096;         // training's: working sizes that would go over it are refused

    bool operator==(const PreferenceValues& o) const {
        return vgg19Path == o.vgg19Path && downloadUrl == o.downloadUrl && device == o.device &&
               cpuThreads == o.cpuThreads && defaultWorkingSize == o.defaultWorkingSize &&
               memoryLimitMb == o.memoryLimitMb && trainingMemoryLimitMb == o.trainingMemoryLimitMb;
    }
};

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    // Returns why `path` is not usable VGG19 weights, or an empty string when it is.
    using WeightsCheck = std::function<QString(const QString& path)>;

    PreferencesDialog(WeightsCheck check, bool cudaAvailable, int coreCount, QWidget* parent = nullptr);

    PreferenceValues values() const;
    void setValues(const PreferenceValues& values);

    // Takes `path` as the weights file if the check accepts it; else shows the reason and keeps the field.
    bool chooseWeightsFile(const QString& path);
    QString weightsProblem() const;  // the reason shown under the field; empty when none

    QComboBox* deviceBox() const { return m_device; }
    QPushButton* downloadButton() const { return m_download; }

Q_SIGNALS:
    // The user wants the weights downloaded from `url` (the dialog's URL field).
    void downloadRequested(const QString& url);

public Q_SLOTS:
    void accept() override;  // refuses a typed-in weights file that fails the check

private:
    QWidget* createWeightsRow();
    QSpinBox* createMemoryLimitBox(const QString& toolTip);
    void browse();
    void showProblem(const QString& reason);

    WeightsCheck m_check;
    QLineEdit* m_vggPath = nullptr;
    QLabel* m_problem = nullptr;
    QLineEdit* m_url = nullptr;
    QComboBox* m_device = nullptr;
    QSpinBox* m_threads = nullptr;
    QSpinBox* m_workingSize = nullptr;
    QSpinBox* m_memoryLimit = nullptr;
    QSpinBox* m_trainingMemoryLimit = nullptr;
    QPushButton* m_download = nullptr;
};

}  // namespace hrstyle::ui
