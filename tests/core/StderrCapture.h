#pragma once
// What a piece of work prints on stderr: the image tests check that decoders stay quiet on hostile files.
#include <QByteArray>
#include <QFile>
#include <QString>

#include <unistd.h>

#include <cstdio>

namespace hrstyle::test {

// Runs `work` with stderr redirected to `file`, and returns what it printed there.
template <class F>
QByteArray capturedStderr(const QString& file, F work) {
    std::fflush(stderr);
    const int saved = ::dup(2);
    FILE* sink = std::fopen(file.toLocal8Bit().constData(), "w");
    if (!sink) {
        work();
        return "(could not capture stderr)";
    }
    ::dup2(::fileno(sink), 2);
    work();
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    std::fclose(sink);
    QFile printed(file);
    return printed.open(QIODevice::ReadOnly) ? printed.readAll() : QByteArray("(could not read the capture)");
}

}  // namespace hrstyle::test
