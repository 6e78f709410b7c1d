#pragma once
// Checks and slims a VGG19 weights file (docs/file-formats.md). Thin Qt-facing wrappers over core's safetensors
// reader and checkVgg19Tensors, so the GUI, the CLI and the downloader all refuse a wrong file with the same reason.
// Pure functions of their arguments: safe to call from any thread (the downloader verifies off the GUI thread).
#include <QString>
#include <string>

namespace hrstyle {

// Empty when `path` is a safetensors file holding every tensor the loss needs (features.{0..28} conv weights
// and biases at their torchvision shapes, float dtype); otherwise the reason, e.g.
// "features.28.weight: expected [512,512,3,3], file has [512,256,3,3]". Reads only the header.
QString verifyVggFile(const QString& path);

// Writes `destinationPath` with only the 26 tensors the loss needs, under "features.{i}.{weight,bias}" keys,
// dtypes and bytes unchanged (12.95 M parameters: ~52 MB in F32 instead of the ~575 MB ImageNet file). The write is
// atomic (core's writeSafeTensors renames a temporary file), so a failure never leaves a half file behind. Returns
// empty on success, else the reason. `sourcePath` must already pass verifyVggFile.
QString writeLossLayersOnly(const QString& sourcePath, const QString& destinationPath);

// Qt path -> the byte path core's std::string API expects (local 8-bit file-name encoding).
std::string toNativeFilePath(const QString& path);

}  // namespace hrstyle
