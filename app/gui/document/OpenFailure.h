#pragma once
// The message bar's report of an image that could not be opened, the same wherever the user asked for it (a
// file chosen in the window, a preset's style image).
#include <QString>

#include "TrainingValues.h"
#include "hrstyle/Result.h"

namespace hrstyle {

namespace ui {
class MainWindow;
}

// `hadImage`: the previous image is kept, and the message says so.
void showOpenFailure(ui::MainWindow& window, ui::ImageRole role, const QString& path, const Error& error,
                     bool hadImage);

}  // namespace hrstyle
