#include "worker.h"

#include "queueprotocol.h"
#include "queuesegment.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <sched.h>
#include <unistd.h>

namespace herd {

namespace {

constexpr std::int64_t kSecondNs = 1000000000;

std::int64_t deadlineFrom(int timeoutMs)
{
    if (timeoutMs < 0)
        return -1;
    if (timeoutMs == 0)
        return 0; // "do not wait": no clock needed
    return std::int64_t(monotonicNs()) + std::int64_t(timeoutMs) * 1000000;
}

// Cuts text to at most max bytes without splitting a UTF-8 sequence.
std::size_t utf8Cut(std::string_view text, std::size_t max)
{
    if (text.size() <= max)
        return text.size();
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xc0) == 0x80)
        --n;
    return n;
}

} // namespace

std::unique_ptr<Worker> Worker::attachFromEnvironment(std::string *error)
{
    const char *address = std::getenv("HERD_QUEUE");
    if (!address || !*address) {
        if (error)
            *error = "no task queue given: HERD_QUEUE is not set (Herd sets it for the workers "
                     "it starts)";
        return nullptr;
    }
    const char *name = std::getenv("HERD_PROCESS_NAME");
    return attach(address, name && *name ? std::string(name) : std::string(), error);
}

std::unique_ptr<Worker> Worker::attach(const std::string &address, const std::string &name,
                                       std::string *error)
{
    std::unique_ptr<Worker> worker(new Worker);
    worker->m_pid = getpid();
    worker->m_name = name.empty() ? "worker-" + std::to_string(worker->m_pid) : name;
    std::string hookError;
    worker->m_crash = CrashHook::fromEnvironment(&hookError);
    if (!hookError.empty()) {
        if (error)
            *error = hookError;
        return nullptr;
    }
    worker->m_segment = QueueSegment::attach(address, error);
    if (!worker->m_segment)
        return nullptr;
    // Another worker cutting the segment short must not kill this one with SIGBUS: it
    // sees the damage instead and leaves (ownerGone()).
    worker->m_segment->guardAgainstShrink();
    if (!worker->registerSelf(error))
        return nullptr;
    return worker;
}

Worker::~Worker()
{
    if (m_segment && m_id != 0) {
        sendAcks(); // tasks taken and not handed out stay leased until the app reclaims them
        unregisterSelf();
    }
}

Worker::LockWait Worker::lockUntil(std::int64_t deadlineNs)
{
    // The common case first: the lock is free (or soon is), no clock read needed.
    if (m_segment->lock(0) == QueueSegment::LockStatus::Acquired) {
        m_crash.reached(CrashHook::Step::AfterLock);
        return LockWait::Acquired;
    }
    for (;;) {
        // Slices of at most a second: between them we notice an interrupt, an owner
        // that has gone, or our own deadline, even while a stopped process holds the lock.
        const std::int64_t now = std::int64_t(monotonicNs());
        std::int64_t slice = now + kSecondNs;
        if (deadlineNs >= 0 && deadlineNs < slice)
            slice = deadlineNs == 0 ? 0 : deadlineNs;
        switch (m_segment->lock(slice)) {
        case QueueSegment::LockStatus::Acquired:
            m_crash.reached(CrashHook::Step::AfterLock);
            return LockWait::Acquired;
        case QueueSegment::LockStatus::Unrecoverable:
            m_error = "the task queue's lock cannot be recovered (the segment was damaged)";
            return LockWait::Broken;
        case QueueSegment::LockStatus::TimedOut:
            break;
        }
        const QueueHeader *h = m_segment->header();
        const int holder = h->holderPid.load(std::memory_order_relaxed);
        const std::uint64_t since = h->holderSinceNs.load(std::memory_order_relaxed);
        const std::uint64_t held = monotonicNs() - std::min(since, monotonicNs());
        m_error = "the task queue's lock is held by pid " + std::to_string(holder) + " for "
                  + std::to_string(held / 1000000) + " ms";
        if (holder > 0 && processStateChar(holder) == 'T')
            m_error += " (stopped)";
        if (deadlineNs >= 0 && std::int64_t(monotonicNs()) >= deadlineNs)
            return LockWait::TimedOut;
        if (interrupted())
            return LockWait::Interrupted;
        if (ownerGone())
            return LockWait::OwnerGone;
    }
}

