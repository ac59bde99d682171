#include "processtext.h"

#include "process/managedprocess.h"
#include "units.h"

#include <QCoreApplication>

#include <csignal>

namespace herd {

namespace {

// lupdate files tr() calls outside a class under the context "herd".
QString tr(const char *text)
{
    return QCoreApplication::translate("herd", text);
}

} // namespace

ProcessStatus processStatus(const ManagedProcess &process, const WorkerActivity &activity, bool restartGaveUp,
                            qint64 nowMs)
{
    ProcessStatus s;
    const ProcessResult r = process.result();
    const StopTimeline timeline = process.timeline();
    switch (process.state()) {
    case ProcessState::Starting:
        s.badge = tr("starting");
        s.tone = BadgeTone::Info;
        s.detail = tr("Starting: the program is being launched.");
        break;
    case ProcessState::Running:
        if (process.stoppedSinceMs() >= 0) {
            s.badge = tr("stopped");
            s.tone = BadgeTone::Paused;
            s.detail = tr("Stopped by a signal (SIGSTOP or SIGTSTP) or a debugger: it does nothing "
                          "until SIGCONT continues it (Send signal… → SIGCONT). Terminate continues it too.");
        } else if (process.continuedAtMs() >= 0 && nowMs >= 0 && nowMs - process.continuedAtMs() < kContinuedShownMs) {
            s.badge = tr("continued");
            s.tone = BadgeTone::Active;
            s.detail = tr("Continued: it was stopped and runs again.");
        } else if (process.spec().kind == ProcessKind::Worker && activity.known) {
            if (activity.currentTask >= 0) {
                s.badge = tr("busy with task %1").arg(activity.currentTask);
                s.tone = BadgeTone::Info;
                s.detail = tr("Running task %1 from the queue.").arg(activity.currentTask);
            } else {
                s.badge = tr("idle");
                s.tone = BadgeTone::Neutral;
                s.detail = tr("Waiting for a task from the queue.");
            }
        } else {
            s.badge = tr("running");
            s.tone = BadgeTone::Active;
            s.detail = tr("Running.");
        }
        break;
    case ProcessState::Stopping:
        if (timeline.unkillable) {
            s.badge = tr("unkillable (D state?)");
            s.tone = BadgeTone::Danger;
            s.detail = tr("SIGKILL was sent but the process has not ended; it is probably stuck "
                          "in the kernel (D state). Herd re-sends SIGKILL periodically.");
            s.problem = true;
        } else {
            s.badge = tr("stopping");
            s.tone = BadgeTone::Warning;
            s.detail = timeline.killSentMs >= 0
                ? tr("SIGKILL sent; waiting for the process to be reaped.")
                : tr("SIGTERM sent; SIGKILL follows if it has not ended after %1.")
                      .arg(humanDuration(process.spec().graceMs));
        }
        break;
    case ProcessState::Exited:
        if (r.setupFailed) {
            s.badge = tr("setup failed");
            s.tone = BadgeTone::Danger;
            s.problem = true;
        } else if (r.exitCode == 0) {
            s.badge = tr("exited 0");
            s.tone = BadgeTone::Success;
        } else {
            s.badge = tr("failed with code %1").arg(r.exitCode);
            s.tone = BadgeTone::Danger;
            s.problem = true;
        }
        break;
    case ProcessState::Killed:
        if (r.escalated && r.signal == SIGKILL)
            s.badge = tr("killed (SIGKILL after %1)").arg(humanDuration(process.spec().graceMs));
        else if (r.signal == SIGTERM)
            s.badge = tr("terminated by SIGTERM");
        else
            s.badge = tr("killed by %1").arg(signalName(r.signal));
        s.tone = BadgeTone::Signal;
        s.problem = r.cause == StopCause::None; // a crash, not a stop someone asked for
        break;
    case ProcessState::TimedOut:
        s.badge = tr("timed out");
        s.tone = BadgeTone::Timeout;
        s.problem = true;
        break;
    case ProcessState::FailedToStart:
        s.badge = tr("failed to start");
        s.tone = BadgeTone::Danger;
        s.problem = true;
        break;
    }
    if (!isLiveState(process.state())) {
        QString detail = r.message;
        if (!detail.isEmpty())
            detail[0] = detail.at(0).toUpper();
        // End the sentence, unless it already ends in punctuation of its own script
        // (a Chinese message ends in "）" or "。").
        if (!detail.isEmpty() && !detail.endsWith(QLatin1Char('.')) && detail.back().unicode() < 0x2E80)
            detail += QLatin1Char('.');
        if (process.state() != ProcessState::FailedToStart)
            detail += QLatin1Char(' ') + tr("Ended by %1.").arg(stopCauseText(r.cause));
        if (r.tooQuick)
            detail += QLatin1Char(' ') + tr("It exited too quickly (less than a second after it started).");
        s.detail = detail.trimmed();
        if (restartGaveUp) {
            s.badge = tr("crash-looping, gave up");
            s.tone = BadgeTone::Danger;
            s.problem = true;
            s.detail = tr("It kept failing soon after each start, so its restart policy gave up; "
                          "Restart starts it again. Its last run: %1").arg(s.detail);
        }
    }
    return s;
}

QString exitCodeText(const ManagedProcess &process)
{
    const ProcessState state = process.state();
    if (isLiveState(state) || state == ProcessState::FailedToStart)
        return QString();
    return QString::number(process.result().exitCode);
}

QString exitCodeMeaning(int exitCode)
{
    QString meaning;
    if (exitCode == 0)
        meaning = tr("0: it ended normally.");
    else if (exitCode > 0)
        meaning = tr("%1: it ended with error status %1.").arg(exitCode);
    else
        meaning = tr("%1: it was killed by %2 (%3).")
                      .arg(exitCode)
                      .arg(signalName(-exitCode), signalDescription(-exitCode));
    return meaning;
}

QString exitCodeConvention()
{
    return tr("Exit codes follow Python's convention: 0 is success, a positive number is the "
              "program's error status, -N means killed by signal N.");
}

QString stopCauseText(StopCause cause)
{
    switch (cause) {
    case StopCause::None:
        return tr("its own exit");
    case StopCause::User:
        return tr("the user");
    case StopCause::Watchdog:
        return tr("its watchdog");
    case StopCause::TaskWatchdog:
        return tr("the per-task watchdog");
    case StopCause::Quit:
        return tr("Herd quitting");
    case StopCause::QueueDamaged:
        return tr("a damaged task queue");
    }
    return QString();
}

QString signalResultText(const QString &processName, SignalResult result)
{
    switch (result) {
    case SignalResult::Sent:
        return QString();
    case SignalResult::NotRunning:
        return tr("%1 is not running.").arg(processName);
    case SignalResult::NoSuchProcess:
        return tr("%1 has already ended (no such process).").arg(processName);
    case SignalResult::PermissionDenied:
        return tr("Not allowed to signal %1 (permission denied).").arg(processName);
    case SignalResult::InvalidSignal:
        return tr("That signal is not valid on this system.");
    }
    return signalResultMessage(result);
}

ProcessStatus remoteWorkerStatus(const RemoteWorkerInfo &info)
{
    ProcessStatus s;
    switch (info.state) {
    case RemoteWorkerState::Idle:
        s.badge = tr("idle");
        s.tone = BadgeTone::Neutral;
        s.detail = tr("Connected to the queue and waiting for a task.");
        break;
    case RemoteWorkerState::Busy:
        s.badge = tr("busy with task %1").arg(info.taskId);
        s.tone = BadgeTone::Info;
        s.detail = tr("Running task %1 from the queue.").arg(info.taskId);
        break;
    case RemoteWorkerState::Stopping:
        s.badge = info.taskId != 0 ? tr("stopping after task %1").arg(info.taskId) : tr("stopping");
        s.tone = BadgeTone::Warning;
        s.detail = tr("Asked to finish the task in hand and leave.");
        break;
    case RemoteWorkerState::Silent:
        s.badge = tr("silent for %1 s").arg(info.silentMs / 1000);
        s.tone = BadgeTone::Paused;
        s.detail = tr("No heartbeat for %1: stopped, cut off or dead. Its task goes back to the queue when the "
                      "silence outlasts the lease.")
                       .arg(humanDuration(info.silentMs));
        s.problem = true;
        break;
    case RemoteWorkerState::Gone:
        s.badge = tr("gone");
        s.tone = BadgeTone::Signal;
        s.detail = info.goneWhy.isEmpty() ? tr("No longer connected to the queue.")
                                          : tr("No longer connected to the queue: %1.").arg(info.goneWhy);
        break;
    }
    return s;
}

QString heartbeatAge(qint64 silentMs)
{
    if (silentMs < 10000)
        return tr("%1 s ago").arg(QString::number(double(silentMs) / 1000.0, 'f', 1));
    return tr("%1 s ago").arg(silentMs / 1000);
}

} // namespace herd
