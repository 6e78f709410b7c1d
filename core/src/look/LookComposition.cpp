#include "hrstyle/LookControls.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstring>

namespace hrstyle {

namespace {

constexpr int kBandRows = 64;  // rows converted at once: 4000-px rows take ~6 MB of float Lab per image

// Rows [first, first+rows) of an Image as float RGB in [0,1] (OpenCV's float Lab conversion expects that).
cv::Mat bandToFloatRgb(const Image& image, int first, int rows) {
    cv::Mat band(rows, image.width, CV_32FC3);
    const std::uint16_t* samples = image.rgb.data() + static_cast<std::size_t>(first) * image.width * 3;
    for (int y = 0; y < rows; ++y) {
        float* row = band.ptr<float>(y);
        for (int i = 0; i < image.width * 3; ++i) row[i] = Image::unitValue(samples[std::size_t(y) * image.width * 3 + i]);
    }
    return band;
}

void writeBand(const cv::Mat& rgb, Image& image, int first) {
    std::uint16_t* samples = image.rgb.data() + static_cast<std::size_t>(first) * image.width * 3;
    for (int y = 0; y < rgb.rows; ++y) {
        const float* row = rgb.ptr<float>(y);
        for (int i = 0; i < image.width * 3; ++i) samples[std::size_t(y) * image.width * 3 + i] = Image::fromUnit(row[i]);
    }
}

// The colour mode's target in Lab, then the blend from the photo towards it, in place in `look`.
void blendLab(const cv::Mat& photo, cv::Mat& look, const LookControls& controls) {
    const float strength = static_cast<float>(std::clamp(controls.strength, 0.0, 1.0));
    for (int y = 0; y < look.rows; ++y) {
        const cv::Vec3f* p = photo.ptr<cv::Vec3f>(y);
        cv::Vec3f* l = look.ptr<cv::Vec3f>(y);
        for (int x = 0; x < look.cols; ++x) {
            cv::Vec3f target = l[x];
            if (controls.colourMode == ColourMode::KeepColours) target = {l[x][0], p[x][1], p[x][2]};
            if (controls.colourMode == ColourMode::ColourOnly) target = {p[x][0], l[x][1], l[x][2]};
            l[x] = p[x] + strength * (target - p[x]);
        }
    }
}

}  // namespace

Status composeLook(const Image& photo, Image& output, const LookControls& controls) {
    if (photo.width != output.width || photo.height != output.height) {
        return Error{"the look and the photo differ in size (" + std::to_string(output.width) + "x" +
                         std::to_string(output.height) + " and " + std::to_string(photo.width) + "x" +
                         std::to_string(photo.height) + ")",
                     ErrorKind::InvalidInput};
    }
    if (!(controls.strength >= 0.0 && controls.strength <= 1.0)) {
        return Error{"strength must be between 0 and 1", ErrorKind::InvalidInput};
    }
    output.alpha = photo.alpha;
    if (controls.leavesOutputAsIs()) return Ok{};
    if (controls.strength <= 0.0) {
        output.rgb = photo.rgb;  // the photo exactly: no round trip through Lab
        return Ok{};
    }
    try {
        for (int first = 0; first < photo.height; first += kBandRows) {
            const int rows = std::min(kBandRows, photo.height - first);
            cv::Mat photoLab, lookLab, rgb;
            cv::cvtColor(bandToFloatRgb(photo, first, rows), photoLab, cv::COLOR_RGB2Lab);
            cv::cvtColor(bandToFloatRgb(output, first, rows), lookLab, cv::COLOR_RGB2Lab);
            blendLab(photoLab, lookLab, controls);
            cv::cvtColor(lookLab, rgb, cv::COLOR_Lab2RGB);
            writeBand(rgb, output, first);
        }
    } catch (const cv::Exception& e) {
        return Error{std::string("cannot compose the look (") + e.what() + ")"};
    } catch (const std::bad_alloc&) {
        return Error{"out of memory while composing the look", ErrorKind::OutOfMemory};
    }
    return Ok{};
}

Result<Image> resizedImage(const Image& image, int width, int height) {
    if (image.width == width && image.height == height) return image;
    try {
        const auto matOf = [](const Image& in, const std::vector<std::uint16_t>& samples, int channels) {
            return cv::Mat(in.height, in.width, CV_16UC(channels), const_cast<std::uint16_t*>(samples.data()));
        };
        const int interpolation = width < image.width ? cv::INTER_AREA : cv::INTER_CUBIC;
        Image out;
        out.width = width;
        out.height = height;
        out.sourceBitDepth = image.sourceBitDepth;
        out.rgb.resize(static_cast<std::size_t>(width) * height * 3);
        cv::Mat rgb(height, width, CV_16UC3, out.rgb.data());
        cv::resize(matOf(image, image.rgb, 3), rgb, rgb.size(), 0, 0, interpolation);
        if (image.hasAlpha()) {
            out.alpha.resize(static_cast<std::size_t>(width) * height);
            cv::Mat alpha(height, width, CV_16UC1, out.alpha.data());
            cv::resize(matOf(image, image.alpha, 1), alpha, alpha.size(), 0, 0, interpolation);
        }
        return out;
    } catch (const cv::Exception& e) {
        return Error{std::string("cannot resize the photo (") + e.what() + ")"};
    } catch (const std::bad_alloc&) {
        return Error{"out of memory while resizing the photo", ErrorKind::OutOfMemory};
    }
}

}  // namespace hrstyle
