#pragma once
// Shows the Document in the window and remembers it in Settings; turns the window's edits (images chosen,
// sliders, the Advanced section) into document changes.
//
// Thread affinity: GUI thread. Owns nothing; AppSession owns the pieces.
#include <QObject>

#include "Document.h"
#include "StartupInfo.h"

namespace hrstyle {

namespace ui {
class MainWindow;
}
class Settings;

class DocumentPresenter : public QObject {
    Q_OBJECT
public:
    DocumentPresenter(ui::MainWindow& window, Document& document, Settings& settings, const StartupInfo& startup,
                      QObject* parent = nullptr);

    // Window layout, weights, sizes and images from the settings; the bundled samples where none is chosen.
    void restoreSession();
    void saveWindowLayout();

    // Opens an image into the document; on failure the previous image stays and the message bar says why.
    bool openImage(ui::ImageRole role, const QString& path);

private:
    void onImageChanged(ui::ImageRole role, const QString& path);
    void onTrainParamsChanged();
    void onLossNetworkChanged(const QString& vgg19Path);
    void showResult();

    ui::MainWindow& m_window;
    Document& m_document;
    Settings& m_settings;
    Image m_scaledPhoto;  // the photo at the last preview's size (showResult)
};

}  // namespace hrstyle
