#pragma once

#include "queue/payloadarena.h"
#include "queue/queuetypes.h"
#include "queue/taskqueueinterface.h"

#include <QByteArray>
#include <QString>
#include <QSet>
#include <QVector>

#include <memory>
#include <utility>
#include <vector>

namespace herd {

class QueueSegment;
class TaskLedger;

// The producer side of Herd's shared-memory task queue: the app creates it, puts the
// address in each worker's environment, enqueues tasks, and drains what happened to them
// in batches. Not thread-safe: one thread (the GUI thread) uses it.
//
// Enqueueing and draining never take the shared lock, so they never wait on a worker;
// only reclaimWorker() does, for at most Options::lockWaitMs, and says Busy past that.
//
// The segment is untrusted (see QueueSegment): the queue keeps its own record of every
// slot (what it holds, whether it is waiting or taken, by whom, under which lease epoch)
// and accepts an event from the segment only when it agrees with that record. Anything
// that does not (an event for a slot that is not in flight, a stale or forged epoch, a
// counter moved backwards or past what a ring can hold, a changed header, a file cut
// short) makes the queue damaged(): from then on it reads nothing more from the segment,
// and its owner moves the unfinished tasks to a new queue (unfinished()).
class TaskQueue final : public TaskQueueInterface
{
public:
    struct Options : QueueLimits {
        quint32 maxWorkers = 4096; // workers attached at once
        int lockWaitMs = 50;       // longest the producer waits for the shared lock
        quint64 firstTicket = 0;   // the first enqueue's ticket (a queue that replaces a
                                   // damaged one continues its numbering)
    };

    // Removes segments left by a Herd that died, then creates a new one.
    static std::unique_ptr<TaskQueue> create(const Options &options, QString *error);
    ~TaskQueue() override; // closes the queue and removes its name; workers' mappings stay valid

    TaskQueue(const TaskQueue &) = delete;
    TaskQueue &operator=(const TaskQueue &) = delete;

    // The value for the workers' HERD_QUEUE environment variable.
    QString address() const override;
    QString environmentEntry() const override { return QStringLiteral("HERD_QUEUE=") + address(); }

    quint32 capacity() const override { return m_options.capacity; }
    quint32 maxPayload() const override { return m_options.maxPayload; }
    quint32 maxAttempts() const override { return m_options.maxAttempts; }
    // The producer alone decides when a task has had its attempts (workers never read it),
    // so a session may change it on an open queue; it applies to every decision from now.
    void setMaxAttempts(quint32 attempts) override;

    // Never blocks, never overwrites: Full while every slot holds an unfinished task.
    EnqueueResult enqueue(quint64 id, const QByteArray &payload) override;
    // Enqueues in order until one fails; *accepted says how many went in. Published, with
    // a wake-up pass, every kPublishStep tasks and at the end.
    // The payloads are copied; they need to live only for the call.
    EnqueueResult enqueueBatch(const quint64 *ids, const QByteArrayView *payloads, int count,
                               int *accepted) override;
    // Each id written out straight into the payload space: no list of payloads is made.
    EnqueueResult enqueueCounted(quint64 firstId, int count, int *accepted) override;

    // Records every event straight into ledger as it happens (enqueue, and each take or
    // completion as it is drained): cheaper than applying drained TaskEvents to it. Do not
    // also apply the drained events to the same ledger. nullptr stops it. Enqueued events
    // then leave their payload empty: it is in the ledger.
    void setLedger(TaskLedger *ledger) override { m_ledger = ledger; }
    // With the event log off (default on), no TaskEvent is built: drainEvents() returns
    // only what reclaimWorker() adds. For an app that reads everything from its ledger.
    void setEventLog(bool on) override;
    bool eventLogOn() const override { return m_eventLog; }
    // The queue's own record says pid holds a task (after the last drain).
    bool holdsTasks(qint64 pid) const override;

    // Everything that happened since the last call, in order: enqueues, takes,
    // completions. Finished slots are retired (made free) here, so call it regularly (at
    // a display rate is enough: enqueue also drains when it needs room).
    QVector<TaskEvent> drainEvents() override;
    // The same, appended to *events (keeps the vector's capacity between calls); events
    // may be nullptr when only a ledger is wanted.
    void drainEventsInto(QVector<TaskEvent> *events) override;

    // The app calls this after it has reaped worker pid (never before: the worker must be
    // gone). Each task that pid held goes back to the queue once, attempt + 1, or is
    // dead-lettered once it has had maxAttempts attempts; reason goes into the events.
    // events receives everything drained before (with the event log on), then those
    // Requeued/DeadLettered events (always); the ledger, if set, records them too.
    ReclaimStatus reclaimWorker(qint64 pid, const QString &reason, QVector<TaskEvent> *events) override;

    // No more tasks: enqueue says Closed, every sleeping worker is woken, and workers get
    // "closed" once the queue is empty.
    void close() override;
    bool isClosed() const override { return m_closed; }

    QueueStats stats() const override; // lock-free
    LockHolder lockHolder() const; // lock-free
    quint64 outstanding() const override { return m_used; } // enqueued and not yet retired
    QString lastError() const override { return m_error; }

    // Takes the lock (bounded) and checks every shared structure; "" when consistent.
    QString checkInvariants();

