#pragma once
// The settings text ("description") that saveImage embeds, spliced into encoded bytes and read back:
//   PNG   a tEXt chunk "Description" right after IHDR (iTXt when the text is not ASCII: tEXt is Latin-1)
//   JPEG  a COM segment after SOI and the APPn segments that follow it (JFIF wants APP0 first)
//   WebP  an EXIF chunk whose IFD0 holds ImageDescription (tag 270), with a VP8X header announcing it
//   TIFF  ImageDescription, written by TiffEncoder; read back here
// Internal to hrstyle_imageio; no OpenCV here.
#include <optional>
#include <string>

#include "ImageFormats.h"
#include "hrstyle/Result.h"

namespace hrstyle::imageio {

Result<Bytes> embedPngDescription(const Bytes& png, const std::string& text);
Result<Bytes> embedJpegDescription(const Bytes& jpeg, const std::string& text);
// width/height/hasAlpha describe the encoded image; they fill the VP8X header when one has to be added.
Result<Bytes> embedWebpDescription(const Bytes& webp, const std::string& text, int width, int height,
                                   bool hasAlpha);

// The embedded description, or nothing when the file has none (or its metadata is unreadable).
std::optional<std::string> readDescription(const Bytes& bytes, Format format);

}  // namespace hrstyle::imageio
