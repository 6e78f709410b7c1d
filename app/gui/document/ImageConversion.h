#pragma once
// hrstyle images <-> QImage. Every QImage returned owns its pixels (a QImage built on foreign memory does not,
// docs/contributing.md, "Threading"), so results can cross threads by value.
#include <QImage>

#include "hrstyle/Image.h"

namespace hrstyle {

QImage toQImage(const Rgb8Image& image);
QImage toQImage(const Image& image);  // quantised like toRgb8(); alpha dropped (display only)

// For the fake backend and tests: 8-bit RGB, alpha dropped, values in [0,1].
Image fromQImage(const QImage& image);

}  // namespace hrstyle
