#pragma once

#include "queue/queuetypes.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace herd {

class TaskLedger;

// A worker that said it is connected to the queue (a Redis queue's workers announce
// themselves and beat a few times a second), wherever it runs.
enum class RemoteWorkerState {
    Idle,
    Busy,     // holds taskId
    Stopping, // asked to leave after its task
    Silent,   // no heartbeat for silentMs: stopped, cut off or dead; its task is claimed
              // back when the silence passes the lease
    Gone,     // left, killed from Herd, or silent past the lease
};
struct RemoteWorkerInfo {
    quint64 key = 0;       // stable for the session, never a pid nor a process id
    qint64 workerPid = 0;  // the worker as task events and the ledger name it
    QString name;          // as the worker gave it (--name, HERD_PROCESS_NAME, else host:pid)
    QString host;
    qint64 pid = 0;        // on its host
    bool local = false;    // its host is this machine
    RemoteWorkerState state = RemoteWorkerState::Idle;
    quint64 taskId = 0;    // the task it holds (Busy, Stopping, Silent), else 0
    qint64 silentMs = 0;   // since its last heartbeat
    qint64 lastBeatNs = 0; // CLOCK_MONOTONIC of this machine when its last heartbeat was seen
    quint64 tasksDone = 0;
    QString goneWhy;       // Gone: why, in words
};
// A remote worker came or went (Session reports them as events and in the report).
struct RemoteWorkerChange {
    RemoteWorkerInfo info;
    bool joined = false; // else it left
};

// What limits a task queue, whichever carries it (each implementation's Options adds its own).
struct QueueLimits {
    quint32 capacity = 65536;  // tasks queued or in flight at once
    quint32 maxPayload = 4096; // bytes per task
    quint32 maxAttempts = 3;   // takes before a task whose workers die is dead-lettered
};

// What the session, the ledger and the window need of a task queue, whichever carries it:
// shared memory on this machine (TaskQueue, the default) or Redis Streams for workers on
// other machines (RedisTaskQueue). Used from one thread (the GUI thread); no call blocks
// it. The producer keeps every payload until its task ends, so nothing it accepted is lost
// while the carrier is in trouble.
class TaskQueueInterface
{
public:
    virtual ~TaskQueueInterface() = default;

    // The value for the workers' HERD_QUEUE environment variable (it may hold a password:
    // it goes in the environment only, never in an argument list or a message).
    virtual QString address() const = 0;
    virtual QString environmentEntry() const = 0;
    // The address as it may be shown: without any password.
    virtual QString displayAddress() const { return address(); }
    // True when workers may be on other machines (the queue lives on a server).
    virtual bool isRemote() const { return false; }

    virtual quint32 capacity() const = 0;   // tasks queued or in flight at once
    virtual quint32 maxPayload() const = 0; // bytes per task
    virtual quint32 maxAttempts() const = 0;
    virtual void setMaxAttempts(quint32 attempts) = 0;

    virtual EnqueueResult enqueue(quint64 id, const QByteArray &payload) = 0;
    // Enqueues in order until one fails; *accepted says how many went in.
    virtual EnqueueResult enqueueBatch(const quint64 *ids, const QByteArrayView *payloads, int count,
                                       int *accepted) = 0;
    // The same for the tasks firstId, firstId + 1, ... (count of them), each with its id
    // in decimal as its payload: the tasks of --tasks N.
    virtual EnqueueResult enqueueCounted(quint64 firstId, int count, int *accepted) = 0;

    // Records every event straight into ledger as it happens; nullptr stops it.
    virtual void setLedger(TaskLedger *ledger) = 0;
    // With the event log off, drained events are not built (the ledger has them all).
    virtual void setEventLog(bool on) = 0;
    virtual bool eventLogOn() const = 0;
    // The queue's own record says pid holds a task.
    virtual bool holdsTasks(qint64 pid) const = 0;

    // Everything that happened since the last call, in order.
    virtual QVector<TaskEvent> drainEvents() = 0;
    virtual void drainEventsInto(QVector<TaskEvent> *events) = 0;

    // Worker pid (a process of this machine) is gone and nothing it started still runs:
    // each task it held goes back to the queue once, attempt + 1, or is dead-lettered.
    virtual ReclaimStatus reclaimWorker(qint64 pid, const QString &reason, QVector<TaskEvent> *events) = 0;

    // No more tasks: idle workers are told, and leave once the queue is empty.
    virtual void close() = 0;
    virtual bool isClosed() const = 0;

    virtual QueueStats stats() const = 0;
    virtual quint64 outstanding() const = 0; // accepted and not yet ended
    virtual QString lastError() const = 0;

    // Damage: the carrier can no longer be trusted and the session moves its tasks.
    virtual void audit() = 0;
    virtual bool isDamaged() const = 0;
    virtual QString damage() const = 0;
    virtual qint64 suspectPid() const = 0;
    virtual void markDamaged(const QString &what, qint64 suspectPid = 0) = 0;

    // A worker that is not a process of this machine takes tasks under a number of its own,
    // from here up (above any pid: it is never signalled, and has no pid to show).
    static constexpr qint64 kRemoteWorkerBase = qint64(1) << 32;
    static bool isRemoteWorker(qint64 pid) { return pid >= kRemoteWorkerBase; }
    // The name of a worker the queue knows (a remote one, or a local one started by hand),
    // "" otherwise.
    virtual QString workerName(qint64 pid) const
    {
        Q_UNUSED(pid);
        return {};
    }
    // Workers that announced themselves to the queue, in the order they came (the Redis
    // queue's; the shared-memory queue's workers are all Herd's own processes).
    virtual QVector<RemoteWorkerInfo> remoteWorkers() const { return {}; }
    // Joins and leaves since the last call, in order.
    virtual QVector<RemoteWorkerChange> takeRemoteChanges() { return {}; }
    static constexpr quint64 kRemoteRowBase = quint64(1) << 48; // keys of remote workers
    static bool isRemoteRow(quint64 key) { return key >= kRemoteRowBase; }
    // Asks the worker to finish its task and leave. False when it is unknown or gone.
    virtual bool stopRemoteWorker(quint64 key)
    {
        Q_UNUSED(key);
        return false;
    }
    // Asks the worker to leave at once; its task goes back to the queue now (attempt + 1)
    // and a late acknowledgement from it is refused. False when it is unknown or gone.
    virtual bool killRemoteWorker(quint64 key)
    {
        Q_UNUSED(key);
        return false;
    }
    // The task (taskId, attempt) held by workerPid, which is not a process of Herd's, ran
    // past the task timeout: it goes back to the queue now (attempt + 1) and the worker is
    // told to abandon it. False when the queue cannot do that.
    virtual bool abandonTask(quint64 taskId, qint64 workerPid, quint32 attempt, const QString &reason)
    {
        Q_UNUSED(taskId);
        Q_UNUSED(workerPid);
        Q_UNUSED(attempt);
        Q_UNUSED(reason);
        return false;
    }

    // What happened to the carrier since the last call that a user should know, in words
    // ("lost the Redis server ...; retrying", "reconnected ...").
    virtual QStringList takeNotices() { return {}; }
};

} // namespace herd

Q_DECLARE_METATYPE(herd::RemoteWorkerInfo)
