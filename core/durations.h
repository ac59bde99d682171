#pragma once

#include <QString>

namespace herd {

// "5", "0.25", "1.5s" -> ms. Negative, non-numeric and too long values (past kMaxTimeoutMs)
// are refused: *error says why in words, naming `what` (an option or a key). 0 stays 0.
qint64 parseSeconds(const QString &text, const QString &what, QString *error);

// 5000 -> "5", 1500 -> "1.5", 250 -> "0.25": the shortest text parseSeconds reads back.
QString formatSeconds(qint64 ms);

} // namespace herd
