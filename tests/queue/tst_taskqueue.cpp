// The queue's contract in one process: the producer (TaskQueue) and workers (herd::Worker)
// attached to the same segment.
#include "queue/taskledger.h"
#include "queue/taskqueue.h"
#include "queuelayout.h"
#include "worker.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSet>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

using namespace herd;

namespace {

std::unique_ptr<TaskQueue> makeQueue(quint32 capacity = 64, quint32 maxPayload = 256, quint32 attempts = 3)
{
    TaskQueue::Options o;
    o.capacity = capacity;
    o.maxPayload = maxPayload;
    o.maxAttempts = attempts;
    o.maxWorkers = 64;
    QString error;
    auto q = TaskQueue::create(o, &error);
    if (!q)
        qWarning("create failed: %s", qPrintable(error));
    return q;
}

std::unique_ptr<Worker> attachWorker(const TaskQueue &q, const std::string &name = "Worker-1")
{
    std::string error;
    auto w = Worker::attach(q.address().toStdString(), name, &error);
    if (!w)
        qWarning("attach failed: %s", error.c_str());
    return w;
}

int count(const QVector<TaskEvent> &events, TaskEventKind kind)
{
    int n = 0;
    for (const TaskEvent &e : events)
        n += e.kind == kind;
    return n;
}

} // namespace

class tst_TaskQueue final : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void takeRecordsTakerAndAttempt();
    void emptyQueueTimesOutOnMonotonicClock();
    void fullQueueRefusesAndRecovers();
    void oversizedPayloadRefused();
    void staleAckRejected();
    void doubleAckRejected();
    void reclaimRequeuesExactlyOnce();
    void poisonTaskDeadLetteredAfterMaxAttempts();
    void closeWakesSleepingWorker();
    void closedQueueDrainsBeforeClosed();
    void twoQueuesSideBySide();
    void completeAndTakeUsesOneCall();
    void failedTaskCarriesResult();
    void crashedTaskIsRetriedThenDeadLettered();
    void lockHolderReportsNobodyWhenFree();
    void invariantsHoldAfterTraffic();
    void quickTasksAreTakenInBatchesEachUnderItsOwnLease();
    void fewWaitingTasksAreTakenOneAtATime();
    void longBatchIsTakenFromWhileItIsWritten();
};

void tst_TaskQueue::roundTrip_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("text") << QByteArray("hello");
    QTest::newRow("embedded NULs") << QByteArray("a\0b\0\0c", 6);
    QTest::newRow("invalid UTF-8") << QByteArray("\xff\xfe\xc3\x28 \xed\xa0\x80", 8);
    QTest::newRow("exactly the maximum") << QByteArray(256, 'x');
}

void tst_TaskQueue::roundTrip()
{
    QFETCH(QByteArray, payload);
    auto q = makeQueue();
    QVERIFY(q);
    auto w = attachWorker(*q);
    QVERIFY(w);
    QCOMPARE(q->enqueue(42, payload), EnqueueResult::Ok);
    WorkerTask task;
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    QCOMPARE(task.id, quint64(42));
    QCOMPARE(QByteArray(task.payload.data(), int(task.payload.size())), payload);
    QCOMPARE(w->complete(task, 0, "ok"), AckResult::Ok);
    const QVector<TaskEvent> events = q->drainEvents();
    QCOMPARE(events.size(), 3);
    QCOMPARE(events[0].kind, TaskEventKind::Enqueued);
    QCOMPARE(events[0].payload, payload);
    QCOMPARE(events[1].kind, TaskEventKind::Taken);
    QCOMPARE(events[2].kind, TaskEventKind::Done);
    QCOMPARE(events[2].text, QStringLiteral("ok"));
    QCOMPARE(q->outstanding(), quint64(0));
}

void tst_TaskQueue::takeRecordsTakerAndAttempt()
{
    auto q = makeQueue();
    auto w = attachWorker(*q, "Worker-7");
    QVERIFY(q && w);
    QCOMPARE(w->name(), std::string("Worker-7"));
    QCOMPARE(q->enqueue(1, "x"), EnqueueResult::Ok);
    WorkerTask task;
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    QCOMPARE(task.attempt, 1u);
    const QVector<TaskEvent> events = q->drainEvents();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[1].kind, TaskEventKind::Taken);
    QCOMPARE(events[1].workerPid, qint64(getpid()));
    QCOMPARE(events[1].workerId, w->id());
    QCOMPARE(events[1].attempt, 1u);
    QVERIFY(events[1].timeNs >= events[0].timeNs);
    const QueueStats s = q->stats();
    QCOMPARE(s.inFlight, quint64(1));
    QCOMPARE(s.queued, quint64(0));
}

