#pragma once
// Tiny deterministic inputs for engine tests.
#include <QString>

#include "hrstyle/Image.h"
#include "hrstyle/LossNetwork.h"

namespace hrstyle::test {

// A smooth colour ramp with a square in the middle; `seed` varies the colours.
Image makeTestImage(int width, int height, int seed);

// Writes a VGG19-layout safetensors file with small random weights (zeros for `skipKey`'s tensor's
// replacement shape when given), for loader tests. Returns the path.
QString writeVggFile(const QString& directory, const QString& name, const QString& skipKey = {},
                     const QString& wrongShapeKey = {});

}  // namespace hrstyle::test
