#pragma once
// TIFF export through libtiff directly, not cv::imencode: OpenCV 4.6 can neither write ImageDescription nor
// mark a 4th channel as alpha (it writes no ExtraSamples tag, so other readers ignore the alpha).
// Internal to hrstyle_imageio.
#include <cstdint>
#include <string>

#include "ImageFormats.h"
#include "hrstyle/Result.h"

namespace hrstyle::imageio {

struct TiffPixels {
    void* data = nullptr;  // interleaved R,G,B[,A] rows, native-endian uint8 or uint16; libtiff's horizontal
                           // predictor differences rows in place, so the buffer is scratch afterwards
    int width = 0;
    int height = 0;
    int channels = 3;      // 3 (RGB) or 4 (RGB + unassociated alpha)
    int bitDepth = 8;      // 8 or 16
};

// Deflate-compressed, contiguous RGB(A) TIFF in memory; `description` (may be empty) as ImageDescription.
Result<Bytes> encodeTiff(const TiffPixels& pixels, const std::string& description);

}  // namespace hrstyle::imageio
