#include "orphanreaper.h"

#include "procsampler.h"
#include "queueprotocol.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QMultiHash>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <mutex>
#include <sys/syscall.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace herd {

namespace {

QMutex g_ownedMutex;
QSet<qint64> g_owned;

// The children a QProcess owns, as they are now: each is Herd's live (unreaped) child, in a
// process group of its own, started with Herd's environment, so none is ever an orphan or
// a dead worker's leftover, and a walk need not read a thing about them.
QSet<qint64> ownedChildren()
{
    const QMutexLocker locker(&g_ownedMutex);
    return g_owned;
}

// The environment a process was started with (/proc/<pid>/environ), or empty.
QByteArray environOf(qint64 pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%lld/environ", static_cast<long long>(pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return QByteArray();
    QByteArray environ;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || environ.size() > (1 << 20))
            break;
        environ.append(buffer, n);
    }
    ::close(fd);
    return environ;
}

QByteArray valueIn(const QByteArray &environ, const char *name)
{
    const QByteArray key = QByteArray(name) + '=';
    for (const QByteArray &entry : environ.split('\0')) {
        if (entry.startsWith(key))
            return entry.mid(key.size());
    }
    return QByteArray();
}

struct ProcEntry {
    qint64 pid = 0;
    char state = 0;
    qint64 ppid = 0;
    qint64 pgrp = 0;
    qint64 session = 0;
    std::uint64_t startTime = 0; // field 22, as processStartTime() reads it
};

// What /proc/<pid>/stat says of one process; false when it cannot be read (it is gone).
bool readProcEntry(qint64 pid, ProcEntry &e)
{
    char path[64];
    char stat[512];
    snprintf(path, sizeof path, "/proc/%lld/stat", static_cast<long long>(pid));
    if (readProcFile(path, stat, sizeof stat) <= 0)
        return false;
    // "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
    // cmajflt utime stime cutime cstime priority nice num_threads itrealvalue starttime
    // ..."; comm may contain spaces and parentheses.
    const char *p = strrchr(stat, ')');
    long long ppid = 0, pgrp = 0, session = 0;
    unsigned long long started = 0;
    if (!p || p[1] == '\0'
        || sscanf(p + 1, " %c %lld %lld %lld %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu",
                  &e.state, &ppid, &pgrp, &session, &started) != 5)
        return false;
    e.pid = pid;
    e.ppid = ppid;
    e.pgrp = pgrp;
    e.session = session;
    e.startTime = started;
    return true;
}

// One walk over /proc: visit(entry) for every process that can be read, except the pids in
// skip (nothing is read about those).
template <typename Visit>
void forEachProcess(const QSet<qint64> &skip, Visit visit)
{
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return;
    while (const dirent *entry = ::readdir(proc)) {
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
            continue;
        const qint64 pid = strtoll(entry->d_name, nullptr, 10);
        ProcEntry e;
        if (!skip.contains(pid) && readProcEntry(pid, e))
            visit(e);
    }
    ::closedir(proc);
}

// When Herd started, in /proc's clock ticks: nothing that started before it can descend
// from a process Herd started or from a worker of its queue.
std::uint64_t ownStartTime()
{
    static const std::uint64_t start = processStartTime(int(::getpid()));
    return start;
}

} // namespace

void OrphanReaper::enable()
{
    static std::once_flag once;
    std::call_once(once, [] { ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); });
}

void OrphanReaper::addOwnedChild(qint64 pid)
{
    const QMutexLocker locker(&g_ownedMutex);
    g_owned.insert(pid);
}

void OrphanReaper::removeOwnedChild(qint64 pid)
{
    const QMutexLocker locker(&g_ownedMutex);
    g_owned.remove(pid);
}

QVector<OrphanReaper::Orphan> OrphanReaper::sweep()
{
    QVector<Orphan> living;
    const pid_t self = ::getpid();
    const pid_t ownGroup = ::getpgrp();
    forEachProcess(ownedChildren(), [&](const ProcEntry &e) {
        if (e.ppid != self || e.pgrp == ownGroup)
            return;
        if (e.state == 'Z' || e.state == 'X') {
            int status = 0;
            ::waitpid(pid_t(e.pid), &status, WNOHANG);
            return;
        }
        Orphan orphan;
        orphan.pid = e.pid;
        orphan.pgid = e.pgrp;
        orphan.owner = QString::fromUtf8(valueIn(environOf(e.pid), "HERD_PROCESS_NAME"));
        living.append(orphan);
    });
    return living;
}

