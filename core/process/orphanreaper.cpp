#include "orphanreaper.h"

#include "procsampler.h"
#include "queueprotocol.h"

#include <QHash>
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
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace herd {

namespace {

QMutex g_ownedMutex;
QSet<qint64> g_owned;

bool isOwned(qint64 pid)
{
    const QMutexLocker locker(&g_ownedMutex);
    return g_owned.contains(pid);
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
};

// One walk over /proc: visit(entry) for every process that can be read.
template <typename Visit>
void forEachProcess(Visit visit)
{
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return;
    char path[64];
    char stat[512];
    while (const dirent *entry = ::readdir(proc)) {
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
            continue;
        ProcEntry e;
        e.pid = strtoll(entry->d_name, nullptr, 10);
        snprintf(path, sizeof path, "/proc/%lld/stat", static_cast<long long>(e.pid));
        if (readProcFile(path, stat, sizeof stat) <= 0)
            continue;
        // "pid (comm) state ppid pgrp ..."; comm may contain spaces and parentheses.
        const char *p = strrchr(stat, ')');
        long long ppid = 0, pgrp = 0;
        if (!p || p[1] == '\0' || sscanf(p + 1, " %c %lld %lld", &e.state, &ppid, &pgrp) != 3)
            continue;
        e.ppid = ppid;
        e.pgrp = pgrp;
        visit(e);
    }
    ::closedir(proc);
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
    forEachProcess([&](const ProcEntry &e) {
        if (e.ppid != self || e.pgrp == ownGroup || isOwned(e.pid))
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
    forEachProcess([&links](const ProcEntry &e) {
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
    static const QByteArray mark = QByteArray::number(qint64(::getpid())) + ':'
                                   + QByteArray::number(quint64(processStartTime(int(::getpid()))));
    return mark;
}

OrphanReaper::Leftovers OrphanReaper::killLeftovers()
{
    Leftovers killed;
    const QByteArray own = instanceMark();
    const uid_t uid = ::geteuid();
    const pid_t self = ::getpid();
    QHash<QByteArray, bool> instanceAlive;
    forEachProcess([&](const ProcEntry &e) {
        if (e.pid == self || e.state == 'Z' || e.state == 'X')
            return;
        char path[64];
        snprintf(path, sizeof path, "/proc/%lld", static_cast<long long>(e.pid));
        struct stat st {};
        if (::stat(path, &st) != 0 || st.st_uid != uid)
            return; // never another user's process, even as root
        const std::uint64_t started = processStartTime(int(e.pid));
        const QByteArray environ = environOf(e.pid);
        const QByteArray mark = valueIn(environ, kInstanceVariable);
        if (started == 0 || mark.isEmpty() || mark == own)
            return;
        auto alive = instanceAlive.find(mark);
        if (alive == instanceAlive.end()) {
            const int colon = mark.indexOf(':');
            bool pidOk = false, startOk = false;
            const int pid = colon > 0 ? mark.left(colon).toInt(&pidOk) : 0;
            const std::uint64_t start = colon > 0 ? mark.mid(colon + 1).toULongLong(&startOk) : 0;
            // A mark that cannot be read is not a Herd's: leave that process alone.
            alive = instanceAlive.insert(mark, !pidOk || !startOk || pid <= 0 || processAlive(pid, start));
        }
        if (*alive)
            return;
        // Pin the process, then make sure it is still the one whose environment was read.
        // (Raw system calls: glibc 2.36's <sys/pidfd.h> cannot be included from C++.)
        const int fd = int(::syscall(SYS_pidfd_open, pid_t(e.pid), 0u));
        if (fd < 0)
            return;
        if (processStartTime(int(e.pid)) == started && ::syscall(SYS_pidfd_send_signal, fd, SIGKILL, nullptr, 0u) == 0) {
            const QString name = QString::fromUtf8(valueIn(environ, "HERD_PROCESS_NAME"));
            killed.processes << (name.isEmpty() ? QStringLiteral("pid %1").arg(e.pid)
                                                : QStringLiteral("%1 (pid %2)").arg(name).arg(e.pid));
        }
        ::close(fd);
    });
    return killed;
}

int OrphanReaper::killWorkerLeftovers(const QByteArray &workerMark, qint64 group)
{
    int living = 0;
    const uid_t uid = ::geteuid();
    const pid_t self = ::getpid();
    forEachProcess([&](const ProcEntry &e) {
        if (e.pid == self || e.state == 'Z' || e.state == 'X')
            return;
        if (group > 1 && e.pgrp == group) {
            ++living; // already sent SIGKILL when its leader was reaped; not yet gone
            return;
        }
        if (workerMark.isEmpty())
            return;
        char path[64];
        snprintf(path, sizeof path, "/proc/%lld", static_cast<long long>(e.pid));
        struct stat st {};
        if (::stat(path, &st) != 0 || st.st_uid != uid)
            return;
        const std::uint64_t started = processStartTime(int(e.pid));
        if (started == 0 || valueIn(environOf(e.pid), kWorkerVariable) != workerMark)
            return;
        ++living;
        const int fd = int(::syscall(SYS_pidfd_open, pid_t(e.pid), 0u));
        if (fd < 0)
            return;
        if (processStartTime(int(e.pid)) == started)
            ::syscall(SYS_pidfd_send_signal, fd, SIGKILL, nullptr, 0u);
        ::close(fd);
    });
    return living;
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
