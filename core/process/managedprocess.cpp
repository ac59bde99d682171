#include "managedprocess.h"

#include "childsetup.h"
#include "orphanreaper.h"
#include "pipereader.h"
#include "supervisor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSocketNotifier>
#include <QTimer>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace herd {

namespace {

// Longest single wait of the watchdog timer. Long timeouts are reached in steps, each
// re-armed from the QDeadlineTimer, since QTimer misbehaves near INT_MAX ms on Qt 6.4.
constexpr qint64 kWatchdogStepMs = 3600 * 1000;
// After SIGKILL, how much longer than the grace period a process may take to be reaped
// before it is flagged unkillable (typically stuck in uninterruptible sleep, state D).
constexpr qint64 kUnkillableExtraMs = 5000;
// Lived less than this: flagged as exiting too quickly.
constexpr qint64 kTooQuickMs = 1000;

// Number of open descriptors of this process, or -1.
int openDescriptorCount()
{
    const QDir fds(QStringLiteral("/proc/self/fd"));
    if (!fds.exists())
        return -1;
    return int(fds.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size());
}

} // namespace

ManagedProcess::ManagedProcess(quint64 id, ProcessSpec spec, Supervisor *supervisor)
    : QObject(supervisor)
    , m_id(id)
    , m_spec(std::move(spec))
    , m_supervisor(supervisor)
{
    // Both timers are precise: a coarse timer may fire 5% early or late, 250 ms on 5 s.
    m_watchdog = new QTimer(this);
    m_watchdog->setSingleShot(true);
    m_watchdog->setTimerType(Qt::PreciseTimer);
    connect(m_watchdog, &QTimer::timeout, this, &ManagedProcess::onWatchdogExpired);

    m_grace = new QTimer(this);
    m_grace->setSingleShot(true);
    m_grace->setTimerType(Qt::PreciseTimer);
    connect(m_grace, &QTimer::timeout, this, &ManagedProcess::onGraceExpired);
}

ManagedProcess::~ManagedProcess()
{
    abandon();
}

void ManagedProcess::abandon()
{
    closePipes();
    restoreDeathNotifier(); // the QProcess reaps its child on its own from here
    if (!m_process)
        return;
    QProcess *process = m_process;
    m_process = nullptr;
    process->disconnect(this);
    // Off the parent first, so ~QObject does not delete it: this may run inside one of
    // its own signals (a slot that destroys the supervisor).
    process->setParent(nullptr);
    if (process->state() == QProcess::NotRunning) {
        OrphanReaper::removeOwnedChild(m_pid);
        process->deleteLater();
        return;
    }
    // ~QProcess on a running child sends SIGKILL to the child only and then blocks in
    // waitForFinished() for up to 30 s. Instead: SIGKILL the whole group now (the child is
    // not reaped yet, so its pid and group are still ours), and let the QProcess object
    // delete itself once it has reaped the child, without blocking anyone.
    if (m_pid > 1) {
        if (::kill(pid_t(-m_pid), SIGKILL) != 0 && errno == ESRCH)
            ::kill(pid_t(m_pid), SIGKILL);
    }
    const qint64 pid = m_pid;
    QObject::connect(process, &QProcess::finished, process, [process, pid] {
        OrphanReaper::removeOwnedChild(pid);
        process->deleteLater();
    });
    QObject::connect(process, &QProcess::errorOccurred, process, [process, pid](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            OrphanReaper::removeOwnedChild(pid);
            process->deleteLater();
        }
    });
}

bool ManagedProcess::processRunning() const
{
    // The QProcess is the truth about whether the child has been reaped: Qt reaps it and
    // switches to NotRunning in the same step, on this thread. Until then the pid and the
    // process group cannot belong to anyone else, so signalling them is safe.
    return m_process && m_process->state() != QProcess::NotRunning && m_pid > 1;
}

