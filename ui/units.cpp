#include "units.h"

#include "durations.h"

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

} // namespace

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
