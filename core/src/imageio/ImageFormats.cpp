#include "ImageFormats.h"

#include <cctype>
#include <cstdlib>
#include <string>

// exiv2.hpp does not include these two in 0.27: ImageType::bmp and ImageType::webp are declared there.
#include <exiv2/bmpimage.hpp>
#include <exiv2/webpimage.hpp>

#include "Exiv2Support.h"

namespace hrstyle::imageio {

namespace {

HeaderInfo sizeOnly(std::int64_t width, std::int64_t height) {
    HeaderInfo info;
    info.size = PixelSize{width, height};
    return info;
}

Error headerError(Format format, const std::string& what) {
    return Error{std::string("corrupt ") + formatName(format) + " header (" + what + ")", ErrorKind::InvalidInput};
}

// Exiv2 reads the header and metadata of PNG, JPEG, TIFF and WebP (the size from IHDR, SOFn, ImageWidth/Length
// or the VP8X/VP8L/VP8 chunk) and stops before the pixels: on 24 MP files in memory, open + readMetadata took
// at most 0.2 ms (docs/file-formats.md, "Exported images"), so there is no speed reason for a reader of our own.
Result<HeaderInfo> readWithExiv2(const Bytes& bytes, Format format) {
    HeaderInfo info;
    try {
        const auto image = openWithExiv2(bytes);
        try {
            image->readMetadata();
        } catch (const std::exception& e) {
            // Exiv2 stops at the first damaged chunk or segment, e.g. in a PNG cut short. A PNG's or JPEG's size
            // comes before that (IHDR first, SOFn before the scan), so it is still the header's claim, and the
            // damage is reported by structureProblem (DecoderInput.h) after the pixel limit, as for any file.
            // A TIFF's tags are all needed below.
            if (format == Format::Tiff || image->pixelWidth() <= 0 || image->pixelHeight() <= 0) {
                throw;
            }
            return sizeOnly(image->pixelWidth(), image->pixelHeight());
        }
        info.size = PixelSize{image->pixelWidth(), image->pixelHeight()};
        const Exiv2::ExifData& exif = image->exifData();
        const auto orientation = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
        if (orientation != exif.end() && orientation->count() > 0) {
            const long value = orientation->toLong();
            info.orientation = value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
        }
        if (format == Format::Tiff) {
            const auto has = [&](const char* key) {
                const auto it = exif.findKey(Exiv2::ExifKey(key));
                return it != exif.end() && it->count() > 0;
            };
            if (!has("Exif.Image.PhotometricInterpretation") ||
                !(has("Exif.Image.StripOffsets") || has("Exif.Image.TileOffsets"))) {
                return headerError(format, "required tags missing");  // TIFF 6.0, "Baseline"
            }
            const auto extra = exif.findKey(Exiv2::ExifKey("Exif.Image.ExtraSamples"));
            if (extra != exif.end() && extra->count() > 0) {
                info.tiffExtraSamples = extra->toLong();
            }
        }
    } catch (const std::exception& e) {
        return headerError(format, exiv2Message(e));
    }
    if (format == Format::Jpeg && (info.size.width == 0 || info.size.height == 0)) {
        return headerError(format, "no frame header");
    }
    return info;
}

// BMP and PNM stay hand-written: Exiv2 0.27 has no PNM reader at all, and its BmpImage reads only
// BITMAPINFOHEADER sizes, as unsigned numbers, so a top-down BMP (negative height) would claim ~4 billion rows
// and an OS/2 BITMAPCOREHEADER file none. Neither format carries metadata we read.

// BMP: BITMAPCOREHEADER (12 bytes, 16-bit sizes) or a later header (signed 32-bit; negative height = top-down).
Result<HeaderInfo> probeBmp(const Bytes& b) {
    if (!inBounds(b, 14, 4)) {
        return headerError(Format::Bmp, "truncated");
    }
    if (loadLe32(&b[14]) == 12 && inBounds(b, 18, 4)) {
        return sizeOnly(loadLe16(&b[18]), loadLe16(&b[20]));
    }
    if (!inBounds(b, 18, 8)) {
        return headerError(Format::Bmp, "truncated");
    }
    const auto width = static_cast<std::int32_t>(loadLe32(&b[18]));
    const auto height = static_cast<std::int32_t>(loadLe32(&b[22]));
    return sizeOnly(width, std::abs(static_cast<std::int64_t>(height)));
}

// PNM/PFM: "P<n>", then width and height as decimal text, with whitespace and '#' comments in between.
Result<HeaderInfo> probePnm(const Bytes& b) {
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
    return sizeOnly(values[0], values[1]);
}

bool isPnm(const Bytes& b) {
    return inBounds(b, 0, 3) && b[0] == 'P' && std::isspace(b[2]) &&
           ((b[1] >= '1' && b[1] <= '6') || b[1] == 'F' || b[1] == 'f');
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

bool inBounds(const Bytes& bytes, std::size_t offset, std::size_t length) {
    return offset <= bytes.size() && length <= bytes.size() - offset;
}

Format sniffFormat(const Bytes& bytes) {
    if (isPnm(bytes)) {
        return Format::Pnm;
    }
    try {
        switch (Exiv2::ImageFactory::getType(bytes.data(), static_cast<long>(bytes.size()))) {
        case Exiv2::ImageType::png: return Format::Png;
        case Exiv2::ImageType::jpeg: return Format::Jpeg;
        case Exiv2::ImageType::tiff: return Format::Tiff;
        case Exiv2::ImageType::webp: return Format::WebP;
        case Exiv2::ImageType::bmp: return Format::Bmp;
        default: return Format::Unknown;
        }
    } catch (const std::exception&) {
        return Format::Unknown;
    }
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

Result<HeaderInfo> readHeader(const Bytes& bytes, Format format) {
    switch (format) {
    case Format::Png:
    case Format::Jpeg:
    case Format::Tiff:
    case Format::WebP: return readWithExiv2(bytes, format);
    case Format::Bmp: return probeBmp(bytes);
    case Format::Pnm: return probePnm(bytes);
    case Format::Unknown: break;
    }
    return Error{"not a supported image format", ErrorKind::InvalidInput};
}

}  // namespace hrstyle::imageio
