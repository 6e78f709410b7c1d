#include "hrstyle/ImageIO.h"

#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <filesystem>
#include <limits>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "hrstyle/AtomicFile.h"

#include "DecoderInput.h"
#include "FileAccess.h"
#include "ImageFormats.h"
#include "ImageMetadata.h"
#include "TiffEncoder.h"

namespace hrstyle {

namespace {

using imageio::Bytes;
using imageio::Format;

// OpenCV's logger prints its warnings (its own pixel limit, libtiff's messages) on stderr; our error values say
// what matters to the caller instead. Process-wide, which is fine: the app reaches OpenCV only through this file.
void silenceOpenCv() {
    static std::once_flag once;
    std::call_once(once, [] { cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT); });
}

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string sizeText(std::int64_t width, std::int64_t height) {
    return std::to_string(width) + "x" + std::to_string(height);
}

std::optional<std::string> pixelLimitProblem(std::int64_t width, std::int64_t height, std::int64_t maxPixels) {
    // width * height > maxPixels, without the product: two 32-bit unsigned sides can overflow int64.
    if (maxPixels >= 0 && width <= maxPixels / height) {
        return std::nullopt;
    }
    const std::string limit = maxPixels % 1'000'000 == 0 ? std::to_string(maxPixels / 1'000'000) + " MP"
                                                          : std::to_string(maxPixels) + "-pixel";
    return sizeText(width, height) + " pixels is more than the " + limit + " limit";
}

// --- decoded cv::Mat -> Image ----------------------------------------------------------------------------------

// Samples on Image's 16-bit scale: 8-bit v as v*257 (so Image::unitValue gives float(v)/255 exactly, as the
// reference's float32(v) / 255); float files clamped to [0,1] and rounded (NaN becomes 0).
std::uint16_t sample(std::uint8_t v) { return static_cast<std::uint16_t>(v * 257); }
std::uint16_t sample(std::uint16_t v) { return v; }
std::uint16_t sample(float v) { return Image::fromUnit(v); }
std::uint16_t sample(double v) { return Image::fromUnit(static_cast<float>(v)); }

// OpenCV's channel order is B,G,R[,A] (or grey[,A]); Image is R,G,B with alpha apart.
template <class T>
void fillImage(const cv::Mat& mat, Image& image) {
    const int channels = mat.channels();
    const bool colour = channels >= 3;
    const bool alpha = channels == 2 || channels == 4;
    const auto pixels = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
    image.rgb.resize(pixels * 3);
    image.alpha.resize(alpha ? pixels : 0);
    for (int y = 0; y < mat.rows; ++y) {
        const T* row = mat.ptr<T>(y);
        for (int x = 0; x < mat.cols; ++x) {
            const T* px = row + static_cast<std::ptrdiff_t>(x) * channels;
            const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + x;
            std::uint16_t* out = &image.rgb[3 * i];
            out[0] = sample(px[colour ? 2 : 0]);
            out[1] = sample(px[colour ? 1 : 0]);
            out[2] = sample(px[0]);
            if (alpha) {
                image.alpha[i] = sample(px[channels - 1]);
            }
        }
    }
}

Result<Image> matToImage(const cv::Mat& mat) {
    if (mat.channels() < 1 || mat.channels() > 4) {
        return Error{std::to_string(mat.channels()) + " channels are not supported", ErrorKind::InvalidInput};
    }
    Image image;
    image.width = mat.cols;
    image.height = mat.rows;
    switch (mat.depth()) {
    case CV_8U: fillImage<std::uint8_t>(mat, image); image.sourceBitDepth = 8; break;
    case CV_16U: fillImage<std::uint16_t>(mat, image); image.sourceBitDepth = 16; break;
    // Float files hold more than 8 bits of precision: export keeps it at 16.
    case CV_32F: fillImage<float>(mat, image); image.sourceBitDepth = 16; break;
    case CV_64F: fillImage<double>(mat, image); image.sourceBitDepth = 16; break;
    default: return Error{"signed or 32-bit integer samples are not supported", ErrorKind::InvalidInput};
    }
    return image;
}

// libtiff's RGBA reader, which OpenCV 4.6 uses for 8-bit TIFFs, premultiplies unassociated alpha; files marked
// "associated alpha" store premultiplied colour anyway. Image::alpha is straight alpha, so both need dividing.
// ExtraSamples (TIFF 6.0, tag 338): 1 = associated alpha, 2 = unassociated alpha.
bool tiffColourIsPremultiplied(const imageio::HeaderInfo& header, const cv::Mat& mat) {
    if (mat.channels() != 2 && mat.channels() != 4) {
        return false;
    }
    const auto extra = header.tiffExtraSamples;
    return extra && (*extra == 1 || (*extra == 2 && mat.depth() == CV_8U));
}

void unpremultiply(Image& image) {
    for (std::size_t i = 0; i < image.alpha.size(); ++i) {
        const float a = Image::unitValue(image.alpha[i]);
        for (int c = 0; c < 3 && a > 0.0f; ++c) {
            image.rgb[3 * i + c] = Image::fromUnit(Image::unitValue(image.rgb[3 * i + c]) / a);
        }
    }
}

// The operations of PIL's ImageOps.exif_transpose, which the reference applies (EXIF 2.3, tag 274).
cv::Mat applyOrientation(const cv::Mat& mat, int orientation) {
    cv::Mat out;
    switch (orientation) {
    case 2: cv::flip(mat, out, 1); break;
    case 3: cv::rotate(mat, out, cv::ROTATE_180); break;
    case 4: cv::flip(mat, out, 0); break;
    case 5: cv::transpose(mat, out); break;
    case 6: cv::rotate(mat, out, cv::ROTATE_90_CLOCKWISE); break;
    case 7: cv::transpose(mat, out); cv::rotate(out, out, cv::ROTATE_180); break;
    case 8: cv::rotate(mat, out, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: return mat;
    }
    return out;
}

// Decodes bytes whose header already passed the pixel limit. Errors have no file name yet.
Result<cv::Mat> decode(const Bytes& bytes, Format format, int orientation) {
    const std::string what = std::string("cannot decode the ") + imageio::formatName(format) + " data";
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        return Error{what + " (file larger than 2 GB)", ErrorKind::InvalidInput};
    }
    try {
        const Bytes pngChunks = format == Format::Png ? imageio::decodingChunksOnly(bytes) : Bytes();
        const Bytes& input = format == Format::Png ? pngChunks : bytes;
        // imdecode only reads the buffer; cv::Mat just has no constructor taking const data.
        const cv::Mat encoded(1, static_cast<int>(input.size()), CV_8U, const_cast<std::uint8_t*>(input.data()));
        // IMREAD_UNCHANGED keeps 16-bit samples and alpha; it also skips OpenCV's EXIF rotation, which
        // loadImage then applies itself (OpenCV's TIFF decoder still applies TIFF's own orientation tag).
        cv::Mat mat = cv::imdecode(encoded, cv::IMREAD_UNCHANGED);
        if (mat.empty()) {
            return Error{what + " (corrupt or truncated file)", ErrorKind::InvalidInput};
        }
        return format == Format::Tiff ? mat : applyOrientation(mat, orientation);
    } catch (const cv::Exception& e) {
        return Error{what + " (" + firstLine(e.err) + ")", ErrorKind::InvalidInput};
    } catch (const std::bad_alloc&) {
        return Error{what + " (out of memory)", ErrorKind::OutOfMemory};
    }
}

// --- Image -> encoded bytes ------------------------------------------------------------------------------------

Result<Format> formatFromExtension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".png") return Format::Png;
    if (ext == ".jpg" || ext == ".jpeg") return Format::Jpeg;
    if (ext == ".tif" || ext == ".tiff") return Format::Tiff;
    if (ext == ".webp") return Format::WebP;
    return Error{(ext.empty() ? std::string("no file extension") : "unknown image type \"" + ext + "\"") +
                 " (use .png, .jpg, .jpeg, .tif, .tiff or .webp)"};
}

