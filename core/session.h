#pragma once

#include "process/shutdown.h"
#include "process/supervisor.h"
#include "queue/taskledger.h"
#include "queue/taskqueue.h"
#include "result.h"
#include "sessionfile.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <deque>
#include <memory>

class QTimer;

namespace herd {

class TaskSource;

// One Herd session: the supervisor of its processes and the task queue they drain. The
// window and the headless runner both drive a Session, so neither rewires the parts; a
// worker's death is turned into the recovery of its task here, and restart policies are
// applied here.
class Session final : public QObject
{
    Q_OBJECT

public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    Supervisor *supervisor() const { return m_supervisor; }

    // Creates the session's task queue and puts its address in every child's environment
    // (HERD_QUEUE), so stock workers and any program using the worker API can attach.
    // Fails with why the queue could not be created (Herd then runs without one).
    Result<void> open(const TaskQueue::Options &options = {});
    // The same with a queue in Redis Streams (redis://[user:password@]HOST:PORT/NAME), for
    // workers on other machines too. The connection is made in the background: a server
    // that is not there yet is said through queueProblem and retried, and tasks wait in
    // Herd until it has them. Fails with why the address is refused.
    Result<void> openRedis(const QString &url, qint64 leaseMs, const TaskQueue::Options &options = {});
    // The session's queue, whichever carries it (nullptr without one).
    TaskQueueInterface *queue() const { return m_queue.get(); }
    // The record of every task of the session, up to date after each taskEvents batch.
    TaskLedger *ledger() const { return m_ledger.get(); }
    // The name of a process of this session by any pid it ever had ("" if none). A pid is
    // known from the moment its process is forked, before any state change is reported, so
    // a worker's first take always finds its name.
    QString nameOfPid(qint64 pid) const;

    // Workers that joined the queue by themselves (herd-worker --queue redis://… on any
    // machine, or any program using the worker library), in the order they came; Herd's own
    // processes are not among them (they have rows of their own). Empty with a shared-memory
    // queue.
    QVector<RemoteWorkerInfo> remoteWorkers() const;
    // Stop: finish the task in hand, then leave. Kill: leave at once; the task goes back to
    // the queue now, attempt + 1. Both go through the queue (NAME:control); false when the
    // worker is unknown or already gone.
    bool stopRemoteWorker(quint64 key);
    bool killRemoteWorker(quint64 key);

    // The stock worker program: herd-worker next to the running binary unless set.
    QString workerProgram() const;
    void setWorkerProgram(const QString &path) { m_workerProgram = path; }

    // A stock worker as the pool describes it (count ignored); blank name -> Worker-N.
    Result<ManagedProcess *> spawnWorker(const WorkerPoolSpec &pool, const QString &name = {});
    // pool.count workers; fails with the first refusal.
    Result<void> spawnPool(const WorkerPoolSpec &pool);

    // Task sources. Tasks get ids 1, 2, 3 ... across the session. What the queue has no room
    // for waits in the session's backlog (back-pressure: nothing is dropped or overwritten)
    // and goes in as workers finish.
    // Tasks whose payloads are their own ids ("1", "2", ...), as --tasks N.
    Result<void> enqueueCount(qint64 count);
    // One task per payload; refused as a whole if any payload is too large.
    Result<void> enqueuePayloads(const QList<QByteArray> &payloads);
    // One task per line of a file. A regular file is read whole (bounded) and refused as a
    // whole; standard input ("-"), a FIFO or a device is read as it arrives, never blocking.
    Result<void> enqueueFile(const QString &path);
    // The lines of a task file already read (by a TaskSource), recorded as that file.
    Result<void> enqueueLines(const QString &path, const QList<QByteArray> &lines);
    // Whether `more` tasks still fit in the session (kMaxSessionTasks), and if not, why.
    Result<void> checkTaskRoom(qint64 more) const;
    qint64 backlog() const;      // tasks accepted by the session but not yet in the queue
    qint64 tasksEnqueued() const { return m_nextTaskId - 1; } // ids handed out so far
    bool sourcesOpen() const;    // a stream (standard input, a FIFO) is still being read

    // Headless: once every task has ended and no source is open, close the queue so that
    // idle workers exit. The window keeps its workers waiting instead.
    void setCloseWhenDrained(bool close) { m_closeWhenDrained = close; }
    bool isDrained() const { return m_drained; }

    // A worker whose task runs longer than this is stopped and the task recovered (0: off).
    Result<void> setTaskTimeout(qint64 ms);
    qint64 taskTimeout() const { return m_taskTimeoutMs; }
    // How often the queue is drained and refilled (the window: ~20 ms; headless: faster).
    void setDrainInterval(int ms);

