#include <cstdio>

#include "CliSupport.h"
#include "Commands.h"
#include "hrstyle/ImageIO.h"

namespace hrstyle::cli {

int runInfo(const QStringList& args) {
    QCommandLineParser parser;
    parser.addPositionalArgument("IMG", "An image exported by HRStyle.");
    parseOrExit(parser, "info", "Print the settings embedded in an exported image.", args);
    if (parser.positionalArguments().size() != 1) failUsage("expected exactly one image");
    const std::string settings = valueOrFail(readImageDescription(parser.positionalArguments().first().toStdString()));
    std::printf("%s\n", settings.c_str());
    return kExitOk;
}

}  // namespace hrstyle::cli
