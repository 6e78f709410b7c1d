#pragma once
// Reading image file headers without decoding pixels: which format a file is, the size its header claims, its
// EXIF orientation, and walkers over PNG chunks, JPEG segments, RIFF (WebP) chunks and TIFF tags.
// Every read is bounds-checked: these bytes come from files we did not write (docs/file-formats.md).
// Internal to hrstyle_imageio; no OpenCV here.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
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

// The size the header claims; the error text (no file name) says what is wrong with the header.
Result<PixelSize> probeSize(const Bytes& bytes, Format format);

// EXIF orientation 1..8 from a JPEG APP1 "Exif", PNG eXIf or WebP EXIF chunk; 1 when absent or unreadable.
// TIFF is not covered: OpenCV's TIFF decoder applies tag 274 itself (checked in tst_ImageIO).
int exifOrientation(const Bytes& bytes, Format format);

// Big/little-endian loads and big/little-endian appends.
std::uint16_t loadBe16(const std::uint8_t* p);
std::uint32_t loadBe32(const std::uint8_t* p);
std::uint16_t loadLe16(const std::uint8_t* p);
std::uint32_t loadLe32(const std::uint8_t* p);
void appendBe16(Bytes& out, std::uint16_t value);
void appendBe32(Bytes& out, std::uint32_t value);
void appendLe16(Bytes& out, std::uint16_t value);
void appendLe32(Bytes& out, std::uint32_t value);
void appendText(Bytes& out, std::string_view text);

// True when bytes[offset, offset + length) lies inside the buffer (overflow-safe).
bool inBounds(const Bytes& bytes, std::size_t offset, std::size_t length);

// IFD0 of TIFF-structured data: a TIFF file, or an EXIF payload (with or without the "Exif\0\0" prefix).
class TiffTags {
public:
    static std::optional<TiffTags> parse(const std::uint8_t* data, std::size_t size);

    // The first value of a SHORT or LONG tag.
    std::optional<std::uint32_t> unsignedValue(std::uint16_t tag) const;
    // An ASCII tag, up to its first NUL.
    std::optional<std::string> asciiValue(std::uint16_t tag) const;

private:
    struct Entry {
        std::uint16_t type = 0;
        std::uint32_t count = 0;
        std::size_t valueOffset = 0;  // where the value bytes start (inline or pointed to), bounds-checked
    };
    std::optional<Entry> find(std::uint16_t tag) const;
    std::uint16_t u16(std::size_t offset) const;
    std::uint32_t u32(std::size_t offset) const;

    const std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
    bool m_littleEndian = true;
    std::size_t m_ifd = 0;
    std::uint16_t m_entries = 0;
};

// Walkers: the visitor gets (type, offset of the payload, payload length) and returns false to stop early.
// They return false when the structure is broken (a length that runs past the end of the data).
using ChunkVisitor = std::function<bool(std::string_view type, std::size_t offset, std::size_t length)>;
bool forEachPngChunk(const Bytes& png, const ChunkVisitor& visit);   // stops after IEND
bool forEachRiffChunk(const Bytes& webp, const ChunkVisitor& visit);  // the chunks inside RIFF/WEBP

// JPEG marker segments up to and including the first SOS (after which the entropy-coded data starts); marker is
// the byte after 0xFF.
using SegmentVisitor = std::function<bool(std::uint8_t marker, std::size_t offset, std::size_t length)>;
bool forEachJpegSegment(const Bytes& jpeg, const SegmentVisitor& visit);

}  // namespace hrstyle::imageio