void ManagedProcess::start()
{
    ++m_runCount;
    m_result = ProcessResult();
    m_timeline = StopTimeline();
    m_sample = ProcessSample();
    m_stoppedSinceMs = -1;
    m_continuedAtMs = -1;
    m_pid = 0;
    m_escalated = false;
    m_stderrSeen = false;
    m_setupFailure.clear();
    m_watchdogDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
    setState(ProcessState::Starting);

    auto *process = new QProcess(this);
    m_process = process;
    process->setProgram(m_spec.program);
    process->setArguments(m_spec.arguments);
    if (!m_spec.workingDirectory.isEmpty())
        process->setWorkingDirectory(m_spec.workingDirectory);
    process->setProcessEnvironment(m_supervisor->environmentFor(m_spec));
    process->setStandardInputFile(QProcess::nullDevice());
    // The output comes through pipes of Herd's own, read through the supervisor's one
    // epoll set (PipeReader); QProcess gives the child /dev/null, which the child's setup
    // replaces with the pipes. If they cannot be made, QProcess reads them as usual.
    ChildSetupParams params = ChildSetup::currentParams();
    int writeEnds[2] = {-1, -1};
    const bool ownPipes = openPipes(writeEnds);
    m_ownPipes = ownPipes;
    if (ownPipes) {
        process->setStandardOutputFile(QProcess::nullDevice());
        process->setStandardErrorFile(QProcess::nullDevice());
        params.stdoutFd = writeEnds[0];
        params.stderrFd = writeEnds[1];
    } else {
        process->setProcessChannelMode(QProcess::SeparateChannels);
    }
    process->setChildProcessModifier(ChildSetup::modifier(params));

    // Connected before start(); each handler ignores a QProcess of an earlier run.
    connect(process, &QProcess::started, this, [this, process] {
        if (process == m_process)
            onStarted();
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (process == m_process)
            onErrorOccurred(int(error));
    });
    connect(process, &QProcess::finished, this, [this, process](int exitCode, QProcess::ExitStatus status) {
        if (process == m_process)
            onFinished(exitCode, int(status));
    });
    if (!ownPipes) {
        connect(process, &QProcess::readyReadStandardOutput, this, [this, process] {
            if (process == m_process)
                onReadyRead(int(OutputChannel::Stdout));
        });
        connect(process, &QProcess::readyReadStandardError, this, [this, process] {
            if (process == m_process)
                onReadyRead(int(OutputChannel::Stderr));
        });
    }

    m_startedMs = m_supervisor->elapsedMs();
    if (m_spec.timeoutMs > 0)
        m_watchdogDeadline = QDeadlineTimer(m_spec.timeoutMs, Qt::PreciseTimer);

    m_inStart = true;
    process->start(QIODevice::ReadOnly);
    m_inStart = false;
    // The child has its copies (or never will): the write ends must close here, or the
    // pipes would never reach their end.
    for (int &fd : writeEnds) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }

    if (m_process == process && process->state() != QProcess::NotRunning) {
        m_pid = process->processId();
        OrphanReaper::addOwnedChild(m_pid);
        // The child makes itself a group leader, but a stop requested before it got that
        // far would find no group. Doing it from the parent as well closes the race, as
        // shells do; it fails harmlessly (EACCES) once the child has exec()ed.
        if (m_pid > 1)
            ::setpgid(pid_t(m_pid), pid_t(m_pid));
    }
}

void ManagedProcess::onStarted()
{
    if (!isAlive())
        return;
    m_pid = m_process->processId();
    watchDeathInEpoll();
    if (m_state == ProcessState::Starting)
        setState(ProcessState::Running);
    if (m_timeline.stopRequestedMs < 0)
        scheduleWatchdog();
}

void ManagedProcess::onErrorOccurred(int error)
{
    // A crash is reported as Crashed and then finished(); a failure to start only as
    // FailedToStart, without finished(), and exitCode() is meaningless then.
    if (error != QProcess::FailedToStart || !isAlive())
        return;
    const QString errorString = m_process->errorString();
    if (m_inStart) {
        // Refused before any fork (no pipes, for instance): report it from the event loop,
        // so whoever called spawn() or restart() can connect to the result first.
        QMetaObject::invokeMethod(this, [this, process = m_process, errorString] {
            if (process == m_process && isAlive())
                failToStart(errorString);
        }, Qt::QueuedConnection);
        return;
    }
    failToStart(errorString);
}

