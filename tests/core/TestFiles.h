#pragma once
// Files for the core tests: whole-file reads and plain (non-atomic) writes of fixtures, and what a piece of work
// prints on stderr (the image tests check that decoders stay quiet on hostile files).
#include <QByteArray>
#include <QFile>
#include <QString>

#include <unistd.h>

#include <cstdio>

namespace hrstyle::test {

inline QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A plain write, as a fixture is made: not through the atomic writer under test.
inline bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

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
    return readFile(file);
}

}  // namespace hrstyle::test
