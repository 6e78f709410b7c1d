#pragma once
// Weights files for the weights tests, written with core's writeSafeTensors (no second safetensors writer).
#include <QByteArray>
#include <QString>

namespace hrstyle::test {

// The smallest file verifyVggFile accepts: all 26 features.0-28 conv tensors at their real torchvision
// shapes in F16 (~26 MB; F16/BF16 are the narrowest dtypes the loader takes, the real shapes are required),
// plus a tiny "classifier.6.bias" that a slimmed copy must drop. Each tensor holds its own finite
// pattern so that copies can be compared byte for byte. `bareKeys` stores "{i}.weight" instead of
// "features.{i}.weight" (both occur in the wild). Returns false when the file could not be written.
bool writeVggLayoutFile(const QString& path, bool bareKeys = false);

// A small safetensors file refused with exactly
// "features.0.weight: expected [64,3,3,3], file has [64,1,3,3]".
bool writeWrongShapeVggFile(const QString& path);
inline constexpr char kWrongShapeReason[] = "features.0.weight: expected [64,3,3,3], file has [64,1,3,3]";

QByteArray readFileBytes(const QString& path);  // empty when unreadable
bool writeFileBytes(const QString& path, const QByteArray& bytes);

}  // namespace hrstyle::test