    // What the restart policy has done for a process so far.
    struct RestartInfo {
        int restarts = 0;          // runs started by the policy
        bool gaveUp = false;       // crash-looping: left stopped
        bool pending = false;      // a restart is scheduled
        qint64 nextRestartMs = -1; // when, on the session clock
        QString lastExit;          // the message of the last run that ended
    };
    RestartInfo restartInfo(quint64 processId) const;
    // A non-daemon process is due to be started again by its policy: the run is not over.
    bool restartPending() const;

    // Restart a process by hand (the window's Restart): clears a "gave up" mark.
    Result<void> restartProcess(ManagedProcess *process);

    // Starts everything a session document describes, or fails with why nothing started
    // (the document is checked as a whole first). `directory` resolves relative paths.
    // loadedFiles: the lines of some of document.tasks.files, already read by the caller,
    // by their resolved paths (the others are read here, or streamed).
    Result<void> startDocument(const SessionDocument &document, const QString &directory = {},
                               const QHash<QString, QList<QByteArray>> *loadedFiles = nullptr);
    // Every check startDocument makes before it starts anything; fails with the fault.
    Result<void> checkDocument(const SessionDocument &document, const QString &directory = {}) const;
    // What is running now, as a document that startDocument recreates.
    SessionDocument toDocument() const;

    // The tutorial's scenarios: a named process, an unnamed one (Process-N), a process stopped
    // by its 5 s watchdog, a daemon, and two workers draining ten tasks.
    static SessionDocument demoDocument();
    // Starts the demo document, or fails with why it could not start.
    Result<void> startDemo();

    // How every process is stopped when Herd ends (the window's quit, the headless run's
    // signals). A stop once begun also stops restarts (setQuitting(true)).
    Shutdown *shutdown() const { return m_shutdown; }

    // Stop scheduling restarts (Herd is quitting).
    void setQuitting(bool quitting);
    bool isQuitting() const { return m_quitting; }

    // Work the session will still do by itself even with no process alive right now:
    // tasks moved from a damaged queue, or workers it is about to start again on the new one.
    // Also a dead worker whose tasks wait for what it started to end (a few ms after its
    // SIGKILL), so the record is complete when a run ends.
    bool recoveryPending() const { return !m_moved.empty() || m_respawnsScheduled > 0 || !m_reclaims.isEmpty(); }
    // Looks now into the deaths that wait to share the next look through /proc (see
    // reclaimSoon()), so that what a run's record says is complete when it is read.
    void settleReclaims();

signals:
    // Everything the queue reported since the previous batch (enqueues, takes, ends,
    // recoveries), once per drain that saw anything: never one signal per task. The ledger
    // already holds what the batch says. With queue()->setEventLog(false) only recoveries
    // are reported (for a caller that reads everything from the ledger).
    void taskEvents(const QVector<herd::TaskEvent> &batch);
    // Every task has ended and no source is open (with setCloseWhenDrained: queue closed).
    void drained();
    // Something about the queue a user should know, in words ("the queue's lock is held
    // by stopped process Worker-2 (pid 4242)", "line 7 of tasks.txt is too long").
    void queueProblem(const QString &message);
    // A restart is scheduled after delayMs.
    void restartScheduled(herd::ManagedProcess *process, qint64 delayMs);
    // The task queue was found damaged (a worker wrote where it must not, cut it short, or
    // wedged its lock) and was replaced: its workers were stopped and restarted on a new
    // queue, and `moved` unfinished tasks went to it. message says it all in words;
    // suspectPid is the process that did it, when it can be told (else 0). queueProblem
    // carries the same message.
    void queueReplaced(const QString &message, qint64 suspectPid, int moved);
    // The policy gave up on a crash-looping process; message says why, in words.
    void processGaveUp(herd::ManagedProcess *process, const QString &message);
    // A scheduled restart was carried out or dropped (restartPending() may have changed).
    void restartSettled();
    // A recovery recoveryPending() reported has finished (a reclaim, a move, a respawn).
    void recoverySettled();
    // A streamed task source stopped at a fault (a line too long, a NUL byte, a read
    // error): the tasks after it were not read. queueProblem() says it too.
    void taskSourceFailed(const QString &message);
    // A worker that is not Herd's own process joined the queue, or left it (info.goneWhy
    // says how: it left, was killed from Herd, or went silent past its lease).
    void remoteWorkerJoined(const herd::RemoteWorkerInfo &info);
    void remoteWorkerLeft(const herd::RemoteWorkerInfo &info);

private:
    void onProcessFinished(ManagedProcess *process);
    void applyRestartPolicy(ManagedProcess *process);
    void tick();
    void feedQueue();
    void retryReclaims();
    void reclaimSoon();
    void checkTaskTimeouts();
    void checkLockHolder();
    void checkDrained();
    void readStream(TaskSource *source);
    void scheduleTick();
    void sweepGoneWorkers();
    void recoverFromDamage();
    bool feedMoved();
    QString describePid(qint64 pid) const;
    bool isOwnWorker(const RemoteWorkerInfo &info) const;
    void reportRemoteChanges();

