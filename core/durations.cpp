#include "durations.h"

#include "process/processtypes.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <cmath>

namespace herd {

namespace {

// lupdate files tr() calls outside a class under the context "herd".
QString tr(const char *text)
{
    return QCoreApplication::translate("herd", text);
}

// ms per unit; nullopt-like 0 for an unknown unit.
double unitFactor(const QString &unit)
{
    if (unit.isEmpty() || unit == QLatin1String("s") || unit == QLatin1String("sec")
        || unit == QLatin1String("secs") || unit == QLatin1String("second")
        || unit == QLatin1String("seconds"))
        return 1000.0;
    if (unit == QLatin1String("ms") || unit == QLatin1String("msec"))
        return 1.0;
    if (unit == QLatin1String("m") || unit == QLatin1String("min") || unit == QLatin1String("mins")
        || unit == QLatin1String("minute") || unit == QLatin1String("minutes"))
        return 60.0 * 1000.0;
    if (unit == QLatin1String("h") || unit == QLatin1String("hour") || unit == QLatin1String("hours"))
        return 3600.0 * 1000.0;
    if (unit == QLatin1String("d") || unit == QLatin1String("day") || unit == QLatin1String("days"))
        return 24.0 * 3600.0 * 1000.0;
    return 0.0;
}

} // namespace

// The one grammar every duration is read with: one or more "<number> <unit>" parts, a
// bare number meaning seconds. What is wrong is a kind, so each caller words it its own
// way (the window's fields, the command line and session files).
struct DurationScan {
    enum class Fault {
        None,
        Empty,
        Negative,
        NotADuration,
        UnknownUnit,
    };
    Fault fault = Fault::None;
    double totalMs = 0.0;
    QString unit; // the unknown unit
};

DurationScan scanDuration(const QString &text)
{
    DurationScan out;
    const QString t = text.trimmed().toLower();
    if (t.isEmpty()) {
        out.fault = DurationScan::Fault::Empty;
        return out;
    }
    if (t.startsWith(QLatin1Char('-'))) {
        out.fault = DurationScan::Fault::Negative;
        return out;
    }
    static const QRegularExpression part(QStringLiteral("\\G\\s*((?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:e[+-]?\\d+)?)\\s*([a-z]*)\\s*"));
    int pos = 0;
    int parts = 0;
    while (pos < t.size()) {
        const QRegularExpressionMatch m = part.match(t, pos);
        if (!m.hasMatch() || m.capturedLength() == 0 || (m.captured(2).isEmpty() && parts > 0)) {
            out.fault = DurationScan::Fault::NotADuration;
            return out;
        }
        const double factor = unitFactor(m.captured(2));
        if (factor == 0.0) {
            out.fault = DurationScan::Fault::UnknownUnit;
            out.unit = m.captured(2);
            return out;
        }
        out.totalMs += m.captured(1).toDouble() * factor;
        pos = int(m.capturedEnd());
        ++parts;
    }
    return out;
}

Result<qint64> parseDuration(const QString &text, qint64 maxMs, const QString &what)
{
    const DurationScan scan = scanDuration(text);
    const QString example = tr("Write it as seconds (5, 2.5) or with a unit: 500 ms, 2.5 s, 1 min, 1 h 30 min.");
    switch (scan.fault) {
    case DurationScan::Fault::Empty:
        return Result<qint64>::success(0);
    case DurationScan::Fault::Negative:
        return Result<qint64>::failure(tr("%1 cannot be negative; use 0 for none.").arg(what));
    case DurationScan::Fault::NotADuration:
        return Result<qint64>::failure(tr("%1 \"%2\" is not a duration. %3").arg(what, text.trimmed(), example));
    case DurationScan::Fault::UnknownUnit:
        return Result<qint64>::failure(tr("%1: unknown unit \"%2\". %3").arg(what, scan.unit, example));
    case DurationScan::Fault::None:
        break;
    }
    const double rounded = std::round(scan.totalMs);
    if (!std::isfinite(scan.totalMs) || rounded > double(maxMs))
        return Result<qint64>::failure(tr("%1 is too long: at most %2 (%3 ms).")
                                           .arg(what, humanDuration(maxMs), QString::number(maxMs)));
    if (scan.totalMs > 0.0 && rounded < 1.0)
        return Result<qint64>::failure(tr("%1 is shorter than a millisecond; use 0 for none.").arg(what));
    return Result<qint64>::success(qint64(rounded));
}

QString humanDuration(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    if (ms < 60 * 1000)
        return tr("%1 s").arg(trimmedNumber(ms / 1000.0, ms < 10 * 1000 ? 2 : 1));
    const qint64 s = ms / 1000;
    if (s < 3600) {
        const qint64 sec = s % 60;
        return sec ? tr("%1 min %2 s").arg(s / 60).arg(sec) : tr("%1 min").arg(s / 60);
    }
    if (s < 86400) {
        const qint64 min = (s % 3600) / 60;
        return min ? tr("%1 h %2 min").arg(s / 3600).arg(min) : tr("%1 h").arg(s / 3600);
    }
    const qint64 h = (s % 86400) / 3600;
    return h ? tr("%1 d %2 h").arg(s / 86400).arg(h) : tr("%1 d").arg(s / 86400);
}

QString formatSeconds(qint64 ms)
{
    if (ms % 1000 == 0)
        return QString::number(ms / 1000);
    return QString::number(double(ms) / 1000.0, 'f', 3).remove(QRegularExpression(QStringLiteral("0+$")));
}

QString trimmedNumber(double value, int decimals)
{
    QString s = QString::number(value, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s;
}

} // namespace herd
