#include "queue/taskqueue.h"

#include "queue/taskledger.h"

#include "queueprotocol.h"
#include "queuesegment.h"

#include <QLoggingCategory>

#include <QSet>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstddef>
#include <cstring>
#include <utility>

namespace herd {

Q_LOGGING_CATEGORY(lcQueue, "herd.queue")

namespace {

void logToQt(const std::string &message)
{
    qCWarning(lcQueue, "%s", message.c_str());
}

} // namespace

std::unique_ptr<TaskQueue> TaskQueue::create(const Options &options, QString *error)
{
    QueueSegment::setLogHandler(&logToQt);
    std::string removed;
    const int stale = QueueSegment::removeStaleSegments(&removed);
    if (stale > 0)
        qCInfo(lcQueue, "removed %d task queue(s) left by a Herd that is gone:\n%s", stale,
               removed.c_str());

    QueueSegment::CreateOptions co;
    co.capacity = options.capacity;
    co.maxPayload = options.maxPayload;
    co.maxAttempts = options.maxAttempts;
    co.maxWorkers = options.maxWorkers;
    std::string why;
    std::unique_ptr<QueueSegment> segment = QueueSegment::create(co, &why);
    if (!segment) {
        if (error)
            *error = QString::fromStdString(why);
        return nullptr;
    }
    std::unique_ptr<TaskQueue> queue(new TaskQueue);
    queue->m_options = options;
    if (queue->m_options.lockWaitMs < 0)
        queue->m_options.lockWaitMs = 0;
    segment->guardAgainstShrink();
    const QueueGeometry &g = segment->geometry();
    queue->m_arena = std::make_unique<PayloadArena>(segment->fd(), g.arenaOffset, g.arenaSize,
                                                     segment->arena());
    queue->m_nextTicket = options.firstTicket;
    // Every slot's record is written as the queue first fills: its pages mapped in one call.
    queue->m_slots.reserve(options.capacity);
    prefaultPages(queue->m_slots.data(), options.capacity * sizeof(SlotInfo));
    queue->m_slots.resize(options.capacity);
    queue->m_readySlots.resize(options.capacity);
    queue->m_free.reserve(options.capacity);
    for (quint32 s = options.capacity; s > 0; --s)
        queue->m_free.push_back(s - 1); // slot 0 first
    queue->m_segment = std::move(segment);
    return queue;
}

TaskQueue::~TaskQueue()
{
    if (m_segment)
        close();
}

QString TaskQueue::address() const
{
    return QString::fromStdString(m_segment->name());
}

EnqueueResult TaskQueue::put(quint64 id, QByteArrayView payload, quint64 now, quint64 ticket,
                             quint32 attempt)
{
    if (m_closed)
        return EnqueueResult::Closed;
    if (isDamaged())
        return EnqueueResult::Busy; // its owner is moving the work to a new queue
    if (quint64(payload.size()) > m_options.maxPayload)
        return EnqueueResult::TooLarge;
    if (m_free.empty() && !reserveSlot())
        return EnqueueResult::Full;
    PayloadArena::Block block;
    if (!m_arena->allocate(quint32(payload.size()), &block)) {
        // Finished tasks not drained yet may be holding the space.
        drainShared(m_eventLog ? &m_pending : nullptr);
        if (!m_arena->allocate(quint32(payload.size()), &block)) {
            m_error = m_arena->error().isEmpty()
                ? QStringLiteral("the task queue's payload space is full") : m_arena->error();
            return EnqueueResult::Full;
        }
    }
    if (m_free.empty()) {
        m_arena->release(block);
        return EnqueueResult::Full;
    }
    const quint32 s = m_free.back();
    m_free.pop_back();
    SlotInfo &info = m_slots[s];
    info.ticket = ticket;
    info.taskId = id;
    info.attempt = attempt;
    info.block = block;
    info.takerPid = 0;
    info.takerWorker = 0;
    setPhase(info, SlotInfo::Phase::Queued);
    info.used = true;
    ++m_used;

    // A free slot is the producer's alone; it becomes visible to workers only when the
    // ready ring's tail is published.
    QueueSlot *slot = m_segment->slot(s);
    slot->attempt = attempt;
    slot->epoch.store(info.epoch, std::memory_order_relaxed); // as we know it, whatever was written
    slot->taskId = id;
    slot->ticket = info.ticket;
    slot->payloadOffset = block.offset;
    slot->payloadLength = quint32(payload.size());
    slot->takerPid.store(0, std::memory_order_relaxed);
    slot->takerWorker.store(0, std::memory_order_relaxed);
    slot->resultCode = 0;
    slot->enqueuedNs = now;
    // Only the slot's first cache line is written here: the second (take and end times,
    // result text) is written by the worker that takes the slot before anyone reads it,
    // and the producer reads the text only as long as the worker's event says it is.
    static_assert(offsetof(QueueSlot, enqueuedNs) + sizeof(QueueSlot::enqueuedNs) <= 64,
                  "what the producer writes to a slot fits in one cache line");
    if (!payload.isEmpty())
        std::memcpy(m_segment->arena() + block.offset, payload.constData(), size_t(payload.size()));
    slot->state.store(std::uint32_t(SlotState::Queued), std::memory_order_relaxed);
    pushReady(s);

    if (attempt > 1)
        return EnqueueResult::Ok; // moved from a damaged queue: already in the ledger
    if (m_ledger)
        m_ledger->recordEnqueued(info.ticket, id, payload, qint64(now));
    if (m_eventLog) {
        TaskEvent &e = m_pending.emplaceBack();
        e.kind = TaskEventKind::Enqueued;
        e.ticket = info.ticket;
        e.taskId = id;
        e.slot = s;
        e.attempt = 1;
        e.timeNs = qint64(now);
        if (!m_ledger)
            e.payload = payload.toByteArray();
    }
    return EnqueueResult::Ok;
}

bool TaskQueue::reserveSlot()
{
    drainShared(m_eventLog ? &m_pending : nullptr);
    if (m_free.empty()) {
        m_error = QStringLiteral("the task queue is full (%1 tasks waiting or running)")
                      .arg(m_options.capacity);
        return false;
    }
    return true;
}

void TaskQueue::pushReady(quint32 s)
{
    *m_segment->readyEntry(m_readyTail) = s;
    m_readySlots[m_readyTail % m_readySlots.size()] = s;
    ++m_readyTail;
}

void TaskQueue::publish(int count, int wakes)
{
    if (count <= 0)
        return;
    // seq_cst store, then the seq_cst read of the sleeper count in wake(): a worker
    // going to sleep either sees this tail or is seen sleeping (see Worker::waitForWork).
    m_segment->header()->readyTail.store(m_readyTail, std::memory_order_seq_cst);
    wake(qMin(count, wakes));
}

void TaskQueue::wake(int count)
{
    // A few wakes from here; each worker that takes a task and still sees tasks waiting
    // wakes the next sleeper (Worker::passOnWake). A batch for 200 sleeping workers so costs
    // the app a few syscalls, and no more workers wake than the tasks keep busy.
    m_wakeCursor = m_segment->wakeSleepers(qMin(count, kDirectWakes), m_wakeCursor);
}

EnqueueResult TaskQueue::enqueue(quint64 id, const QByteArray &payload)
{
    const EnqueueResult r = put(id, payload, monotonicNs(), m_nextTicket, 1);
    if (r == EnqueueResult::Ok)
        ++m_nextTicket;
    if (r == EnqueueResult::Ok)
        publish(1);
    return r;
}

template <typename TaskAt>
EnqueueResult TaskQueue::putInSteps(int count, int *accepted, TaskAt taskAt)
{
    const quint64 now = monotonicNs();
    EnqueueResult r = EnqueueResult::Ok;
    int n = 0;
    int published = 0;
    for (; n < count; ++n) {
        const std::pair<quint64, QByteArrayView> task = taskAt(n);
        r = put(task.first, task.second, now, m_nextTicket, 1);
        if (r != EnqueueResult::Ok)
            break;
        ++m_nextTicket;
        // Workers see a long batch in steps, not only once it is all written: filling an
        // empty queue of 65,536 slots takes tens of milliseconds (its pages are written for
        // the first time), and a refill as long as the tasks still waiting would otherwise
        // leave the workers idle until its end. Each step wakes one sleeper, and the end as
        // many as the steps left of kDirectWakes (one at least): a batch of a thousand tasks
        // costs as few wakes as one published once, and a worker asleep since the last step
        // is woken by the next.
        if (n + 1 - published == kPublishStep) {
            publish(kPublishStep, 1);
            published = n + 1;
        }
    }
    publish(n - published, qMax(1, kDirectWakes - published / kPublishStep));
    if (accepted)
        *accepted = n;
    return r;
}

EnqueueResult TaskQueue::enqueueBatch(const quint64 *ids, const QByteArrayView *payloads, int count,
                                      int *accepted)
{
    return putInSteps(count, accepted, [&](int n) { return std::make_pair(ids[n], payloads[n]); });
}

EnqueueResult TaskQueue::enqueueCounted(quint64 firstId, int count, int *accepted)
{
    // put() copies the payload before the next one is written over it.
    char digits[20];
    return putInSteps(count, accepted, [&](int n) {
        const quint64 id = firstId + quint64(n);
        const char *end = std::to_chars(digits, digits + sizeof digits, id).ptr;
        return std::make_pair(id, QByteArrayView(digits, end - digits));
    });
}

void TaskQueue::republish(quint32 s)
{
    // The slot ended its attempt (no worker holds it: the failure released it), so it is
    // the producer's, as a free slot is: it goes back into the ready ring as it stands,
    // payload included, for the next attempt. Its lease epoch stays: the next take raises it.
    SlotInfo &info = m_slots[s];
    setPhase(info, SlotInfo::Phase::Queued);
    info.takerPid = 0;
    info.takerWorker = 0;
    info.attempt += 1;
    QueueSlot *slot = m_segment->slot(s);
    slot->attempt = info.attempt;
    slot->epoch.store(info.epoch, std::memory_order_relaxed);
    slot->takerPid.store(0, std::memory_order_relaxed);
    slot->takerWorker.store(0, std::memory_order_relaxed);
    slot->resultCode = 0;
    slot->resultLength = 0;
    slot->state.store(std::uint32_t(SlotState::Queued), std::memory_order_relaxed);
    pushReady(s);
    publish(1);
}

void TaskQueue::retire(quint32 s)
{
    SlotInfo &info = m_slots[s];
    if (!info.used)
        return;
    // The slot keeps its final state (done, failed, dead-lettered) until it is reused:
    // a late acknowledgement sees that state, or the new lease's epoch, and is refused.
    m_arena->release(info.block);
    info.used = false;
    setPhase(info, SlotInfo::Phase::Free);
    info.takerPid = 0;
    info.takerWorker = 0;
    m_free.push_back(s);
    --m_used;
}

void TaskQueue::drainShared(QVector<TaskEvent> *events)
{
    if (isDamaged())
        return;
    QueueHeader *h = m_segment->header();
    const quint64 head = h->eventHead.load(std::memory_order_acquire);
    if (head == m_eventTail)
        return;
    // The head is a worker's word: it may only move forward, and never by more than the
    // ring holds. This bounds the loop below, whatever was written.
    if (head < m_eventTail || head - m_eventTail > m_segment->eventCapacity()) {
        markDamaged(QStringLiteral("its event counter was moved from %1 to %2").arg(m_eventTail).arg(head),
                    h->holderPid.load(std::memory_order_relaxed));
        return;
    }
    if (events)
        events->reserve(events->size() + int(head - m_eventTail));
    for (quint64 i = m_eventTail; i < head; ++i) {
        // One copy of the record: what is checked is what is used.
        QueueEventRecord rec;
        std::memcpy(static_cast<void *>(&rec), m_segment->event(i), sizeof rec);
        const quint32 s = rec.slot;
        const EventKind kind = EventKind(rec.kind);
        QString bad;
        SlotInfo *info = s < m_options.capacity ? &m_slots[s] : nullptr;
        if (!info || !info->used) {
            bad = QStringLiteral("an event names slot %1, which holds no task").arg(s);
        } else if (kind == EventKind::Taken || kind == EventKind::DeadLettered) {
            // A take (or a worker's dead-letter of a corrupt slot) ends the wait of a
            // queued slot, with the next lease epoch.
            if (info->phase != SlotInfo::Phase::Queued)
                bad = QStringLiteral("task %1 was taken while not waiting").arg(info->taskId);
            else if (readyOrderEmpty() || readyFrontSlot() != s)
                bad = QStringLiteral("task %1 was taken out of turn").arg(info->taskId);
            else if (rec.epoch != quint32(info->epoch + 1))
                bad = QStringLiteral("task %1 was taken with a forged lease").arg(info->taskId);
            else if (rec.pid <= 0)
                bad = QStringLiteral("task %1 was taken by no process").arg(info->taskId);
        } else if (kind == EventKind::Done || kind == EventKind::Failed) {
            // A completion must come from the lease holder, with the lease it was given.
            if (info->phase != SlotInfo::Phase::Taken)
                bad = QStringLiteral("task %1 was completed while not taken").arg(info->taskId);
            else if (rec.epoch != quint32(info->epoch) || rec.pid != info->takerPid
                     || rec.worker != info->takerWorker)
                bad = QStringLiteral("task %1 was completed by pid %2, not by its taker (pid %3)")
                          .arg(info->taskId).arg(rec.pid).arg(info->takerPid);
        } else {
            bad = QStringLiteral("an event of unknown kind %1").arg(rec.kind);
        }
        if (!bad.isEmpty()) {
            // Everything before this event was applied; nothing from here on is.
            m_eventTail = i;
            h->eventTail.store(i, std::memory_order_release);
            markDamaged(bad, rec.pid);
            return;
        }
        TaskEventKind taskKind = TaskEventKind::Taken;
        switch (kind) {
        case EventKind::Taken:
            taskKind = TaskEventKind::Taken;
            break;
        case EventKind::Done:
            taskKind = TaskEventKind::Done;
            break;
        case EventKind::Failed:
            taskKind = TaskEventKind::Failed;
            break;
        default:
            taskKind = TaskEventKind::DeadLettered;
            break;
        }
        const qint64 timeNs = qint64(rec.timeNs);
        QString text;
        if (taskKind == TaskEventKind::Taken || (taskKind == TaskEventKind::DeadLettered && info->phase == SlotInfo::Phase::Queued))
            ++m_readyFront;
        // A failure with a negative result code is a task whose process was killed by a
        // signal (a crash, the OOM killer): that attempt failed, not the task. It goes back
        // to the queue until its attempts are used up, then to the dead letters.
        const bool crashed = taskKind == TaskEventKind::Failed && rec.resultCode < 0;
        if (crashed)
            taskKind = info->attempt >= m_options.maxAttempts ? TaskEventKind::DeadLettered : TaskEventKind::Requeued;
        if (taskKind == TaskEventKind::Taken) {
            setPhase(*info, SlotInfo::Phase::Taken);
            info->epoch += 1;
            info->takerPid = rec.pid;
            info->takerWorker = rec.worker;
            if (m_ledger)
                m_ledger->recordTaken(info->ticket, s, rec.pid, rec.worker, info->attempt, timeNs);
        } else {
            if (taskKind == TaskEventKind::DeadLettered)
                info->epoch += 1;
            const quint32 len = qMin<quint32>(rec.resultLength, kResultTextMax);
            if (len > 0) {
                char bytes[kResultTextMax];
                std::memcpy(bytes, m_segment->slot(s)->resultText, len);
                text = QString::fromUtf8(bytes, int(len));
            }
            if (m_ledger)
                m_ledger->recordEnded(taskKind, info->ticket, s, crashed ? 0 : rec.resultCode, text, timeNs);
        }
        if (events) {
            TaskEvent &e = events->emplaceBack();
            e.kind = taskKind;
            e.ticket = info->ticket;
            e.taskId = info->taskId;
            e.slot = s;
            e.attempt = info->attempt;
            e.workerPid = rec.pid;
            e.workerId = rec.worker;
            e.timeNs = timeNs;
            e.resultCode = rec.resultCode;
            e.text = std::move(text);
        }
        if (taskKind == TaskEventKind::Requeued)
            republish(s);
        else if (taskKind != TaskEventKind::Taken)
            retire(s);
    }
    m_eventTail = head;
    h->eventTail.store(head, std::memory_order_release);
}

void TaskQueue::setEventLog(bool on)
{
    m_eventLog = on;
    if (!on)
        m_pending.clear();
}

void TaskQueue::drainEventsInto(QVector<TaskEvent> *events)
{
    if (!m_eventLog || !events) {
        drainShared(m_eventLog ? &m_pending : nullptr);
        return;
    }
    if (!m_pending.isEmpty()) {
        if (events->isEmpty())
            events->swap(m_pending);
        else
            events->append(m_pending);
        m_pending.clear();
    }
    drainShared(events);
}

QVector<TaskEvent> TaskQueue::drainEvents()
{
    QVector<TaskEvent> events;
    drainEventsInto(&events);
    return events;
}

ReclaimStatus TaskQueue::reclaimWorker(qint64 pid, const QString &reason, QVector<TaskEvent> *events)
{
    if (isDamaged())
        return ReclaimStatus::Ok; // nothing is written to a damaged queue; see unfinished()
    QueueHeader *h = m_segment->header();
    const LockHolder holder = lockHolder();
    // A holder that has kept the lock for a second is stuck (stopped): do not wait on it.
    const qint64 waitMs = holder.heldForMs >= 1000 ? 0 : m_options.lockWaitMs;
    const std::int64_t deadline = waitMs == 0 ? 0 : std::int64_t(monotonicNs()) + waitMs * 1000000;
    if (m_segment->lock(deadline) != QueueSegment::LockStatus::Acquired) {
        const LockHolder now = lockHolder();
        m_error = QStringLiteral("the task queue's lock is held by pid %1 for %2 ms%3")
                      .arg(now.pid).arg(now.heldForMs)
                      .arg(now.stopped ? QStringLiteral(" (stopped)") : QString());
        return ReclaimStatus::Busy;
    }
    // Under the lock nothing new can be written: drain first, so every take of pid is known
    // (and in the caller's ledger) before it is undone.
    drainEventsInto(events);
    if (isDamaged()) {
        m_segment->unlock();
        return ReclaimStatus::Ok;
    }
    const quint64 now = monotonicNs();
    // Nothing taken at all (a run's end, when every worker leaves): no slot to look at.
    const quint32 cap = m_takenCount > 0 ? m_options.capacity : 0;
    int requeued = 0;
    for (quint32 s = 0; s < cap; ++s) {
        SlotInfo &info = m_slots[s];
        if (!info.used || info.phase != SlotInfo::Phase::Taken || info.takerPid != pid)
            continue;
        // Everything written comes from the queue's own record of the slot, not from the
        // segment: the lease as we gave it, plus one.
        QueueSlot *slot = m_segment->slot(s);
        const quint32 attempt = info.attempt;
        const bool dead = attempt >= m_options.maxAttempts;
        QueueIntent &in = h->intent;
        in.slot = s;
        in.epoch = info.epoch + 1; // the old lease is void
        in.ringIndex = m_readyTail;
        in.eventIndex = 0;
        in.newState = std::uint32_t(dead ? SlotState::DeadLettered : SlotState::Queued);
        in.eventKind = std::uint32_t(EventKind::None);
        in.pid = qint32(pid);
        in.worker = info.takerWorker;
        in.attempt = attempt + 1;
        in.resultCode = 0;
        in.timeNs = now;
        in.counter = dead ? CounterDeadReclaimed : CounterRequeued;
        in.counterValue = h->counters[in.counter].load(std::memory_order_relaxed) + 1;
        in.op.store(std::uint32_t(dead ? IntentOp::DeadLetter : IntentOp::Requeue),
                    std::memory_order_release);

        TaskEvent e;
        e.kind = dead ? TaskEventKind::DeadLettered : TaskEventKind::Requeued;
        e.ticket = info.ticket;
        e.taskId = info.taskId;
        e.slot = s;
        e.attempt = attempt;
        e.workerPid = pid;
        e.workerId = info.takerWorker;
        e.timeNs = qint64(now);
        e.text = reason; // why this attempt ended; the ledger groups them per task
        if (dead) {
            const QByteArray text = e.text.toUtf8();
            const int n = qMin<int>(text.size(), int(kResultTextMax));
            std::memcpy(slot->resultText, text.constData(), size_t(n));
            slot->resultLength = quint32(n);
        }
        m_segment->applyIntentLocked();
        info.epoch += 1;
        info.takerPid = 0;
        info.takerWorker = 0;
        info.attempt = attempt + 1;
        setPhase(info, SlotInfo::Phase::Queued);
        if (m_ledger)
            m_ledger->recordEnded(e.kind, e.ticket, s, 0, e.text, e.timeNs);
        if (dead)
            retire(s);
        else
            m_readySlots[m_readyTail++ % m_readySlots.size()] = s, ++requeued; // in the ring by the intent
        events->append(std::move(e));
    }
    // Its worker record is free again; if it died asleep, it no longer counts as a sleeper.
    const quint32 high = m_segment->workerRecordsInUse();
    for (quint32 i = 0; i < high; ++i) {
        WorkerRecord *r = m_segment->worker(i);
        if (r->pid.load(std::memory_order_relaxed) != pid)
            continue;
        if (r->sleep.exchange(std::uint32_t(SleepState::Awake)) != std::uint32_t(SleepState::Awake)) {
            // A hint only; never below zero, whatever was written to it.
            std::uint32_t sleepers = h->sleepers.load(std::memory_order_relaxed);
            while (sleepers > 0 && !h->sleepers.compare_exchange_weak(sleepers, sleepers - 1)) {
            }
        }
        r->pid.store(0, std::memory_order_release);
    }
    m_segment->unlock();
    // Also when nothing was requeued: the worker may have died between being woken and
    // passing the wake on, leaving tasks waiting beside sleeping workers.
    if (requeued > 0 || m_segment->readyWithSleepers())
        wake(qMax(requeued, 1));
    return ReclaimStatus::Ok;
}

void TaskQueue::setMaxAttempts(quint32 attempts)
{
    m_options.maxAttempts = qBound(1u, attempts, kQueueMaxAttemptsLimit);
}

void TaskQueue::markDamaged(const QString &what, qint64 suspectPid)
{
    if (isDamaged())
        return;
    m_damage = what;
    m_suspectPid = suspectPid > 0 ? suspectPid : 0;
    // No new worker may attach to it; those attached learn it from the header check they
    // make before they sleep (Worker::ownerGone) and from the closed flag.
    m_segment->unlinkName();
    qCWarning(lcQueue, "task queue damaged: %s", qPrintable(what));
}

void TaskQueue::audit()
{
    if (isDamaged())
        return;
    const std::string identity = m_segment->checkIdentity();
    if (!identity.empty()) {
        markDamaged(QString::fromStdString(identity));
        return;
    }
    const QueueHeader *h = m_segment->header();
    const quint64 head = h->readyHead.load(std::memory_order_acquire);
    if (head > m_readyTail || m_readyTail - head > m_options.capacity) {
        markDamaged(QStringLiteral("its ready-ring counter was moved to %1 (the producer is at %2)")
                        .arg(head).arg(m_readyTail),
                    h->holderPid.load(std::memory_order_relaxed));
        return;
    }
    if (h->readyTail.load(std::memory_order_relaxed) != m_readyTail && !m_closed) {
        // Only the producer writes the tail; it is published at every enqueue.
        markDamaged(QStringLiteral("its ready-ring tail was overwritten"));
        return;
    }
    if (!m_closed && h->closed.load(std::memory_order_relaxed) != 0) {
        markDamaged(QStringLiteral("it was marked closed by a worker"));
        return;
    }
    // Every entry the head has passed must have been taken (or dead-lettered) by now; a
    // take is written a moment after the head moves, so a gap counts only when it is
    // still there at the next audit with the lock free.
    drainShared(m_eventLog ? &m_pending : nullptr);
    if (!isDamaged() && !readyOrderEmpty() && m_readyFront < head) {
        if (m_skipSuspect == m_readyFront && lockIsFree()) {
            const SlotInfo &info = m_slots[readyFrontSlot()];
            markDamaged(QStringLiteral("its ready ring passed over task %1").arg(info.taskId),
                        h->holderPid.load(std::memory_order_relaxed));
            return;
        }
        m_skipSuspect = m_readyFront;
    } else {
        m_skipSuspect = ~quint64(0);
    }
}

bool TaskQueue::lockIsFree()
{
    if (isDamaged())
        return true;
    if (m_segment->lock(0) != QueueSegment::LockStatus::Acquired)
        return false;
    m_segment->unlock();
    return true;
}

QVector<TaskQueue::Unfinished> TaskQueue::unfinished() const
{
    QVector<Unfinished> tasks;
    for (quint32 s = 0; s < m_options.capacity; ++s) {
        const SlotInfo &info = m_slots[s];
        if (!info.used)
            continue;
        Unfinished u;
        u.ticket = info.ticket;
        u.taskId = info.taskId;
        u.slot = s;
        u.attempt = info.phase == SlotInfo::Phase::Taken ? info.attempt : info.attempt - 1;
        u.takerPid = info.phase == SlotInfo::Phase::Taken ? info.takerPid : 0;
        tasks << u;
    }
    std::sort(tasks.begin(), tasks.end(),
              [](const Unfinished &a, const Unfinished &b) { return a.ticket < b.ticket; });
    return tasks;
}

EnqueueResult TaskQueue::enqueueMoved(quint64 ticket, quint64 id, QByteArrayView payload, quint32 attempts)
{
    const EnqueueResult r = put(id, payload, monotonicNs(), ticket, attempts + 1);
    if (r == EnqueueResult::Ok) {
        if (ticket >= m_nextTicket)
            m_nextTicket = ticket + 1;
        publish(1);
    }
    return r;
}

QVector<TaskQueue::GoneWorker> TaskQueue::goneWorkers(const QSet<qint64> &knownAlive) const
{
    QVector<GoneWorker> gone;
    QSet<qint64> seen;
    if (!isDamaged()) {
        const quint32 high = m_segment->workerRecordsInUse();
        for (quint32 i = 0; i < high; ++i) {
            const WorkerRecord *r = m_segment->worker(i);
            const qint64 pid = r->pid.load(std::memory_order_acquire);
            const quint64 start = r->startTime;
            if (pid <= 0 || seen.contains(pid) || knownAlive.contains(pid) || processAlive(int(pid), start))
                continue;
            seen.insert(pid);
            gone << GoneWorker{pid, start, false};
        }
    }
    // Takers the queue's own record knows, whatever the worker records say now.
    QSet<qint64> alive;
    if (m_takenCount == 0)
        return gone;
    for (const SlotInfo &info : m_slots) {
        if (!info.used || info.phase != SlotInfo::Phase::Taken || info.takerPid <= 0)
            continue;
        if (seen.contains(info.takerPid)) {
            for (GoneWorker &g : gone)
                g.heldTasks = g.heldTasks || g.pid == info.takerPid;
            continue;
        }
        if (alive.contains(info.takerPid) || knownAlive.contains(info.takerPid))
            continue;
        if (processAlive(int(info.takerPid), 0)) {
            alive.insert(info.takerPid);
            continue;
        }
        seen.insert(info.takerPid);
        gone << GoneWorker{info.takerPid, 0, true};
    }
    return gone;
}

void TaskQueue::setPhase(SlotInfo &info, SlotInfo::Phase phase)
{
    m_takenCount += (phase == SlotInfo::Phase::Taken ? 1 : 0) - (info.phase == SlotInfo::Phase::Taken ? 1 : 0);
    info.phase = phase;
}

bool TaskQueue::holdsTasks(qint64 pid) const
{
    if (m_takenCount == 0)
        return false;
    for (const SlotInfo &info : m_slots) {
        if (info.used && info.phase == SlotInfo::Phase::Taken && info.takerPid == pid)
            return true;
    }
    return false;
}

QVector<qint64> TaskQueue::registeredPids() const
{
    QVector<qint64> pids;
    const quint32 high = m_segment->workerRecordsInUse();
    for (quint32 i = 0; i < high; ++i) {
        const qint64 pid = m_segment->worker(i)->pid.load(std::memory_order_acquire);
        if (pid > 0)
            pids << pid;
    }
    return pids;
}

void TaskQueue::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_segment->header()->readyTail.store(m_readyTail, std::memory_order_seq_cst);
    m_segment->header()->closed.store(1, std::memory_order_seq_cst);
    m_segment->wakeSleepers(QueueSegment::kWakeAll, 0);
}

