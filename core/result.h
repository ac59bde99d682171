#pragma once

#include <QString>

#include <utility>

namespace herd {

// What an operation that can fail gives back: a value, or why there is none, in words
// (core says what went wrong; the window or the command line decides how to show it).
// [[nodiscard]]: a result nobody looks at is a bug. Use it instead of "an empty QString
// means success", QString *error out-parameters and one-off {value, error, ok()} structs.
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

} // namespace herd
