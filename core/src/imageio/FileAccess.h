#pragma once
// Whole-file reads (POSIX), with one-line errors that name the path and the OS reason. Internal to
// hrstyle_imageio; image files are written through AtomicFile (core/include/hrstyle/AtomicFile.h).
#include <cstdint>
#include <string>

#include "ImageFormats.h"
#include "hrstyle/Result.h"

namespace hrstyle::imageio {

// The file's bytes. Errors: missing, a directory, not a regular file, empty, larger than maxBytes, unreadable.
Result<Bytes> readWholeFile(const std::string& path, std::uint64_t maxBytes);

}  // namespace hrstyle::imageio
