#include "FetchWeightsCommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>
#include <cstdio>

#include "TransferProgress.h"
#include "VggWeightsFile.h"
#include "VggWeightsLocator.h"
#include "WeightsDownloader.h"

#ifdef _WIN32
#include <io.h>
#define HRSTYLE_ISATTY _isatty
#define HRSTYLE_FILENO _fileno
#else
#include <unistd.h>
#define HRSTYLE_ISATTY isatty
#define HRSTYLE_FILENO fileno
#endif

namespace hrstyle {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

QString usageText() {
    return QStringLiteral(
               "Usage: hrstyle-cli fetch-weights [--url U] [--out P] [--sha256 H] [--keep-all-layers] [--force]\n"
               "\n"
               "Download the ImageNet VGG19 weights the photorealistic loss needs (safetensors), verify them and\n"
               "install them where hrstyle and hrstyle-cli look for them. An interrupted download resumes when\n"
               "the command is run again.\n"
               "\n"
               "Options:\n"
               "  --url U            source URL (default: %1)\n"
               "  --out P            destination file (default: %2)\n"
               "  --sha256 H         refuse the download unless its SHA-256 is H (64 hex digits)\n"
               "  --keep-all-layers  keep the whole file (~575 MB) instead of only the layers the loss uses (~52 MB)\n"
               "  --force            download even if P already holds valid weights\n"
               "  -h, --help         show this help\n")
        .arg(QLatin1String(kDefaultVggUrl), defaultDownloadedVggPath());
}

void printLine(std::FILE* stream, const QString& text) {
    QString oneLine = text;
    oneLine.replace(QLatin1Char('\n'), QLatin1Char(' '));
    std::fprintf(stream, "%s\n", oneLine.toLocal8Bit().constData());
    std::fflush(stream);
}

struct FetchOptions {
    QUrl url;
    QString destination;
    QString sha256Hex;
    bool keepAllLayers = false;
    bool force = false;
};

// Empty on success, else the one-line usage error.
QString parseOptions(const QStringList& args, FetchOptions* options, bool* helpRequested) {
    QCommandLineParser parser;
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QString());
    const QCommandLineOption url(QStringLiteral("url"), QString(), QStringLiteral("U"));
    const QCommandLineOption out(QStringLiteral("out"), QString(), QStringLiteral("P"));
    const QCommandLineOption sha(QStringLiteral("sha256"), QString(), QStringLiteral("H"));
    const QCommandLineOption keepAll(QStringLiteral("keep-all-layers"));
    const QCommandLineOption force(QStringLiteral("force"));
    parser.addOptions({help, url, out, sha, keepAll, force});
    // QCommandLineParser expects argv[0] first.
    if (!parser.parse(QStringList{QStringLiteral("fetch-weights")} + args)) return parser.errorText();
    *helpRequested = parser.isSet(help);
    if (*helpRequested) return {};
    if (!parser.positionalArguments().isEmpty()) {
        return QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst());
    }
    options->url = QUrl(parser.isSet(url) ? parser.value(url) : QLatin1String(kDefaultVggUrl), QUrl::StrictMode);
    const QString scheme = options->url.scheme().toLower();
    if (!options->url.isValid() || options->url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        return QStringLiteral("--url needs an http:// or https:// URL, got '%1'").arg(parser.value(url));
    }
    options->destination = parser.isSet(out) ? parser.value(out) : defaultDownloadedVggPath();
    if (options->destination.isEmpty()) return QStringLiteral("no user data folder on this system: give --out");
    options->destination = QFileInfo(options->destination).absoluteFilePath();
    options->sha256Hex = parser.value(sha).trimmed().toLower();
    static const QRegularExpression hex64(QStringLiteral("^[0-9a-f]{64}$"));
    if (parser.isSet(sha) && !hex64.match(options->sha256Hex).hasMatch()) {
        return QStringLiteral("--sha256 needs 64 hexadecimal digits");
    }
    options->keepAllLayers = parser.isSet(keepAll);
    options->force = parser.isSet(force);
    return {};
}

