#include "DecoderInput.h"

#include <zlib.h>

#include <algorithm>
#include <string_view>

namespace hrstyle::imageio {

namespace {

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

// Tags every TIFF needs and OpenCV's decoder asks libtiff for (it reports them missing through std::cerr):
// PhotometricInterpretation, and the offsets of the strips or tiles (TIFF 6.0, "Baseline").
std::optional<std::string> tiffStructureProblem(const Bytes& b) {
    const auto tags = TiffTags::parse(b.data(), b.size());
    const bool complete = tags && tags->unsignedValue(262) && (tags->unsignedValue(273) || tags->unsignedValue(324));
    return complete ? std::nullopt : std::optional<std::string>("corrupt TIFF header (required tags missing)");
}

}  // namespace

std::optional<std::string> structureProblem(const Bytes& bytes, Format format) {
    switch (format) {
    case Format::Png: return pngStructureProblem(bytes);
    case Format::Jpeg: return jpegStructureProblem(bytes);
    case Format::WebP: return webpStructureProblem(bytes);
    case Format::Tiff: return tiffStructureProblem(bytes);
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