    // Tasks accepted but not yet in the queue, in order.
    struct PendingSource {
        qint64 firstId = 0;
        qint64 count = 0;
        qint64 done = 0;            // how many went into the queue
        QList<QByteArray> payloads; // empty: each payload is its task id as text
    };
    void addToBacklog(qint64 count, const QList<QByteArray> &payloads);
    // A dead worker whose tasks go back to the queue once nothing it started still runs
    // (exactly once: two runs of one task never overlap).
    struct Reclaim {
        qint64 pid = 0;
        QString reason;
        QByteArray mark;     // HERD_WORKER=<pid>@<queue> carried by what it started
        qint64 group = 0;    // its own process group (a managed worker), 0 when not ours
        qint64 sinceMs = 0;  // when it was found dead
        bool reported = false;
        bool killed = false; // some of what it started was found alive (and killed)
    };
    // Kills what these dead workers started and says, in each, whether it is all gone (its
    // mark and group are cleared then); one walk over /proc for all of them.
    void checkLeftovers(const QVector<Reclaim *> &reclaims);
    static bool leftoversGone(const Reclaim &reclaim) { return reclaim.mark.isEmpty() && reclaim.group <= 0; }
    // A task of a damaged queue, waiting to go into its replacement: at once when it was
    // waiting, once its taker and all it started are gone when it was taken.
    struct MovedTask {
        quint64 ticket = 0;
        quint64 taskId = 0;
        quint32 attempts = 0;
        Reclaim taker;       // pid 0: it was waiting
        quint64 takerStart = 0;
    };
    struct RestartState {
        RestartInfo info;
        QVector<qint64> recent; // session-clock times of policy restarts within the window
        QTimer *timer = nullptr;
    };

    Supervisor *m_supervisor;
    Shutdown *m_shutdown;
    QHash<quint64, RestartState> m_restarts;
    bool m_quitting = false;
    static constexpr qint64 kLockHolderKillMs = 10000;
    static constexpr qint64 kLockWedgedMs = 15000; // then the queue is replaced
    static constexpr int kIdleTickMs = 250;

    // The shared-memory queue, or nullptr when the queue is not one (what only it has: a
    // lock, registered pids, damage recovery into a fresh segment).
    TaskQueue *sharedMemoryQueue() const;
    void attachQueue(std::unique_ptr<TaskQueueInterface> queue);
    std::unique_ptr<TaskQueueInterface> m_queue;
    QString m_workerProgram;
    QTimer *m_tick = nullptr;
    QTimer *m_reclaimTimer = nullptr; // the next look into waiting deaths (reclaimSoon())
    qint64 m_lastLeftoverWalkMs = -1000000;
    std::unique_ptr<TaskLedger> m_ledger;
    int m_drainIntervalMs = 20;
    std::deque<PendingSource> m_backlog;
    qint64 m_backlogCount = 0;
    qint64 m_nextTaskId = 1;
    QVector<TaskSource *> m_streams;     // sources read as they arrive
    QVector<TaskEvent> m_batch;
    QVector<quint64> m_feedIds;          // reused between feeds of a task file's lines
    QVector<QByteArrayView> m_feedPayloads;
    QHash<qint64, QString> m_pidNames;   // every pid a process of the session had
    QSet<QPair<qint64, quint32>> m_timedOutTakes; // (row, attempt) already stopped
    QVector<Reclaim> m_reclaims;         // deaths whose tasks are still to be recovered
    std::deque<MovedTask> m_moved;       // from a damaged queue, not yet in the new one
    QSet<quint64> m_respawnAfterDamage;  // processes stopped because their queue was damaged
    int m_respawnsScheduled = 0;         // restarts of those queued on the event loop
    void respawnSoon(quint64 processId);
    void settleRecoveryLater();
    qint64 m_lastAuditMs = 0;
    qint64 m_lastSweepMs = 0;
    qint64 m_lockBusySinceMs = -1;       // the lock could not be had at any probe since then
    qint64 m_killedLockHolder = 0;
    qint64 m_taskTimeoutMs = 0;
    qint64 m_lastLockCheckMs = 0;
    qint64 m_reportedLockPid = 0;
    bool m_closeWhenDrained = false;
    bool m_drained = false;
    TaskSourceSpec m_sources;            // what was enqueued, for toDocument()
    QVector<WorkerPoolSpec> m_pools;     // pools spawned, for toDocument()
};

} // namespace herd