int OrphanReaper::killStrayDescendants(const QVector<qint64> &leaders)
{
    if (leaders.isEmpty())
        return 0;
    struct Links {
        qint64 ppid = 0;
        qint64 pgrp = 0;
    };
    QHash<qint64, Links> links;
    forEachProcess(QSet<qint64>(), [&links](const ProcEntry &e) {
        if (e.state != 'Z')
            links.insert(e.pid, Links{e.ppid, e.pgrp});
    });

    const QSet<qint64> leaderSet(leaders.cbegin(), leaders.cend());
    QVector<qint64> strays;
    for (auto it = links.cbegin(); it != links.cend(); ++it) {
        if (leaderSet.contains(it.key()))
            continue;
        // Up the parent links to a leader, if any (bounded: the links could change while
        // they were read).
        qint64 ancestor = it->ppid;
        for (int depth = 0; depth < 64 && ancestor > 1 && !leaderSet.contains(ancestor); ++depth)
            ancestor = links.value(ancestor).ppid;
        if (leaderSet.contains(ancestor) && it->pgrp != ancestor)
            strays.append(it.key());
    }
    for (const qint64 pid : std::as_const(strays)) {
        if (links.value(pid).pgrp == pid)
            ::kill(pid_t(-pid), SIGKILL);
        ::kill(pid_t(pid), SIGKILL);
    }
    return int(strays.size());
}

QByteArray OrphanReaper::instanceMark()
{
    // pid:start time:session:pid namespace. The session tells the Herd's descendants from a
    // process that merely copied the mark: they stay in it unless they made a session of
    // their own. The namespace says where the pid and the session mean something: a Herd
    // in another pid namespace (a container) sees that Herd's processes, but not by those
    // numbers.
    static const QByteArray mark = QByteArray::number(qint64(::getpid())) + ':'
                                   + QByteArray::number(quint64(processStartTime(int(::getpid())))) + ':'
                                   + QByteArray::number(qint64(::getsid(0))) + ':'
                                   + QByteArray::number(quint64(pidNamespaceId()));
    return mark;
}

OrphanReaper::Leftovers OrphanReaper::killLeftovers(qint64 graceMs)
{
    Leftovers killed;
    const QByteArray own = instanceMark();
    const uid_t uid = ::geteuid();
    const pid_t self = ::getpid();
    struct Instance {
        bool alive = true;       // or unreadable: either way, not a dead Herd's
        std::uint64_t start = 0; // when that Herd started
        // Its session; -1 for an older mark that does not say. 0 is a real answer: the
        // session's leader lives outside this pid namespace (a container started from a
        // shell), and every process of that session reads 0 here too.
        qint64 session = -1;
    };
    QHash<QByteArray, Instance> instances;
    struct Pinned {
        int fd = -1;
        QString name;
    };
    QVector<Pinned> pinned;
    forEachProcess(QSet<qint64>(), [&](const ProcEntry &e) {
        if (e.pid == self || e.state == 'Z' || e.state == 'X')
            return;
        char path[64];
        snprintf(path, sizeof path, "/proc/%lld", static_cast<long long>(e.pid));
        struct stat st {};
        if (::stat(path, &st) != 0 || st.st_uid != uid)
            return; // never another user's process, even as root
        const std::uint64_t started = e.startTime;
        const QByteArray environ = environOf(e.pid);
        const QByteArray mark = valueIn(environ, kInstanceVariable);
        if (started == 0 || mark.isEmpty() || mark == own)
            return;
        auto instance = instances.find(mark);
        if (instance == instances.end()) {
            const QList<QByteArray> parts = mark.split(':');
            bool pidOk = false, startOk = false, sessionOk = parts.size() == 2, nsOk = parts.size() < 4;
            const int pid = parts.size() >= 2 ? parts.at(0).toInt(&pidOk) : 0;
            const std::uint64_t start = parts.size() >= 2 ? parts.at(1).toULongLong(&startOk) : 0;
            Instance i;
            if (parts.size() >= 3)
                i.session = parts.at(2).toLongLong(&sessionOk);
            sessionOk = sessionOk && (parts.size() == 2 || i.session >= 0);
            // Older marks do not name the namespace (and are judged here as before); one
            // made in another pid namespace is not this Herd's to judge.
            const quint64 ns = parts.size() == 4 ? parts.at(3).toULongLong(&nsOk) : 0;
            const bool foreign = ns != 0 && pidNamespaceId() != 0 && ns != pidNamespaceId();
            // A mark that cannot be read is not a Herd's: leave that process alone.
            i.alive = !pidOk || !startOk || !sessionOk || !nsOk || parts.size() > 4 || foreign || pid <= 0
                      || processAlive(pid, start);
            i.start = start;
            instance = instances.insert(mark, i);
        }
        if (instance->alive)
            return;
        // The mark alone proves nothing (any process may copy an environment): a process
        // that started before that Herd cannot descend from it.
        if (started < instance->start)
            return;
        // Nor one in another session, unless it leads a session of its own (a descendant
        // that called setsid() to get away).
        if (instance->session >= 0 && e.session != instance->session && e.session != e.pid)
            return;
        // Pin the process, then make sure it is still the one whose environment was read.
        // (Raw system calls: glibc 2.36's <sys/pidfd.h> cannot be included from C++.)
        const int fd = int(::syscall(SYS_pidfd_open, pid_t(e.pid), 0u));
        if (fd < 0)
            return;
        if (processStartTime(int(e.pid)) != started) {
            ::close(fd);
            return;
        }
        const QString name = QString::fromUtf8(valueIn(environ, "HERD_PROCESS_NAME"));
        pinned << Pinned{fd, name.isEmpty() ? QStringLiteral("pid %1").arg(e.pid)
                                            : QStringLiteral("%1 (pid %2)").arg(name).arg(e.pid)};
    });
    if (pinned.isEmpty())
        return killed;

    // The safe way, as for any stop: SIGTERM (and SIGCONT, for a stopped one), then SIGKILL
    // to whatever is still there after the grace. A pidfd becomes readable when its process
    // ends, so the wait ends as soon as every one has gone.
    for (const Pinned &p : std::as_const(pinned)) {
        if (::syscall(SYS_pidfd_send_signal, p.fd, SIGTERM, nullptr, 0u) == 0) {
            ::syscall(SYS_pidfd_send_signal, p.fd, SIGCONT, nullptr, 0u);
            killed.processes << p.name;
        }
    }
    QVector<pollfd> fds;
    for (const Pinned &p : std::as_const(pinned))
        fds.append(pollfd{p.fd, POLLIN, 0});
    const QDeadlineTimer deadline(graceMs);
    for (;;) {
        int left = 0;
        for (const pollfd &f : std::as_const(fds))
            left += f.fd >= 0 ? 1 : 0;
        if (left == 0 || deadline.hasExpired())
            break;
        const int n = ::poll(fds.data(), nfds_t(fds.size()), int(qMax<qint64>(1, deadline.remainingTime())));
        if (n < 0 && errno != EINTR)
            break;
        for (pollfd &f : fds) {
            if (f.fd >= 0 && (f.revents & (POLLIN | POLLHUP | POLLERR)))
                f.fd = -1; // ended
        }
    }
    for (int i = 0; i < fds.size(); ++i) {
        if (fds.at(i).fd >= 0)
            ::syscall(SYS_pidfd_send_signal, pinned.at(i).fd, SIGKILL, nullptr, 0u);
        ::close(pinned.at(i).fd);
    }
    return killed;
}

