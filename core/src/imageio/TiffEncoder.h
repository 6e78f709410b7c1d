#pragma once
// TIFF export through libtiff directly, not cv::imencode: OpenCV 4.6 cannot mark a 4th channel as alpha (it
// writes no ExtraSamples tag, so other readers ignore the alpha). Settings are added by Exiv2 afterwards.
// Internal to hrstyle_imageio.
#include <cstdint>

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

// Deflate-compressed, contiguous RGB(A) TIFF in memory.
Result<Bytes> encodeTiff(const TiffPixels& pixels);

}  // namespace hrstyle::imageio
