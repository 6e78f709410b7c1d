#include "FileAccess.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace hrstyle::imageio {

namespace {

Error osError(const std::string& path, const std::string& what, int error) {
    return Error{path + ": " + what + " (" + std::strerror(error) + ")"};
}

// Closes the descriptor when the scope ends, for the early returns.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : m_fd(fd) {}
    ~FileDescriptor() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

// 0, or the errno of the failed write (write() may write less than asked, and EINTR is not a failure).
int writeAll(int fd, const Bytes& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return n < 0 ? errno : EIO;
        }
        done += static_cast<std::size_t>(n);
    }
    return 0;
}

// A fresh file next to the target: same directory, hence same file system, so rename() is atomic.
int createTemporary(const std::filesystem::path& target, std::string& tempPath) {
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
    for (int attempt = 0; attempt < 100; ++attempt) {
        tempPath = (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter++)))
                       .string();
        // 0666 and O_EXCL: the umask applies as for any new file, and a stale file is never reused.
        const int fd = ::open(tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST) {
            return fd;
        }
    }
    return -1;
}

}  // namespace

Result<Bytes> readWholeFile(const std::string& path, std::uint64_t maxBytes) {
    // O_NONBLOCK so that a FIFO given by mistake fails below instead of hanging the caller.
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) {
        return errno == ENOENT ? Error{path + ": no such file"} : osError(path, "cannot open", errno);
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
        return osError(path, "cannot read", errno);
    }
    if (S_ISDIR(info.st_mode)) {
        return Error{path + ": is a directory, not an image file"};
    }
    if (!S_ISREG(info.st_mode)) {
        return Error{path + ": is not a regular file"};
    }
    if (info.st_size == 0) {
        return Error{path + ": empty file"};
    }
    if (static_cast<std::uint64_t>(info.st_size) > maxBytes) {
        return Error{path + ": file is too large (" + std::to_string(info.st_size >> 20) + " MB)"};
    }
    Bytes bytes(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return osError(path, "cannot read", errno);
        }
        if (n == 0) {
            break;  // the file shrank since fstat
        }
        done += static_cast<std::size_t>(n);
    }
    bytes.resize(done);
    return bytes;
}

Status writeFileAtomically(const std::string& path, const Bytes& bytes) {
    const std::filesystem::path target(path);
    struct stat existing {};
    const bool exists = ::stat(path.c_str(), &existing) == 0;
    if (exists && S_ISDIR(existing.st_mode)) {
        return Error{path + ": is a directory"};
    }
    std::string tempPath;
    FileDescriptor fd(createTemporary(target, tempPath));
    if (fd.get() < 0) {
        const int openError = errno;
        const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
        return osError(path, "cannot create a temporary file in " + dir, openError);
    }
    if (exists && S_ISREG(existing.st_mode)) {
        ::fchmod(fd.get(), existing.st_mode & 07777);  // best effort: a replaced file keeps its permissions
    }
    const char* step = "cannot write";
    int error = writeAll(fd.get(), bytes);
    if (error == 0 && ::fsync(fd.get()) != 0) {
        error = errno;  // the data must be on disk before the rename makes it the file
    }
    if (::close(fd.release()) != 0 && error == 0) {
        error = errno;  // NFS and quotas may report write errors only here
    }
    if (error == 0 && ::rename(tempPath.c_str(), path.c_str()) != 0) {
        error = errno;
        step = "cannot replace the file";
    }
    if (error != 0) {
        ::unlink(tempPath.c_str());
        return osError(path, step, error);
    }
    // Persist the rename itself; failure here does not lose data, so it is not reported.
    FileDescriptor dir(::open(target.has_parent_path() ? target.parent_path().c_str() : ".", O_RDONLY | O_CLOEXEC));
    if (dir.get() >= 0) {
        ::fsync(dir.get());
    }
    return Ok{};
}

}  // namespace hrstyle::imageio