void tst_TaskQueue::emptyQueueTimesOutOnMonotonicClock()
{
    auto q = makeQueue();
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    WorkerTask task;
    QElapsedTimer t;
    t.start();
    QCOMPARE(w->take(&task, 0), TakeResult::Timeout);
    QCOMPARE(w->take(&task, 150), TakeResult::Timeout);
    // The timeout is the feature: never shorter, and it ends (the upper bound is generous
    // so that a loaded machine cannot fail it).
    QVERIFY2(t.elapsed() >= 145 && t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
}

void tst_TaskQueue::fullQueueRefusesAndRecovers()
{
    auto q = makeQueue(8);
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    for (int i = 0; i < 8; ++i)
        QCOMPARE(q->enqueue(quint64(i), QByteArray::number(i)), EnqueueResult::Ok);
    QElapsedTimer t;
    t.start();
    QCOMPARE(q->enqueue(100, "overflow"), EnqueueResult::Full);
    // Refused at once, no wait: with nobody taking, a wait for room would never end, so
    // 2 s tells the two apart and leaves room for a loaded machine (idle: microseconds).
    QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
    QVERIFY(!q->lastError().isEmpty());
    // Nothing was overwritten: the eight tasks come out in order, intact.
    for (int i = 0; i < 8; ++i) {
        WorkerTask task;
        QCOMPARE(w->take(&task, 1000), TakeResult::Task);
        QCOMPARE(task.id, quint64(i));
        QCOMPARE(QByteArray::fromStdString(task.payload), QByteArray::number(i));
        // Taken but unfinished tasks still hold their slot.
        if (i == 0)
            QCOMPARE(q->enqueue(100, "overflow"), EnqueueResult::Full);
        QCOMPARE(w->complete(task, 0, {}), AckResult::Ok);
    }
    // Finished tasks free their slots once drained, even without an explicit drain.
    QCOMPARE(q->enqueue(100, "after"), EnqueueResult::Ok);
    WorkerTask task;
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    QCOMPARE(task.id, quint64(100));
    const QVector<TaskEvent> events = q->drainEvents();
    QCOMPARE(count(events, TaskEventKind::Enqueued), 9);
    QCOMPARE(count(events, TaskEventKind::Done), 8);
}

void tst_TaskQueue::oversizedPayloadRefused()
{
    auto q = makeQueue(8, 16);
    QVERIFY(q);
    QCOMPARE(q->enqueue(1, QByteArray(17, 'x')), EnqueueResult::TooLarge);
    QCOMPARE(q->enqueue(2, QByteArray(16, 'x')), EnqueueResult::Ok);
    QCOMPARE(q->stats().queued, quint64(1));
    QVERIFY(!enqueueResultMessage(EnqueueResult::TooLarge).isEmpty());
}

void tst_TaskQueue::staleAckRejected()
{
    auto q = makeQueue();
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    QCOMPARE(q->enqueue(5, "slow"), EnqueueResult::Ok);
    WorkerTask task;
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    // The app decides the lease is lost (its worker is taken for dead) and reclaims it.
    QVector<TaskEvent> events;
    QCOMPARE(q->reclaimWorker(getpid(), "timed out", &events), ReclaimStatus::Ok);
    QCOMPARE(count(events, TaskEventKind::Requeued), 1);
    // The late acknowledgement on the old lease is refused...
    QCOMPARE(w->complete(task, 0, "late"), AckResult::Stale);
    // ...and the requeued task runs again as attempt 2, once.
    auto w2 = attachWorker(*q, "Worker-2");
    WorkerTask again;
    QCOMPARE(w2->take(&again, 1000), TakeResult::Task);
    QCOMPARE(again.id, quint64(5));
    QCOMPARE(again.attempt, 2u);
    QVERIFY(again.epoch != task.epoch);
    QCOMPARE(w->complete(task, 0, "late"), AckResult::Stale);
    QCOMPARE(w2->complete(again, 0, "ok"), AckResult::Ok);
    events = q->drainEvents();
    QCOMPARE(count(events, TaskEventKind::Done), 1);
    QCOMPARE(q->stats().done, quint64(1));
}

void tst_TaskQueue::doubleAckRejected()
{
    auto q = makeQueue();
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    QCOMPARE(q->enqueue(1, "x"), EnqueueResult::Ok);
    WorkerTask task;
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    QCOMPARE(w->complete(task, 0, {}), AckResult::Ok);
    QCOMPARE(w->complete(task, 0, {}), AckResult::Stale);
    QCOMPARE(w->fail(task, 1, {}), AckResult::Stale);
    q->drainEvents(); // retires the slot
    QCOMPARE(w->complete(task, 0, {}), AckResult::Stale);
    WorkerTask bogus = task;
    bogus.slot = 1u << 30;
    QCOMPARE(w->complete(bogus, 0, {}), AckResult::Stale);
    QCOMPARE(q->stats().done, quint64(1));
}

void tst_TaskQueue::reclaimRequeuesExactlyOnce()
{
    auto q = makeQueue();
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(q->enqueue(quint64(i), "t"), EnqueueResult::Ok);
    WorkerTask a, b;
    QCOMPARE(w->take(&a, 1000), TakeResult::Task);
    QCOMPARE(w->take(&b, 1000), TakeResult::Task);
    QVector<TaskEvent> events;
    QCOMPARE(q->reclaimWorker(getpid(), "killed by SIGKILL", &events), ReclaimStatus::Ok);
    // The takes come first (drained under the lock), then exactly one requeue per task.
    QCOMPARE(count(events, TaskEventKind::Taken), 2);
    QCOMPARE(count(events, TaskEventKind::Requeued), 2);
    for (const TaskEvent &e : events) {
        if (e.kind == TaskEventKind::Requeued) {
            QCOMPARE(e.text, QStringLiteral("killed by SIGKILL"));
            QCOMPARE(e.attempt, 1u);
            QCOMPARE(e.workerPid, qint64(getpid()));
        }
    }
    // Reclaiming the same pid again changes nothing.
    events.clear();
    QCOMPARE(q->reclaimWorker(getpid(), "killed by SIGKILL", &events), ReclaimStatus::Ok);
    QCOMPARE(count(events, TaskEventKind::Requeued), 0);
    QCOMPARE(q->stats().queued, quint64(3));
    QCOMPARE(q->stats().requeued, quint64(2));
    QCOMPARE(q->checkInvariants(), QString());
}

void tst_TaskQueue::poisonTaskDeadLetteredAfterMaxAttempts()
{
    auto q = makeQueue(16, 64, 3);
    QVERIFY(q);
    QCOMPARE(q->enqueue(9, "poison"), EnqueueResult::Ok);
    QVector<TaskEvent> events;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        auto w = attachWorker(*q);
        WorkerTask task;
        QCOMPARE(w->take(&task, 1000), TakeResult::Task);
        QCOMPARE(task.attempt, quint32(attempt));
        QCOMPARE(q->reclaimWorker(getpid(), "killed by SIGSEGV", &events), ReclaimStatus::Ok);
    }
    QCOMPARE(count(events, TaskEventKind::Taken), 3);
    QCOMPARE(count(events, TaskEventKind::Requeued), 2);
    QCOMPARE(count(events, TaskEventKind::DeadLettered), 1);
    QCOMPARE(events.last().kind, TaskEventKind::DeadLettered);
    QCOMPARE(events.last().text, QStringLiteral("killed by SIGSEGV"));
    QCOMPARE(events.last().attempt, 3u);
    // It does not come back, and the queue keeps flowing.
    auto w = attachWorker(*q);
    WorkerTask task;
    QCOMPARE(w->take(&task, 0), TakeResult::Timeout);
    QCOMPARE(q->enqueue(10, "fine"), EnqueueResult::Ok);
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    QCOMPARE(task.id, quint64(10));
    QCOMPARE(q->stats().deadLettered, quint64(1));
    QCOMPARE(q->outstanding(), quint64(1));
}