bool Worker::registerSelf(std::string *error)
{
    const LockWait w = lockUntil(deadlineFrom(10000));
    if (w != LockWait::Acquired) {
        if (error)
            *error = "cannot register with the task queue: " + m_error;
        return false;
    }
    QueueHeader *h = m_segment->header();
    const std::uint32_t max = m_segment->maxWorkers();
    const std::uint32_t high = m_segment->workerRecordsInUse();
    std::uint32_t found = max;
    for (std::uint32_t i = 0; i < high && found == max; ++i) {
        if (m_segment->worker(i)->pid.load(std::memory_order_relaxed) == 0)
            found = i;
    }
    if (found == max && high < max)
        found = high;
    for (std::uint32_t i = 0; i < high && found == max; ++i) {
        // Every record is in use: reuse one whose process has gone.
        WorkerRecord *r = m_segment->worker(i);
        if (!processAlive(r->pid.load(std::memory_order_relaxed), r->startTime))
            found = i;
    }
    if (found == max) {
        m_segment->unlock();
        if (error)
            *error = "the task queue already has " + std::to_string(max) + " workers";
        return false;
    }
    WorkerRecord *r = m_segment->worker(found);
    if (r->sleep.exchange(std::uint32_t(SleepState::Awake)) != std::uint32_t(SleepState::Awake))
        h->sleepers.fetch_sub(1); // its previous owner died asleep
    r->generation += 1;
    r->startTime = processStartTime(m_pid);
    std::memset(r->name, 0, sizeof r->name);
    std::memcpy(r->name, m_name.data(), utf8Cut(m_name, sizeof r->name - 1));
    r->pid.store(m_pid, std::memory_order_release); // the commit: the record is ours
    if (found + 1 > h->workerHighWater.load(std::memory_order_relaxed))
        h->workerHighWater.store(found + 1, std::memory_order_release);
    m_index = found;
    m_id = workerId(found, r->generation);
    m_segment->unlock();
    return true;
}

void Worker::unregisterSelf()
{
    if (lockUntil(deadlineFrom(2000)) != LockWait::Acquired)
        return; // the app clears the record when it reaps us
    WorkerRecord *r = m_segment->worker(m_index);
    if (r->pid.load(std::memory_order_relaxed) == m_pid)
        r->pid.store(0, std::memory_order_release);
    m_segment->unlock();
    m_id = 0;
}

