#include "restartpolicy.h"

#include <algorithm>

namespace herd {

QString restartModeName(RestartPolicy::Mode mode)
{
    switch (mode) {
    case RestartPolicy::Mode::Never:
        return QStringLiteral("never");
    case RestartPolicy::Mode::OnFailure:
        return QStringLiteral("on-failure");
    case RestartPolicy::Mode::Always:
        return QStringLiteral("always");
    }
    return QStringLiteral("never");
}

bool parseRestartMode(const QString &text, RestartPolicy::Mode *mode)
{
    for (auto m : {RestartPolicy::Mode::Never, RestartPolicy::Mode::OnFailure, RestartPolicy::Mode::Always}) {
        if (text == restartModeName(m)) {
            *mode = m;
            return true;
        }
    }
    return false;
}

qint64 restartDelayMs(const RestartPolicy &policy, int restartNumber)
{
    qint64 delay = std::max<qint64>(0, policy.backoffMs);
    for (int i = 1; i < restartNumber && delay < policy.maxBackoffMs; ++i)
        delay *= 2;
    return std::min(delay, std::max<qint64>(policy.maxBackoffMs, policy.backoffMs));
}

} // namespace herd