void tst_TaskQueue::closeWakesSleepingWorker()
{
    auto q = makeQueue();
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    std::atomic<int> result{-1};
    std::atomic<qint64> waitedMs{0};
    std::thread t([&] {
        QElapsedTimer timer;
        timer.start();
        WorkerTask task;
        result = int(w->take(&task, 20000));
        waitedMs = timer.elapsed();
    });
    // Let it reach its futex sleep, then close.
    QTRY_COMPARE_WITH_TIMEOUT(q->stats().sleepingWorkers, quint64(1), 5000);
    q->close();
    t.join();
    QCOMPARE(result.load(), int(TakeResult::Closed));
    // Woken by close(), not by the end of its 20 s wait (generous for a loaded machine).
    QVERIFY2(waitedMs < 10000, qPrintable(QString::number(waitedMs)));
    QCOMPARE(q->enqueue(1, "late"), EnqueueResult::Closed);
}

void tst_TaskQueue::closedQueueDrainsBeforeClosed()
{
    auto q = makeQueue();
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    QCOMPARE(q->enqueue(1, "a"), EnqueueResult::Ok);
    QCOMPARE(q->enqueue(2, "b"), EnqueueResult::Ok);
    q->close();
    WorkerTask task;
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    QCOMPARE(w->take(&task, 1000), TakeResult::Closed);
}

