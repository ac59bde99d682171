#pragma once

#include "queue/queuetypes.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

namespace herd {

class TaskLedger;

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
    // What happened to the carrier since the last call that a user should know, in words
    // ("lost the Redis server ...; retrying", "reconnected ...").
    virtual QStringList takeNotices() { return {}; }
};

} // namespace herd
