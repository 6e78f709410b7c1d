#pragma once
// Getting encoded bytes ready for OpenCV's decoders. libpng and libjpeg, inside OpenCV, print their warnings and
// errors straight to stderr (cv::utils::logging cannot silence them), so what they would complain about is
// found or removed here first. Internal to hrstyle_imageio; no OpenCV here.
#include <optional>
#include <string>

#include "ImageFormats.h"

namespace hrstyle::imageio {

// Damage found without decoding: a PNG cut short, a PNG chunk whose CRC does not match (PIL refuses those too),
// PNG image data without a zlib header, a JPEG whose scan has no end marker, a WebP shorter than its RIFF size.
// (A TIFF without its required tags is refused earlier, by readHeader.)
// The text has no file name. Damage deeper in the compressed data is still found only by the decoders, which
// may print a line on stderr (libjpeg warnings, OpenCV's imdecode writes failures to std::cerr).
std::optional<std::string> structureProblem(const Bytes& bytes, Format format);

// The PNG with only the chunks OpenCV's decoder uses (IHDR, PLTE, tRNS, IDAT, IEND). Colour profiles, text and
// the like do not change the decoded samples, and libpng warns about many of them (e.g. "iCCP: known incorrect
// sRGB profile" for resources/samples/chelsea.png). Expects a PNG that passed structureProblem().
Bytes decodingChunksOnly(const Bytes& png);

}  // namespace hrstyle::imageio