    // --- Damage -------------------------------------------------------------------------
    // Cheap checks of the segment against the queue's own record (header, file size,
    // ring counters); call it regularly. Marks the queue damaged when they disagree.
    void audit() override;
    bool isDamaged() const override { return !m_damage.isEmpty(); }
    QString damage() const override { return m_damage; } // what was found, in words
    qint64 suspectPid() const override { return m_suspectPid; } // who wrote it, when known (else 0)
    // Marks the queue damaged from outside (a lock nobody can take, for instance).
    void markDamaged(const QString &what, qint64 suspectPid = 0) override;
    // Tries the lock once without waiting (recovering a dead holder's step if needed).
    bool lockIsFree();

    // Every task enqueued and not finished, for moving to a new queue: waiting ones
    // (takerPid 0) and taken ones with their taker. attempt = the attempts made so far.
    struct Unfinished {
        quint64 ticket = 0;
        quint64 taskId = 0;
        quint32 slot = 0;
        quint32 attempt = 0; // takes so far (0: never taken)
        qint64 takerPid = 0; // 0: waiting
    };
    QVector<Unfinished> unfinished() const;
    // Puts a task that already has a ticket (moved from a damaged queue) in the queue,
    // with the attempts it already had. The ledger already knows it: nothing is recorded
    // until it is taken.
    EnqueueResult enqueueMoved(quint64 ticket, quint64 id, QByteArrayView payload, quint32 attempts);
    quint64 nextTicket() const { return m_nextTicket; }

    // Registered workers whose process is gone (pid + start time), and takers of tasks in
    // flight that no longer exist: each needs reclaimWorker() once whatever it started
    // has ended. A worker that is not the app's own child (a wrapper's, one started by
    // hand) is found only this way.
    struct GoneWorker {
        qint64 pid = 0;
        quint64 startTime = 0; // 0 when unknown
        bool heldTasks = false;
    };
    // knownAlive: pids the caller knows to be alive (its own unreaped children, whose end
    // it learns by reaping them); they are not looked up in /proc.
    QVector<GoneWorker> goneWorkers(const QSet<qint64> &knownAlive = {}) const;
    // Every pid registered as a worker right now (bounded, untrusted: only ever matched against
    // Herd's own processes, never signalled as such).
    QVector<qint64> registeredPids() const;

private:
    // What the producer keeps of each slot, so that reading an event needs nothing else
    // from the segment.
    struct SlotInfo {
        enum class Phase : quint8 {
            Free,
            Queued, // published in the ready ring, not taken
            Taken,
        };
        quint64 ticket = 0;
        quint64 taskId = 0;
        PayloadArena::Block block;
        quint64 epoch = 0;      // the lease epoch the segment should hold for this slot
        quint32 attempt = 0;    // the attempt of the current or next take
        qint32 takerPid = 0;
        quint32 takerWorker = 0;
        Phase phase = Phase::Free;
        bool used = false;      // enqueued, not yet retired
    };

    // Sleeping workers the app wakes itself per batch; each worker that takes a task wakes
    // the next (Worker::passOnWake).
    static constexpr int kDirectWakes = 4;
    // A batch's tasks are published (the ready ring's tail stored, sleepers woken) this
    // many at a time.
    static constexpr int kPublishStep = 256;

    TaskQueue() = default;
    EnqueueResult put(quint64 id, QByteArrayView payload, quint64 now, quint64 ticket, quint32 attempt);
    // put() for tasks 0..count-1 of a batch, taskAt(n) giving the n-th's id and payload.
    template <typename TaskAt>
    EnqueueResult putInSteps(int count, int *accepted, TaskAt taskAt);
    // Stores the ready ring's tail and wakes up to min(count, wakes) sleepers.
    void publish(int count, int wakes = kDirectWakes);
    void wake(int count);
    void drainShared(QVector<TaskEvent> *events);
    void retire(quint32 slot);
    void republish(quint32 slot);
    bool reserveSlot();

    Options m_options;
    std::unique_ptr<QueueSegment> m_segment;
    std::unique_ptr<PayloadArena> m_arena;
    std::vector<SlotInfo> m_slots;
    // Every change of a slot's phase goes through setPhase(), which keeps the count of
    // taken slots: with none, a dead worker's reclaim looks at no slot.
    void setPhase(SlotInfo &info, SlotInfo::Phase phase);
    qint64 m_takenCount = 0;
    std::vector<quint32> m_free; // free slots, last-in first-out
    // Published waiting slots in ring order: the producer's own copy of the ready ring from
    // ring index m_readyFront (the oldest not yet taken) to m_readyTail, which no worker can
    // write. Workers take in ring order under the lock, so every take must be of the front
    // one. Each entry is a waiting slot, so it never holds more than the ring: a ring of
    // the same size, indexed as the segment's.
    std::vector<quint32> m_readySlots;
    quint64 m_readyFront = 0;
    bool readyOrderEmpty() const { return m_readyFront == m_readyTail; }
    quint32 readyFrontSlot() const { return m_readySlots[m_readyFront % m_readySlots.size()]; }
    void pushReady(quint32 slot); // into the segment's ring and the copy; the tail moves
    quint64 m_skipSuspect = ~quint64(0); // a ring index the head passed without a take
    QVector<TaskEvent> m_pending; // drained while making room, not yet handed out
    TaskLedger *m_ledger = nullptr;
    bool m_eventLog = true;
    quint64 m_nextTicket = 0;
    quint64 m_readyTail = 0;
    quint64 m_eventTail = 0;
    quint64 m_used = 0;
    quint32 m_wakeCursor = 0; // where the next wake-up pass starts
    bool m_closed = false;
    QString m_error;
    QString m_damage;
    qint64 m_suspectPid = 0;
};

} // namespace herd
