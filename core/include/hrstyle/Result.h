#pragma once
// A value or a user-facing error: a message and a kind. Core's foreseeable failures (bad file, wrong shape,
// out of memory) come back as this instead of exceptions, so callers in other layers never see torch or
// OpenCV exceptions; they decide what to do next (the window's hint, the CLI's exit code) by the kind, never
// by the message's words.
#include <string>
#include <utility>
#include <variant>

namespace hrstyle {

enum class ErrorKind {
    Failed,        // nothing more specific is known
    Cancelled,     // the user stopped it: nothing to report
    InvalidInput,  // a file or value that is not what it must be: a corrupt image, wrong weights, a bad preset
    NotFound,      // a file or folder that does not exist
    Io,            // reading or writing failed: permissions, a full disk
    OutOfMemory,   // an allocation failed, or the work would go over the memory limit
    Numerical,     // the loss became NaN or infinite
};

struct Error {
    std::string message;  // one line a user can act on, e.g. "features.28.weight: expected [512,512,3,3], ..."
    ErrorKind kind = ErrorKind::Failed;

    // The same error, its message prefixed with where it happened ("Style image: ").
    Error withContext(const std::string& prefix) const { return Error{prefix + message, kind}; }
};

struct Ok {};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}        // NOLINT: implicit by design
    Result(Error error) : m_state(std::move(error)) {}    // NOLINT: implicit by design

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(m_state); }
    T& value() & { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    const std::string& error() const { return failure().message; }
    const Error& failure() const { return std::get<Error>(m_state); }
    ErrorKind errorKind() const { return failure().kind; }

private:
    std::variant<T, Error> m_state;
};

using Status = Result<Ok>;

}  // namespace hrstyle
