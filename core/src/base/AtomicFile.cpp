// Write-temporary-fsync-rename, the recipe of rename(2) and fsync(2) (POSIX): rename is atomic only within one
// file system, hence the temporary file sits in the target's directory; without the fsync before it a crash
// can leave the new name pointing at an empty or partial file, and without the directory's fsync after it the
// rename itself may not survive a crash.
#include "hrstyle/AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

namespace hrstyle {

namespace {

// One line: the target, what failed, and the OS reason.
Error osError(const std::string& path, const std::string& what, int error) {
    return Error{path + ": " + what + " (" + std::strerror(error) + ")", ErrorKind::Io};
}

std::string directoryOf(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string fileNameOf(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "<dir>/.<name>.tmp-<pid>-<n>". The name is cut to 200 bytes so that the temporary name stays within
// NAME_MAX (255) whenever the target's does.
std::string temporaryName(const std::string& path, unsigned n) {
    const std::string dir = directoryOf(path);
    const std::string prefix = path.find('/') == std::string::npos ? std::string() : (dir == "/" ? dir : dir + "/");
    return prefix + "." + fileNameOf(path).substr(0, 200) + ".tmp-" + std::to_string(::getpid()) + "-" +
           std::to_string(n);
}

}  // namespace

Result<AtomicFile> AtomicFile::create(const std::string& path) {
    if (path.empty() || path.back() == '/') return Error{path + ": not a file name", ErrorKind::InvalidInput};
    struct stat existing {};
    const bool exists = ::stat(path.c_str(), &existing) == 0;
    // Checked first: the rename would refuse too, but only after the whole file had been written.
    if (exists && S_ISDIR(existing.st_mode)) return osError(path, "is a directory, not a file", EISDIR);

    // A counter shared by all threads: two saves in one process never pick the same name. O_EXCL still guards
    // against a stale file left by a crashed process whose pid has been reused.
    static std::atomic<unsigned> counter{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string tempPath = temporaryName(path, counter++);
        // 0666: the umask applies, as for any new file (mkstemp would force 0600).
        const int fd = ::open(tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            // Best effort: a replaced file keeps its permissions, as QSaveFile does; failing leaves the umask's.
            if (exists && S_ISREG(existing.st_mode)) ::fchmod(fd, existing.st_mode & 07777);
            return AtomicFile(path, std::move(tempPath), fd);
        }
        if (errno != EEXIST) {
            return osError(path, "cannot create a temporary file in " + directoryOf(path), errno);
        }
    }
    return osError(path, "cannot create a temporary file in " + directoryOf(path), EEXIST);
}

AtomicFile::AtomicFile(std::string path, std::string tempPath, int fd)
    : m_path(std::move(path)), m_tempPath(std::move(tempPath)), m_fd(fd) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_tempPath(std::exchange(other.m_tempPath, {})),
      m_fd(std::exchange(other.m_fd, -1)),
      m_error(std::move(other.m_error)) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
    if (this != &other) {
        discard();
        m_path = std::move(other.m_path);
        m_tempPath = std::exchange(other.m_tempPath, {});
        m_fd = std::exchange(other.m_fd, -1);
        m_error = std::move(other.m_error);
    }
    return *this;
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (!m_tempPath.empty()) ::unlink(m_tempPath.c_str());
    m_tempPath.clear();
}

Status AtomicFile::write(const void* data, std::size_t size) {
    if (!m_error.empty()) return Error{m_error, ErrorKind::Io};
    if (m_fd < 0) return Error{m_path + ": cannot write (the save is already finished)", ErrorKind::Io};
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        // write() may take less than asked (signals, sizes past 2 GiB), and EINTR is not a failure.
        const ssize_t n = ::write(m_fd, bytes, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            m_error = osError(m_path, "cannot write", n < 0 ? errno : EIO).message;
            return Error{m_error, ErrorKind::Io};
        }
        bytes += n;
        size -= static_cast<std::size_t>(n);
    }
    return Ok{};
}

Status AtomicFile::commit() {
    if (!m_error.empty()) {
        discard();
        return Error{m_error, ErrorKind::Io};
    }
    if (m_fd < 0) return Error{m_path + ": cannot write (the save is already finished)", ErrorKind::Io};
    // No user-space buffer to flush: write() went straight to the kernel, so fsync is the flush to disk.
    const char* step = "cannot write";
    int error = ::fsync(m_fd) == 0 ? 0 : errno;
    // close() can report a late write error (NFS, quotas); the descriptor is gone either way.
    if (::close(std::exchange(m_fd, -1)) != 0 && error == 0) error = errno;
    if (error == 0 && ::rename(m_tempPath.c_str(), m_path.c_str()) != 0) {
        error = errno;
        step = "cannot replace the file";
    }
    if (error != 0) {
        m_error = osError(m_path, step, error).message;
        discard();
        return Error{m_error, ErrorKind::Io};
    }
    m_tempPath.clear();  // it is the target now
    // Persist the rename. Not reported: the new file is already in place, and should this fail and the machine
    // crash, the old file is what comes back, whole.
    const int dir = ::open(directoryOf(m_path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    m_error = m_path + ": cannot write (the save is already finished)";
    return Ok{};
}

Status writeFileAtomically(const std::string& path, const void* data, std::size_t size) {
    Result<AtomicFile> file = AtomicFile::create(path);
    if (!file) return file.failure();
    if (Status written = file->write(data, size); !written) return written;
    return file->commit();
}

}  // namespace hrstyle
