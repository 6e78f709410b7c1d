#pragma once
// Whole-file reads and atomic writes (POSIX), with one-line errors that name the path and the OS reason.
// Internal to hrstyle_imageio.
#include <cstdint>
#include <string>

#include "ImageFormats.h"
#include "hrstyle/Result.h"

namespace hrstyle::imageio {

// The file's bytes. Errors: missing, a directory, not a regular file, empty, larger than maxBytes, unreadable.
Result<Bytes> readWholeFile(const std::string& path, std::uint64_t maxBytes);

// Writes `bytes` to a new temporary file in path's directory, fsyncs and closes it, then renames it over `path`.
// On any failure the temporary file is removed and whatever was at `path` is left as it was.
// A replaced file keeps its permission bits; a new one gets 0666 minus the umask, like any created file.
Status writeFileAtomically(const std::string& path, const Bytes& bytes);

}  // namespace hrstyle::imageio
