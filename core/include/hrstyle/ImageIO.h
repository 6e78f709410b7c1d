#pragma once
// Image files <-> Image, through OpenCV (target hrstyle_imageio; the engine does not need it).
// RGB order (never BGR), 8- and 16-bit, grey replicated to RGB, alpha set aside, EXIF orientation applied.
#include <cstdint>
#include <map>
#include <string>

#include "hrstyle/Image.h"
#include "hrstyle/MemoryBudget.h"
#include "hrstyle/Result.h"

namespace hrstyle {

struct ImageLoadLimits {
    // Refuse images whose header claims more pixels than this, before decoding (a 100000x100000 PNG
    // header would otherwise ask for 30 GB). 250 MP covers any camera.
    std::int64_t maxPixels = 250'000'000;

    // The photos that can be opened and restyled within a memory limit (maxPixelsWithin).
    static ImageLoadLimits within(std::size_t memoryLimitBytes) { return {maxPixelsWithin(memoryLimitBytes)}; }
};

// Errors name the file and the problem: missing, a directory, unreadable/corrupt, too large.
Result<Image> loadImage(const std::string& path, const ImageLoadLimits& limits = {});

struct ImageSaveOptions {
    int bitDepth = 8;          // 8 or 16 (16 only for PNG and TIFF)
    int jpegQuality = 95;      // 0..100
    // The settings that made the image (the same type as hrstyle::Metadata), embedded as XMP: one property
    // per key in HRStyle's namespace, which exiftool, digiKam and darktable show (docs/file-formats.md, "Exported
    // images"). Keys that cannot be XMP names (anything but ASCII letters, digits, '_' and '-') are left out.
    std::map<std::string, std::string> settings;
};

// The format follows the extension (.png, .jpg/.jpeg, .tif/.tiff, .webp). Writes a temporary file in the
// same directory and renames it over `path` only when complete: a failed save keeps the previous file.
Status saveImage(const std::string& path, const Image& image, const ImageSaveOptions& options = {});

// The settings embedded by saveImage: the XMP properties, or for files exported before XMP the JSON object
// of strings they held as their description. An error if the file has none.
Result<std::map<std::string, std::string>> readImageSettings(const std::string& path);

}  // namespace hrstyle
