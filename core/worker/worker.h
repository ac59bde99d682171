#pragma once

#include "crashhook.h"

#include <csignal>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace herd {

class QueueSegment;

// One task held by a worker. slot + epoch are its lease: complete/fail with them, and a
// lease the app has since reclaimed is refused.
struct WorkerTask {
    std::uint64_t id = 0;
    std::string payload;   // any bytes, NULs included
    std::uint32_t slot = 0;
    std::uint64_t epoch = 0;
    std::uint32_t attempt = 0; // 1 the first time this task is taken
};

enum class TakeResult {
    Task,        // *task holds the next task
    Timeout,     // nothing arrived before the timeout
    Closed,      // the queue is closed and empty (or its owner has exited)
    Interrupted, // the interrupt flag was set (e.g. by a SIGTERM handler)
    Error,       // lastError() says what
};

enum class AckResult {
    Ok,
    Stale, // the lease is no longer ours (reclaimed, or already acknowledged)
    Error, // lastError() says what
};

// The worker side of Herd's task queue, for C++ worker programs. No Qt. Not thread-safe:
// use one Worker per thread.
class Worker final
{
public:
    // Attaches to the queue named by HERD_QUEUE, taking the name from HERD_PROCESS_NAME
    // (as Python's current_process().name; "worker-<pid>" when unset).
    static std::unique_ptr<Worker> attachFromEnvironment(std::string *error);
    static std::unique_ptr<Worker> attach(const std::string &address, const std::string &name,
                                          std::string *error);
    ~Worker(); // unregisters; a task still held stays leased until the app reclaims it

    Worker(const Worker &) = delete;
    Worker &operator=(const Worker &) = delete;

    const std::string &name() const { return m_name; }
    std::uint32_t id() const { return m_id; }
    const std::string &lastError() const { return m_error; }

    // Waits up to timeoutMs (< 0: no limit, 0: do not wait) for the next task. Idle
    // workers poll for a few microseconds, then sleep on a futex until the app wakes them.
    //
    // Batches. A worker whose tasks are quick (under kQuickTaskNs each on average) takes
    // several under one lock when many are waiting (one per kBatchSpread waiting, at most
    // kMaxBatch), each under its own lease, and hands them out one by one; while it holds
    // such tasks, completeAndTake() holds the completion back and sends it with the next
    // batch, recorded at the time it is sent (a batch of quick tasks later at most). Few
    // waiting tasks, or slow ones, mean one task per lock and every completion sent at
    // once, as without batches. A worker that dies holding a batch loses each of its
    // leases, so the app requeues each of those tasks once (one whose completion was not
    // sent yet included: that task runs again).
    static constexpr std::uint32_t kMaxBatch = 16;
    static constexpr std::uint32_t kBatchSpread = 8;
    static constexpr std::uint64_t kQuickTaskNs = 50 * 1000;
    TakeResult take(WorkerTask *task, int timeoutMs);
    // Result text is kept up to 44 bytes. Sent at once, with any completions held back.
    AckResult complete(const WorkerTask &task, int resultCode, std::string_view text);
    AckResult fail(const WorkerTask &task, int resultCode, std::string_view text);
    // complete(*task) and take the next one under one lock; *ack gets the completion's
    // result. *task is reused for the next task (its old contents are not kept). Within a
    // batch no lock is taken: the completion is sent with the next batch and *ack is Ok
    // (a lease is lost only when the app takes the worker for dead and requeues its tasks;
    // a completion sent on such a lease is refused then, as any stale one is).
    TakeResult completeAndTake(WorkerTask *task, int resultCode, std::string_view text,
                               int timeoutMs, AckResult *ack);

    // take() returns Interrupted soon after *flag becomes nonzero (set it from a signal
    // handler installed without SA_RESTART so the futex wait returns).
    void setInterruptFlag(const volatile std::sig_atomic_t *flag) { m_interrupt = flag; }

private:
    enum class LockWait {
        Acquired,
        TimedOut,
        Interrupted,
        OwnerGone,
        Broken,
    };
    enum class TakeStep {
        Took,
        Empty,
        Error,
    };

    Worker() = default;
    bool registerSelf(std::string *error);
    void unregisterSelf();
    LockWait lockUntil(std::int64_t deadlineNs);
    // A completion held back while the worker works through a batch.
    struct PendingAck {
        std::uint64_t id = 0;
        std::uint64_t epoch = 0;
        std::uint32_t slot = 0;
        int resultCode = 0;
        std::uint32_t textLength = 0;
        char text[44]; // kResultTextMax (checked where the layout is known)
    };


    TakeStep takeLocked(WorkerTask *task);
    // Takes up to batchSizeLocked() tasks into m_batch; the first goes to *task.
    TakeStep takeBatchLocked(WorkerTask *task);
    std::uint32_t batchSizeLocked() const;
    AckResult finishLocked(std::uint32_t slot, std::uint64_t epoch, std::uint64_t id, bool ok,
                           int resultCode, std::string_view text, std::uint64_t timeNs);
    void sendAcksLocked(); // the held-back completions, in order
    void sendAcks();       // the same, taking the lock (bounded)
    bool handOutHeld(WorkerTask *task); // the next task of the batch, if any
    AckResult finish(const WorkerTask &task, bool ok, int resultCode, std::string_view text);
    TakeResult takeFrom(WorkerTask *task, std::int64_t deadlineNs, bool mayWait);
    bool workAvailable() const;
    bool ownerGone();
    void passOnWake();
    bool waitForWork(std::int64_t deadlineNs); // false: the queue's owner has gone
    bool interrupted() const { return m_interrupt && *m_interrupt; }

    std::unique_ptr<QueueSegment> m_segment;
    std::string m_name;
    std::string m_error;
    std::int32_t m_pid = 0;
    std::uint32_t m_id = 0;
    std::uint32_t m_index = 0;
    std::uint64_t m_lastOwnerCheckNs = 0;
    bool m_ownerGone = false;
    const volatile std::sig_atomic_t *m_interrupt = nullptr;
    CrashHook m_crash;
    std::vector<WorkerTask> m_batch;   // tasks taken together, not yet handed out:
    std::uint32_t m_batchNext = 0;     // [m_batchNext, m_batchEnd)
    std::uint32_t m_batchEnd = 0;
    std::uint32_t m_lastBatchSize = 0; // tasks handed out since the last lock
    std::uint64_t m_lastLockNs = 0;    // when the last batch was taken
    bool m_quick = false;              // the last batch's tasks took < kQuickTaskNs each
    std::vector<PendingAck> m_acks;    // completions held back, oldest first
    static constexpr std::uint64_t kSlowYieldsNs = 200 * 1000; // 4 yields longer: a busy CPU
    static constexpr std::uint32_t kYieldProbeEvery = 32;
    bool m_slowYields = false;         // the last yields before a sleep took > kSlowYieldsNs
    std::uint32_t m_yieldsSkipped = 0;
};

} // namespace herd
