#include "processtypes.h"

#include "durations.h"

#include <QCoreApplication>

#include <csignal>

namespace herd {

namespace {
// lupdate files tr() calls outside a class under the context "herd".
QString tr(const char *text)
{
    return QCoreApplication::translate("herd", text);
}

bool hasNul(const QString &text)
{
    return text.contains(QChar(u'\0'));
}

// "5 s", "0.5 s", "1.25 s", "24 h" ... for messages.
Result<void> checkDuration(const QString &what, qint64 ms, qint64 max)
{
    if (ms < 0)
        return Result<void>::failure(tr("the %1 cannot be negative (%2 ms); use 0 for none")
            .arg(what)
            .arg(ms));
    if (ms > max)
        return Result<void>::failure(tr("the %1 of %2 is too long; the longest allowed is %3")
            .arg(what, formatDuration(ms), formatDuration(max)));
    return Result<void>::success();
}
} // namespace

bool isLiveState(ProcessState state)
{
    switch (state) {
    case ProcessState::Starting:
    case ProcessState::Running:
    case ProcessState::Stopping:
        return true;
    case ProcessState::Exited:
    case ProcessState::Killed:
    case ProcessState::TimedOut:
    case ProcessState::FailedToStart:
        return false;
    }
    return false;
}

QString stateName(ProcessState state)
{
    switch (state) {
    case ProcessState::Starting:
        return QStringLiteral("starting");
    case ProcessState::Running:
        return QStringLiteral("running");
    case ProcessState::Stopping:
        return QStringLiteral("stopping");
    case ProcessState::Exited:
        return QStringLiteral("exited");
    case ProcessState::Killed:
        return QStringLiteral("killed");
    case ProcessState::TimedOut:
        return QStringLiteral("timed-out");
    case ProcessState::FailedToStart:
        return QStringLiteral("failed-to-start");
    }
    return QStringLiteral("unknown");
}

QString stopCauseName(StopCause cause)
{
    switch (cause) {
    case StopCause::None:
        return QStringLiteral("self");
    case StopCause::User:
        return QStringLiteral("user");
    case StopCause::Watchdog:
        return QStringLiteral("watchdog");
    case StopCause::TaskWatchdog:
        return QStringLiteral("task-watchdog");
    case StopCause::Quit:
        return QStringLiteral("quit");
    case StopCause::QueueDamaged:
        return QStringLiteral("queue-damaged");
    }
    return QStringLiteral("unknown");
}

QString endReasonName(EndReason reason)
{
    switch (reason) {
    case EndReason::None:
        return QString();
    case EndReason::Exited:
        return QStringLiteral("exited");
    case EndReason::Terminated:
        return QStringLiteral("terminated");
    case EndReason::Killed:
        return QStringLiteral("killed");
    case EndReason::Timeout:
        return QStringLiteral("timeout");
    case EndReason::FailedToStart:
        return QStringLiteral("failed-to-start");
    }
    return QString();
}

Result<void> validateSpec(const ProcessSpec &spec)
{
    if (spec.program.trimmed().isEmpty())
        return Result<void>::failure(tr("no program given"));
    if (hasNul(spec.program))
        return Result<void>::failure(tr("the program name contains a NUL character"));
    if (hasNul(spec.name))
        return Result<void>::failure(tr("the name contains a NUL character"));
    if (spec.name.size() > kMaxNameLength)
        return Result<void>::failure(tr("the name is too long (%1 characters; at most %2)").arg(spec.name.size()).arg(kMaxNameLength));
    for (int i = 0; i < spec.arguments.size(); ++i) {
        if (hasNul(spec.arguments.at(i)))
            return Result<void>::failure(tr("argument %1 contains a NUL character, which cannot be passed to a program").arg(i + 1));
    }
    for (const QString &entry : spec.environment) {
        const qsizetype eq = entry.indexOf(u'=');
        if (eq <= 0)
            return Result<void>::failure(tr("environment entry \"%1\" is not of the form KEY=VALUE").arg(entry));
        if (hasNul(entry))
            return Result<void>::failure(tr("environment entry \"%1\" contains a NUL character").arg(entry.left(eq)));
    }
    if (!spec.workingDirectory.isEmpty() && hasNul(spec.workingDirectory))
        return Result<void>::failure(tr("the working directory contains a NUL character"));
    if (const Result<void> timeout = checkDuration(tr("timeout"), spec.timeoutMs, kMaxTimeoutMs); !timeout.ok())
        return timeout;
    return checkDuration(tr("grace period"), spec.graceMs, kMaxGraceMs);
}

QString formatDuration(qint64 ms)
{
    return tr("%1 s").arg(formatSeconds(ms));
}

QString signalResultMessage(SignalResult result)
{
    switch (result) {
    case SignalResult::Sent:
        return tr("signal sent");
    case SignalResult::NotRunning:
        return tr("the process is not running");
    case SignalResult::NoSuchProcess:
        return tr("no such process (it has already ended)");
    case SignalResult::PermissionDenied:
        return tr("permission denied: the process belongs to another user");
    case SignalResult::InvalidSignal:
        return tr("not a valid signal");
    }
    return QString();
}

QString signalName(int sig)
{
    switch (sig) {
    case SIGHUP: return QStringLiteral("SIGHUP");
    case SIGINT: return QStringLiteral("SIGINT");
    case SIGQUIT: return QStringLiteral("SIGQUIT");
    case SIGILL: return QStringLiteral("SIGILL");
    case SIGTRAP: return QStringLiteral("SIGTRAP");
    case SIGABRT: return QStringLiteral("SIGABRT");
    case SIGBUS: return QStringLiteral("SIGBUS");
    case SIGFPE: return QStringLiteral("SIGFPE");
    case SIGKILL: return QStringLiteral("SIGKILL");
    case SIGUSR1: return QStringLiteral("SIGUSR1");
    case SIGSEGV: return QStringLiteral("SIGSEGV");
    case SIGUSR2: return QStringLiteral("SIGUSR2");
    case SIGPIPE: return QStringLiteral("SIGPIPE");
    case SIGALRM: return QStringLiteral("SIGALRM");
    case SIGTERM: return QStringLiteral("SIGTERM");
    case SIGCHLD: return QStringLiteral("SIGCHLD");
    case SIGCONT: return QStringLiteral("SIGCONT");
    case SIGSTOP: return QStringLiteral("SIGSTOP");
    case SIGTSTP: return QStringLiteral("SIGTSTP");
    case SIGTTIN: return QStringLiteral("SIGTTIN");
    case SIGTTOU: return QStringLiteral("SIGTTOU");
    case SIGURG: return QStringLiteral("SIGURG");
    case SIGXCPU: return QStringLiteral("SIGXCPU");
    case SIGXFSZ: return QStringLiteral("SIGXFSZ");
    case SIGVTALRM: return QStringLiteral("SIGVTALRM");
    case SIGPROF: return QStringLiteral("SIGPROF");
    case SIGWINCH: return QStringLiteral("SIGWINCH");
    case SIGIO: return QStringLiteral("SIGIO");
    case SIGPWR: return QStringLiteral("SIGPWR");
    case SIGSYS: return QStringLiteral("SIGSYS");
    default:
        break;
    }
    if (sig >= SIGRTMIN && sig <= SIGRTMAX)
        return sig == SIGRTMIN ? QStringLiteral("SIGRTMIN") : QStringLiteral("SIGRTMIN+%1").arg(sig - SIGRTMIN);
    return QStringLiteral("signal %1").arg(sig);
}

QString signalDescription(int sig)
{
    switch (sig) {
    case SIGHUP: return tr("hangup");
    case SIGINT: return tr("interrupted");
    case SIGQUIT: return tr("quit");
    case SIGILL: return tr("illegal instruction");
    case SIGTRAP: return tr("trace/breakpoint trap");
    case SIGABRT: return tr("aborted");
    case SIGBUS: return tr("bus error");
    case SIGFPE: return tr("floating-point exception");
    case SIGKILL: return tr("killed");
    case SIGUSR1: return tr("user signal 1");
    case SIGSEGV: return tr("segmentation fault");
    case SIGUSR2: return tr("user signal 2");
    case SIGPIPE: return tr("broken pipe");
    case SIGALRM: return tr("alarm clock");
    case SIGTERM: return tr("terminated");
    case SIGXCPU: return tr("CPU time limit exceeded");
    case SIGXFSZ: return tr("file size limit exceeded");
    case SIGVTALRM: return tr("virtual timer expired");
    case SIGPROF: return tr("profiling timer expired");
    case SIGSYS: return tr("bad system call");
    case SIGPWR: return tr("power failure");
    default:
        return tr("signal %1").arg(sig);
    }
}

} // namespace herd
