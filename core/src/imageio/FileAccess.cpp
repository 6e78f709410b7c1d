#include "FileAccess.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hrstyle::imageio {

namespace {

Error osError(const std::string& path, const std::string& what, int error) {
    return Error{path + ": " + what + " (" + std::strerror(error) + ")", ErrorKind::Io};
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

private:
    int m_fd;
};

}  // namespace

Result<Bytes> readWholeFile(const std::string& path, std::uint64_t maxBytes) {
    // O_NONBLOCK so that a FIFO given by mistake fails below instead of hanging the caller.
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) {
        return errno == ENOENT ? Error{path + ": no such file", ErrorKind::NotFound}
                               : osError(path, "cannot open", errno);
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
        return osError(path, "cannot read", errno);
    }
    if (S_ISDIR(info.st_mode)) {
        return Error{path + ": is a directory, not an image file", ErrorKind::InvalidInput};
    }
    if (!S_ISREG(info.st_mode)) {
        return Error{path + ": is not a regular file", ErrorKind::InvalidInput};
    }
    if (info.st_size == 0) {
        return Error{path + ": empty file", ErrorKind::InvalidInput};
    }
    if (static_cast<std::uint64_t>(info.st_size) > maxBytes) {
        return Error{path + ": file is too large (" + std::to_string(info.st_size >> 20) + " MB)",
                     ErrorKind::InvalidInput};
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

}  // namespace hrstyle::imageio
