#pragma once

#include "process/processtypes.h"
#include "queue/taskqueueinterface.h"
#include "workeractivity.h"

#include <QString>

namespace herd {

class ManagedProcess;

// The colour family of a state badge; StateBadgeDelegate turns it into colours that
// read well on the current palette.
enum class BadgeTone {
    Neutral, // idle
    Info,    // starting, busy with a task
    Active,  // running
    Success, // exited 0
    Warning, // stopping
    Timeout, // timed out
    Danger,  // failed with a code, failed to start, unkillable
    Signal,  // killed or terminated by a signal
    Paused,  // stopped by a signal (SIGSTOP, SIGTSTP) or a debugger
};

// The words the window uses for a process's state and its end. Core gives typed values;
// only here do they become text.
struct ProcessStatus {
    QString badge;   // "running", "busy with task 7", "killed by SIGKILL", "timed out", ...
    BadgeTone tone = BadgeTone::Neutral;
    QString detail;  // one sentence for tooltips: "Killed by SIGKILL at the user's request."
    bool problem = false; // ended in a way a user should look at
};

// restartGaveUp: its restart policy gave up on it (crash-looping); said instead of how the
// last run ended, which goes in the detail. nowMs (session clock): a process that was
// continued (SIGCONT) less than kContinuedShownMs before says "continued" for that long.
ProcessStatus processStatus(const ManagedProcess &process, const WorkerActivity &activity, bool restartGaveUp = false,
                            qint64 nowMs = -1);
constexpr qint64 kContinuedShownMs = 3000;

// A worker that joined the queue by itself (on another machine, or started by hand):
// "idle", "busy with task 7", "stopping after task 7", "silent for 4 s", "gone".
ProcessStatus remoteWorkerStatus(const RemoteWorkerInfo &info);
// "0.4 s ago", "12 s ago": how long since its last heartbeat.
QString heartbeatAge(qint64 silentMs);

// "0", "7", "-9"; empty while the process runs or when it never started.
QString exitCodeText(const ManagedProcess &process);
// What an exit code means: "-9: it was killed by SIGKILL (killed)."
QString exitCodeMeaning(int exitCode);
// Python's exit code convention in one sentence, for tooltips.
QString exitCodeConvention();
// Who ended a run: "its own exit", "the user", "its watchdog", "Herd quitting", ...
QString stopCauseText(StopCause cause);
// A sentence for a signal request that did not go through, or "" when it was sent.
QString signalResultText(const QString &processName, SignalResult result);

} // namespace herd