Worker::TakeStep Worker::takeLocked(WorkerTask *task)
{
    QueueHeader *h = m_segment->header();
    const std::uint32_t cap = m_segment->capacity();
    // A bound on this loop that nothing in the segment can move: each pass consumes one
    // ready entry, and a ring holds at most cap of them.
    for (std::uint32_t pass = 0; pass <= cap; ++pass) {
        const std::uint64_t head = h->readyHead.load(std::memory_order_relaxed);
        const std::uint64_t tail = h->readyTail.load(std::memory_order_acquire);
        if (head == tail)
            return TakeStep::Empty;
        if (tail - head > cap) {
            m_error = "the task queue is damaged (its ready ring counters are out of range)";
            return TakeStep::Error;
        }
        const std::uint64_t eventIndex = h->eventHead.load(std::memory_order_relaxed);
        if (eventIndex - h->eventTail.load(std::memory_order_acquire) >= m_segment->eventCapacity()) {
            m_error = "the task queue's event ring is full (the app has stopped reading it)";
            return TakeStep::Error;
        }
        const std::uint32_t s = *m_segment->readyEntry(head);
        QueueIntent &in = h->intent;
        in.slot = s;
        in.ringIndex = head;
        in.eventIndex = eventIndex;
        in.pid = m_pid;
        in.worker = m_id;
        in.timeNs = m_segment->lockTimeNs();
        in.resultCode = 0;
        if (s >= cap || m_segment->slot(s)->state.load(std::memory_order_acquire)
                            != std::uint32_t(SlotState::Queued)) {
            // A damaged ring entry (no such slot, or a slot that is not waiting): step over
            // it, nothing else to touch.
            in.slot = cap; // names no slot: the replay only moves the ring's head
            in.epoch = 0;
            in.attempt = 0;
            in.newState = 0;
            in.eventKind = std::uint32_t(EventKind::None);
            in.counter = CounterCount;
            in.op.store(std::uint32_t(IntentOp::Take), std::memory_order_release);
            m_segment->applyIntentLocked();
            QueueSegment::log("skipped a damaged ready-ring entry (slot " + std::to_string(s) + ")");
            continue;
        }
        QueueSlot *slot = m_segment->slot(s);
        const std::uint64_t offset = slot->payloadOffset;
        const std::uint32_t length = slot->payloadLength;
        // Never trust the shared length: a corrupt one would read out of bounds.
        const bool intact = length <= m_segment->maxPayload() && offset <= m_segment->arenaSize()
                            && length <= m_segment->arenaSize() - offset;
        in.epoch = slot->epoch.load(std::memory_order_relaxed) + 1;
        in.attempt = slot->attempt;
        if (intact) {
            in.newState = std::uint32_t(SlotState::Taken);
            in.eventKind = std::uint32_t(EventKind::Taken);
            in.counter = CounterTaken;
        } else {
            static const char reason[] = "corrupt payload length";
            std::memcpy(slot->resultText, reason, sizeof reason - 1);
            slot->resultLength = sizeof reason - 1;
            in.resultCode = -1;
            in.newState = std::uint32_t(SlotState::DeadLettered);
            in.eventKind = std::uint32_t(EventKind::DeadLettered);
            in.counter = CounterDeadCorrupt;
        }
        in.counterValue = h->counters[in.counter].load(std::memory_order_relaxed) + 1;
        in.op.store(std::uint32_t(IntentOp::Take), std::memory_order_release);
        m_crash.reached(CrashHook::Step::AfterClaim);
        if (intact) {
            const char *bytes = m_segment->arena() + offset;
            const std::size_t half = length / 2;
            task->payload.assign(bytes, half);
            m_crash.reached(CrashHook::Step::MidCopy);
            task->payload.append(bytes + half, length - half);
            task->id = slot->taskId;
            task->slot = s;
            task->epoch = in.epoch;
            task->attempt = in.attempt;
        }
        m_segment->applyIntentLocked();
        m_crash.reached(CrashHook::Step::AfterCommit);
        if (intact)
            return TakeStep::Took;
        QueueSegment::log("task " + std::to_string(slot->taskId) + " has a corrupt payload length ("
                          + std::to_string(length) + " bytes at offset " + std::to_string(offset)
                          + "); dead-lettered");
    }
    m_error = "the task queue is damaged (its ready ring holds no usable entry)";
    return TakeStep::Error;
}

AckResult Worker::finishLocked(std::uint32_t slotIndex, std::uint64_t epoch, std::uint64_t id, bool ok,
                               int resultCode, std::string_view text, std::uint64_t timeNs)
{
    QueueHeader *h = m_segment->header();
    if (slotIndex >= m_segment->capacity()) {
        m_error = "task " + std::to_string(id) + ": no such slot";
        return AckResult::Stale;
    }
    QueueSlot *slot = m_segment->slot(slotIndex);
    if (slot->state.load(std::memory_order_acquire) != std::uint32_t(SlotState::Taken)
        || slot->epoch.load(std::memory_order_relaxed) != epoch
        || slot->takerWorker.load(std::memory_order_relaxed) != m_id
        || slot->takerPid.load(std::memory_order_relaxed) != m_pid) {
        m_error = "task " + std::to_string(id)
                  + ": the lease is no longer ours (reclaimed by the app, or already acknowledged)";
        return AckResult::Stale;
    }
    const std::uint64_t eventIndex = h->eventHead.load(std::memory_order_relaxed);
    if (eventIndex - h->eventTail.load(std::memory_order_acquire) >= m_segment->eventCapacity()) {
        m_error = "the task queue's event ring is full (the app has stopped reading it)";
        return AckResult::Error;
    }
    // The slot is ours until the finish is committed: its text is seen only after that.
    const std::size_t n = utf8Cut(text, kResultTextMax);
    if (n > 0) // an empty string_view may carry a null pointer, which memcpy must not get
        std::memcpy(slot->resultText, text.data(), n);
    slot->resultLength = std::uint32_t(n);
    QueueIntent &in = h->intent;
    in.slot = slotIndex;
    in.epoch = epoch;
    in.ringIndex = 0;
    in.eventIndex = eventIndex;
    in.newState = std::uint32_t(ok ? SlotState::Done : SlotState::Failed);
    in.eventKind = std::uint32_t(ok ? EventKind::Done : EventKind::Failed);
    in.pid = m_pid;
    in.worker = m_id;
    in.attempt = slot->attempt;
    in.resultCode = resultCode;
    in.timeNs = timeNs;
    in.counter = ok ? CounterDone : CounterFailed;
    in.counterValue = h->counters[in.counter].load(std::memory_order_relaxed) + 1;
    in.op.store(std::uint32_t(IntentOp::Finish), std::memory_order_release);
    m_crash.reached(CrashHook::Step::InAck);
    m_segment->applyIntentLocked();
    return AckResult::Ok;
}

