#include "WeightsInstaller.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <filesystem>
#include <system_error>

#include "VggWeightsFile.h"

namespace hrstyle {

QString sha256OfFile(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) {
        if (error) *error = QStringLiteral("%1: read error while hashing").arg(path);
        return {};
    }
    return QString::fromLatin1(hash.result().toHex());
}

QString renameOver(const QString& from, const QString& to) {
    std::error_code code;
    std::filesystem::rename(std::filesystem::u8path(from.toStdString()), std::filesystem::u8path(to.toStdString()),
                            code);
    if (code) return QStringLiteral("cannot move %1 to %2: %3").arg(from, to, QString::fromStdString(code.message()));
    return {};
}

namespace {

QString checkSha256(const QString& path, const QString& expectedHex) {
    if (expectedHex.isEmpty()) return {};
    QString error;
    const QString actual = sha256OfFile(path, &error);
    if (actual.isEmpty()) return error;
    if (actual.compare(expectedHex.trimmed(), Qt::CaseInsensitive) != 0) {
        return QStringLiteral("SHA-256 mismatch: expected %1, file has %2")
            .arg(expectedHex.trimmed().toLower(), actual);
    }
    return {};
}

// Checks that may prove the downloaded bytes wrong (as opposed to a full disk): their failure discards the file.
QString checkDownloadedContent(const WeightsInstallRequest& request) {
    const QString hashError = checkSha256(request.partPath, request.sha256Hex);
    if (!hashError.isEmpty()) return hashError;
    const WeightsVerifier verify = request.verifier ? request.verifier : WeightsVerifier(verifyVggFile);
    return verify(request.partPath);
}

QString placeFile(const WeightsInstallRequest& request) {
    if (!request.keepOnlyLossLayers) return renameOver(request.partPath, request.destination);
    const QString slimError = writeLossLayersOnly(request.partPath, request.destination);
    if (!slimError.isEmpty()) return slimError;
    QFile::remove(request.partPath);
    return {};
}

}  // namespace

QString installDownloadedWeights(const WeightsInstallRequest& request) {
    const QString refused = checkDownloadedContent(request);
    if (!refused.isEmpty()) {
        QFile::remove(request.partPath);
        return QStringLiteral("downloaded file refused, nothing installed: %1").arg(refused);
    }
    if (!QDir().mkpath(QFileInfo(request.destination).absolutePath())) {
        return QStringLiteral("cannot create the folder of %1").arg(request.destination);
    }
    const QString placeError = placeFile(request);
    if (!placeError.isEmpty()) return QStringLiteral("could not install the weights: %1").arg(placeError);
    return {};
}

}  // namespace hrstyle