std::optional<std::string> saveProblem(const Image& image, Format format, const ImageSaveOptions& options) {
    const auto pixels = static_cast<std::size_t>(std::max(image.width, 0)) * std::max(image.height, 0);
    const bool eightBitOnly = format == Format::Jpeg || format == Format::WebP;
    const int maxSide = format == Format::Jpeg ? 65535 : format == Format::WebP ? 16383 : INT_MAX;
    if (image.empty()) return "the image is empty";
    if (image.rgb.size() != pixels * 3) {
        return "the image has " + std::to_string(image.rgb.size()) + " RGB values, not " + std::to_string(pixels * 3);
    }
    if (image.hasAlpha() && image.alpha.size() != pixels) {
        return "the image has " + std::to_string(image.alpha.size()) + " alpha values, not " + std::to_string(pixels);
    }
    if (options.bitDepth != 8 && options.bitDepth != 16) return "bit depth must be 8 or 16";
    if (options.bitDepth == 16 && eightBitOnly) {
        return std::string(imageio::formatName(format)) + " holds 8 bits a sample (use PNG or TIFF for 16-bit)";
    }
    if (options.jpegQuality < 0 || options.jpegQuality > 100) return "JPEG quality must be within 0..100";
    for (const auto& [key, value] : options.settings) {
        if (value.find('\0') != std::string::npos) return "the setting \"" + key + "\" contains a NUL character";
    }
    if (image.width > maxSide || image.height > maxSide) {
        return std::string(imageio::formatName(format)) + " images are at most " + std::to_string(maxSide) +
               " pixels on a side";
    }
    return std::nullopt;
}

