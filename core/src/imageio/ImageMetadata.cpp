#include "ImageMetadata.h"

#include <zlib.h>

#include <algorithm>

namespace hrstyle::imageio {

namespace {

constexpr std::string_view kPngKeyword = "Description";
constexpr std::uint16_t kTagImageDescription = 270;  // TIFF 6.0 / EXIF 2.3
constexpr std::size_t kMaxJpegComment = 65535 - 2;   // a segment length is 16 bits and counts itself

Bytes pngChunk(std::string_view type, const Bytes& body) {
    Bytes chunk;
    appendBe32(chunk, static_cast<std::uint32_t>(body.size()));
    appendText(chunk, type);
    chunk.insert(chunk.end(), body.begin(), body.end());
    // The CRC covers the type and the data, not the length (PNG spec §5.3); zlib's crc32 is the PNG CRC.
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), chunk.data() + 4, static_cast<uInt>(chunk.size() - 4));
    appendBe32(chunk, static_cast<std::uint32_t>(crc));
    return chunk;
}

bool isAscii(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string latin1ToUtf8(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80) {
            out += c;
        } else {
            out += static_cast<char>(0xC0 | (u >> 6));
            out += static_cast<char>(0x80 | (u & 0x3F));
        }
    }
    return out;
}

// A little-endian TIFF header and one IFD with one entry, ImageDescription (ASCII, NUL-terminated): the smallest
// EXIF block that standard readers (exiftool, PIL's getexif) show as the image description.
Bytes exifWithDescription(const std::string& text) {
    const auto count = static_cast<std::uint32_t>(text.size() + 1);
    Bytes exif;
    appendText(exif, std::string_view("II*\0", 4));
    appendLe32(exif, 8);  // IFD0 right after the header
    appendLe16(exif, 1);
    appendLe16(exif, kTagImageDescription);
    appendLe16(exif, 2);  // ASCII
    appendLe32(exif, count);
    Bytes value(text.begin(), text.end());
    value.push_back(0);
    if (count <= 4) {
        value.resize(4, 0);  // fits in the entry itself
        exif.insert(exif.end(), value.begin(), value.end());
        appendLe32(exif, 0);  // no next IFD
        return exif;
    }
    appendLe32(exif, 8 + 2 + 12 + 4);  // the text follows the IFD
    appendLe32(exif, 0);
    exif.insert(exif.end(), value.begin(), value.end());
    return exif;
}

std::optional<std::string> descriptionFromExif(const Bytes& bytes, std::size_t offset, std::size_t length) {
    const auto tags = TiffTags::parse(bytes.data() + offset, length);
    return tags ? tags->asciiValue(kTagImageDescription) : std::nullopt;
}

// tEXt: keyword NUL text (Latin-1). iTXt: keyword NUL flag method language NUL translated-keyword NUL text (UTF-8).
std::optional<std::string> readPngText(const Bytes& png, std::string_view type, std::size_t offset,
                                       std::size_t length) {
    const std::string_view body(reinterpret_cast<const char*>(png.data() + offset), length);
    const std::size_t nul = body.find('\0');
    if (nul == std::string_view::npos || body.substr(0, nul) != kPngKeyword) {
        return std::nullopt;
    }
    if (type == "tEXt") {
        return latin1ToUtf8(body.substr(nul + 1));
    }
    const std::size_t flagAt = nul + 1;
    if (body.size() < flagAt + 2 || body[flagAt] != 0) {
        return std::nullopt;  // compressed iTXt: saveImage never writes it
    }
    const std::size_t language = body.find('\0', flagAt + 2);
    const std::size_t translated = language == std::string_view::npos ? language : body.find('\0', language + 1);
    if (translated == std::string_view::npos) {
        return std::nullopt;
    }
    return std::string(body.substr(translated + 1));
}

std::optional<std::string> readPngDescription(const Bytes& png) {
    std::optional<std::string> text;
    forEachPngChunk(png, [&](std::string_view type, std::size_t offset, std::size_t length) {
        if (type == "tEXt" || type == "iTXt") {
            text = readPngText(png, type, offset, length);
        }
        return !text;
    });
    return text;
}

std::optional<std::string> readJpegDescription(const Bytes& jpeg) {
    std::optional<std::string> text;
    forEachJpegSegment(jpeg, [&](std::uint8_t marker, std::size_t offset, std::size_t length) {
        if (marker == 0xFE) {  // COM
            text = std::string(reinterpret_cast<const char*>(jpeg.data() + offset), length);
        }
        return !text;
    });
    return text;
}

std::optional<std::string> readWebpDescription(const Bytes& webp) {
    std::optional<std::string> text;
    forEachRiffChunk(webp, [&](std::string_view type, std::size_t offset, std::size_t length) {
        if (type == "EXIF") {
            text = descriptionFromExif(webp, offset, length);
        }
        return !text;
    });
    return text;
}

}  // namespace

