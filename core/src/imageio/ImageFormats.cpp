#include "ImageFormats.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

namespace hrstyle::imageio {

namespace {

bool startsWith(const Bytes& bytes, std::size_t offset, std::string_view prefix) {
    return inBounds(bytes, offset, prefix.size()) &&
           std::memcmp(bytes.data() + offset, prefix.data(), prefix.size()) == 0;
}

std::string_view fourCc(const Bytes& bytes, std::size_t offset) {
    return {reinterpret_cast<const char*>(bytes.data() + offset), 4};
}

Error headerError(Format format, const char* what) {
    return Error{std::string("corrupt ") + formatName(format) + " header (" + what + ")"};
}

// PNG: the IHDR chunk must come first (PNG spec §5.6), so its width and height sit at fixed offsets.
Result<PixelSize> probePng(const Bytes& b) {
    if (!inBounds(b, 8, 8 + 13) || loadBe32(&b[8]) != 13 || fourCc(b, 12) != "IHDR") {
        return headerError(Format::Png, "no IHDR chunk");
    }
    return PixelSize{loadBe32(&b[16]), loadBe32(&b[20])};
}

// JPEG: the first start-of-frame segment (any SOFn except DHT C4, JPG C8, DAC CC) holds height, then width.
Result<PixelSize> probeJpeg(const Bytes& b) {
    std::optional<PixelSize> size;
    const bool intact = forEachJpegSegment(b, [&](std::uint8_t marker, std::size_t offset, std::size_t length) {
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (!sof) {
            return true;
        }
        if (length >= 5) {
            size = PixelSize{loadBe16(&b[offset + 3]), loadBe16(&b[offset + 1])};
        }
        return false;
    });
    if (!size) {
        return headerError(Format::Jpeg, intact ? "no frame header" : "truncated segment");
    }
    return *size;
}

Result<PixelSize> probeTiff(const Bytes& b) {
    const auto tags = TiffTags::parse(b.data(), b.size());
    const auto width = tags ? tags->unsignedValue(256) : std::nullopt;   // ImageWidth
    const auto height = tags ? tags->unsignedValue(257) : std::nullopt;  // ImageLength
    if (!width || !height) {
        return headerError(Format::Tiff, "no image width/length tags");
    }
    return PixelSize{*width, *height};
}

// WebP: the first chunk is VP8X (canvas size, 24 bits each), VP8L (14 bits each) or VP8 (key frame header),
// per Google's "WebP Container Specification" and "WebP Lossless Bitstream Specification".
Result<PixelSize> probeWebp(const Bytes& b) {
    if (!inBounds(b, 12, 8)) {
        return headerError(Format::WebP, "no image chunk");
    }
    const std::string_view type = fourCc(b, 12);
    const std::size_t d = 20;
    if (type == "VP8X" && inBounds(b, d, 10)) {
        const auto le24 = [&](std::size_t o) { return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16); };
        return PixelSize{le24(d + 4) + 1, le24(d + 7) + 1};
    }
    if (type == "VP8L" && inBounds(b, d, 5) && b[d] == 0x2F) {
        const std::uint32_t bits = loadLe32(&b[d + 1]);
        return PixelSize{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }
    if (type == "VP8 " && inBounds(b, d, 10) && b[d + 3] == 0x9D && b[d + 4] == 0x01 && b[d + 5] == 0x2A) {
        return PixelSize{loadLe16(&b[d + 6]) & 0x3FFF, loadLe16(&b[d + 8]) & 0x3FFF};
    }
    return headerError(Format::WebP, "unknown image chunk");
}

// BMP: BITMAPCOREHEADER (12 bytes, 16-bit sizes) or a later header (signed 32-bit; negative height = top-down).
Result<PixelSize> probeBmp(const Bytes& b) {
    if (!inBounds(b, 14, 4)) {
        return headerError(Format::Bmp, "truncated");
    }
    if (loadLe32(&b[14]) == 12 && inBounds(b, 18, 4)) {
        return PixelSize{loadLe16(&b[18]), loadLe16(&b[20])};
    }
    if (!inBounds(b, 18, 8)) {
        return headerError(Format::Bmp, "truncated");
    }
    const auto width = static_cast<std::int32_t>(loadLe32(&b[18]));
    const auto height = static_cast<std::int32_t>(loadLe32(&b[22]));
    return PixelSize{width, std::abs(static_cast<std::int64_t>(height))};
}

// PNM/PFM: "P<n>", then width and height as decimal text, with whitespace and '#' comments in between.
Result<PixelSize> probePnm(const Bytes& b) {
    std::size_t pos = 2;
    std::int64_t values[2] = {0, 0};
    for (std::int64_t& value : values) {
        while (pos < b.size() && (std::isspace(b[pos]) || b[pos] == '#')) {
            if (b[pos] == '#') {
                while (pos < b.size() && b[pos] != '\n') {
                    ++pos;
                }
            } else {
                ++pos;
            }
        }
        const std::size_t start = pos;
        while (pos < b.size() && std::isdigit(b[pos]) && pos - start < 10) {
            value = value * 10 + (b[pos++] - '0');
        }
        if (pos == start) {
            return headerError(Format::Pnm, "no width/height");
        }
    }
    return PixelSize{values[0], values[1]};
}

}  // namespace

std::uint16_t loadBe16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t loadBe32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
std::uint16_t loadLe16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[1] << 8 | p[0]); }
std::uint32_t loadLe32(const std::uint8_t* p) {
    return std::uint32_t{p[3]} << 24 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[1]} << 8 | p[0];
}
void appendBe16(Bytes& out, std::uint16_t v) { out.insert(out.end(), {std::uint8_t(v >> 8), std::uint8_t(v)}); }
void appendBe32(Bytes& out, std::uint32_t v) {
    out.insert(out.end(), {std::uint8_t(v >> 24), std::uint8_t(v >> 16), std::uint8_t(v >> 8), std::uint8_t(v)});
}
void appendLe16(Bytes& out, std::uint16_t v) { out.insert(out.end(), {std::uint8_t(v), std::uint8_t(v >> 8)}); }
void appendLe32(Bytes& out, std::uint32_t v) {
    out.insert(out.end(), {std::uint8_t(v), std::uint8_t(v >> 8), std::uint8_t(v >> 16), std::uint8_t(v >> 24)});
}
void appendText(Bytes& out, std::string_view text) { out.insert(out.end(), text.begin(), text.end()); }