// 16-bit files take the samples as they are; 8-bit ones follow toRgb8 (Image.cpp) and the reference: the value
// in [0,1] times 255, rounded half to even (std::nearbyint in the default rounding mode), in float.
template <class T>
std::vector<T> interleave(const Image& image, bool withAlpha, bool bgr) {
    const auto quantise = [](std::uint16_t v) {
        if constexpr (sizeof(T) == 2) {
            return v;
        } else {
            return static_cast<T>(std::nearbyint(Image::unitValue(v) * 255.0f));
        }
    };
    const std::size_t pixels = image.rgb.size() / 3;
    const std::size_t channels = withAlpha ? 4 : 3;
    std::vector<T> out(pixels * channels);
    for (std::size_t i = 0; i < pixels; ++i) {
        T* px = &out[i * channels];
        for (std::size_t c = 0; c < 3; ++c) {
            px[bgr ? 2 - c : c] = quantise(image.rgb[3 * i + c]);
        }
        if (withAlpha) {
            px[3] = quantise(image.alpha[i]);
        }
    }
    return out;
}

Result<Bytes> encodeWithOpenCv(const Image& image, Format format, const ImageSaveOptions& options, bool alpha) {
    std::vector<std::uint8_t> px8;
    std::vector<std::uint16_t> px16;
    const int channels = alpha ? 4 : 3;
    cv::Mat mat;
    if (options.bitDepth == 16) {
        px16 = interleave<std::uint16_t>(image, alpha, true);
        mat = cv::Mat(image.height, image.width, CV_16UC(channels), px16.data());
    } else {
        px8 = interleave<std::uint8_t>(image, alpha, true);
        mat = cv::Mat(image.height, image.width, CV_8UC(channels), px8.data());
    }
    const char* extension = format == Format::Png ? ".png" : format == Format::Jpeg ? ".jpg" : ".webp";
    std::vector<int> params;
    if (format == Format::Jpeg) {
        params = {cv::IMWRITE_JPEG_QUALITY, options.jpegQuality};
    } else if (format == Format::WebP) {
        params = {cv::IMWRITE_WEBP_QUALITY, 101};  // above 100 means lossless: exports keep every value
    }
    Bytes out;
    if (!cv::imencode(extension, mat, out, params)) {
        return Error{std::string("OpenCV could not encode ") + imageio::formatName(format)};
    }
    return out;
}

Result<Bytes> encode(const Image& image, Format format, const ImageSaveOptions& options) {
    const bool alpha = image.hasAlpha() && format != Format::Jpeg;  // JPEG has no alpha: it is dropped
    if (format == Format::Tiff) {
        std::vector<std::uint8_t> px8;
        std::vector<std::uint16_t> px16;
        void* data = nullptr;
        if (options.bitDepth == 16) {
            px16 = interleave<std::uint16_t>(image, alpha, false);
            data = px16.data();
        } else {
            px8 = interleave<std::uint8_t>(image, alpha, false);
            data = px8.data();
        }
        auto bytes = imageio::encodeTiff({data, image.width, image.height, alpha ? 4 : 3, options.bitDepth});
        return bytes && !options.settings.empty() ? imageio::embedSettings(std::move(bytes).value(), options.settings)
                                                  : bytes;
    }
    auto bytes = encodeWithOpenCv(image, format, options, alpha);
    return bytes && !options.settings.empty() ? imageio::embedSettings(std::move(bytes).value(), options.settings)
                                              : bytes;
}

}  // namespace