void OrphanReaper::killWorkerLeftovers(QVector<WorkerLeftovers> &workers)
{
    // Several dead workers may ask about one mark or one group (a pid reused while an older
    // reclaim still waits): a process counts for each of them.
    QMultiHash<QByteArray, int> byMark;
    QMultiHash<qint64, int> byGroup;
    for (int i = 0; i < workers.size(); ++i) {
        WorkerLeftovers &w = workers[i];
        w.living = 0;
        if (!w.mark.isEmpty())
            byMark.insert(w.mark, i);
        if (w.group > 1)
            byGroup.insert(w.group, i);
    }
    if (byMark.isEmpty() && byGroup.isEmpty())
        return;
    const uid_t uid = ::geteuid();
    const pid_t self = ::getpid();
    const std::uint64_t herdStart = ownStartTime();
    forEachProcess(ownedChildren(), [&](const ProcEntry &e) {
        if (e.pid == self || e.state == 'Z' || e.state == 'X')
            return;
        // A member of a dead worker's group was sent SIGKILL when its leader was reaped and
        // is not gone yet. It may carry another dead worker's mark as well (a stock worker
        // behind a wrapper that did not exec, and what it started), so the mark is read too.
        for (auto member = byGroup.constFind(e.pgrp); member != byGroup.cend() && member.key() == e.pgrp; ++member)
            ++workers[*member].living;
        // Only a process that started after Herd can descend from one of its workers; the
        // others' environments are not read.
        if (byMark.isEmpty() || e.startTime == 0 || e.startTime < herdStart)
            return;
        char path[64];
        snprintf(path, sizeof path, "/proc/%lld", static_cast<long long>(e.pid));
        struct stat st {};
        if (::stat(path, &st) != 0 || st.st_uid != uid)
            return;
        const QByteArray mark = valueIn(environOf(e.pid), kWorkerVariable);
        auto worker = byMark.constFind(mark);
        if (mark.isEmpty() || worker == byMark.cend())
            return;
        for (; worker != byMark.cend() && worker.key() == mark; ++worker)
            ++workers[*worker].living;
        const int fd = int(::syscall(SYS_pidfd_open, pid_t(e.pid), 0u));
        if (fd < 0)
            return;
        if (processStartTime(int(e.pid)) == e.startTime)
            ::syscall(SYS_pidfd_send_signal, fd, SIGKILL, nullptr, 0u);
        ::close(fd);
    });
}

void OrphanReaper::kill(const Orphan &orphan)
{
    if (orphan.pid <= 1)
        return;
    if (orphan.pgid == orphan.pid)
        ::kill(pid_t(-orphan.pid), SIGKILL);
    ::kill(pid_t(orphan.pid), SIGKILL);
}

} // namespace herd
