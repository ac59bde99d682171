#pragma once

#include <QString>
#include <QtGlobal>

#include <utility>

namespace herd {

// What an operation that can fail gives back: a value, or why there is none, in words
// (core says what went wrong; the window or the command line decides how to show it).
// [[nodiscard]]: a result nobody looks at is a bug. It is the one error convention of
// core and app: no "an empty QString means success", no QString *error out-parameters,
// no one-off {value, error, ok()} structs. Result<void> is an operation with no value.
template <typename T>
struct [[nodiscard]] Result {
    T value{};
    QString error; // empty when it worked

    bool ok() const { return error.isEmpty(); }
    explicit operator bool() const { return ok(); }

    static Result success(T v) { return Result{std::move(v), {}}; }
    static Result failure(QString why)
    {
        Q_ASSERT(!why.isEmpty()); // a failure always says why
        return Result{T{}, std::move(why)};
    }
};

template <>
struct [[nodiscard]] Result<void> {
    QString error; // empty when it worked

    bool ok() const { return error.isEmpty(); }
    explicit operator bool() const { return ok(); }

    static Result success() { return Result{}; }
    static Result failure(QString why)
    {
        Q_ASSERT(!why.isEmpty()); // a failure always says why
        return Result{std::move(why)};
    }
    // Passes on the failure of another result, or success when it had none.
    template <typename U>
    static Result from(const Result<U> &other) { return Result{other.error}; }
};

} // namespace herd
