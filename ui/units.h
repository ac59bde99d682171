#pragma once

#include <QString>

namespace herd {

// Durations, sizes and rates as the window shows them, and durations as a person types
// them. Only presentation lives here; every value in core stays a plain number.

struct ParsedDuration {
    qint64 ms = 0;
    QString error; // empty when the text was understood
    bool ok() const { return error.isEmpty(); }
};

// "5" (seconds), "2.5 s", "500 ms", "1 min", "1h 30m", "1m30s"; empty or "0" is 0.
// Negative values and values above maxMs are refused with a message naming `what`.
ParsedDuration parseDuration(const QString &text, qint64 maxMs, const QString &what);

// The same duration written back so parseDuration reads it again: "0", "500 ms", "2.5 s",
// "1 min", "1 h 30 min".
QString durationInputText(qint64 ms);

// Elapsed time like ps: "0:07", "4:05", "1:04:05", "3 d 1:04:05".
QString formatClock(qint64 ms);
// A countdown that shows tenths below a minute: "4.8 s", "59.9 s", then "4:05".
QString formatCountdown(qint64 ms);
// A short human duration: "850 ms", "5 s", "2.5 s", "3 min 20 s", "2 h 5 min".
QString humanDuration(qint64 ms);
// An offset on the session clock with milliseconds: "+5.001 s", "+0.012 s".
QString formatOffset(qint64 ms);
// Binary units: "512 KiB", "12.4 MiB", "1.02 GiB".
QString formatBytes(qint64 bytes);
// CPU share of one core: "0.0 %", "12.3 %", "187 %".
QString formatPercent(double percent);

} // namespace herd
