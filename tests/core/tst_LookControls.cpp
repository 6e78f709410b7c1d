// Strength and colour mode composed from the photo and the network's output: the ends are exact, the colour
// modes keep what they promise in CIELAB, a mid strength lies between, and bad input is an error.
#include <QtTest>

#include <array>
#include <cmath>
#include <random>

#include "hrstyle/LookControls.h"

using namespace hrstyle;

namespace {

// Photo-like colours: away from the gamut's edges, where a lightness from one image and a chroma from another
// still make an sRGB colour (saturated extremes would be clipped, as in any editor).
Image randomImage(int width, int height, unsigned seed, bool alpha = false) {
    Image image;
    image.width = width;
    image.height = height;
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> sample(20000, 45000);
    image.rgb.resize(static_cast<std::size_t>(width) * height * 3);
    for (auto& v : image.rgb) v = static_cast<std::uint16_t>(sample(random));
    if (alpha) {
        image.alpha.resize(static_cast<std::size_t>(width) * height);
        for (auto& v : image.alpha) v = static_cast<std::uint16_t>(sample(random));
    }
    return image;
}

// CIE L*a*b* (D65) of an sRGB pixel, from the standard's formulas: written out here so the test does not check
// OpenCV with OpenCV.
std::array<double, 3> lab(const Image& image, std::size_t pixel) {
    std::array<double, 3> linear{};
    for (int c = 0; c < 3; ++c) {
        const double v = Image::unitValue(image.rgb[pixel * 3 + c]);
        linear[c] = v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    }
    const double x = (0.412453 * linear[0] + 0.357580 * linear[1] + 0.180423 * linear[2]) / 0.950456;
    const double y = 0.212671 * linear[0] + 0.715160 * linear[1] + 0.072169 * linear[2];
    const double z = (0.019334 * linear[0] + 0.119193 * linear[1] + 0.950227 * linear[2]) / 1.088754;
    const auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    return {116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))};
}

double largestDifference(const Image& a, const Image& b, int firstChannel, int lastChannel) {
    double worst = 0.0;
    for (std::size_t p = 0; p < a.pixelCount(); ++p) {
        const auto la = lab(a, p), lb = lab(b, p);
        for (int c = firstChannel; c <= lastChannel; ++c) worst = std::max(worst, std::abs(la[c] - lb[c]));
    }
    return worst;
}

}  // namespace

class TstLookControls : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void strengthZeroIsThePhotoBitForBit() {
        const Image photo = randomImage(37, 23, 1, true);
        Image output = randomImage(37, 23, 2);
        QVERIFY(composeLook(photo, output, LookControls{0.0, ColourMode::KeepColours}).ok());
        QVERIFY(output.rgb == photo.rgb);
        QVERIFY(output.alpha == photo.alpha);  // the photo's alpha, always
    }

    void fullStrengthIsTheNetworksOutputBitForBit() {
        const Image photo = randomImage(37, 23, 1);
        const Image network = randomImage(37, 23, 2);
        Image output = network;
        QVERIFY(composeLook(photo, output, LookControls{}).ok());
        QVERIFY(output.rgb == network.rgb);
    }

    void keepColoursHasThePhotosChroma() {
        const Image photo = randomImage(40, 30, 3);
        Image output = randomImage(40, 30, 4);
        const Image network = output;
        QVERIFY(composeLook(photo, output, LookControls{1.0, ColourMode::KeepColours}).ok());
        // a*, b* from the photo (within 1 unit, as gamut clipping allows); L* not the photo's any more.
        QVERIFY2(meanDifference(output, photo, 1) < 1.0, qPrintable(QString::number(meanDifference(output, photo, 1))));
        QVERIFY(meanDifference(output, photo, 0) > 5.0);
        QVERIFY(meanDifference(output, network, 0) < 1.0);
    }

    void colourOnlyHasThePhotosLightness() {
        const Image photo = randomImage(40, 30, 5);
        Image output = randomImage(40, 30, 6);
        QVERIFY(composeLook(photo, output, LookControls{1.0, ColourMode::ColourOnly}).ok());
        QVERIFY2(largestDifference(output, photo, 0, 0) <= 1.0,
                 qPrintable(QString::number(largestDifference(output, photo, 0, 0))));
    }

    void midStrengthsLieBetweenInOrder() {
        const Image photo = randomImage(32, 32, 7);
        const Image network = randomImage(32, 32, 8);
        double previous = 0.0;
        for (double strength : {0.25, 0.5, 0.75, 1.0}) {
            Image output = network;
            QVERIFY(composeLook(photo, output, LookControls{strength, ColourMode::Full}).ok());
            const double distance = meanDifference(output, photo, 0) + meanDifference(output, photo, 1);
            QVERIFY2(distance > previous, qPrintable(QString("strength %1: %2").arg(strength).arg(distance)));
            previous = distance;
        }
    }

    void sizesThatDifferAreAnError() {
        Image output = randomImage(10, 10, 1);
        const Status composed = composeLook(randomImage(11, 10, 2), output, LookControls{0.5, ColourMode::Full});
        QVERIFY(!composed.ok());
        QCOMPARE(composed.errorKind(), ErrorKind::InvalidInput);
        QVERIFY2(composed.error().find("10x10") != std::string::npos, composed.error().c_str());
    }

    void colourModeNamesRoundTrip() {
        for (ColourMode mode : {ColourMode::Full, ColourMode::KeepColours, ColourMode::ColourOnly}) {
            QCOMPARE(colourModeFromName(colourModeName(mode)), std::optional<ColourMode>(mode));
        }
        QVERIFY(!colourModeFromName("sepia"));
    }

    void resizingKeepsAPlainColour() {
        Image photo = randomImage(40, 20, 9, true);
        std::fill(photo.rgb.begin(), photo.rgb.end(), std::uint16_t{30000});
        const Result<Image> small = resizedImage(photo, 10, 5);
        QVERIFY(small.ok());
        QCOMPARE(small->width, 10);
        QCOMPARE(small->alpha.size(), std::size_t{50});
        for (std::uint16_t v : small->rgb) QCOMPARE(v, std::uint16_t{30000});
    }

private:
    static double meanDifference(const Image& a, const Image& b, int channel) {
        double sum = 0.0;
        for (std::size_t p = 0; p < a.pixelCount(); ++p) {
            if (channel == 0) {
                sum += std::abs(lab(a, p)[0] - lab(b, p)[0]);
            } else {
                sum += std::hypot(lab(a, p)[1] - lab(b, p)[1], lab(a, p)[2] - lab(b, p)[2]);
            }
        }
        return sum / static_cast<double>(a.pixelCount());
    }
};

QTEST_GUILESS_MAIN(TstLookControls)
#include "tst_LookControls.moc"
