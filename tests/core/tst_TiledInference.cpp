// Inference within a memory budget (core/src/engine/TiledInference.cpp): the plan it makes from the budget,
// and StyleModel::apply under a budget just short of the whole-image pass: tiles, the process's peak resident
// memory under the limit, and a result close to the whole-image run.
#include <QFile>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <string>

#include "EngineTestSupport.h"
#include "TiledInference.h"
#include "hrstyle/Memory.h"
#include "hrstyle/StyleModel.h"

using namespace hrstyle;

namespace {

// Linux resets the peak resident size (VmHWM) when "5" is written to clear_refs.
bool resetPeakResident() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    return static_cast<bool>(clear.flush());
}

std::size_t peakResidentBytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;  // "VmHWM:  123 kB"
    }
    return 0;
}

}  // namespace

class TstTiledInference : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { configureAllocator(); }  // as hrstyle and hrstyle-cli do at start-up

    void plansFromTheBudget() {
        const double wholePass = 1000.0 * 800 * engine::kInferenceBytesPerPixel + engine::kPassOverheadBytes;
        const auto whole = engine::planInference(1000, 800, wholePass);
        QVERIFY(whole && whole->tileSize == 0);  // fits: one pass, no tiles

        const auto tiled = engine::planInference(1000, 800, wholePass / 4);
        QVERIFY(tiled && tiled->tileSize > 0);
        QCOMPARE(tiled->tileSize % 4, 0);
        const double tilePass = std::pow(tiled->tileSize + 2.0 * tiled->margin, 2) * engine::kInferenceBytesPerPixel +
                                engine::kPassOverheadBytes;
        QVERIFY(tilePass <= wholePass / 4);  // a tile with its margins fits
        QVERIFY(tiled->statisticsScale < 1.0 && tiled->statisticsScale > 0.4);  // and so does the statistics pass

        QVERIFY(!engine::planInference(1000, 800, engine::kPassOverheadBytes));  // not even a small tile: refused
    }

    void budgetedApplyStaysUnderTheLimitAndMatchesTheWholeImage() {
        if (!QFile::exists("/proc/self/clear_refs")) QSKIP("needs Linux's /proc/self/clear_refs to measure the peak");
        const Image input = test::makeTestImage(360, 240, 5);
        const StyleModel model = StyleModel::initialised(8);
        StyleModel::ApplyControl unlimited;
        unlimited.memoryLimitBytes = std::size_t{64} << 30;
        const Result<Image> whole = model.apply(input, DeviceChoice::Cpu, 0, unlimited);
        QVERIFY(whole.ok());

        // 90% of what the whole-image pass needs: tiles, with statistics from the image at ~0.95 of its size.
        releaseFreeMemory();
        const double pass = 360.0 * 240 * engine::kInferenceBytesPerPixel;
        StyleModel::ApplyControl budgeted;
        const double work = engine::kPassOverheadBytes + 0.9 * pass;
        budgeted.memoryLimitBytes = static_cast<std::size_t>(
            (static_cast<double>(residentBytes()) + 2.0 * input.pixelCount() * 6 + engine::kReservedBytes + work) /
            (1.0 - engine::kReservedShare));
        int progressCalls = 0;
        budgeted.onProgress = [&](double) { ++progressCalls; };
        QVERIFY(resetPeakResident());
        const Result<Image> pieces = model.apply(input, DeviceChoice::Cpu, 0, budgeted);
        const std::size_t peak = peakResidentBytes();
        QVERIFY2(pieces.ok(), pieces.ok() ? "" : pieces.error().c_str());
        QVERIFY2(progressCalls > 3, "the budget allowed a whole-image pass: nothing was tiled");
        QVERIFY2(peak <= budgeted.memoryLimitBytes,
                 qPrintable(QString("peak %1 MB over the %2 MB limit").arg(peak >> 20).arg(budgeted.memoryLimitBytes >> 20)));

        const Rgb8Image a = toRgb8(whole.value()), b = toRgb8(pieces.value());
        int worst = 0;
        double sum = 0.0;
        for (std::size_t i = 0; i < a.rgb.size(); ++i) {
            const int difference = std::abs(a.rgb[i] - b.rgb[i]);
            worst = std::max(worst, difference);
            sum += difference;
        }
        const double mean = sum / static_cast<double>(a.rgb.size());
        // The statistics come from a 0.95-scale copy, whose resampling softens this image's hard edges: measured
        // mean 1.3 and largest 28 grey levels here (docs/performance.md, "Large photos", has the figures by scale;
        // with full-resolution statistics, tst_StyleModel's tiles match within 1). A wrong tile placement,
        // a missing margin or statistics from the tile alone are off by far more.
        QVERIFY2(worst <= 40 && mean < 2.0, qPrintable(QString("largest difference %1 grey levels, mean %2").arg(worst).arg(mean)));
    }

    void tooSmallALimitIsAnErrorNotACrash() {
        StyleModel::ApplyControl control;
        control.memoryLimitBytes = residentBytes() + (std::size_t{8} << 20);  // the program and 8 MB
        const Result<Image> out = StyleModel::initialised(1).apply(test::makeTestImage(400, 300, 1), DeviceChoice::Cpu, 0, control);
        QVERIFY(!out.ok());
        QVERIFY2(out.error().find("does not fit the memory limit") != std::string::npos, out.error().c_str());
        QCOMPARE(out.errorKind(), ErrorKind::OutOfMemory);
    }
};

QTEST_GUILESS_MAIN(TstTiledInference)
#include "tst_TiledInference.moc"