bool inBounds(const Bytes& bytes, std::size_t offset, std::size_t length) {
    return offset <= bytes.size() && length <= bytes.size() - offset;
}

Format sniffFormat(const Bytes& b) {
    const auto pnmDigit = [&] { return inBounds(b, 0, 3) && std::isspace(b[2]) &&
                                       ((b[1] >= '1' && b[1] <= '6') || b[1] == 'F' || b[1] == 'f'); };
    if (startsWith(b, 0, "\x89PNG\r\n\x1a\n")) return Format::Png;
    if (startsWith(b, 0, "\xFF\xD8\xFF")) return Format::Jpeg;
    if (startsWith(b, 0, std::string_view("II*\0", 4)) || startsWith(b, 0, std::string_view("MM\0*", 4))) {
        return Format::Tiff;
    }
    if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WEBP")) return Format::WebP;
    if (startsWith(b, 0, "BM")) return Format::Bmp;
    if (startsWith(b, 0, "P") && pnmDigit()) return Format::Pnm;
    return Format::Unknown;
}

const char* formatName(Format format) {
    switch (format) {
    case Format::Png: return "PNG";
    case Format::Jpeg: return "JPEG";
    case Format::Tiff: return "TIFF";
    case Format::WebP: return "WebP";
    case Format::Bmp: return "BMP";
    case Format::Pnm: return "PNM";
    case Format::Unknown: break;
    }
    return "unknown";
}

Result<PixelSize> probeSize(const Bytes& bytes, Format format) {
    switch (format) {
    case Format::Png: return probePng(bytes);
    case Format::Jpeg: return probeJpeg(bytes);
    case Format::Tiff: return probeTiff(bytes);
    case Format::WebP: return probeWebp(bytes);
    case Format::Bmp: return probeBmp(bytes);
    case Format::Pnm: return probePnm(bytes);
    case Format::Unknown: break;
    }
    return Error{"not a supported image format"};
}

int exifOrientation(const Bytes& bytes, Format format) {
    std::optional<std::uint32_t> orientation;
    const auto readExif = [&](std::size_t offset, std::size_t length) {
        if (const auto tags = TiffTags::parse(bytes.data() + offset, length)) {
            orientation = tags->unsignedValue(274);  // EXIF/TIFF Orientation
        }
        return !orientation;
    };
    if (format == Format::Jpeg) {
        forEachJpegSegment(bytes, [&](std::uint8_t marker, std::size_t offset, std::size_t length) {
            return marker != 0xE1 || !startsWith(bytes, offset, std::string_view("Exif\0\0", 6)) ||
                   readExif(offset, length);
        });
    } else if (format == Format::Png || format == Format::WebP) {
        const std::string_view chunk = format == Format::Png ? "eXIf" : "EXIF";
        const auto visit = [&](std::string_view type, std::size_t offset, std::size_t length) {
            return type != chunk || readExif(offset, length);
        };
        if (format == Format::Png) {
            forEachPngChunk(bytes, visit);
        } else {
            forEachRiffChunk(bytes, visit);
        }
    }
    return orientation && *orientation >= 1 && *orientation <= 8 ? static_cast<int>(*orientation) : 1;
}

bool forEachPngChunk(const Bytes& png, const ChunkVisitor& visit) {
    std::size_t pos = 8;
    while (inBounds(png, pos, 8)) {
        const std::size_t length = loadBe32(&png[pos]);
        const std::string_view type = fourCc(png, pos + 4);
        if (length > 0x7FFFFFFF || !inBounds(png, pos + 8, length + 4)) {
            return false;
        }
        if (!visit(type, pos + 8, length) || type == "IEND") {
            return true;
        }
        pos += 12 + length;
    }
    return false;
}