Result<Image> loadImage(const std::string& path, const ImageLoadLimits& limits) {
    silenceOpenCv();
    // No allowed image needs more than 16 bytes a pixel (uncompressed float RGBA TIFF) plus its metadata.
    const std::uint64_t maxPixels = std::clamp<std::int64_t>(limits.maxPixels, 0, std::int64_t{1} << 40);
    const std::uint64_t maxBytes = maxPixels * 16 + (std::uint64_t{64} << 20);
    auto bytes = imageio::readWholeFile(path, maxBytes);
    if (!bytes) {
        return bytes.failure();
    }
    const Format format = imageio::sniffFormat(bytes.value());
    if (format == Format::Unknown) {
        return Error{path + ": not an image file in a supported format (PNG, JPEG, TIFF, WebP, BMP, PNM)",
                     ErrorKind::InvalidInput};
    }
    // The size comes from the header (Exiv2, ImageFormats.cpp), before any decoding: OpenCV 4.6 has no public
    // way to read a header alone, and its own guard (OPENCV_IO_MAX_IMAGE_PIXELS, 1 GP) is read once from the
    // environment.
    const auto header = imageio::readHeader(bytes.value(), format);
    if (!header) {
        return header.failure().withContext(path + ": ");
    }
    const imageio::PixelSize& size = header->size;
    if (size.width <= 0 || size.height <= 0) {
        return Error{path + ": corrupt " + imageio::formatName(format) + " header (" +
                     sizeText(size.width, size.height) + " pixels)",
                     ErrorKind::InvalidInput};
    }
    if (const auto problem = pixelLimitProblem(size.width, size.height, limits.maxPixels)) {
        return Error{path + ": " + *problem, ErrorKind::InvalidInput};
    }
    if (const auto problem = imageio::structureProblem(bytes.value(), format)) {
        return Error{path + ": " + *problem, ErrorKind::InvalidInput};
    }
    const auto mat = decode(bytes.value(), format, header->orientation);
    if (!mat) {
        return mat.failure().withContext(path + ": ");
    }
    if (const auto problem = pixelLimitProblem(mat->cols, mat->rows, limits.maxPixels)) {
        return Error{path + ": " + *problem, ErrorKind::InvalidInput};  // a header that lied about its size
    }
    const bool premultiplied = format == Format::Tiff && tiffColourIsPremultiplied(header.value(), mat.value());
    Bytes().swap(bytes.value());  // the file's bytes are not needed any more: a big photo's peak stays lower
    try {
        auto image = matToImage(mat.value());
        if (!image) {
            return image.failure().withContext(path + ": ");
        }
        if (premultiplied) {
            unpremultiply(image.value());
        }
        return image;
    } catch (const std::bad_alloc&) {
        return Error{path + ": out of memory for " + sizeText(mat->cols, mat->rows) + " pixels",
                     ErrorKind::OutOfMemory};
    }
}

Status saveImage(const std::string& path, const Image& image, const ImageSaveOptions& options) {
    silenceOpenCv();
    const auto format = formatFromExtension(path);
    if (!format) {
        return format.failure().withContext(path + ": ");
    }
    if (const auto problem = saveProblem(image, format.value(), options)) {
        return Error{path + ": " + *problem, ErrorKind::InvalidInput};
    }
    Result<Bytes> bytes = Error{""};
    try {
        bytes = encode(image, format.value(), options);
    } catch (const cv::Exception& e) {
        bytes = Error{"cannot encode (" + firstLine(e.err) + ")"};
    } catch (const std::bad_alloc&) {
        bytes = Error{"out of memory while encoding", ErrorKind::OutOfMemory};
    }
    if (!bytes) {
        return bytes.failure().withContext(path + ": ");
    }
    return writeFileAtomically(path, bytes->data(), bytes->size());
}

Result<std::map<std::string, std::string>> readImageSettings(const std::string& path) {
    auto bytes = imageio::readWholeFile(path, std::uint64_t{1} << 33);
    if (!bytes) {
        return bytes.failure();
    }
    const Format format = imageio::sniffFormat(bytes.value());
    if (format == Format::Unknown) {
        return Error{path + ": not an image file in a supported format", ErrorKind::InvalidInput};
    }
    if (format != Format::Png && format != Format::Jpeg && format != Format::Tiff && format != Format::WebP) {
        return Error{path + ": no embedded settings", ErrorKind::NotFound};
    }
    auto settings = imageio::readSettings(bytes.value());
    if (!settings) {
        return settings.failure().withContext(path + ": ");
    }
    return std::move(settings).value();
}

}  // namespace hrstyle
