#pragma once
// The one way HRStyle writes a file (docs/contributing.md, "Errors"): a temporary file in the target's directory
// is written, fsync-ed and renamed over the target, then the directory is fsync-ed. Readers see the old file or
// the complete new one, never a torn one, and a failed save (a full disk, a size limit, a crash) leaves the old
// file as it was. POSIX only, no Qt: images, safetensors files, presets and the app's own files all go through
// here.
#include <cstddef>
#include <string>
#include <string_view>

#include "hrstyle/Result.h"

namespace hrstyle {

// One save of one file, streamed: create(), write() as often as needed, commit(). Dropping the object without a
// successful commit() removes the temporary file and leaves the target untouched.
//
// The temporary file is "<dir>/.<name>.tmp-<pid>-<n>", created with O_EXCL and O_CLOEXEC: a name no other save in
// this process (n counts per process, over all threads) or in another process (pid) uses, and never someone
// else's file. A new target gets 0666 minus the umask, like any created file; a replaced regular file keeps its
// permission bits (not its owner). Renaming over a symbolic link replaces the link, not the file it points to.
//
// Thread affinity: one object is used by one thread at a time; any number of objects, for the same target or
// not, may be used concurrently. Concurrent saves of one path each rename a complete file over it: the last
// rename wins.
//
// Errors name the target path and the OS reason: "<path>: cannot write (No space left on device)".
class AtomicFile {
public:
    // Creates the temporary file next to `path`. Fails if `path` is a directory or its directory cannot take
    // a new file (missing, not a directory, no permission).
    static Result<AtomicFile> create(const std::string& path);

    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&& other) noexcept;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();  // removes the temporary file unless committed

    // Appends `size` bytes, straight to the file (no user-space buffer, so large data is not copied again).
    // The first failure is kept: later writes and commit() return it without touching the file.
    Status write(const void* data, std::size_t size);
    Status write(std::string_view bytes) { return write(bytes.data(), bytes.size()); }

    // fsync, close, rename over the target, fsync the directory. On failure the temporary file is removed and
    // the target is left as it was. Either way the object is spent: further calls fail.
    Status commit();

    const std::string& path() const { return m_path; }  // the target

private:
    AtomicFile(std::string path, std::string tempPath, int fd);
    void discard();  // closes and removes the temporary file

    std::string m_path;
    std::string m_tempPath;  // empty once committed or discarded
    int m_fd = -1;
    std::string m_error;  // the first failure, reported again by later calls
};

// create(), one write(), commit().
Status writeFileAtomically(const std::string& path, const void* data, std::size_t size);
inline Status writeFileAtomically(const std::string& path, std::string_view bytes) {
    return writeFileAtomically(path, bytes.data(), bytes.size());
}

}  // namespace hrstyle
