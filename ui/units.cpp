#include "units.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <QStringList>

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

} // namespace

ParsedDuration parseDuration(const QString &text, qint64 maxMs, const QString &what)
{
    ParsedDuration out;
    const QString t = text.trimmed().toLower();
    if (t.isEmpty())
        return out;
    const QString example = tr("Write it as seconds (5, 2.5) or with a unit: 500 ms, 2.5 s, 1 min, 1 h 30 min.");
    if (t.startsWith(QLatin1Char('-'))) {
        out.error = tr("%1 cannot be negative; use 0 for none.").arg(what);
        return out;
    }
    // One or more "<number> <unit>" parts; a bare number means seconds.
    static const QRegularExpression part(QStringLiteral("\\G\\s*(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*([a-z]*)\\s*"));
    double total = 0.0;
    int pos = 0;
    int parts = 0;
    while (pos < t.size()) {
        const QRegularExpressionMatch m = part.match(t, pos);
        if (!m.hasMatch() || m.capturedLength() == 0) {
            out.error = tr("%1 \"%2\" is not a duration. %3").arg(what, text.trimmed(), example);
            return out;
        }
        const double factor = unitFactor(m.captured(2));
        if (factor == 0.0) {
            out.error = tr("%1: unknown unit \"%2\". %3").arg(what, m.captured(2), example);
            return out;
        }
        if (m.captured(2).isEmpty() && parts > 0) {
            out.error = tr("%1 \"%2\" is not a duration. %3").arg(what, text.trimmed(), example);
            return out;
        }
        total += m.captured(1).toDouble() * factor;
        pos = m.capturedEnd();
        ++parts;
    }
    const double rounded = std::round(total);
    if (!std::isfinite(total) || rounded > double(maxMs)) {
        out.error = tr("%1 is too long: at most %2 (%3 ms).")
                        .arg(what, humanDuration(maxMs), QString::number(maxMs));
        return out;
    }
    if (total > 0.0 && rounded < 1.0) {
        out.error = tr("%1 is shorter than a millisecond; use 0 for none.").arg(what);
        return out;
    }
    out.ms = qint64(rounded);
    return out;
}

QString durationInputText(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60 * 1000 || ms % 1000 != 0)
        return QStringLiteral("%1 s").arg(trimmedNumber(ms / 1000.0, 3));
    const qint64 s = ms / 1000;
    QStringList parts;
    if (s / 3600)
        parts << QStringLiteral("%1 h").arg(s / 3600);
    if ((s % 3600) / 60)
        parts << QStringLiteral("%1 min").arg((s % 3600) / 60);
    if (s % 60)
        parts << QStringLiteral("%1 s").arg(s % 60);
    return parts.join(QLatin1Char(' '));
}

QString formatClock(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    const qint64 s = ms / 1000;
    const qint64 d = s / 86400;
    const qint64 h = (s % 86400) / 3600;
    const qint64 m = (s % 3600) / 60;
    const qint64 sec = s % 60;
    QString clock;
    if (h > 0 || d > 0)
        clock = QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(sec, 2, 10, QLatin1Char('0'));
    else
        clock = QStringLiteral("%1:%2").arg(m).arg(sec, 2, 10, QLatin1Char('0'));
    if (d > 0)
        return tr("%1 d %2").arg(d).arg(clock);
    return clock;
}

QString formatCountdown(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    if (ms < 60 * 1000) {
        // Round up to the tenth: a countdown shows 0.0 only when time is really up.
        const qint64 tenths = (ms + 99) / 100;
        return tr("%1 s").arg(QString::number(tenths / 10.0, 'f', 1));
    }
    return formatClock(ms + 999);
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

QString formatOffset(qint64 ms)
{
    return tr("+%1 s").arg(QString::number(ms / 1000.0, 'f', 3));
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 0)
        bytes = 0;
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    const int decimals = unit == 0 ? 0 : (value < 10 ? 2 : (value < 100 ? 1 : 0));
    return QStringLiteral("%1 %2").arg(QString::number(value, 'f', decimals), QLatin1String(units[unit]));
}

QString formatPercent(double percent)
{
    if (!std::isfinite(percent) || percent < 0)
        percent = 0;
    return tr("%1 %").arg(QString::number(percent, 'f', percent < 100 ? 1 : 0));
}

} // namespace herd
