#pragma once

#include <QString>

namespace herd {

// When a process that ended is started again, as supervisord and PM2 users expect.
struct RestartPolicy {
    enum class Mode {
        Never,
        OnFailure, // only when it did not exit with 0 (a stop by the user never restarts it)
        Always,    // whenever it ends on its own or by its watchdog (a stop by the user does not)
    };
    Mode mode = Mode::Never;
    int maxRestarts = 5;          // within windowMs; past that the process is marked crash-looping
    qint64 windowMs = 60 * 1000;
    qint64 backoffMs = 1000;      // first delay; doubles with each restart in the window
    qint64 maxBackoffMs = 30 * 1000;

    bool operator==(const RestartPolicy &o) const
    {
        return mode == o.mode && maxRestarts == o.maxRestarts && windowMs == o.windowMs
            && backoffMs == o.backoffMs && maxBackoffMs == o.maxBackoffMs;
    }
    bool operator!=(const RestartPolicy &o) const { return !(*this == o); }
};

QString restartModeName(RestartPolicy::Mode mode); // "never", "on-failure", "always"
bool parseRestartMode(const QString &text, RestartPolicy::Mode *mode);

// The delay before restart number n (1-based) within the window: backoff * 2^(n-1), capped.
qint64 restartDelayMs(const RestartPolicy &policy, int restartNumber);

} // namespace herd
