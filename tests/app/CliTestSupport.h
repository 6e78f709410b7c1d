#pragma once
// Runs hrstyle-cli and the Python oracle (seed_reference.py) as child processes for end-to-end tests.
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace hrstyle::test {

struct ProcessResult {
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
};

// `environment`: extra NAME=value entries for the child.
ProcessResult runCli(const QStringList& args, const QStringList& environment = {}, int timeoutMs = 120000);

// Empty when /usr/bin/python3 with torch, numpy and PIL and the oracle script are available; else why not.
QString oracleUnavailableReason();
ProcessResult runOracle(const QStringList& args, int timeoutMs = 300000);

// The last non-empty line of `text` parsed as a JSON object (empty object if it is not one).
QJsonObject lastJsonLine(const QString& text);
QList<QJsonObject> jsonLines(const QString& text);

// max |a - b| / max(|b|, tiny): relative difference against the oracle's value b.
double relativeDifference(double a, double b);

}  // namespace hrstyle::test