void ManagedProcess::failToStart(const QString &errorString)
{
    // Qt 6.4 words it "<function>: <strerror>", e.g. "execvp: No such file or directory".
    const qsizetype colon = errorString.indexOf(QLatin1String(": "));
    const QString function = colon > 0 ? errorString.left(colon) : QString();
    QString reason = colon > 0 ? errorString.mid(colon + 2) : errorString;
    bool notFound = reason.contains(QLatin1String("No such file"));

    ProcessResult result;
    result.state = ProcessState::FailedToStart;
    result.reason = EndReason::FailedToStart;
    if (function == QLatin1String("chdir")) {
        result.message = tr("failed to start: cannot enter the working directory %1: %2")
                             .arg(m_spec.workingDirectory, reason);
    } else {
        // Qt 6.4 reports running out of descriptors as "No such file or directory", or as
        // "Could not open input redirection for reading" when /dev/null cannot be opened.
        const bool redirection = errorString.startsWith(QLatin1String("Could not open"));
        if ((notFound && QFileInfo(m_spec.program).isExecutable()) || redirection) {
            // The program is there, so say what is more likely.
            rlimit limit;
            const int open = openDescriptorCount();
            if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && open >= 0
                && rlim_t(open) + 16 >= limit.rlim_cur) {
                reason = tr("Too many open files");
                notFound = false;
            } else if (redirection) {
                reason = errorString;
            } else {
                reason = tr("No such file or directory (the program exists; is its interpreter or loader missing?)");
            }
        }
        // execve() says EACCES for a directory: say what it is.
        if (!notFound && QFileInfo(m_spec.program).isDir())
            reason = tr("%1 is a directory, not a program").arg(m_spec.program);
        result.message = tr("failed to start: %1").arg(reason);
    }
    // Shells' convention, as nothing ran: 127 not found, 126 found but not runnable.
    result.exitCode = notFound ? 127 : 126;
    m_timeline.reapedMs = m_supervisor->elapsedMs();
    releaseProcess();
    finish(result);
}

void ManagedProcess::onFinished(int exitCode, int exitStatus)
{
    if (!isAlive())
        return;
    const qint64 now = m_supervisor->elapsedMs();
    m_timeline.reapedMs = now;

    // Qt has just reaped the group leader, so its pid is free again; but a process group
    // id stays reserved while any member is alive, and Linux hands out pids cyclically, so
    // it cannot have been reused in the few microseconds since. If a stop was in progress,
    // one SIGKILL to the group now takes any grandchild that ignored SIGTERM or outlived
    // the leader. After this, nothing is ever sent to this pid or group again.
    if (m_timeline.stopRequestedMs >= 0 && m_pid > 1)
        ::kill(pid_t(-m_pid), SIGKILL);

    // What was left in the pipes, and the unfinished lines.
    readChannel(OutputChannel::Stdout);
    readChannel(OutputChannel::Stderr);
    const QVector<OutputLine> rest = m_output.flush(now);
    noteStderr(rest);
    if (!rest.isEmpty())
        emit outputLines(rest);

    ProcessResult result;
    result.cause = m_timeline.cause;
    result.escalated = m_escalated;
    result.tooQuick = now - m_startedMs < kTooQuickMs;
    if (exitStatus == QProcess::CrashExit) {
        // Qt reports the terminating signal as the exit code of a CrashExit.
        result.signal = exitCode;
        result.exitCode = -exitCode;
    } else {
        result.exitCode = exitCode;
    }

    if (exitStatus == QProcess::NormalExit && exitCode == kSetupFailedExitCode && !m_setupFailure.isEmpty()) {
        result.state = ProcessState::FailedToStart;
        result.reason = EndReason::FailedToStart;
        result.setupFailed = true;
        result.message = tr("failed to start: setup failed: %1").arg(m_setupFailure);
    } else {
        QString how;
        if (result.signal == SIGKILL && m_escalated) {
            how = tr("killed by SIGKILL after %1 grace").arg(formatDuration(m_spec.graceMs));
        } else if (result.signal == SIGTERM) {
            how = tr("terminated by SIGTERM");
        } else if (result.signal == SIGKILL) {
            how = tr("killed by SIGKILL");
        } else if (result.signal > 0) {
            how = tr("killed by %1 (%2)").arg(signalName(result.signal), signalDescription(result.signal));
        } else if (exitStatus == QProcess::CrashExit) {
            how = tr("ended; its exit status was lost");
        } else {
            how = tr("exited with code %1").arg(exitCode);
        }

        if (m_timeline.cause == StopCause::Watchdog) {
            result.state = ProcessState::TimedOut;
            result.reason = EndReason::Timeout;
            result.message = tr("timed out after %1 (%2)").arg(formatDuration(m_spec.timeoutMs), how);
        } else if (m_timeline.cause == StopCause::TaskWatchdog) {
            result.state = ProcessState::TimedOut;
            result.reason = EndReason::Timeout;
            result.message = tr("its task timed out (%1)").arg(how);
        } else if (result.signal > 0) {
            result.state = ProcessState::Killed;
            result.reason = result.signal == SIGTERM ? EndReason::Terminated : EndReason::Killed;
            result.message = how;
        } else if (exitStatus == QProcess::CrashExit) {
            result.state = ProcessState::Killed;
            result.reason = EndReason::Killed;
            result.message = how;
        } else {
            result.state = ProcessState::Exited;
            result.reason = EndReason::Exited;
            result.message = how;
        }
    }
    releaseProcess();
    finish(result);
}

