#pragma once

#include "durations.h"

#include <QString>

namespace herd {

// Durations, sizes and rates as the window shows them, and durations as a person types
// them. Only presentation lives here; every value in core stays a plain number.

// Durations are parsed in core (durations.h: parseDuration, humanDuration).

// The same duration written back so parseDuration reads it again: "0", "500 ms", "2.5 s",
// "1 min", "1 h 30 min".
QString durationInputText(qint64 ms);

// Elapsed time like ps: "0:07", "4:05", "1:04:05", "3 d 1:04:05".
QString formatClock(qint64 ms);
// A countdown that shows tenths below a minute: "4.8 s", "59.9 s", then "4:05".
QString formatCountdown(qint64 ms);
// An offset on the session clock with milliseconds: "+5.001 s", "+0.012 s".
QString formatOffset(qint64 ms);
// Binary units: "512 KiB", "12.4 MiB", "1.02 GiB".
QString formatBytes(qint64 bytes);
// CPU share of one core: "0.0 %", "12.3 %", "187 %".
QString formatPercent(double percent);

} // namespace herd
