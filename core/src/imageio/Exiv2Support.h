#pragma once
// Exiv2 (https://exiv2.org), the metadata library digiKam, darktable and GIMP use, set up in one place.
// Internal to hrstyle_imageio: callers catch Exiv2's exceptions (std::exception in Exiv2 0.27) at their own
// boundary and return an Error.
#include <exiv2/exiv2.hpp>

#include <exception>
#include <string>

#include "ImageFormats.h"

namespace hrstyle::imageio {

// XMP namespace of the export settings (docs/file-formats.md, "Exported images").
inline constexpr const char* kXmpNamespace = "http://ns.hrstyle.app/1.0/";
inline constexpr const char* kXmpPrefix = "hrstyle";

// Sets Exiv2 up for this process (XMP toolkit, HRStyle's namespace, no warnings on stderr); idempotent and
// thread-safe. openWithExiv2 calls it; anything else that touches Exiv2 first must too.
void initialiseExiv2();

// The image in `bytes`, not read yet. The bytes are not copied: they must outlive the image, and writing
// metadata moves the image into a buffer of Exiv2's own (io().mmap()). Throws on an unknown format.
Exiv2::Image::AutoPtr openWithExiv2(const Bytes& bytes);

// One line for an error message.
std::string exiv2Message(const std::exception& error);

}  // namespace hrstyle::imageio