void ManagedProcess::releaseProcess()
{
    // What the pipes still held has been read; a descendant that writes on gets EPIPE, as
    // it did when QProcess closed its own pipes.
    closePipes();
    restoreDeathNotifier();
    m_watchdog->stop();
    m_grace->stop();
    if (!m_process)
        return;
    // Qt has reaped the child by now (it reports an end only after waiting for it).
    if (m_pid > 0)
        OrphanReaper::removeOwnedChild(m_pid);
    // Never deleted inside its own signal: this runs from one of its signals.
    m_process->disconnect(this);
    m_process->deleteLater();
    m_process = nullptr;
}

void ManagedProcess::readChannel(OutputChannel channel, qsizetype maxBytes)
{
    QByteArray data;
    const int c = int(channel);
    if (m_pipe[c] >= 0) {
        // A bounded share each turn: a flooding child waits in its pipe (the kernel's
        // buffer is the bound), and the other processes and the event loop get their turn.
        static thread_local char buffer[64 * 1024];
        while (data.size() < maxBytes) {
            const ssize_t n = ::read(m_pipe[c], buffer, sizeof buffer);
            if (n > 0) {
                data.append(buffer, qsizetype(n));
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n == 0 || errno != EAGAIN) {
                // The end: every writer (the process and whatever inherited the pipe) closed it.
                if (c == 0)
                    narrowOutputPipe();
                if (m_pipes)
                    m_pipes->remove(m_pipeHandle[c]);
                ::close(m_pipe[c]);
                m_pipe[c] = -1;
                m_pipeHandle[c] = 0;
            }
            break;
        }
    } else if (m_process && !m_ownPipes) {
        // Drained completely on every notification: QProcess's own buffer has no limit and
        // a flooding child would fill it without bound otherwise.
        data = channel == OutputChannel::Stdout ? m_process->readAllStandardOutput()
                                                : m_process->readAllStandardError();
    }
    if (data.isEmpty())
        return;
    const QVector<OutputLine> lines = m_output.feed(channel, data, m_supervisor->elapsedMs());
    if (channel == OutputChannel::Stderr)
        noteStderr(lines);
    if (!lines.isEmpty())
        emit outputLines(lines);
}

