#pragma once
// A trained generator shared between threads: StyleModel is immutable and apply() is thread-safe, so the
// training thread's snapshot can be handed to the GUI and on to an export or preset thread by pointer.
#include <QMetaType>

#include <memory>

#include "hrstyle/StyleModel.h"

namespace hrstyle {

using StyleModelPtr = std::shared_ptr<const StyleModel>;

}  // namespace hrstyle

Q_DECLARE_METATYPE(hrstyle::StyleModelPtr)