void tst_TaskQueue::twoQueuesSideBySide()
{
    auto q1 = makeQueue();
    auto q2 = makeQueue();
    QVERIFY(q1 && q2);
    QVERIFY(q1->address() != q2->address());
    auto w1 = attachWorker(*q1);
    auto w2 = attachWorker(*q2);
    QCOMPARE(q1->enqueue(1, "one"), EnqueueResult::Ok);
    QCOMPARE(q2->enqueue(2, "two"), EnqueueResult::Ok);
    WorkerTask t1, t2;
    QCOMPARE(w1->take(&t1, 1000), TakeResult::Task);
    QCOMPARE(w2->take(&t2, 1000), TakeResult::Task);
    QCOMPARE(t1.id, quint64(1));
    QCOMPARE(t2.id, quint64(2));
    QCOMPARE(w1->take(&t1, 0), TakeResult::Timeout);
    q1->close();
    QCOMPARE(w2->take(&t2, 0), TakeResult::Timeout); // the other queue is not closed
    QCOMPARE(w1->take(&t1, 0), TakeResult::Closed);
}

void tst_TaskQueue::completeAndTakeUsesOneCall()
{
    auto q = makeQueue();
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(q->enqueue(quint64(i), QByteArray::number(i)), EnqueueResult::Ok);
    q->close();
    WorkerTask task;
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    int seen = 1;
    AckResult ack = AckResult::Error;
    while (w->completeAndTake(&task, 0, "ok", 1000, &ack) == TakeResult::Task) {
        QCOMPARE(ack, AckResult::Ok);
        QCOMPARE(task.id, quint64(seen));
        ++seen;
    }
    QCOMPARE(ack, AckResult::Ok);
    QCOMPARE(seen, 10);
    QCOMPARE(q->stats().done, quint64(10));
}

void tst_TaskQueue::failedTaskCarriesResult()
{
    auto q = makeQueue();
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    QCOMPARE(q->enqueue(3, "x"), EnqueueResult::Ok);
    WorkerTask task;
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    const std::string longText(100, 'e');
    QCOMPARE(w->fail(task, 7, "exit status 7 \xc3\xa9" + longText), AckResult::Ok);
    const QVector<TaskEvent> events = q->drainEvents();
    QCOMPARE(events.last().kind, TaskEventKind::Failed);
    QCOMPARE(events.last().resultCode, 7);
    QVERIFY(events.last().text.startsWith(QString::fromUtf8("exit status 7 \xc3\xa9")));
    QVERIFY(events.last().text.toUtf8().size() <= 44);
    QCOMPARE(q->stats().failed, quint64(1));
}

