#include "durations.h"

#include "process/processtypes.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <cmath>

namespace herd {

qint64 parseSeconds(const QString &text, const QString &what, QString *error)
{
    auto tr = [](const char *s) { return QCoreApplication::translate("herd", s); };
    QString t = text.trimmed();
    if (t.endsWith(QLatin1Char('s')))
        t.chop(1);
    bool ok = false;
    const double seconds = t.toDouble(&ok);
    if (!ok || !std::isfinite(seconds)) {
        *error = tr("%1 takes a number of seconds, not \"%2\"").arg(what, text);
        return 0;
    }
    if (seconds < 0) {
        *error = tr("%1 cannot be negative (0 means no limit)").arg(what);
        return 0;
    }
    const double ms = std::round(seconds * 1000.0);
    if (ms > double(kMaxTimeoutMs)) {
        *error = tr("%1 is too long: at most %2 seconds").arg(what).arg(kMaxTimeoutMs / 1000);
        return 0;
    }
    if (seconds > 0 && ms < 1) {
        *error = tr("%1 is too short: at least 0.001 seconds").arg(what);
        return 0;
    }
    return qint64(ms);
}

QString formatSeconds(qint64 ms)
{
    if (ms % 1000 == 0)
        return QString::number(ms / 1000);
    return QString::number(double(ms) / 1000.0, 'f', 3).remove(QRegularExpression(QStringLiteral("0+$")));
}

} // namespace herd
