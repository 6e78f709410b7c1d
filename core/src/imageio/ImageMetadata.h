#pragma once
// The settings that saveImage embeds, written into encoded bytes and read back, through Exiv2:
//   written  one XMP property per setting in HRStyle's namespace (Exiv2Support.h), where each format keeps
//            its XMP packet (PNG iTXt "XML:com.adobe.xmp", JPEG APP1, TIFF tag 700, WebP "XMP " chunk)
//   read     those properties; for files exported before XMP, the JSON text they held instead (a PNG
//            "Description" text chunk, a JPEG COM segment, TIFF/EXIF ImageDescription)
// Format details: docs/file-formats.md, "Exported images". Internal to hrstyle_imageio; no OpenCV here.
#include <map>
#include <string>

#include "ImageFormats.h"
#include "hrstyle/Result.h"

namespace hrstyle::imageio {

using Settings = std::map<std::string, std::string>;

// True for the keys that can be XMP property names here: ASCII letters, digits, '_' and '-', not starting with
// a digit or '-'. Every key HRStyle writes is one; others (a foreign model file's metadata) are left out.
bool isSettingsKey(const std::string& key);

// `encoded` (PNG, JPEG, TIFF or WebP) with the settings as XMP. `encoded` is released as soon as Exiv2 has
// written its copy, so the peak is two encoded images, not three.
Result<Bytes> embedSettings(Bytes&& encoded, const Settings& settings);

// The embedded settings. Errors (no file name): none embedded, a description that is not HRStyle's JSON
// object of strings, unreadable metadata.
Result<Settings> readSettings(const Bytes& bytes);

}  // namespace hrstyle::imageio
