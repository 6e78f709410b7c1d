#include "DecoderInput.h"

#include <zlib.h>

#include <algorithm>
#include <functional>
#include <string_view>

namespace hrstyle::imageio {

namespace {

// The two walkers below are what stays hand-written of the PNG and JPEG structure: Exiv2 reads metadata but
// neither checks chunk CRCs nor hands out the chunk list, and these checks must see every chunk up to IEND (or
// every segment up to the scan) before libpng and libjpeg do.

// The visitor gets (type, offset of the payload, payload length) and returns false to stop early. Returns false
// when the structure is broken (a length that runs past the end of the data); stops after IEND.
using ChunkVisitor = std::function<bool(std::string_view type, std::size_t offset, std::size_t length)>;
bool forEachPngChunk(const Bytes& png, const ChunkVisitor& visit) {
    std::size_t pos = 8;
    while (inBounds(png, pos, 8)) {
        const std::size_t length = loadBe32(&png[pos]);
        const std::string_view type(reinterpret_cast<const char*>(&png[pos + 4]), 4);
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

// JPEG marker segments up to and including the first SOS (after which the entropy-coded data starts); marker is
// the byte after 0xFF.
using SegmentVisitor = std::function<bool(std::uint8_t marker, std::size_t offset, std::size_t length)>;
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

// Every chunk complete up to IEND with a matching CRC, and the image data starting with a zlib header (RFC 1950:
// method 8, header check bits, no preset dictionary).
std::optional<std::string> pngStructureProblem(const Bytes& b) {
    std::optional<std::string> problem;
    Bytes zlibHeader;
    bool sawEnd = false;
    const bool intact = forEachPngChunk(b, [&](std::string_view type, std::size_t offset, std::size_t length) {
        const uLong crc = crc32(crc32(0L, Z_NULL, 0), &b[offset - 4], static_cast<uInt>(length + 4));
        if (crc != loadBe32(&b[offset + length])) {
            problem = "corrupt PNG file (CRC error in the " + std::string(type) + " chunk)";
            return false;
        }
        if (type == "IDAT") {
            zlibHeader.insert(zlibHeader.end(), b.begin() + offset,
                              b.begin() + offset + std::min<std::size_t>(length, 2 - zlibHeader.size()));
        }
        sawEnd = type == "IEND";
        return true;
    });
    if (problem) {
        return problem;
    }
    if (!intact || !sawEnd) {
        return "truncated PNG file";
    }
    const bool zlibOk = zlibHeader.size() == 2 && (zlibHeader[0] & 0x0F) == 8 && (zlibHeader[1] & 0x20) == 0 &&
                        (zlibHeader[0] * 256 + zlibHeader[1]) % 31 == 0;
    return zlibOk ? std::nullopt : std::optional<std::string>("corrupt PNG file (bad image data)");
}

// The end-of-image marker must follow the scan: without it the file was cut short, and libjpeg would print a
// warning and fill the rest with grey (PIL refuses such a file as truncated).
std::optional<std::string> jpegStructureProblem(const Bytes& b) {
    std::size_t scan = 0;
    forEachJpegSegment(b, [&](std::uint8_t marker, std::size_t offset, std::size_t length) {
        scan = marker == 0xDA ? offset + length : 0;
        return marker != 0xDA;
    });
    const std::string_view data(reinterpret_cast<const char*>(b.data()), b.size());
    if (scan == 0 || data.find("\xFF\xD9", scan) == std::string_view::npos) {
        return "truncated JPEG file";
    }
    return std::nullopt;
}

// The RIFF container must be complete, and hold at least the 32 bytes OpenCV's decoder reads as the header
// (it reports a shorter file through std::cerr, not its logger).
std::optional<std::string> webpStructureProblem(const Bytes& b) {
    constexpr std::size_t kOpenCvHeaderSize = 32;
    if (b.size() < kOpenCvHeaderSize || std::size_t{loadLe32(&b[4])} + 8 > b.size()) {
        return "truncated WebP file";
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> structureProblem(const Bytes& bytes, Format format) {
    switch (format) {
    case Format::Png: return pngStructureProblem(bytes);
    case Format::Jpeg: return jpegStructureProblem(bytes);
    case Format::WebP: return webpStructureProblem(bytes);
    default: return std::nullopt;
    }
}

Bytes decodingChunksOnly(const Bytes& png) {
    Bytes out(png.begin(), png.begin() + 8);  // the signature
    forEachPngChunk(png, [&](std::string_view type, std::size_t offset, std::size_t length) {
        if (type == "IHDR" || type == "PLTE" || type == "tRNS" || type == "IDAT" || type == "IEND") {
            // The whole chunk: length and type before the data, CRC after it.
            out.insert(out.end(), png.begin() + static_cast<std::ptrdiff_t>(offset - 8),
                       png.begin() + static_cast<std::ptrdiff_t>(offset + length + 4));
        }
        return true;
    });
    return out;
}

}  // namespace hrstyle::imageio
