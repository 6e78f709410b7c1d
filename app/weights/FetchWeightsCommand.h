#pragma once
// `hrstyle-cli fetch-weights [--url U] [--out P] [--sha256 H] [--keep-all-layers] [--force]` (docs/cli.md).
#include <QStringList>

namespace hrstyle {

// The subcommand's body; `args` excludes the program name and "fetch-weights". Needs a QCoreApplication
// (runs a local event loop). Exit codes as every subcommand: 0 success (the installed path on stdout),
// 2 usage error, 1 failure; errors are one line on stderr, progress goes to stderr.
int runFetchWeightsCommand(const QStringList& args);

}  // namespace hrstyle