namespace {

// A child that prints a line per task fills a pipe of the kernel's default size (64 KiB)
// in about a millisecond, and then waits until Herd reads: while Herd's thread is busy
// with the queue, its workers would stop working to wait for it. Standard output gets a
// pipe of kWidePipeBytes instead, enough for several ticks of a busy queue. The kernel
// counts the size of every pipe against a limit per user (fs.pipe-user-pages-soft, 64 MiB
// by default; past it the user's new pipes, in every program, get the smallest buffers),
// so Herd's wide pipes together hold at most an eighth of that limit, and 8 MiB: the
// first 16 processes running at once get one, the others the default.
constexpr qint64 kWidePipeBytes = 512 * 1024;
std::atomic<qint64> g_widePipeBytes{0}; // held by this process's wide pipes

qint64 widePipeBudget()
{
    static const qint64 budget = [] {
        constexpr qint64 most = 8 * 1024 * 1024;
        QFile limit(QStringLiteral("/proc/sys/fs/pipe-user-pages-soft"));
        if (!limit.open(QIODevice::ReadOnly))
            return most;
        bool ok = false;
        const qint64 pages = limit.readAll().trimmed().toLongLong(&ok);
        if (!ok || pages <= 0) // 0: no limit
            return most;
        return qMin(most, pages * qint64(sysconf(_SC_PAGESIZE)) / 8);
    }();
    return budget;
}

// Gives the pipe of fd a buffer of kWidePipeBytes if it is smaller (the default is 16
// pages: 1 MiB already on a kernel of 64 KiB pages) and the budget has room. Returns the
// size it had, to go back to (narrowPipe), or 0 when it was left as it was.
int widenPipe(int fd)
{
    const int size = ::fcntl(fd, F_GETPIPE_SZ);
    if (size <= 0 || size >= kWidePipeBytes)
        return 0;
    const qint64 held = g_widePipeBytes.fetch_add(kWidePipeBytes, std::memory_order_relaxed);
    if (held + kWidePipeBytes <= widePipeBudget() && ::fcntl(fd, F_SETPIPE_SZ, int(kWidePipeBytes)) >= 0)
        return size;
    // Over the budget, or refused (the user is past the kernel's limit already): the default.
    g_widePipeBytes.fetch_sub(kWidePipeBytes, std::memory_order_relaxed);
    return 0;
}

// Gives the budget back, and the pipe its old size if it may live on (a descendant still
// holds its write end): the kernel charges the user for a pipe until its last end closes.
// Best effort: EBUSY when more than the old size is still unread.
void narrowPipe(int fd, int size)
{
    if (fd >= 0)
        ::fcntl(fd, F_SETPIPE_SZ, size);
    g_widePipeBytes.fetch_sub(kWidePipeBytes, std::memory_order_relaxed);
}

} // namespace

void ManagedProcess::narrowOutputPipe()
{
    if (m_widenedFrom > 0)
        narrowPipe(m_pipe[0], m_widenedFrom);
    m_widenedFrom = 0;
}

bool ManagedProcess::openPipes(int writeEnds[2])
{
    closePipes();
    m_pipes = m_supervisor->m_pipes;
    if (!m_pipes)
        return false;
    int fds[2][2] = {{-1, -1}, {-1, -1}};
    bool ok = ::pipe2(fds[0], O_CLOEXEC) == 0 && ::pipe2(fds[1], O_CLOEXEC) == 0;
    for (int c = 0; ok && c < 2; ++c) {
        const int flags = ::fcntl(fds[c][0], F_GETFL);
        ok = flags >= 0 && ::fcntl(fds[c][0], F_SETFL, flags | O_NONBLOCK) == 0;
    }
    if (ok)
        m_widenedFrom = widenPipe(fds[0][0]);
    for (int c = 0; ok && c < 2; ++c) {
        m_pipe[c] = fds[c][0];
        fds[c][0] = -1; // closePipes() closes it from now on
        m_pipeHandle[c] = m_pipes->add(m_pipe[c], [this, c] { readChannel(OutputChannel(c), kRoundBytes); });
        ok = m_pipeHandle[c] != 0;
    }
    if (!ok) {
        closePipes();
        for (const auto &pair : fds) {
            for (const int fd : pair) {
                if (fd >= 0)
                    ::close(fd);
            }
        }
        return false;
    }
    writeEnds[0] = fds[0][1];
    writeEnds[1] = fds[1][1];
    return true;
}

