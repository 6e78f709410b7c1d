#include <cstdio>

#include "CliSupport.h"
#include "Commands.h"
#include "hrstyle/ImageIO.h"
#include "hrstyle/SafeTensors.h"

namespace hrstyle::cli {

int runInfo(const QStringList& args) {
    QCommandLineParser parser;
    parser.addPositionalArgument("IMG", "An image exported by HRStyle.");
    parseOrExit(parser, "info", "Print the settings embedded in an exported image.", args);
    if (parser.positionalArguments().size() != 1) failUsage("expected exactly one image");
    // One compact JSON object, keys sorted: the same line for files with XMP settings and for files exported
    // before XMP, which held this text itself (docs/file-formats.md).
    const Metadata settings = valueOrFail(readImageSettings(parser.positionalArguments().first().toStdString()));
    std::printf("%s\n", metadataToJson(settings).c_str());
    return kExitOk;
}

}  // namespace hrstyle::cli
