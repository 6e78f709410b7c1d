#include <cstdio>

#include "CliSupport.h"
#include "Commands.h"
#include "hrstyle/Bench.h"
#include "hrstyle/Device.h"

namespace hrstyle::cli {

int runBench(const QStringList& args) {
    QCommandLineParser parser;
    parser.addOptions({
        {"size", "Image side in pixels; repeat for several (default 256 and 512).", "L"},
        {"steps", "Timed training steps per size, after one warm-up (default 5).", "N"},
        {"threads", "CPU threads (default: one per core).", "T"},
        {"device", "auto, cpu or cuda (default auto).", "D"},
        {"json", "One JSON object per size per line (the only output format)."},
    });
    parseOrExit(parser, "bench", "Time training steps and inference on synthetic images.", args);
    QList<int> sizes;
    for (const QString& text : parser.values("size")) {
        bool ok = false;
        const int size = text.toInt(&ok);
        if (!ok || size < 4) failUsage("--size expects a whole number >= 4, got '" + text + "'");
        sizes.append(size);
    }
    if (sizes.isEmpty()) sizes = {256, 512};
    const int steps = intValue(parser, "steps", 5, 1);
    configureThreads(intValue(parser, "threads", 0, 1));
    const DeviceChoice device = deviceValue(parser);
    for (int size : sizes) {
        const BenchResult result = valueOrFail(runBench(size, steps, device));
        std::printf("%s\n", toJsonLine(result).c_str());
        std::fflush(stdout);
    }
    return kExitOk;
}

}  // namespace hrstyle::cli