std::uint32_t Worker::batchSizeLocked() const
{
    const QueueHeader *h = m_segment->header();
    const std::uint64_t head = h->readyHead.load(std::memory_order_relaxed);
    const std::uint64_t tail = h->readyTail.load(std::memory_order_acquire);
    const std::uint64_t waiting = tail - head;
    if (waiting > m_segment->capacity())
        return 1; // damaged counters: takeLocked() says so
    // A share of what waits, so that when few tasks wait no worker holds what another,
    // idle one could run.
    return std::uint32_t(std::clamp<std::uint64_t>(waiting / kBatchSpread, 1, kMaxBatch));
}

Worker::TakeStep Worker::takeBatchLocked(WorkerTask *task)
{
    const std::uint64_t now = m_segment->lockTimeNs();
    // Quick tasks: the last batch was handed out and done in less than kQuickTaskNs per
    // task (time spent waiting for work counts too, so a worker back from sleep starts
    // with one task).
    m_quick = m_lastBatchSize > 0 && now - m_lastLockNs < std::uint64_t(m_lastBatchSize) * kQuickTaskNs;
    const std::uint32_t want = m_quick ? batchSizeLocked() : 1;
    m_batchNext = m_batchEnd = 0;
    const TakeStep step = takeLocked(task);
    std::uint32_t took = step == TakeStep::Took ? 1 : 0;
    if (step == TakeStep::Took && want > 1) {
        if (m_batch.size() < kMaxBatch)
            m_batch.resize(kMaxBatch);
        // Each take is its own step under its own intent, so a death anywhere in the batch
        // is repaired as a death in a single take is. An error here ends the batch; the
        // next take reports it.
        while (took < want && takeLocked(&m_batch[m_batchEnd]) == TakeStep::Took) {
            ++m_batchEnd;
            ++took;
        }
    }
    m_lastBatchSize = took;
    m_lastLockNs = now;
    return step;
}

bool Worker::handOutHeld(WorkerTask *task)
{
    if (m_batchNext >= m_batchEnd)
        return false;
    std::swap(*task, m_batch[m_batchNext++]); // buffers are swapped, not copied
    return true;
}

void Worker::sendAcksLocked()
{
    static_assert(sizeof(PendingAck::text) == kResultTextMax, "a held-back completion keeps the whole text");
    std::size_t sent = 0;
    for (; sent < m_acks.size(); ++sent) {
        const PendingAck &a = m_acks[sent];
        const AckResult r = finishLocked(a.slot, a.epoch, a.id, true, a.resultCode,
                                         std::string_view(a.text, a.textLength), m_segment->lockTimeNs());
        if (r == AckResult::Error)
            break; // the event ring is full: kept for the next lock
        // Stale: the app took this worker for dead and has requeued the task; the refusal
        // is all there is to do (lastError() says which).
    }
    m_acks.erase(m_acks.begin(), m_acks.begin() + std::ptrdiff_t(sent));
}

void Worker::sendAcks()
{
    if (m_acks.empty())
        return;
    if (lockUntil(deadlineFrom(2000)) != LockWait::Acquired)
        return; // the app requeues those tasks when it reaps us
    sendAcksLocked();
    m_segment->unlock();
}

