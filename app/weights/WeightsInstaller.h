#pragma once
// The last step of a download: check the complete temporary file and only then make it the real file.
// Order: size (checked by the downloader before this), SHA-256 when one is configured, then the
// tensor names and shapes (the verifier), then install. Runs on a worker thread (hashing 575 MB takes seconds),
// so it touches no QObject and the verifier must be thread-safe.
#include <QString>
#include <functional>

namespace hrstyle {

// Empty when the file at `path` is acceptable, else the reason it is refused.
using WeightsVerifier = std::function<QString(const QString& path)>;

struct WeightsInstallRequest {
    QString partPath;                // the complete downloaded file (destination + ".part")
    QString destination;             // the file to create or replace
    QString sha256Hex;               // of the downloaded file; empty = not checked
    WeightsVerifier verifier;        // null = verifyVggFile
    bool keepOnlyLossLayers = true;  // write features.0-28 only (~52 MB) instead of the whole file (~575 MB)
};

// Empty on success: `destination` now holds the verified weights and the .part file is gone.
// On a refused file (hash or verifier) the .part file is removed, since resuming it could never succeed,
// and `destination` is untouched. On a failure to write, the verified .part file is kept so that a retry
// installs it without downloading again.
QString installDownloadedWeights(const WeightsInstallRequest& request);

// Lower-case hex SHA-256 of a file; empty with `error` set when it cannot be read.
QString sha256OfFile(const QString& path, QString* error);

// Replaces `to` by `from` in one step (rename(2) / MoveFileEx semantics), never leaving a half file at `to`.
// QFile::rename refuses an existing target, hence std::filesystem.
QString renameOver(const QString& from, const QString& to);

}  // namespace hrstyle
