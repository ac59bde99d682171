#include "orphanreaper.h"

#include "procsampler.h"

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
#include <sys/prctl.h>
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

// HERD_PROCESS_NAME from /proc/<pid>/environ (the environment the program was started
// with), or an empty string.
QString ownerOf(qint64 pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%lld/environ", static_cast<long long>(pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return QString();
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
    static const QByteArray key("HERD_PROCESS_NAME=");
    for (const QByteArray &entry : environ.split('\0')) {
        if (entry.startsWith(key))
            return QString::fromUtf8(entry.mid(key.size()));
    }
    return QString();
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
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return living;
    char path[64];
    char stat[512];
    while (const dirent *entry = ::readdir(proc)) {
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
            continue;
        const qint64 pid = strtoll(entry->d_name, nullptr, 10);
        snprintf(path, sizeof path, "/proc/%lld/stat", static_cast<long long>(pid));
        if (readProcFile(path, stat, sizeof stat) <= 0)
            continue;
        // "pid (comm) state ppid pgrp ..."; comm may contain spaces and parentheses.
        const char *p = strrchr(stat, ')');
        if (!p || p[1] == '\0')
            continue;
        char state = 0;
        long long ppid = 0, pgrp = 0;
        if (sscanf(p + 1, " %c %lld %lld", &state, &ppid, &pgrp) != 3)
            continue;
        if (ppid != self || pgrp == ownGroup || isOwned(pid))
            continue;
        if (state == 'Z' || state == 'X') {
            int status = 0;
            ::waitpid(pid_t(pid), &status, WNOHANG);
            continue;
        }
        Orphan orphan;
        orphan.pid = pid;
        orphan.pgid = pgrp;
        orphan.owner = ownerOf(pid);
        living.append(orphan);
    }
    ::closedir(proc);
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
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return 0;
    char path[64];
    char stat[512];
    while (const dirent *entry = ::readdir(proc)) {
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
            continue;
        const qint64 pid = strtoll(entry->d_name, nullptr, 10);
        snprintf(path, sizeof path, "/proc/%lld/stat", static_cast<long long>(pid));
        if (readProcFile(path, stat, sizeof stat) <= 0)
            continue;
        const char *p = strrchr(stat, ')');
        char state = 0;
        long long ppid = 0, pgrp = 0;
        if (!p || sscanf(p + 1, " %c %lld %lld", &state, &ppid, &pgrp) != 3 || state == 'Z')
            continue;
        links.insert(pid, Links{ppid, pgrp});
    }
    ::closedir(proc);

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

void OrphanReaper::kill(const Orphan &orphan)
{
    if (orphan.pid <= 1)
        return;
    if (orphan.pgid == orphan.pid)
        ::kill(pid_t(-orphan.pid), SIGKILL);
    ::kill(pid_t(orphan.pid), SIGKILL);
}

} // namespace herd