AckResult Worker::finish(const WorkerTask &task, bool ok, int resultCode, std::string_view text)
{
    m_crash.reached(CrashHook::Step::AfterWork);
    const LockWait w = lockUntil(-1);
    if (w != LockWait::Acquired) {
        if (w == LockWait::OwnerGone)
            m_error = "the task queue's owner has exited";
        else if (w == LockWait::Interrupted)
            m_error = "interrupted while waiting for the task queue's lock";
        return AckResult::Error;
    }
    sendAcksLocked();
    const AckResult r = finishLocked(task.slot, task.epoch, task.id, ok, resultCode, text,
                                     m_segment->lockTimeNs());
    m_crash.reached(CrashHook::Step::AfterCommit);
    m_segment->unlock();
    return r;
}

AckResult Worker::complete(const WorkerTask &task, int resultCode, std::string_view text)
{
    return finish(task, true, resultCode, text);
}

AckResult Worker::fail(const WorkerTask &task, int resultCode, std::string_view text)
{
    return finish(task, false, resultCode, text);
}

bool Worker::workAvailable() const
{
    const QueueHeader *h = m_segment->header();
    return h->readyTail.load(std::memory_order_seq_cst) != h->readyHead.load(std::memory_order_seq_cst)
           || h->closed.load(std::memory_order_seq_cst) != 0;
}

bool Worker::ownerGone()
{
    if (m_ownerGone)
        return true;
    const std::uint64_t now = monotonicNs();
    if (now - m_lastOwnerCheckNs < std::uint64_t(kSecondNs))
        return false;
    m_lastOwnerCheckNs = now;
    // The owner as it was when we attached, not as the header says now.
    if (!processAlive(m_segment->creatorPid(), m_segment->creatorStartTime())) {
        m_ownerGone = true;
        m_error = "the task queue's owner (pid " + std::to_string(m_segment->creatorPid()) + ") has exited";
    } else {
        // A damaged segment is abandoned by its owner, who moves the work to a new queue:
        // nothing more will come through this one.
        const std::string damage = m_segment->checkIdentity();
        if (!damage.empty()) {
            m_ownerGone = true;
            m_error = "the task queue was damaged (" + damage + ")";
        }
    }
    return m_ownerGone;
}

void Worker::passOnWake()
{
    // The app wakes only a few sleepers per batch; a worker that has just taken a task
    // and sees more waiting wakes one more, so the pool wakes as far as the tasks reach.
    if (m_segment->readyWithSleepers())
        m_segment->wakeSleepers(1, m_index + 1);
}

bool Worker::waitForWork(std::int64_t deadlineNs)
{
    // Poll a few microseconds first: a task that arrives meanwhile costs no syscall on
    // either side. Then sleep on our own futex word until the producer wakes us.
    for (int i = 0; i < 48; ++i) {
        if (workAvailable())
            return true;
        cpuRelax();
    }
    // Then a few yields, which let the producer run on this CPU when the pool has more
    // processes than CPUs. On a machine busy with other work a yield hands the CPU to
    // some other process for a whole time slice (milliseconds, with the task waiting):
    // when the yields took that long, later waits skip them and sleep at once (a sleeper
    // that is woken gets the CPU back quickly), trying them again now and then.
    if (!m_slowYields || ++m_yieldsSkipped >= kYieldProbeEvery) {
        m_yieldsSkipped = 0;
        const std::uint64_t start = monotonicNs();
        bool found = false;
        for (int i = 0; i < 4 && !found; ++i) {
            sched_yield();
            found = workAvailable();
        }
        m_slowYields = monotonicNs() - start > kSlowYieldsNs;
        if (found)
            return true;
    }
    // About to sleep: the moment to check (at most once a second) that the queue's owner
    // is still there, so an orphaned worker ends instead of sleeping forever.
    if (ownerGone())
        return false;
    QueueHeader *h = m_segment->header();
    WorkerRecord *me = m_segment->worker(m_index);
    h->sleepers.fetch_add(1, std::memory_order_seq_cst);
    me->sleep.store(std::uint32_t(SleepState::Sleeping), std::memory_order_seq_cst);
    // Re-check after announcing the sleep: either we see the producer's new tail here,
    // or the producer sees us Sleeping and wakes us (both sides are seq_cst).
    if (!workAvailable() && !interrupted()) {
        std::int64_t timeout = kSecondNs;
        if (deadlineNs >= 0)
            timeout = std::max<std::int64_t>(0, std::min<std::int64_t>(timeout, deadlineNs - std::int64_t(monotonicNs())));
        if (timeout > 0)
            futexWait(&me->sleep, std::uint32_t(SleepState::Sleeping), timeout);
    }
    me->sleep.store(std::uint32_t(SleepState::Awake), std::memory_order_seq_cst);
    h->sleepers.fetch_sub(1, std::memory_order_seq_cst);
    return true;
}