// One progress line on stderr: rewritten in place on a terminal, else (a log file, CI) at most once a second.
class ProgressLine {
public:
    ProgressLine() : m_interactive(HRSTYLE_ISATTY(HRSTYLE_FILENO(stderr)) != 0) { m_sinceLastLine.start(); }

    void update(qint64 received, qint64 total, double bytesPerSecond, double secondsLeftValue) {
        const QString text = formatTransferProgress(received, total, bytesPerSecond, secondsLeftValue);
        if (m_interactive) {
            // Pad so that a shorter line fully covers the previous one.
            std::fprintf(stderr, "\r%-*s", int(m_widest), text.toLocal8Bit().constData());
            m_widest = qMax(m_widest, text.size());
            m_open = true;
        } else if (m_sinceLastLine.elapsed() >= 1000 || (total > 0 && received == total)) {
            std::fprintf(stderr, "%s\n", text.toLocal8Bit().constData());
            m_sinceLastLine.restart();
        }
        std::fflush(stderr);
    }

    // Ends the in-place line so that the next message starts on its own line.
    void finish() {
        if (m_open) std::fprintf(stderr, "\n");
        m_open = false;
        std::fflush(stderr);
    }

private:
    bool m_interactive;
    bool m_open = false;
    qsizetype m_widest = 0;
    QElapsedTimer m_sinceLastLine;
};

int download(const FetchOptions& options) {
    WeightsDownloader downloader;
    downloader.setKeepOnlyLossLayers(!options.keepAllLayers);
    ProgressLine line;
    QEventLoop loop;
    int exitCode = kExitFailure;
    QObject::connect(&downloader, &WeightsDownloader::progress, &downloader,
                     [&line](qint64 received, qint64 total, double speed, double left) {
                         line.update(received, total, speed, left);
                     });
    QObject::connect(&downloader, &WeightsDownloader::resumed, &downloader, [&line](qint64 offset) {
        line.finish();
        printLine(stderr, QStringLiteral("resuming after %1").arg(formatBytes(offset)));
    });
    QObject::connect(&downloader, &WeightsDownloader::verifying, &downloader, [&line] {
        line.finish();
        printLine(stderr, QStringLiteral("verifying..."));
    });
    QObject::connect(&downloader, &WeightsDownloader::finished, &loop, [&](const QString& path) {
        printLine(stdout, path);
        exitCode = kExitOk;
        loop.quit();
    });
    QObject::connect(&downloader, &WeightsDownloader::failed, &loop, [&](const QString& reason) {
        line.finish();
        printLine(stderr, QStringLiteral("hrstyle-cli fetch-weights: %1").arg(reason));
        loop.quit();
    });
    printLine(stderr, QStringLiteral("fetching %1 -> %2").arg(options.url.toDisplayString(), options.destination));
    downloader.start(options.url, options.destination, options.sha256Hex);  // outcomes are always queued
    loop.exec();
    return exitCode;
}

}  // namespace

int runFetchWeightsCommand(const QStringList& args) {
    FetchOptions options;
    bool helpRequested = false;
    const QString usageError = parseOptions(args, &options, &helpRequested);
    if (helpRequested) {
        std::fprintf(stdout, "%s", usageText().toLocal8Bit().constData());
        return kExitOk;
    }
    if (!usageError.isEmpty()) {
        printLine(stderr, QStringLiteral("hrstyle-cli fetch-weights: %1 (see --help)").arg(usageError));
        return kExitUsage;
    }
    if (!QCoreApplication::instance()) {
        printLine(stderr, QStringLiteral("hrstyle-cli fetch-weights: internal error: no QCoreApplication"));
        return kExitFailure;
    }
    if (!options.force && QFileInfo(options.destination).isFile() && verifyVggFile(options.destination).isEmpty()) {
        printLine(stderr, QStringLiteral("already installed (use --force to download again)"));
        printLine(stdout, options.destination);
        return kExitOk;
    }
    return download(options);
}

}  // namespace hrstyle
