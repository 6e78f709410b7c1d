#pragma once
// A value or a user-facing error message. Core's foreseeable failures (bad file, wrong shape, out of memory)
// come back as this instead of exceptions, so callers in other layers never see torch or OpenCV exceptions.
#include <string>
#include <utility>
#include <variant>

namespace hrstyle {

struct Error {
    std::string message;  // one line a user can act on, e.g. "features.28.weight: expected [512,512,3,3], ..."
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

    const std::string& error() const { return std::get<Error>(m_state).message; }

private:
    std::variant<T, Error> m_state;
};

using Status = Result<Ok>;

}  // namespace hrstyle
