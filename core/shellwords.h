#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

namespace herd {

// Splits a command line into words the way a POSIX shell splits them — blanks separate
// words, 'single quotes' are literal, "double quotes" honour \" \\ \$ \` and backslash
// escapes the next character outside quotes — but expands nothing: no variables, globs,
// ~ or command substitution, and no shell ever runs the result. Fails, saying why, on a
// line that is not well formed (an open quote, a lone backslash at the end).
Result<QStringList> splitShellWords(const QString &line);

// The inverse for display and "Copy command line": quotes each word only when needed.
QString joinShellWords(const QStringList &words);

} // namespace herd