void tst_TaskQueue::crashedTaskIsRetriedThenDeadLettered()
{
    // A failure with a negative code (the task's process was killed by a signal) fails
    // that attempt only: the task goes back to the queue, and after the last allowed
    // attempt to the dead letters. A plain failure (exit status 7) is the task's answer.
    auto q = makeQueue(64, 256, 3);
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    TaskLedger ledger;
    q->setLedger(&ledger);
    QCOMPARE(q->enqueue(1, "crashes"), EnqueueResult::Ok);
    QCOMPARE(q->enqueue(2, "fails"), EnqueueResult::Ok);
    WorkerTask task;
    QVector<TaskEvent> events;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        QCOMPARE(w->take(&task, 1000), TakeResult::Task);
        if (task.id == 2) {
            QCOMPARE(w->fail(task, 7, "exit status 7"), AckResult::Ok);
            QCOMPARE(w->take(&task, 1000), TakeResult::Task);
        }
        QCOMPARE(task.id, quint64(1));
        QCOMPARE(task.attempt, quint32(attempt));
        QCOMPARE(w->fail(task, -11, "killed by SIGSEGV"), AckResult::Ok);
        q->drainEventsInto(&events);
    }
    QCOMPARE(count(events, TaskEventKind::Requeued), 2);
    QCOMPARE(count(events, TaskEventKind::DeadLettered), 1);
    QCOMPARE(count(events, TaskEventKind::Failed), 1); // task 2, once
    QCOMPARE(ledger.task(0).state, TaskLedger::State::DeadLettered);
    QCOMPARE(ledger.task(0).attempts, quint32(3));
    QCOMPARE(ledger.historySummary(0), QStringLiteral("killed by SIGSEGV ×3"));
    QCOMPARE(ledger.task(1).state, TaskLedger::State::Failed);
    QCOMPARE(ledger.task(1).attempts, quint32(1));
    QCOMPARE(w->take(&task, 0), TakeResult::Timeout); // nothing left
    QCOMPARE(q->outstanding(), quint64(0));
    QCOMPARE(q->checkInvariants(), QString());
}

void tst_TaskQueue::lockHolderReportsNobodyWhenFree()
{
    auto q = makeQueue();
    QVERIFY(q);
    QCOMPARE(q->lockHolder().pid, qint64(0));
}

void tst_TaskQueue::invariantsHoldAfterTraffic()
{
    auto q = makeQueue(32);
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < 20; ++i)
            QCOMPARE(q->enqueue(quint64(round * 100 + i), QByteArray(i * 7, 'p')), EnqueueResult::Ok);
        WorkerTask task;
        for (int i = 0; i < 20; ++i) {
            QCOMPARE(w->take(&task, 1000), TakeResult::Task);
            if (i % 3 == 0)
                QCOMPARE(w->fail(task, 1, "no"), AckResult::Ok);
            else
                QCOMPARE(w->complete(task, 0, "yes"), AckResult::Ok);
        }
        q->drainEvents();
    }
    QCOMPARE(q->outstanding(), quint64(0));
    QCOMPARE(q->checkInvariants(), QString());
}

void tst_TaskQueue::quickTasksAreTakenInBatchesEachUnderItsOwnLease()
{
    auto q = makeQueue(1024);
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    const int total = 512;
    for (int i = 0; i < total; ++i)
        QCOMPARE(q->enqueue(quint64(i), QByteArray::number(i)), EnqueueResult::Ok);
    // Quick tasks from a deep queue: soon the worker takes more than it has handed out,
    // each take recorded on its own (the window shows who holds what).
    QSet<quint64> takenTickets;
    QSet<quint64> doneTickets;
    auto apply = [&](const QVector<TaskEvent> &events) {
        for (const TaskEvent &e : events) {
            if (e.kind == TaskEventKind::Taken) {
                QVERIFY2(!takenTickets.contains(e.ticket) || e.attempt > 1, "a task taken twice at once");
                takenTickets.insert(e.ticket);
                QCOMPARE(e.workerPid, qint64(getpid()));
            } else if (e.kind == TaskEventKind::Done) {
                QVERIFY2(!doneTickets.contains(e.ticket), "a task done twice");
                doneTickets.insert(e.ticket);
            }
        }
    };
    WorkerTask task;
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    int handedOut = 1;
    AckResult ack = AckResult::Error;
    bool holding = false;
    for (int i = 0; i < 400 && !holding; ++i) {
        QCOMPARE(w->completeAndTake(&task, 0, "ok", 1000, &ack), TakeResult::Task);
        QCOMPARE(ack, AckResult::Ok);
        ++handedOut;
        apply(q->drainEvents());
        holding = takenTickets.size() > handedOut;
    }
    QVERIFY2(holding, "the worker never took a batch");
    QVERIFY(takenTickets.size() <= handedOut + int(Worker::kMaxBatch));
    // The worker dies holding its batch (as far as the app knows): each task it held goes
    // back to the queue exactly once, held-back completions included.
    QVector<TaskEvent> events;
    QCOMPARE(q->reclaimWorker(getpid(), "killed by SIGKILL", &events), ReclaimStatus::Ok);
    apply(events);
    const int requeued = count(events, TaskEventKind::Requeued);
    QCOMPARE(requeued, takenTickets.size() - doneTickets.size());
    QVERIFY(requeued > 1);
    w.reset(); // its held-back completions are refused now: those leases are gone
    apply(q->drainEvents());
    QCOMPARE(q->checkInvariants(), QString());
    // Another worker finishes everything; every task ends once.
    auto w2 = attachWorker(*q, "Worker-2");
    QVERIFY(w2);
    q->close();
    TakeResult r = w2->take(&task, 1000);
    while (r == TakeResult::Task)
        r = w2->completeAndTake(&task, 0, "ok", 1000, &ack);
    QCOMPARE(r, TakeResult::Closed);
    apply(q->drainEvents());
    QCOMPARE(doneTickets.size(), total);
    QCOMPARE(q->stats().done, quint64(total));
    QCOMPARE(q->stats().requeued, quint64(requeued));
    QCOMPARE(q->outstanding(), quint64(0));
    QCOMPARE(q->checkInvariants(), QString());
}

