#pragma once
// hrstyle-cli's subcommands (docs/cli.md). Each takes its arguments without the program and subcommand names
// and returns the exit code; failures end the command through CommandExit (see CliSupport.h).
#include <QStringList>

namespace hrstyle::cli {

int runTrain(const QStringList& args);
int runApply(const QStringList& args);
int runEval(const QStringList& args);
int runBench(const QStringList& args);
int runInfo(const QStringList& args);

}  // namespace hrstyle::cli
