#include "TiffEncoder.h"

#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace hrstyle::imageio {

namespace {

// A growable in-memory file for TIFFClientOpen, so the atomic writer gets bytes like from cv::imencode.
struct MemoryFile {
    Bytes data;
    std::uint64_t position = 0;
    std::string error;  // the first libtiff error, for the user-facing message
};

MemoryFile& file(thandle_t handle) { return *static_cast<MemoryFile*>(handle); }

tmsize_t readProc(thandle_t handle, void* buffer, tmsize_t size) {
    MemoryFile& f = file(handle);
    if (size < 0 || f.position > f.data.size()) {
        return 0;
    }
    const auto n = std::min<std::uint64_t>(static_cast<std::uint64_t>(size), f.data.size() - f.position);
    std::memcpy(buffer, f.data.data() + f.position, n);
    f.position += n;
    return static_cast<tmsize_t>(n);
}

tmsize_t writeProc(thandle_t handle, void* buffer, tmsize_t size) {
    MemoryFile& f = file(handle);
    if (size < 0) {
        return -1;
    }
    const std::uint64_t end = f.position + static_cast<std::uint64_t>(size);
    if (end > f.data.size()) {
        f.data.resize(end);
    }
    std::memcpy(f.data.data() + f.position, buffer, static_cast<std::size_t>(size));
    f.position = end;
    return size;
}

toff_t seekProc(thandle_t handle, toff_t offset, int whence) {
    MemoryFile& f = file(handle);
    const std::uint64_t base = whence == SEEK_CUR ? f.position : whence == SEEK_END ? f.data.size() : 0;
    f.position = base + offset;  // libtiff seeks past the end before writing there; writeProc grows the buffer
    return f.position;
}

int closeProc(thandle_t) { return 0; }
toff_t sizeProc(thandle_t handle) { return file(handle).data.size(); }
int mapProc(thandle_t, void**, toff_t*) { return 0; }
void unmapProc(thandle_t, void*, toff_t) {}

#if TIFFLIB_VERSION >= 20221213  // libtiff 4.5: per-handle handlers keep libtiff's messages off stderr
int errorHandler(TIFF*, void* user, const char* module, const char* format, va_list args) {
    auto& f = *static_cast<MemoryFile*>(user);
    if (f.error.empty()) {
        char text[512];
        std::vsnprintf(text, sizeof text, format, args);
        f.error = std::string(module ? module : "libtiff") + ": " + text;
    }
    return 1;
}

int warningHandler(TIFF*, void*, const char*, const char*, va_list) { return 1; }

TIFF* openForWriting(MemoryFile& memory) {
    std::unique_ptr<TIFFOpenOptions, void (*)(TIFFOpenOptions*)> options(TIFFOpenOptionsAlloc(),
                                                                         TIFFOpenOptionsFree);
    TIFFOpenOptionsSetErrorHandlerExtR(options.get(), errorHandler, &memory);
    TIFFOpenOptionsSetWarningHandlerExtR(options.get(), warningHandler, &memory);
    return TIFFClientOpenExt("memory", "w", &memory, readProc, writeProc, seekProc, closeProc, sizeProc, mapProc,
                             unmapProc, options.get());
}
#else
TIFF* openForWriting(MemoryFile& memory) {
    return TIFFClientOpen("memory", "w", &memory, readProc, writeProc, seekProc, closeProc, sizeProc, mapProc,
                          unmapProc);
}
#endif

bool setTags(TIFF* tif, const TiffPixels& p) {
    const bool deflate = TIFFIsCODECConfigured(COMPRESSION_ADOBE_DEFLATE) != 0;
    bool ok = TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, static_cast<std::uint32_t>(p.width)) &&
              TIFFSetField(tif, TIFFTAG_IMAGELENGTH, static_cast<std::uint32_t>(p.height)) &&
              TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, static_cast<std::uint16_t>(p.bitDepth)) &&
              TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, static_cast<std::uint16_t>(p.channels)) &&
              TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB) &&
              TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG) &&
              TIFFSetField(tif, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT) &&
              TIFFSetField(tif, TIFFTAG_COMPRESSION, deflate ? COMPRESSION_ADOBE_DEFLATE : COMPRESSION_NONE) &&
              TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tif, 0));
    if (ok && deflate) {
        ok = TIFFSetField(tif, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);  // smaller files for photos
    }
    if (ok && p.channels == 4) {
        // Image::alpha is straight (not premultiplied) alpha, as in PNG and WebP.
        const std::uint16_t extra[] = {EXTRASAMPLE_UNASSALPHA};
        ok = TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, extra);
    }
    return ok;
}

}  // namespace

Result<Bytes> encodeTiff(const TiffPixels& pixels) {
    MemoryFile memory;
    TIFF* tif = openForWriting(memory);
    if (!tif) {
        return Error{"libtiff could not start a TIFF" + (memory.error.empty() ? "" : " (" + memory.error + ")")};
    }
    bool ok = setTags(tif, pixels);
    const std::size_t rowBytes =
        static_cast<std::size_t>(pixels.width) * static_cast<std::size_t>(pixels.channels) * (pixels.bitDepth / 8);
    auto* rows = static_cast<std::uint8_t*>(pixels.data);
    for (int y = 0; ok && y < pixels.height; ++y) {
        ok = TIFFWriteScanline(tif, rows + rowBytes * static_cast<std::size_t>(y), static_cast<std::uint32_t>(y),
                               0) == 1;
    }
    ok = ok && TIFFFlush(tif) == 1;  // writes the last strip and the directory; TIFFClose reports nothing
    TIFFClose(tif);
    if (!ok) {
        return Error{"libtiff could not encode the image" + (memory.error.empty() ? "" : " (" + memory.error + ")")};
    }
    return std::move(memory.data);
}

}  // namespace hrstyle::imageio
