#pragma once

#include "restartpolicy.h"
#include "result.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace herd {

// What a managed process is for. Workers attach to the session's task queue.
enum class ProcessKind {
    Plain,
    Worker,
};

// Live state of one run of a managed process. Starting, Running and Stopping are live;
// every other value is an end state, reached exactly once per run.
enum class ProcessState {
    Starting,
    Running,
    Stopping,      // a stop was requested (SIGTERM sent), not reaped yet
    Exited,        // ended on its own with an exit status (exitCode >= 0)
    Killed,        // ended by a signal (exitCode == -signal)
    TimedOut,      // its watchdog fired and it was stopped
    FailedToStart, // never ran; result().message says why
};

bool isLiveState(ProcessState state);
QString stateName(ProcessState state); // "starting", "running", ... machine-readable

// Who asked a process to stop.
enum class StopCause {
    None,         // it ended on its own
    User,         // Terminate/Kill from the user or a script
    Watchdog,     // its own timeout expired
    TaskWatchdog, // the task it held ran past the per-task timeout
    Quit,         // Herd was quitting
    QueueDamaged, // it was attached to a task queue found damaged; Herd restarts it
};

QString stopCauseName(StopCause cause); // "self", "user", "watchdog", "task-watchdog", "quit"

// The reason reported in the event stream ("reason" field).
enum class EndReason {
    None,
    Exited,        // "exited": it exited with a status
    Terminated,    // "terminated": SIGTERM ended it
    Killed,        // "killed": SIGKILL or any other signal ended it
    Timeout,       // "timeout": the watchdog ended it
    FailedToStart, // "failed-to-start"
};

QString endReasonName(EndReason reason);

struct ProcessSpec {
    QString name;              // empty: Process-N (Worker-N for workers)
    QString program;           // a name looked up in PATH, or a path (relative to Herd's
                               // working directory); stored absolute once spawned
    QStringList arguments;     // passed verbatim, never through a shell
    QString workingDirectory;  // empty: Herd's own
    QStringList environment;   // KEY=VALUE pairs added to Herd's environment
    qint64 timeoutMs = 0;      // watchdog; 0 = none
    qint64 graceMs = 5000;     // SIGTERM -> SIGKILL escalation
    bool daemon = false;       // stopped when Herd quits, dies when Herd is killed
    ProcessKind kind = ProcessKind::Plain;
    RestartPolicy restart;     // applied by the Session when a run ends
};

// Limits for user-supplied durations: 0 disables a timeout, negatives and values past
// what a timer can represent exactly are refused.
constexpr qint64 kMaxTimeoutMs = 2147483647; // 2^31-1 ms, about 24.8 days
constexpr qint64 kMaxGraceMs = 3600 * 1000;
// Longest process name accepted, in characters.
constexpr int kMaxNameLength = 256;

// Whether the spec is usable, and if not, what is wrong, in words.
Result<void> validateSpec(const ProcessSpec &spec);

// A duration for messages: "5 s", "0.5 s", "1.25 s".
QString formatDuration(qint64 ms);

// How one run ended. Valid once the process is in an end state.
struct ProcessResult {
    ProcessState state = ProcessState::Starting;
    EndReason reason = EndReason::None;
    int exitCode = 0;    // Python's convention: >= 0 exit status, -N killed by signal N;
                         // FailedToStart: 127 (not found) or 126 (not runnable), as shells
                         // say it, or kSetupFailedExitCode when setupFailed
    int signal = 0;      // the signal that ended it, 0 if none
    StopCause cause = StopCause::None;
    bool escalated = false;  // SIGKILL was needed after the grace period
    bool setupFailed = false; // the child failed before exec (reserved exit code)
    bool tooQuick = false;   // lived less than a second
    QString message;     // "exited with code 0", "terminated by SIGTERM",
                         // "killed by SIGKILL after 5 s grace", "timed out after 5 s",
                         // "failed to start: No such file or directory"
};

// When each step of a stop happened, in ms on the supervisor's session clock (-1: never).
struct StopTimeline {
    StopCause cause = StopCause::None;
    qint64 stopRequestedMs = -1;
    qint64 termSentMs = -1;
    qint64 killSentMs = -1;
    qint64 reapedMs = -1;
    bool unkillable = false; // SIGKILL sent, still not reaped after grace + 5 s
};

struct ProcessSample {
    double cpuPercent = 0.0; // of one core, since the previous sample
    qint64 rssBytes = 0;
    bool stopped = false;    // stopped by a signal (SIGSTOP, SIGTSTP) or a debugger: /proc state T or t
};

// One run of a process as it stood at one moment: what a window shows of it. Taken from a
// live process (ManagedProcess::record()) or read back from a saved snapshot, and shown
// again through Supervisor::addRecorded() without starting anything.
struct ProcessRecord {
    ProcessSpec spec;                  // spec.name is the process's name
    ProcessState state = ProcessState::Starting;
    qint64 pid = 0;
    int runCount = 1;
    qint64 startedMs = -1;             // session clock
    ProcessResult result;              // meaningful in an end state
    StopTimeline timeline;
    ProcessSample sample;
    qint64 stoppedSinceMs = -1;
    qint64 continuedAtMs = -1;
};

// What happened to a signal request. Only the UI turns this into a message.
enum class SignalResult {
    Sent,
    NotRunning,       // the process has ended (or never started): nothing was sent
    NoSuchProcess,    // ESRCH
    PermissionDenied, // EPERM
    InvalidSignal,
};

QString signalResultMessage(SignalResult result);

// "SIGTERM", "SIGKILL", ... ; "signal 42" for the rest.
QString signalName(int sig);
// "terminated", "killed", "segmentation fault", ... for tooltips.
QString signalDescription(int sig);

enum class OutputChannel {
    Stdout,
    Stderr,
};

struct OutputLine {
    qint64 t = 0; // ms on the session clock
    OutputChannel channel = OutputChannel::Stdout;
    QByteArray text; // without the newline; very long lines are cut
};

} // namespace herd

// Moved in memory as bytes when a list of lines grows (QByteArray allows it).
Q_DECLARE_TYPEINFO(herd::OutputLine, Q_RELOCATABLE_TYPE);

Q_DECLARE_METATYPE(herd::ProcessState)
Q_DECLARE_METATYPE(herd::ProcessResult)
Q_DECLARE_METATYPE(herd::OutputLine)