QueueStats TaskQueue::stats() const
{
    const QueueHeader *h = m_segment->header();
    QueueStats s;
    s.capacity = m_options.capacity;
    const quint64 head = h->readyHead.load(std::memory_order_acquire);
    s.queued = m_readyTail >= head ? m_readyTail - head : 0;
    auto c = [h](QueueCounter i) { return quint64(h->counters[i].load(std::memory_order_relaxed)); };
    s.taken = c(CounterTaken);
    s.done = c(CounterDone);
    s.failed = c(CounterFailed);
    s.requeued = c(CounterRequeued);
    s.deadLettered = c(CounterDeadReclaimed) + c(CounterDeadCorrupt);
    const quint64 ended = s.done + s.failed + s.requeued + c(CounterDeadReclaimed);
    s.inFlight = s.taken >= ended ? s.taken - ended : 0;
    s.outstanding = m_used;
    s.sleepingWorkers = h->sleepers.load(std::memory_order_relaxed);
    s.recoveries = h->recoveries.load(std::memory_order_relaxed);
    s.lastDeadOwner = h->lastDeadOwner.load(std::memory_order_relaxed);
    return s;
}

LockHolder TaskQueue::lockHolder() const
{
    const QueueHeader *h = m_segment->header();
    LockHolder holder;
    holder.pid = h->holderPid.load(std::memory_order_relaxed);
    if (holder.pid == 0)
        return holder;
    const quint64 since = h->holderSinceNs.load(std::memory_order_relaxed);
    const quint64 now = monotonicNs();
    holder.heldForMs = now > since ? qint64((now - since) / 1000000) : 0;
    // Reading /proc only when the lock has been held for long: a normal hold is far
    // below a millisecond.
    if (holder.heldForMs >= 100)
        holder.stopped = processStateChar(int(holder.pid)) == 'T'
                         || processStateChar(int(holder.pid)) == 't';
    return holder;
}

QString TaskQueue::checkInvariants()
{
    const std::int64_t deadline = std::int64_t(monotonicNs()) + std::int64_t(m_options.lockWaitMs) * 1000000;
    if (m_segment->lock(deadline) != QueueSegment::LockStatus::Acquired)
        return QStringLiteral("could not take the lock to check the queue");
    QString problem = QString::fromStdString(m_segment->checkInvariantsLocked());
    m_segment->unlock();
    return problem;
}

} // namespace herd