TakeResult Worker::takeFrom(WorkerTask *task, std::int64_t deadlineNs, bool mayWait)
{
    for (;;) {
        if (interrupted()) {
            sendAcks();
            return TakeResult::Interrupted;
        }
        if (handOutHeld(task))
            return TakeResult::Task;
        const QueueHeader *h = m_segment->header();
        if (!m_acks.empty()
            || h->readyTail.load(std::memory_order_acquire) != h->readyHead.load(std::memory_order_relaxed)) {
            switch (lockUntil(mayWait ? deadlineNs : 0)) {
            case LockWait::Acquired:
                break;
            case LockWait::TimedOut:
                return TakeResult::Timeout;
            case LockWait::Interrupted:
                return TakeResult::Interrupted;
            case LockWait::OwnerGone:
                return TakeResult::Closed;
            case LockWait::Broken:
                return TakeResult::Error;
            }
            sendAcksLocked();
            const TakeStep step = takeBatchLocked(task);
            m_segment->unlock();
            if (step == TakeStep::Took) {
                passOnWake();
                return TakeResult::Task;
            }
            if (step == TakeStep::Error)
                return TakeResult::Error;
        }
        if (h->closed.load(std::memory_order_acquire)
            && h->readyTail.load(std::memory_order_acquire) == h->readyHead.load(std::memory_order_acquire))
            return TakeResult::Closed;
        if (!mayWait || (deadlineNs >= 0 && std::int64_t(monotonicNs()) >= deadlineNs))
            return TakeResult::Timeout;
        if (!waitForWork(deadlineNs))
            return TakeResult::Closed; // the owner has gone
    }
}

TakeResult Worker::take(WorkerTask *task, int timeoutMs)
{
    return takeFrom(task, deadlineFrom(timeoutMs), timeoutMs != 0);
}

TakeResult Worker::completeAndTake(WorkerTask *task, int resultCode, std::string_view text,
                                   int timeoutMs, AckResult *ack)
{
    m_crash.reached(CrashHook::Step::AfterWork);
    if (m_quick && m_batchNext < m_batchEnd && !interrupted()) {
        // Within a batch of quick tasks: hold the completion back and hand out the next
        // task, no lock taken (and no clock read: it is recorded when it is sent).
        PendingAck &a = m_acks.emplace_back();
        a.id = task->id;
        a.slot = task->slot;
        a.epoch = task->epoch;
        a.resultCode = resultCode;
        a.textLength = std::uint32_t(utf8Cut(text, sizeof a.text));
        if (a.textLength > 0)
            std::memcpy(a.text, text.data(), a.textLength);
        if (ack)
            *ack = AckResult::Ok;
        handOutHeld(task);
        return TakeResult::Task;
    }
    const std::int64_t deadline = deadlineFrom(timeoutMs);
    const LockWait w = lockUntil(-1);
    if (w != LockWait::Acquired) {
        if (ack)
            *ack = AckResult::Error;
        return w == LockWait::Interrupted ? TakeResult::Interrupted
               : w == LockWait::OwnerGone ? TakeResult::Closed
                                          : TakeResult::Error;
    }
    sendAcksLocked();
    const AckResult r = finishLocked(task->slot, task->epoch, task->id, true, resultCode, text,
                                     m_segment->lockTimeNs());
    if (ack)
        *ack = r;
    // The finished task's fields are no longer needed: take straight into it, reusing
    // its payload buffer.
    const TakeStep step = interrupted() ? TakeStep::Empty : takeBatchLocked(task);
    m_segment->unlock();
    if (step == TakeStep::Took) {
        passOnWake();
        return TakeResult::Task;
    }
    if (step == TakeStep::Error)
        return TakeResult::Error;
    return takeFrom(task, deadline, timeoutMs != 0);
}

} // namespace herd
