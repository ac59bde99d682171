#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace herd {

// What happened to an enqueue. Only the UI turns it into a message (enqueueResultMessage).
enum class EnqueueResult {
    Ok,
    Full,     // every slot holds an unfinished task; nothing was overwritten
    TooLarge, // the payload is over the queue's maximum
    Busy,     // the queue's lock could not be had within the producer's bound
    Closed,   // close() was called
};

QString enqueueResultName(EnqueueResult result);    // "ok", "full", ... (machine-readable)
QString enqueueResultMessage(EnqueueResult result); // "the task queue is full", ...

enum class ReclaimStatus {
    Ok,
    Busy, // the lock was held by another process past the producer's bound; try again
};

// One thing that happened to a task, in the order it happened.
enum class TaskEventKind {
    Enqueued,     // payload set
    Taken,        // workerPid/workerId took it; attempt = this take's attempt (1, 2, ...)
    Done,         // resultCode + text from the worker
    Failed,       // the worker reported failure: resultCode + text
    Requeued,     // its worker died (text = reason); attempt = the attempt that ended
    DeadLettered, // given up: its worker died on the last allowed attempt (text = reason,
                  // attempt = attempts made), or a worker found its slot corrupt
};

QString taskEventKindName(TaskEventKind kind); // "enqueued", "taken", ..., "dead-lettered"

struct TaskEvent {
    TaskEventKind kind = TaskEventKind::Enqueued;
    quint64 ticket = 0;   // the enqueue's sequence number in this queue: 0, 1, 2, ...
    quint64 taskId = 0;
    quint32 slot = 0;     // the queue slot it occupies (unique among unfinished tasks)
    quint32 attempt = 0;
    qint64 workerPid = 0; // the taker (Taken/Done/Failed) or the dead worker (Requeued/...)
    quint32 workerId = 0; // its registration in the queue (0 when none)
    qint64 timeNs = 0;    // CLOCK_MONOTONIC, as QElapsedTimer's monotonic clock
    int resultCode = 0;
    QString text;         // result text, or the reason for Requeued / DeadLettered
    QByteArray payload;   // Enqueued only, and only from a queue without a ledger (the ledger has it)
};

// Read without the lock: a snapshot, each figure exact but not all from one instant.
struct QueueStats {
    quint64 capacity = 0;
    quint64 queued = 0;       // in the ready ring
    quint64 inFlight = 0;     // taken, not finished
    quint64 done = 0;
    quint64 failed = 0;
    quint64 deadLettered = 0;
    quint64 requeued = 0;
    quint64 taken = 0;        // every take, retries included
    quint64 outstanding = 0;  // enqueued and not yet retired by the producer
    quint64 sleepingWorkers = 0; // idle workers asleep on their futex (approximate)
    quint64 recoveries = 0;   // lock holders that died and whose step was repaired
    qint64 lastDeadOwner = 0; // pid of the last of them
};

// Who holds the queue's lock right now (pid 0: nobody).
struct LockHolder {
    qint64 pid = 0;
    qint64 heldForMs = 0;
    bool stopped = false; // the holder is stopped (SIGSTOP, or a debugger)
};

} // namespace herd

Q_DECLARE_METATYPE(herd::TaskEvent)
