#include "CliTestSupport.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>

#include <cmath>

namespace hrstyle::test {

namespace {

const QString kPython = "/usr/bin/python3";  // Debian's python3-torch lives there, not in a pyenv

QString oracleScript() { return QString(HRSTYLE_REFERENCE_DIR) + "/seed_reference.py"; }

ProcessResult run(const QString& program, const QStringList& args, int timeoutMs,
                  const QStringList& environment = {}) {
    QProcess process;
    QProcessEnvironment childEnvironment = QProcessEnvironment::systemEnvironment();
    for (const QString& entry : environment) {  // NAME=value overrides (an empty value unsets in effect)
        const qsizetype equals = entry.indexOf('=');
        childEnvironment.insert(entry.left(equals), entry.mid(equals + 1));
    }
    process.setProcessEnvironment(childEnvironment);
    process.start(program, args);
    ProcessResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out or failed to start: " + program;
        result.crashed = true;
        return result;
    }
    result.crashed = process.exitStatus() == QProcess::CrashExit;
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

}  // namespace

ProcessResult runCli(const QStringList& args, const QStringList& environment, int timeoutMs) {
    return run(HRSTYLE_CLI_PATH, args, timeoutMs, environment);
}

QString oracleUnavailableReason() {
    if (!QFileInfo::exists(oracleScript())) return "the oracle " + oracleScript() + " is absent";
    if (!QFileInfo::exists(kPython)) return kPython + " is absent";
    const ProcessResult probe = run(kPython, {"-c", "import torch, numpy, PIL"}, 60000);
    if (probe.exitCode != 0) return "python3-torch, python3-numpy or python3-pil is missing";
    return {};
}

ProcessResult runOracle(const QStringList& args, int timeoutMs) {
    return run(kPython, QStringList{oracleScript()} + args, timeoutMs);
}

QList<QJsonObject> jsonLines(const QString& text) {
    QList<QJsonObject> objects;
    for (const QString& line : text.split('\n', Qt::SkipEmptyParts)) {
        const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8());
        if (doc.isObject()) objects.append(doc.object());
    }
    return objects;
}

QJsonObject lastJsonLine(const QString& text) {
    const QList<QJsonObject> objects = jsonLines(text);
    return objects.isEmpty() ? QJsonObject{} : objects.last();
}

double relativeDifference(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-30); }

}  // namespace hrstyle::test
