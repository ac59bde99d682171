#pragma once

#include "managedprocess.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QVector>

class QProcessEnvironment;
class QTimer;

namespace herd {

class PipeReader;
class ProcSampler;

// Owns every managed process of a session. Spawning, naming, the session clock, the
// shared /proc sampler and orderly shutdown live here. Must live in a thread that lasts
// until the end (the GUI thread): PR_SET_PDEATHSIG is bound to the spawning thread.
class Supervisor final : public QObject
{
    Q_OBJECT

public:
    explicit Supervisor(QObject *parent = nullptr);
    // Sends SIGKILL to the group of every process still alive; never blocks.
    ~Supervisor() override;

    // Validates the spec, names it (Process-N / Worker-N when blank; a taken name is
    // refused), and starts it: the process (never null), or why the spec was refused. A program that cannot start still gives a process, whose
    // run ends in FailedToStart with the reason, reported from the event loop (connect
    // after spawn() returns). processSpawned() is emitted before the process starts.
    // May be called from another thread: the call is then carried out on the
    // supervisor's thread (blocking until it is done), because a child dies with the
    // thread that forked it.
    Result<ManagedProcess *> spawn(ProcessSpec spec);
    // A run recorded elsewhere (a saved snapshot), added as a process of this session and
    // announced with processSpawned(), in the state it was recorded in. Nothing is started
    // and nothing is ever signalled: Terminate and Kill find it not running. The spec is
    // validated and its name must be free, as for spawn().
    Result<ManagedProcess *> addRecorded(const ProcessRecord &record);

    // Every process of the session, in spawn order.
    const QVector<ManagedProcess *> &processes() const { return m_processes; }
    ManagedProcess *process(quint64 id) const;
    ManagedProcess *findByName(const QString &name) const;
    ManagedProcess *findByPid(qint64 pid) const; // live processes only
    int aliveCount() const;
    int aliveNonDaemonCount() const;

    // Terminates every live process (daemonsOnly: just the daemons) with its grace.
    void terminateAll(StopCause cause, bool daemonsOnly = false);
    void killAll(StopCause cause);

    // The session clock: ms since the supervisor was created (monotonic).
    qint64 elapsedMs() const { return m_clock.elapsed(); }

    // /proc sampling period for CPU % and RSS of every live process (default 1000 ms).
    void setSampleInterval(int ms);

    // Environment set for every child (e.g. the queue's address), on top of Herd's own.
    void setBaseEnvironment(const QStringList &keyValues);
    QStringList baseEnvironment() const { return m_baseEnvironment; }

signals:
    void processSpawned(herd::ManagedProcess *process);
    void processStateChanged(herd::ManagedProcess *process);
    void processFinished(herd::ManagedProcess *process);
    void processOutput(herd::ManagedProcess *process, const QVector<herd::OutputLine> &lines);
    // A stop progressed (SIGTERM or SIGKILL sent, flagged unkillable): see timeline().
    void processTimelineChanged(herd::ManagedProcess *process);
    // After each sampling tick; figures are in each process's sample().
    void sampled();
    // No process is alive any more (emitted whenever the last live one ends).
    void allEnded();

private:
    friend class ManagedProcess;
    void onProcessStateChanged(ManagedProcess *process);
    void sampleNow();
    QProcessEnvironment environmentFor(const ProcessSpec &spec) const;
    void sweepOrphans();

    QElapsedTimer m_clock;
    QVector<ManagedProcess *> m_processes;
    QHash<QString, ManagedProcess *> m_byName;
    quint64 m_nextId = 1;
    int m_processCounter = 0; // Process-N: every spawn counts
    int m_workerCounter = 0;  // Worker-N
    QTimer *m_sampleTimer = nullptr;
    QTimer *m_orphanTimer = nullptr; // coalesces and repeats sweeps for orphans
    ProcSampler *m_sampler = nullptr;
    PipeReader *m_pipes = nullptr; // every process's output pipes, in one epoll set
    QStringList m_baseEnvironment;
};

} // namespace herd