Result<Bytes> embedPngDescription(const Bytes& png, const std::string& text) {
    constexpr std::size_t kAfterIhdr = 8 + 8 + 13 + 4;  // signature, IHDR length and type, IHDR data, CRC
    if (!inBounds(png, 0, kAfterIhdr) || loadBe32(&png[8]) != 13 ||
        std::string_view(reinterpret_cast<const char*>(&png[12]), 4) != "IHDR") {
        return Error{"the PNG encoder produced no IHDR chunk"};
    }
    Bytes body;
    appendText(body, kPngKeyword);
    body.push_back(0);
    if (!isAscii(text)) {
        body.insert(body.end(), {0, 0, 0, 0});  // uncompressed, method 0, no language, no translated keyword
    }
    appendText(body, text);
    const Bytes chunk = pngChunk(isAscii(text) ? "tEXt" : "iTXt", body);
    Bytes out(png.begin(), png.begin() + kAfterIhdr);
    out.insert(out.end(), chunk.begin(), chunk.end());
    out.insert(out.end(), png.begin() + kAfterIhdr, png.end());
    return out;
}

Result<Bytes> embedJpegDescription(const Bytes& jpeg, const std::string& text) {
    if (text.size() > kMaxJpegComment) {
        return Error{"the description has " + std::to_string(text.size()) +
                     " bytes, more than a JPEG comment holds (65533)"};
    }
    if (!inBounds(jpeg, 0, 2) || jpeg[0] != 0xFF || jpeg[1] != 0xD8) {
        return Error{"the JPEG encoder produced no SOI marker"};
    }
    std::size_t pos = 2;
    while (inBounds(jpeg, pos, 4) && jpeg[pos] == 0xFF && jpeg[pos + 1] >= 0xE0 && jpeg[pos + 1] <= 0xEF) {
        pos += 2 + loadBe16(&jpeg[pos + 2]);  // skip APP0 (JFIF) and friends: they must stay first
    }
    if (pos > jpeg.size()) {
        return Error{"the JPEG encoder produced a truncated APP segment"};
    }
    Bytes out(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(pos));
    out.insert(out.end(), {0xFF, 0xFE});
    appendBe16(out, static_cast<std::uint16_t>(text.size() + 2));
    appendText(out, text);
    out.insert(out.end(), jpeg.begin() + static_cast<std::ptrdiff_t>(pos), jpeg.end());
    return out;
}

Result<Bytes> embedWebpDescription(const Bytes& webp, const std::string& text, int width, int height,
                                   bool hasAlpha) {
    if (sniffFormat(webp) != Format::WebP || !inBounds(webp, 12, 8)) {
        return Error{"the WebP encoder produced no image chunk"};
    }
    const std::size_t end = std::min<std::size_t>(webp.size(), std::size_t{loadLe32(&webp[4])} + 8);
    const bool extended = std::string_view(reinterpret_cast<const char*>(&webp[12]), 4) == "VP8X";
    constexpr std::uint8_t kExifFlag = 0x08;
    constexpr std::uint8_t kAlphaFlag = 0x10;
    Bytes out(webp.begin(), webp.begin() + 12);
    if (!extended) {
        // The simple format (one VP8/VP8L chunk) cannot carry metadata: add the extended header
        // (WebP Container Specification, "Extended File Format"): flags, 3 reserved bytes, canvas size - 1.
        appendText(out, "VP8X");
        appendLe32(out, 10);
        out.insert(out.end(), {static_cast<std::uint8_t>(kExifFlag | (hasAlpha ? kAlphaFlag : 0)), 0, 0, 0});
        for (const int side : {width - 1, height - 1}) {
            out.insert(out.end(), {std::uint8_t(side), std::uint8_t(side >> 8), std::uint8_t(side >> 16)});
        }
    }
    out.insert(out.end(), webp.begin() + 12, webp.begin() + static_cast<std::ptrdiff_t>(end));
    if (extended) {
        out[20] |= kExifFlag;
    }
    const Bytes exif = exifWithDescription(text);
    appendText(out, "EXIF");
    appendLe32(out, static_cast<std::uint32_t>(exif.size()));
    out.insert(out.end(), exif.begin(), exif.end());
    if (exif.size() % 2 != 0) {
        out.push_back(0);  // chunks are padded to an even size
    }
    const auto riffSize = static_cast<std::uint32_t>(out.size() - 8);
    for (int i = 0; i < 4; ++i) {
        out[4 + i] = static_cast<std::uint8_t>(riffSize >> (8 * i));  // RIFF size: everything after it
    }
    return out;
}

std::optional<std::string> readDescription(const Bytes& bytes, Format format) {
    switch (format) {
    case Format::Png: return readPngDescription(bytes);
    case Format::Jpeg: return readJpegDescription(bytes);
    case Format::WebP: return readWebpDescription(bytes);
    case Format::Tiff: return descriptionFromExif(bytes, 0, bytes.size());
    default: return std::nullopt;
    }
}

}  // namespace hrstyle::imageio