void tst_TaskQueue::fewWaitingTasksAreTakenOneAtATime()
{
    // Few tasks waiting: a worker takes one per lock, however quick, so that a worker
    // beside it finds the rest; and once it runs out of work every completion is sent.
    auto q = makeQueue(1024);
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    const int waiting = int(Worker::kBatchSpread) - 1;
    int enqueued = 0;
    WorkerTask task;
    AckResult ack = AckResult::Error;
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < waiting; ++i, ++enqueued)
            QCOMPARE(q->enqueue(quint64(enqueued), "q"), EnqueueResult::Ok);
        TakeResult r = w->take(&task, 1000);
        QCOMPARE(r, TakeResult::Task);
        int handedOut = 1;
        for (;;) {
            // Never more taken than handed out.
            QCOMPARE(q->stats().taken, quint64(enqueued - waiting + handedOut));
            r = w->completeAndTake(&task, 0, {}, 0, &ack);
            QCOMPARE(ack, AckResult::Ok);
            if (r != TakeResult::Task)
                break;
            ++handedOut;
        }
        QCOMPARE(r, TakeResult::Timeout);
        QCOMPARE(handedOut, waiting);
        QCOMPARE(q->stats().done, quint64(enqueued));
    }
    QCOMPARE(q->drainEvents().size(), 3 * 50 * waiting); // enqueued, taken, done
}

void tst_TaskQueue::longBatchIsTakenFromWhileItIsWritten()
{
    // Filling an empty queue of many slots takes a while (tens of milliseconds for 65,536 on
    // a virtual machine, where each page is paid for when first written): a sleeping worker
    // is woken and takes the first tasks while the rest of the batch is still being written.
    const int n = 1 << 18;
    auto q = makeQueue(quint32(n), 16);
    auto w = attachWorker(*q);
    QVERIFY(q && w);
    std::vector<quint64> ids(n);
    std::vector<QByteArray> texts(n);
    std::vector<QByteArrayView> payloads(n);
    for (int i = 0; i < n; ++i) {
        ids[size_t(i)] = quint64(i + 1);
        texts[size_t(i)] = QByteArray::number(i + 1);
        payloads[size_t(i)] = texts[size_t(i)];
    }
    std::atomic<bool> batchReturned{false};
    std::atomic<int> took{-1};
    std::atomic<bool> tookBeforeReturn{false};
    std::thread t([&] {
        WorkerTask task;
        took = int(w->take(&task, 20000));
        tookBeforeReturn = !batchReturned.load();
    });
    // Nothing returns early while the thread runs: it is joined before any check.
    const bool asleep = QTest::qWaitFor([&] { return q->stats().sleepingWorkers == 1; }, 10000);
    int accepted = 0;
    const EnqueueResult r = q->enqueueBatch(ids.data(), payloads.data(), n, &accepted);
    batchReturned = true;
    t.join();
    QVERIFY2(asleep, "the worker never went to sleep on the empty queue");
    QCOMPARE(r, EnqueueResult::Ok);
    QCOMPARE(accepted, n);
    QCOMPARE(took.load(), int(TakeResult::Task));
    QVERIFY2(tookBeforeReturn.load(), "the worker took its first task only once the whole batch was written");
    QCOMPARE(q->stats().taken, quint64(1));
    QCOMPARE(q->outstanding(), quint64(n));
}

QTEST_GUILESS_MAIN(tst_TaskQueue)
#include "tst_taskqueue.moc"
