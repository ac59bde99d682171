#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

namespace herd {

// Descendants of managed processes that outlive their parent. Herd is a child subreaper
// (prctl(PR_SET_CHILD_SUBREAPER)), so such a process is re-parented to Herd rather than to
// init. That matters for a grandchild that called setsid(): it has left the process group,
// so kill(-pgid) misses it, but as Herd's child it can still be found and stopped, and
// its pid cannot be reused until Herd itself reaps it.
//
// An orphan is recognised in /proc as a child of Herd that is outside Herd's own process
// group (every managed process leads a group of its own; any other child Herd might have
// stays in Herd's group) and that no QProcess owns. Only such pids are ever reaped here,
// one at a time with waitpid(pid, WNOHANG): never waitpid(-1), which would steal the exit
// status of a child a QProcess is waiting for.
class OrphanReaper final
{
public:
    struct Orphan {
        qint64 pid = 0;
        qint64 pgid = 0;
        QString owner; // HERD_PROCESS_NAME from its environment; empty when unknown
    };

    // Makes this process a child subreaper (once per process; later calls do nothing).
    static void enable();

    // Children that a QProcess owns and reaps; never touched here. Thread-safe.
    static void addOwnedChild(qint64 pid);
    static void removeOwnedChild(qint64 pid);

    // Reaps the orphans that have already ended and returns the living ones.
    static QVector<Orphan> sweep();

    // SIGKILL to an orphan the last sweep returned, and to its process group if it leads
    // one. Safe: it is Herd's child, not yet reaped, so its pid is still its own.
    static void kill(const Orphan &orphan);

    // For a supervisor that goes away while its processes still run: SIGKILL to every
    // descendant of the given (live, unreaped) group leaders that has left their process
    // group, found through the parent links in /proc. Such a process is not Herd's child,
    // so between the scan and kill() its pid could in principle be reused; Linux hands
    // out pids cyclically, so that would need the whole pid space to wrap around within
    // microseconds. Returns how many were signalled.
    static int killStrayDescendants(const QVector<qint64> &leaders);

    // Every managed process carries this Herd's mark in its environment, and passes it on
    // to its descendants, even those that leave the process group or the session:
    // HERD_INSTANCE=<pid>:<start time>:<session>:<pid namespace>. A process whose mark names
    // a Herd that no longer runs was left behind when that Herd was killed outright (its
    // direct children die by PDEATHSIG; their descendants do not).
    static constexpr const char *kInstanceVariable = "HERD_INSTANCE";
    static QByteArray instanceMark();

    // Stops every process of this user left behind by a Herd that was killed, for a fresh
    // start: SIGTERM (+SIGCONT), then SIGKILL to what is left after graceMs; returns at once
    // when all have gone. A process counts only if it bears the mark of a Herd that no longer
    // runs and started after that Herd did (a copied mark alone is not enough). Each is
    // pinned with a pidfd and checked again before any signal, so a reused pid is never hit.
    struct Leftovers {
        QStringList processes; // "name (pid N)" of each process stopped
    };
    static Leftovers killLeftovers(qint64 graceMs = 5000);

    // What a queue worker started, for exactly-once: before the task of a dead worker runs
    // again, nothing that worker started may still be running. The stock worker marks what
    // it starts with HERD_WORKER=<its pid>@<queue address> (kWorkerVariable), and the mark
    // is inherited, also by descendants that leave the process group or the session.
    // For each dead worker asked about, SIGKILLs every process of this user carrying its
    // mark (each pinned with a pidfd and checked again, as killLeftovers does) and, when
    // its group > 0, counts the live members of that process group (a dead managed worker's
    // group, already killed at its reap); living says how many such processes are still
    // alive (zombies excluded): 0 means gone. One walk over /proc answers for all of them.
    // Herd's own running children are not looked at: none descends from another worker.
    static constexpr const char *kWorkerVariable = "HERD_WORKER";
    struct WorkerLeftovers {
        QByteArray mark; // HERD_WORKER=<pid>@<queue address>; empty: none to look for
        qint64 group = 0;
        int living = 0;  // the answer
    };
    static void killWorkerLeftovers(QVector<WorkerLeftovers> &workers);
};

} // namespace herd