bool forEachRiffChunk(const Bytes& webp, const ChunkVisitor& visit) {
    if (!startsWith(webp, 0, "RIFF") || !startsWith(webp, 8, "WEBP")) {
        return false;
    }
    const std::size_t end = std::min<std::size_t>(webp.size(), std::size_t{loadLe32(&webp[4])} + 8);
    std::size_t pos = 12;
    while (pos + 8 <= end) {
        const std::size_t length = loadLe32(&webp[pos + 4]);
        if (length > end - pos - 8) {
            return false;
        }
        if (!visit(fourCc(webp, pos), pos + 8, length)) {
            return true;
        }
        pos += 8 + length + (length & 1);  // chunks are padded to an even size
    }
    return pos >= end;
}

bool forEachJpegSegment(const Bytes& jpeg, const SegmentVisitor& visit) {
    std::size_t pos = 2;  // after SOI
    while (true) {
        if (!inBounds(jpeg, pos, 2) || jpeg[pos] != 0xFF) {
            return false;
        }
        while (inBounds(jpeg, pos, 1) && jpeg[pos] == 0xFF) {
            ++pos;  // fill bytes before a marker (ITU T.81 §B.1.1.2)
        }
        if (!inBounds(jpeg, pos, 1)) {
            return false;
        }
        const std::uint8_t marker = jpeg[pos++];
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            continue;  // markers without a length field
        }
        if (marker == 0xD9) {
            return true;  // EOI
        }
        if (!inBounds(jpeg, pos, 2)) {
            return false;
        }
        const std::size_t length = loadBe16(&jpeg[pos]);
        if (length < 2 || !inBounds(jpeg, pos, length)) {
            return false;
        }
        if (!visit(marker, pos + 2, length - 2) || marker == 0xDA) {
            return true;  // stopped, or SOS: the headers end here
        }
        pos += length;
    }
}

// --- TiffTags ---------------------------------------------------------------------------------------------------

std::optional<TiffTags> TiffTags::parse(const std::uint8_t* data, std::size_t size) {
    if (size >= 6 && std::memcmp(data, "Exif\0\0", 6) == 0) {
        data += 6;
        size -= 6;
    }
    TiffTags tags;
    tags.m_data = data;
    tags.m_size = size;
    if (size < 8 || !(std::memcmp(data, "II*\0", 4) == 0 || std::memcmp(data, "MM\0*", 4) == 0)) {
        return std::nullopt;
    }
    tags.m_littleEndian = data[0] == 'I';
    tags.m_ifd = tags.u32(4);
    if (tags.m_ifd > size || size - tags.m_ifd < 2) {
        return std::nullopt;
    }
    tags.m_entries = tags.u16(tags.m_ifd);
    if ((size - tags.m_ifd - 2) / 12 < tags.m_entries) {
        return std::nullopt;
    }
    return tags;
}

std::uint16_t TiffTags::u16(std::size_t offset) const {
    return m_littleEndian ? loadLe16(m_data + offset) : loadBe16(m_data + offset);
}

std::uint32_t TiffTags::u32(std::size_t offset) const {
    return m_littleEndian ? loadLe32(m_data + offset) : loadBe32(m_data + offset);
}

std::optional<TiffTags::Entry> TiffTags::find(std::uint16_t tag) const {
    for (std::size_t i = 0; i < m_entries; ++i) {
        const std::size_t entry = m_ifd + 2 + 12 * i;
        if (u16(entry) != tag) {
            continue;
        }
        Entry e{u16(entry + 2), u32(entry + 4), entry + 8};
        const std::uint64_t typeSize = e.type == 3 ? 2 : e.type == 4 ? 4 : 1;  // SHORT, LONG, else byte-sized
        const std::uint64_t bytes = typeSize * e.count;
        if (bytes > 4) {
            e.valueOffset = u32(entry + 8);  // values that do not fit in 4 bytes are stored elsewhere
        }
        if (e.count == 0 || e.valueOffset > m_size || bytes > m_size - e.valueOffset) {
            return std::nullopt;
        }
        return e;
    }
    return std::nullopt;
}

std::optional<std::uint32_t> TiffTags::unsignedValue(std::uint16_t tag) const {
    const auto e = find(tag);
    if (!e || (e->type != 3 && e->type != 4)) {
        return std::nullopt;
    }
    return e->type == 3 ? u16(e->valueOffset) : u32(e->valueOffset);
}

std::optional<std::string> TiffTags::asciiValue(std::uint16_t tag) const {
    const auto e = find(tag);
    if (!e || e->type != 2) {  // ASCII
        return std::nullopt;
    }
    const char* text = reinterpret_cast<const char*>(m_data + e->valueOffset);
    return std::string(text, std::find(text, text + e->count, '\0'));
}

}  // namespace hrstyle::imageio
