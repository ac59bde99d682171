#pragma once

#include "result.h"

#include <QString>

namespace herd {

// The one duration parser, for everything a person types (the window's fields, the
// command line's options, session files): "5" (seconds), "2.5 s", "500 ms", "1 min",
// "1h 30m", "1m30s"; empty or "0" is 0. Negative values and values above maxMs are
// refused with a message naming `what` ("The timeout", "--grace", a session file's key).
Result<qint64> parseDuration(const QString &text, qint64 maxMs, const QString &what);

// A short human duration: "850 ms", "5 s", "2.5 s", "3 min 20 s", "2 h 5 min".
QString humanDuration(qint64 ms);

// 5000 -> "5", 1500 -> "1.5", 250 -> "0.25": the shortest text parseDuration reads back.
QString formatSeconds(qint64 ms);

// value with at most `decimals` decimals and no trailing zeros: 2.50 -> "2.5", 3.0 -> "3".
QString trimmedNumber(double value, int decimals);

} // namespace herd
