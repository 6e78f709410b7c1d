#pragma once
// Shared plumbing of hrstyle-cli's subcommands: option parsing with the exit codes of docs/cli.md, one-line errors,
// the loss/size flags train and eval share, and image/model loading with user-facing messages.
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>

#include "hrstyle/Image.h"
#include "hrstyle/LossNetwork.h"
#include "hrstyle/Memory.h"
#include "hrstyle/Result.h"
#include "hrstyle/SafeTensors.h"
#include "hrstyle/TrainParams.h"

namespace hrstyle::cli {

// 130 = 128 + SIGINT, the shell's code for a command the user interrupted.
enum ExitCode { kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitCancelled = 130 };

// Thrown inside a command to end it with an exit code and a one-line message on stderr; caught in main().
struct CommandExit {
    int code;
    QString message;
};

[[noreturn]] void failUsage(const QString& message);
[[noreturn]] void fail(const QString& message);
// Ends the command with the exit code for the error's kind (exitCodeFor) and its message.
[[noreturn]] void fail(const Error& error);
int exitCodeFor(ErrorKind kind);

// Parses `args` (program and subcommand names excluded). --help prints `summary` and the options and exits 0.
void parseOrExit(QCommandLineParser& parser, const QString& command, const QString& summary,
                 const QStringList& args);

QString requiredValue(const QCommandLineParser& parser, const QString& name);
int intValue(const QCommandLineParser& parser, const QString& name, int fallback, int minimum);
double doubleValue(const QCommandLineParser& parser, const QString& name, double fallback);
// --memory-limit SIZE (300M, 2G, a number of megabytes), or `fallback` when it is not given.
std::size_t memoryLimitValue(const QCommandLineParser& parser, std::size_t fallback = kDefaultMemoryLimitBytes);
DeviceChoice deviceValue(const QCommandLineParser& parser);
// Applies --threads (when given) and resolves --device; a CUDA request without a GPU fails.
DeviceChoice prepareDevice(const QCommandLineParser& parser);

// --vgg V | --random-features | --size L | --style-size L | --content-weight A | --style-weight B |
// --layer-weights w1,..,w5 | --lr X | --seed K, shared by train and eval.
void addLossOptions(QCommandLineParser& parser);
TrainParams lossParams(const QCommandLineParser& parser);
// --vgg, then --random-features, then HRSTYLE_VGG19 / the downloaded file, then the random-feature fallback.
LossNetwork chooseLossNetwork(const QCommandLineParser& parser, bool quiet);

// Photos too large for `memoryLimitBytes` are refused from their header, before decoding.
Image loadImageOrFail(const QString& path, std::size_t memoryLimitBytes = kDefaultMemoryLimitBytes);
void saveImageOrFail(const QString& path, const Image& image, const Metadata& settings);

// SHA-256 of a file's bytes, hex: identifies the style image in model metadata.
QString fileDigest(const QString& path);

template <class T>
T valueOrFail(Result<T> result) {
    if (!result) fail(result.failure());
    return std::move(result).value();
}

}  // namespace hrstyle::cli