void ManagedProcess::closePipes()
{
    narrowOutputPipe();
    for (int c = 0; c < 2; ++c) {
        if (m_pipeHandle[c] && m_pipes)
            m_pipes->remove(m_pipeHandle[c]);
        m_pipeHandle[c] = 0;
        if (m_pipe[c] >= 0)
            ::close(m_pipe[c]);
        m_pipe[c] = -1;
    }
}

namespace {

// The pid a pidfd refers to (the "Pid:" line of its fdinfo), or 0 when fd is not a pidfd.
qint64 pidOfPidfd(int fd)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    const int info = ::open(path, O_RDONLY | O_CLOEXEC);
    if (info < 0)
        return 0;
    char text[512];
    const ssize_t n = ::read(info, text, sizeof text - 1);
    ::close(info);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    const char *line = std::strstr(text, "\nPid:");
    return line ? std::strtoll(line + 5, nullptr, 10) : 0;
}

} // namespace

void ManagedProcess::watchDeathInEpoll()
{
    if (m_deathHandle || !m_process || m_pid <= 1 || !m_supervisor->m_pipes)
        return;
    // QProcess's own notifier on the child's pidfd: enabled, for reading, and the pidfd of
    // this very child. Anything else (another Qt's way of doing it) is left as it is.
    for (QSocketNotifier *notifier : m_process->findChildren<QSocketNotifier *>(Qt::FindDirectChildrenOnly)) {
        if (notifier->type() != QSocketNotifier::Read || !notifier->isEnabled()
            || pidOfPidfd(int(notifier->socket())) != m_pid)
            continue;
        m_pipes = m_supervisor->m_pipes;
        m_deathHandle = m_pipes->add(int(notifier->socket()), [this] { restoreDeathNotifier(); });
        if (m_deathHandle == 0)
            return;
        notifier->setEnabled(false);
        m_deathNotifier = notifier;
        return;
    }
}

void ManagedProcess::restoreDeathNotifier()
{
    // Out of the epoll set before QProcess can close the pidfd (it does when it reaps).
    if (m_deathHandle && m_pipes)
        m_pipes->remove(m_deathHandle);
    m_deathHandle = 0;
    if (m_deathNotifier)
        m_deathNotifier->setEnabled(true);
    m_deathNotifier = nullptr;
}

void ManagedProcess::noteStderr(const QVector<OutputLine> &lines)
{
    // A failed child setup writes one line to stderr before anything else can run.
    if (m_stderrSeen)
        return;
    for (const OutputLine &line : lines) {
        if (line.channel != OutputChannel::Stderr)
            continue;
        m_stderrSeen = true;
        const QByteArray prefix(kSetupFailedPrefix);
        if (line.text.startsWith(prefix))
            m_setupFailure = QString::fromUtf8(line.text.mid(prefix.size()));
        return;
    }
}

void ManagedProcess::onReadyRead(int channel)
{
    readChannel(OutputChannel(channel));
}

void ManagedProcess::finish(ProcessResult result)
{
    m_result = std::move(result);
    m_inFinish = true;
    setState(m_result.state);
    emit finished(m_result);
    m_inFinish = false;
}

void ManagedProcess::killGroupRemnants()
{
    // Only while finished() is being emitted: the leader was reaped a moment ago, so (as
    // in onFinished) its group id is still reserved while any member lives and cannot
    // have been reused. Later, the same number could name someone else's group.
    if (!m_inFinish || m_pid <= 1 || m_result.state == ProcessState::FailedToStart)
        return;
    ::kill(pid_t(-m_pid), SIGKILL);
}

