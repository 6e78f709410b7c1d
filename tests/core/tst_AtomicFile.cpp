// The one file writer (core/src/base/AtomicFile.cpp): replaces whole files, leaves the old file and no temporary
// behind when a save is abandoned or fails, keeps permissions, reports unwritable places as errors, and keeps
// concurrent saves of one path from tearing it.
#include <QtTest>

#include <QDir>
#include <QTemporaryDir>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>
#include <vector>

#include "TestFiles.h"
#include "hrstyle/AtomicFile.h"

using hrstyle::AtomicFile;

using hrstyle::test::readFile;
using hrstyle::test::writeFile;

namespace {



// Every entry, hidden ones included: the temporaries are ".<name>.tmp-<pid>-<n>".
QStringList entriesOf(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

QString osMessage(int err) { return QString::fromLocal8Bit(std::strerror(err)); }

std::string str(const QString& s) { return QFile::encodeName(s).toStdString(); }

hrstyle::Status save(const QString& path, const QByteArray& bytes) {
    return hrstyle::writeFileAtomically(str(path), bytes.constData(), std::size_t(bytes.size()));
}

// What writer `id` of the concurrency test saves: one byte value throughout, so a mix of two saves shows.
QByteArray payload(int id, int size) { return QByteArray(size, char('A' + id)); }

bool isWholePayload(const QByteArray& bytes, int size) {
    return bytes.size() == size && !bytes.isEmpty() && bytes.count(bytes.front()) == size;
}

}  // namespace

class TstAtomicFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesAndReplaces() {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.bin");
        QVERIFY(save(path, "first").ok());
        QCOMPARE(readFile(path), QByteArray("first"));
        QVERIFY(save(path, "second, longer").ok());
        QCOMPARE(readFile(path), QByteArray("second, longer"));
        QVERIFY(save(path, "3").ok());  // shorter: nothing of the old file may remain
        QCOMPARE(readFile(path), QByteArray("3"));
        QCOMPARE(entriesOf(dir.path()), QStringList{"out.bin"});
    }

    void streamsInPieces() {
        QTemporaryDir dir;
        const QString path = dir.filePath("streamed.bin");
        hrstyle::Result<AtomicFile> file = AtomicFile::create(str(path));
        QVERIFY2(file.ok(), file.ok() ? "" : file.error().c_str());
        QVERIFY(file->write("head,", 5).ok());
        QVERIFY(file->write(std::string_view("body,")).ok());
        QVERIFY(file->write("", 0).ok());
        QVERIFY(file->write(std::string_view("tail")).ok());
        QVERIFY(!QFileInfo::exists(path));  // nothing at the target before commit
        QVERIFY(file->commit().ok());
        QCOMPARE(readFile(path), QByteArray("head,body,tail"));
        QVERIFY(!file->write("more", 4).ok());  // spent
        QVERIFY(!file->commit().ok());
        QCOMPARE(readFile(path), QByteArray("head,body,tail"));
    }

