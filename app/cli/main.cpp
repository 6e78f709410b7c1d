// hrstyle-cli: the scriptable twin of the desktop app (docs/cli.md). Exit 0 on success, 2 on usage errors,
// 1 on failures, with a one-line error on stderr.
#include <QCoreApplication>

#include <cstdio>
#include <functional>
#include <map>

#include "CliSupport.h"
#include "Commands.h"
#include "FetchWeightsCommand.h"
#include "hrstyle/Device.h"
#include "hrstyle/Memory.h"

namespace {

const char* const kUsage =
    "usage: hrstyle-cli <command> [options]   (hrstyle-cli <command> --help for its options)\n"
    "\n"
    "commands:\n"
    "  train          train a style generator on a content/style pair\n"
    "  apply          stylise images with a trained generator\n"
    "  eval           compute the losses of a trained generator (--json)\n"
    "  fetch-weights  download the VGG19 loss-network weights\n"
    "  bench          time training and inference on synthetic images (--json)\n"
    "  info           print the settings embedded in an exported image\n";

using Command = std::function<int(const QStringList&)>;

std::map<QString, Command> commands() {
    using namespace hrstyle::cli;
    return {{"train", runTrain}, {"apply", runApply},   {"eval", runEval},
            {"bench", runBench}, {"info", runInfo},     {"fetch-weights", hrstyle::runFetchWeightsCommand}};
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("HRStyle");
    QCoreApplication::setApplicationName("hrstyle");
    QCoreApplication::setApplicationVersion(HRSTYLE_VERSION);
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty()) {
        std::fputs(kUsage, stderr);
        return hrstyle::cli::kExitUsage;
    }
    const QString name = args.takeFirst();
    if (name == "--help" || name == "-h" || name == "help") {
        std::fputs(kUsage, stdout);
        return hrstyle::cli::kExitOk;
    }
    if (name == "--version") {
        std::printf("hrstyle-cli %s\n", HRSTYLE_VERSION);
        return hrstyle::cli::kExitOk;
    }
    const auto table = commands();
    const auto command = table.find(name);
    if (command == table.end()) {
        std::fprintf(stderr, "hrstyle-cli: unknown command '%s'\n%s", qPrintable(name), kUsage);
        return hrstyle::cli::kExitUsage;
    }
    hrstyle::configureThreads(0);  // LibTorch defaults to one thread here (docs/contributing.md, "CPU speed")
    hrstyle::configureAllocator();
    try {
        return command->second(args);
    } catch (const hrstyle::cli::CommandExit& exit) {
        if (!exit.message.isEmpty()) {
            std::fprintf(stderr, "hrstyle-cli %s: %s\n", qPrintable(name), qPrintable(exit.message.simplified()));
        }
        return exit.code;
    }
}