void ManagedProcess::setState(ProcessState state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

int ManagedProcess::killGroup(int sig)
{
    if (!processRunning())
        return ESRCH;
    if (::kill(pid_t(-m_pid), sig) == 0)
        return 0;
    int error = errno;
    if (error == ESRCH) {
        // No such group: the child has left it (setsid() or setpgid() of its own). The
        // child itself is not reaped yet, so its pid is still safe to signal.
        if (::kill(pid_t(m_pid), sig) == 0)
            return 0;
        error = errno;
    }
    return error;
}

namespace {
SignalResult toSignalResult(int error)
{
    switch (error) {
    case 0:
        return SignalResult::Sent;
    case EPERM:
        return SignalResult::PermissionDenied;
    case EINVAL:
        return SignalResult::InvalidSignal;
    default:
        return SignalResult::NoSuchProcess;
    }
}
} // namespace

SignalResult ManagedProcess::terminate(StopCause cause)
{
    if (!processRunning())
        return SignalResult::NotRunning;
    if (m_timeline.stopRequestedMs >= 0)
        return m_timeline.killSentMs >= 0 ? SignalResult::NotRunning : SignalResult::Sent;

    const qint64 now = m_supervisor->elapsedMs();
    m_timeline.cause = cause;
    m_timeline.stopRequestedMs = now;
    m_watchdog->stop();
    int error = 0;
    if (m_spec.graceMs <= 0) {
        // No grace: SIGKILL at once, and no SIGTERM before it. A process that handles
        // SIGTERM quickly could otherwise end by itself between the two signals whenever
        // Herd's thread is preempted there, so the same stop would end differently from one
        // run to the next.
        m_escalated = true;
        error = killGroup(SIGKILL);
        m_timeline.killSentMs = now;
        setState(ProcessState::Stopping);
        m_grace->start(int(qMin<qint64>(kUnkillableExtraMs, kWatchdogStepMs)));
    } else {
        // SIGTERM to the whole group, then SIGCONT: a stopped process only acts on SIGTERM
        // once it runs again. ESRCH (the group just died) is fine; reaping follows.
        error = killGroup(SIGTERM);
        killGroup(SIGCONT);
        m_timeline.termSentMs = now;
        setState(ProcessState::Stopping);
        m_grace->start(int(qMin<qint64>(m_spec.graceMs, kWatchdogStepMs)));
    }
    emit timelineChanged();
    return error == ESRCH ? SignalResult::Sent : toSignalResult(error);
}

SignalResult ManagedProcess::kill(StopCause cause)
{
    if (!processRunning() || m_timeline.killSentMs >= 0)
        return SignalResult::NotRunning;
    const qint64 now = m_supervisor->elapsedMs();
    if (m_timeline.stopRequestedMs < 0) {
        m_timeline.cause = cause;
        m_timeline.stopRequestedMs = now;
    }
    m_watchdog->stop();
    const int error = killGroup(SIGKILL);
    m_timeline.killSentMs = now;
    setState(ProcessState::Stopping);
    m_grace->start(int(qMin<qint64>(m_spec.graceMs + kUnkillableExtraMs, kWatchdogStepMs)));
    emit timelineChanged();
    return error == ESRCH ? SignalResult::Sent : toSignalResult(error);
}

SignalResult ManagedProcess::sendSignal(int sig)
{
    if (sig <= 0 || sig >= NSIG)
        return SignalResult::InvalidSignal;
    if (!processRunning())
        return SignalResult::NotRunning;
    return toSignalResult(killGroup(sig));
}

void ManagedProcess::onGraceExpired()
{
    if (!processRunning())
        return;
    const qint64 now = m_supervisor->elapsedMs();
    if (m_timeline.killSentMs < 0) {
        // The grace period is over and the process is still there: escalate.
        m_escalated = true;
        killGroup(SIGKILL);
        m_timeline.killSentMs = now;
        m_grace->start(int(qMin<qint64>(m_spec.graceMs + kUnkillableExtraMs, kWatchdogStepMs)));
    } else {
        // SIGKILL cannot be ignored, so a process still not reaped is stuck in the kernel
        // (uninterruptible sleep, typically on a hung file system). Keep trying; the
        // QProcess still tells whether it has been reaped, so this never hits another
        // process.
        m_timeline.unkillable = true;
        killGroup(SIGKILL);
        m_grace->start(int(qBound<qint64>(1000, m_spec.graceMs, kWatchdogStepMs)));
    }
    emit timelineChanged();
}

void ManagedProcess::scheduleWatchdog()
{
    if (m_watchdogDeadline.isForever() || !isAlive() || m_timeline.stopRequestedMs >= 0) {
        m_watchdog->stop();
        return;
    }
    const qint64 remaining = m_watchdogDeadline.remainingTime();
    m_watchdog->start(int(qBound<qint64>(0, remaining, kWatchdogStepMs)));
}

void ManagedProcess::onWatchdogExpired()
{
    if (!isAlive() || m_timeline.stopRequestedMs >= 0 || m_watchdogDeadline.isForever())
        return;
    if (!m_watchdogDeadline.hasExpired()) {
        scheduleWatchdog(); // a long timeout is reached in steps
        return;
    }
    terminate(StopCause::Watchdog);
}

qint64 ManagedProcess::watchdogRemainingMs() const
{
    if (m_watchdogDeadline.isForever() || !isAlive() || m_timeline.stopRequestedMs >= 0)
        return -1;
    return qMax<qint64>(0, m_watchdogDeadline.remainingTime());
}

Result<void> ManagedProcess::setTimeout(qint64 timeoutMs)
{
    ProcessSpec check = m_spec;
    check.timeoutMs = timeoutMs;
    if (const Result<void> valid = validateSpec(check); !valid.ok())
        return valid;
    m_spec.timeoutMs = timeoutMs;
    if (!isAlive() || m_recorded)
        return Result<void>::success();
    if (timeoutMs == 0) {
        m_watchdogDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
    } else {
        // Given to a running process, the timeout counts from now (as the window's "Set
        // timeout…" says): a process that has run 15 s and gets 10 s has 10 s left, not
        // none. The next runs count it from their start, as a timeout given at spawn.
        m_watchdogDeadline = QDeadlineTimer(timeoutMs, Qt::PreciseTimer);
    }
    if (m_state == ProcessState::Running)
        scheduleWatchdog();
    return Result<void>::success();
}

Result<void> ManagedProcess::restart()
{
    if (m_recorded)
        return Result<void>::failure(tr("“%1” is a recorded run; it cannot be started here").arg(name()));
    if (isAlive())
        return Result<void>::failure(tr("“%1” is still running").arg(name()));
    start();
    return Result<void>::success();
}

ProcessRecord ManagedProcess::record() const
{
    ProcessRecord r;
    r.spec = m_spec;
    r.state = m_state;
    r.pid = m_pid;
    r.runCount = m_runCount;
    r.startedMs = m_startedMs;
    r.result = m_result;
    r.timeline = m_timeline;
    r.sample = m_sample;
    r.stoppedSinceMs = m_stoppedSinceMs;
    r.continuedAtMs = m_continuedAtMs;
    return r;
}

void ManagedProcess::restore(const ProcessRecord &record)
{
    // Only a process that never started: no QProcess, no timer armed, nothing to undo.
    Q_ASSERT(!m_process && m_runCount == 0);
    m_recorded = true;
    m_state = record.state;
    m_pid = record.pid;
    m_runCount = record.runCount;
    m_startedMs = record.startedMs;
    m_result = record.result;
    m_timeline = record.timeline;
    m_sample = record.sample;
    m_stoppedSinceMs = record.stoppedSinceMs;
    m_continuedAtMs = record.continuedAtMs;
}

void ManagedProcess::setSample(const ProcessSample &sample)
{
    const qint64 now = m_supervisor->elapsedMs();
    if (sample.stopped && m_stoppedSinceMs < 0) {
        m_stoppedSinceMs = now;
        m_continuedAtMs = -1;
    } else if (!sample.stopped && m_stoppedSinceMs >= 0) {
        m_stoppedSinceMs = -1;
        m_continuedAtMs = now;
    }
    m_sample = sample;
    m_history.add(now, {sample.cpuPercent, double(sample.rssBytes) / (1024.0 * 1024.0)});
}

} // namespace herd
