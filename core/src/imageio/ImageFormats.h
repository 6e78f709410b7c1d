#pragma once
// Reading image file headers without decoding pixels: which format a file is, the size its header claims and
// the tags loadImage needs (EXIF orientation, TIFF alpha kind), read by Exiv2 for PNG, JPEG, TIFF and WebP.
// These bytes come from files we did not write (docs/file-formats.md): Exiv2's exceptions end here and come
// back as Error values. Internal to hrstyle_imageio; no OpenCV here.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "hrstyle/Result.h"

namespace hrstyle::imageio {

using Bytes = std::vector<std::uint8_t>;

// The formats whose headers we can read. Anything else is refused before OpenCV sees it, so that every decoded
// image has passed the pixel limit first (OpenCV 4.6 has no public "read the header only" API).
enum class Format { Unknown, Png, Jpeg, Tiff, WebP, Bmp, Pnm };

Format sniffFormat(const Bytes& bytes);
const char* formatName(Format format);

struct PixelSize {
    std::int64_t width = 0;
    std::int64_t height = 0;
};

struct HeaderInfo {
    PixelSize size;
    // EXIF orientation 1..8 (a JPEG's APP1 Exif, a PNG's eXIf, a WebP's EXIF chunk, a TIFF's IFD0); 1 when
    // absent or out of range.
    int orientation = 1;
    // TIFF only: the first ExtraSamples value (338; 1 associated, 2 unassociated alpha), when the tag is there.
    std::optional<long> tiffExtraSamples;
};

// The header's claims; the error text (no file name) says what is wrong with the header. A TIFF without the
// tags every baseline TIFF has (PhotometricInterpretation, strip or tile offsets) is refused here, before
// libtiff would complain about it on stderr.
Result<HeaderInfo> readHeader(const Bytes& bytes, Format format);

// Big/little-endian loads.
std::uint16_t loadBe16(const std::uint8_t* p);
std::uint32_t loadBe32(const std::uint8_t* p);
std::uint16_t loadLe16(const std::uint8_t* p);
std::uint32_t loadLe32(const std::uint8_t* p);

// True when bytes[offset, offset + length) lies inside the buffer (overflow-safe).
bool inBounds(const Bytes& bytes, std::size_t offset, std::size_t length);

}  // namespace hrstyle::imageio