    void relativePathWritesInCurrentDirectory() {
        QTemporaryDir dir;
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir.path()));
        const bool saved = hrstyle::writeFileAtomically("relative.txt", std::string_view("here")).ok();
        QVERIFY(QDir::setCurrent(previous));
        QVERIFY(saved);
        QCOMPARE(readFile(dir.filePath("relative.txt")), QByteArray("here"));
        QCOMPARE(entriesOf(dir.path()), QStringList{"relative.txt"});
    }

    void abandonedWriterKeepsOldFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath("keep.txt");
        QVERIFY(writeFile(path, "old content"));
        {
            hrstyle::Result<AtomicFile> file = AtomicFile::create(str(path));
            QVERIFY(file.ok());
            QVERIFY(file->write(std::string_view("half a new fi")).ok());
            QCOMPARE(entriesOf(dir.path()).size(), 2);  // the temporary exists while writing...
        }  // ...and goes with the object: no commit
        QCOMPARE(readFile(path), QByteArray("old content"));
        QCOMPARE(entriesOf(dir.path()), QStringList{"keep.txt"});
    }

    void movedWriterCommitsOnce() {
        QTemporaryDir dir;
        const QString path = dir.filePath("moved.txt");
        hrstyle::Result<AtomicFile> created = AtomicFile::create(str(path));
        QVERIFY(created.ok());
        AtomicFile file = std::move(created.value());
        QVERIFY(file.write(std::string_view("moved")).ok());
        AtomicFile other = std::move(file);
        QVERIFY(other.commit().ok());
        QCOMPARE(readFile(path), QByteArray("moved"));
        QCOMPARE(entriesOf(dir.path()), QStringList{"moved.txt"});
    }

    void replacedFileKeepsPermissions_data() {
        QTest::addColumn<int>("mode");
        QTest::newRow("0600") << 0600;
        QTest::newRow("0640") << 0640;
        QTest::newRow("0755") << 0755;
        QTest::newRow("0444 read-only") << 0444;  // replacing needs the directory's permission, not the file's
    }
    void replacedFileKeepsPermissions() {
        QFETCH(int, mode);
        QTemporaryDir dir;
        const QString path = dir.filePath("mode.txt");
        QVERIFY(writeFile(path, "old"));
        QCOMPARE(::chmod(str(path).c_str(), mode_t(mode)), 0);
        QVERIFY(save(path, "new").ok());
        struct stat info {};
        QCOMPARE(::stat(str(path).c_str(), &info), 0);
        QCOMPARE(int(info.st_mode & 07777), mode);
        QCOMPARE(readFile(path), QByteArray("new"));
    }

    void newFileHonoursUmask() {
        QTemporaryDir dir;
        const QString path = dir.filePath("new.txt");
        const mode_t previous = ::umask(027);
        const bool saved = save(path, "x").ok();
        ::umask(previous);
        QVERIFY(saved);
        struct stat info {};
        QCOMPARE(::stat(str(path).c_str(), &info), 0);
        QCOMPARE(int(info.st_mode & 07777), 0640);
    }

    // The message names the target and the OS reason; nothing is created, nothing crashes.
    void unwritablePlaceIsAnError_data() {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<int>("error");
        QTest::newRow("directory does not exist") << "missingDir" << ENOENT;
        QTest::newRow("parent is a regular file") << "parentIsFile" << ENOTDIR;
        QTest::newRow("target is a directory") << "targetIsDir" << EISDIR;
        QTest::newRow("directory without write permission") << "readOnlyDir" << EACCES;
    }
    void unwritablePlaceIsAnError() {
        QFETCH(QString, setup);
        QFETCH(int, error);
        QTemporaryDir dir;
        QString path = dir.filePath("missing/out.txt");
        if (setup == "parentIsFile") {
            QVERIFY(writeFile(dir.filePath("plain"), "plain"));
            path = dir.filePath("plain/out.txt");
        } else if (setup == "targetIsDir") {
            path = dir.filePath("out.txt");
            QVERIFY(QDir(dir.path()).mkpath("out.txt/inside"));
        } else if (setup == "readOnlyDir") {
            if (::geteuid() != 0) {
                QVERIFY(QDir(dir.path()).mkpath("locked"));
                QCOMPARE(::chmod(str(dir.filePath("locked")).c_str(), 0555), 0);
                path = dir.filePath("locked/out.txt");
            } else if (QFileInfo(QStringLiteral("/sys")).isDir()) {
                // Root ignores permission bits; sysfs refuses new files to root as well (EACCES).
                path = QStringLiteral("/sys/hrstyle-tst-atomicfile.txt");
            } else {
                QSKIP("running as root and no /sys: no directory refuses a new file");
            }
        }
        const QStringList before = entriesOf(dir.path());

        const hrstyle::Status status = save(path, "data");
        if (setup == "readOnlyDir" && ::geteuid() != 0) ::chmod(str(dir.filePath("locked")).c_str(), 0755);

        QVERIFY(!status.ok());
        const QString message = QString::fromStdString(status.error());
        QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
        QVERIFY2(message.contains(osMessage(error)), qPrintable(message));
        QVERIFY2(!message.contains('\n'), qPrintable(message));
        QVERIFY(!QFileInfo(path).isFile());
        QCOMPARE(entriesOf(dir.path()), before);
    }

    // A write that fails part-way (a full disk, a size limit) is an error, the old file survives and the
    // temporary is gone. Root ignores permissions and a full disk cannot be made without mounting a small file
    // system, so the failure comes from RLIMIT_FSIZE (EFBIG): write(2) fails part-way exactly as with ENOSPC.
    void failedWriteKeepsOldFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath("full.bin");
        QVERIFY(writeFile(path, "old content"));
        hrstyle::Result<AtomicFile> file = AtomicFile::create(str(path));
        QVERIFY(file.ok());
        const QByteArray chunk(3000, 'n');
        rlimit saved{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
        rlimit small = saved;
        small.rlim_cur = 4096;
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        hrstyle::Status written = hrstyle::Ok{};
        for (int i = 0; i < 3 && written.ok(); ++i) written = file->write(chunk.constData(), 3000);
        const hrstyle::Status committed = file->commit();  // the first failure sticks: commit() alone would do
        ::setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, previousHandler);

        QVERIFY(!written.ok());
        QVERIFY(!committed.ok());
        QCOMPARE(committed.error(), written.error());
        const QString message = QString::fromStdString(written.error());
        QVERIFY2(message.startsWith(path + ": cannot write") && message.contains(osMessage(EFBIG)),
                 qPrintable(message));
        QCOMPARE(readFile(path), QByteArray("old content"));
        QCOMPARE(entriesOf(dir.path()), QStringList{"full.bin"});
    }

    // Several threads save the same path over and over while another reads it: every read, and the end result,
    // is one writer's whole file; every save succeeds; no temporary is left.
    void concurrentWritersNeverTear() {
        QTemporaryDir dir;
        const QString path = dir.filePath("shared.bin");
        constexpr int kWriters = 6;
        constexpr int kSaves = 8;
        constexpr int kSize = 48 * 1024;
        constexpr int kChunk = 4096;  // several write() calls per save, so interleaving would show
        QVERIFY(save(path, payload(kWriters, kSize)).ok());

        std::atomic<int> failures{0};
        std::atomic<int> tornReads{0};
        std::atomic<bool> writing{true};
        std::thread reader([&] {
            while (writing) {
                if (!isWholePayload(readFile(path), kSize)) ++tornReads;
            }
        });
        std::vector<std::thread> writers;
        for (int id = 0; id < kWriters; ++id) {
            writers.emplace_back([&, id] {
                const QByteArray bytes = payload(id, kSize);
                for (int i = 0; i < kSaves; ++i) {
                    hrstyle::Result<AtomicFile> file = AtomicFile::create(str(path));
                    bool ok = file.ok();
                    for (int at = 0; ok && at < kSize; at += kChunk) {
                        ok = file->write(bytes.constData() + at, kChunk).ok();
                    }
                    if (!ok || !file->commit().ok()) ++failures;
                }
            });
        }
        for (std::thread& t : writers) t.join();
        writing = false;
        reader.join();

        QCOMPARE(failures.load(), 0);
        QCOMPARE(tornReads.load(), 0);
        QVERIFY(isWholePayload(readFile(path), kSize));
        QCOMPARE(entriesOf(dir.path()), QStringList{"shared.bin"});
    }
};

QTEST_GUILESS_MAIN(TstAtomicFile)
#include "tst_AtomicFile.moc"
