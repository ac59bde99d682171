// The app's task ledger: every task's state, taker, attempts with their history, times and
// result, in-flight tasks for the watchdog, per-worker tallies, the CSV report, and its
// size for a million tasks.
#include "testsupport.h"
#include "queue/chunkmapper.h"
#include "queue/taskledger.h"
#include "queue/taskqueue.h"
#include "worker.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

#include <unistd.h>

using namespace herd;

namespace {

TaskEvent ev(TaskEventKind kind, quint64 ticket, qint64 t, qint64 pid = 0, quint32 attempt = 1,
             const QString &text = {}, int code = 0)
{
    TaskEvent e;
    e.kind = kind;
    e.ticket = ticket;
    e.taskId = ticket + 1;
    e.slot = quint32(ticket % 4096); // as a queue of 4096 slots would
    e.timeNs = t;
    e.workerPid = pid;
    e.workerId = pid ? quint32(pid % 1000) : 0;
    e.attempt = attempt;
    e.text = text;
    e.resultCode = code;
    if (kind == TaskEventKind::Enqueued)
        e.payload = QByteArray::number(ticket + 1);
    return e;
}

constexpr qint64 kMs = 1000000;

} // namespace

class tst_TaskLedger final : public QObject
{
    Q_OBJECT

private slots:
    void lifecycleAndTimes();
    void requeueHistoryAndDeadLetterSummary();
    void inFlightForWatchdog();
    void perWorkerTalliesAndNames();
    void nameKnownAfterFirstTakeIsAskedAgain();
    void lateNameRewritesRowsHistoryTalliesAndCsv();
    void csvReport();
    void unknownTicketsIgnored();
    void fedFromARealQueue();
    void queueRecordsStraightIntoLedger();
    void millionTasksStayCompact();
    void payloadsReadBackAsGiven();
    void idsReadBackWhateverTheirOrder();
    void chunksAreMadeAhead();
};

void tst_TaskLedger::lifecycleAndTimes()
{
    TaskLedger ledger([](qint64 pid) { return QStringLiteral("Worker-%1").arg(pid - 100); });
    ledger.apply({ev(TaskEventKind::Enqueued, 0, 1000 * kMs), ev(TaskEventKind::Enqueued, 1, 1001 * kMs)});
    QCOMPARE(ledger.size(), qint64(2));
    QCOMPARE(ledger.count(TaskLedger::State::Queued), qint64(2));
    QVector<qint64> changed;
    ledger.apply({ev(TaskEventKind::Taken, 0, 1010 * kMs, 101)}, &changed);
    QCOMPARE(changed, QVector<qint64>{0});
    TaskLedger::Task t = ledger.task(0);
    QCOMPARE(t.state, TaskLedger::State::Taken);
    QCOMPARE(t.workerPid, qint64(101));
    QCOMPARE(t.workerName, QStringLiteral("Worker-1"));
    QCOMPARE(t.attempts, 1u);
    QCOMPARE(t.waitMs, 10.0);
    QCOMPARE(t.runMs, -1.0);
    ledger.apply(ev(TaskEventKind::Done, 0, 1035 * kMs, 101, 1, QStringLiteral("ok")));
    t = ledger.task(0);
    QCOMPARE(t.state, TaskLedger::State::Done);
    QCOMPARE(t.runMs, 25.0);
    QCOMPARE(t.result, QStringLiteral("ok"));
    QCOMPARE(t.payload, QByteArray("1"));
    QCOMPARE(t.id, quint64(1));
    QCOMPARE(ledger.count(TaskLedger::State::Done), qint64(1));
    QCOMPARE(ledger.count(TaskLedger::State::Queued), qint64(1));
    QVERIFY(!ledger.allEnded());
    ledger.apply({ev(TaskEventKind::Taken, 1, 1040 * kMs, 102),
                  ev(TaskEventKind::Failed, 1, 1041 * kMs, 102, 1, QStringLiteral("exit status 3"), 3)});
    QVERIFY(ledger.allEnded());
    t = ledger.task(1);
    QCOMPARE(t.state, TaskLedger::State::Failed);
    QCOMPARE(t.resultCode, 3);
    const QVector<TaskLedger::Attempt> h = ledger.history(1);
    QCOMPARE(h.size(), 1);
    QCOMPARE(h[0].workerName, QStringLiteral("Worker-2"));
    QCOMPARE(h[0].takenNs, 1040 * kMs);
    QCOMPARE(h[0].endedNs, 1041 * kMs);
    QCOMPARE(h[0].outcome, TaskLedger::Outcome::Failed);
    QCOMPARE(h[0].reason, QStringLiteral("exit status 3"));
}

void tst_TaskLedger::requeueHistoryAndDeadLetterSummary()
{
    TaskLedger ledger;
    ledger.apply({ev(TaskEventKind::Enqueued, 0, 0),
                  ev(TaskEventKind::Taken, 0, 1 * kMs, 201, 1),
                  ev(TaskEventKind::Requeued, 0, 2 * kMs, 201, 1, QStringLiteral("killed by SIGKILL")),
                  ev(TaskEventKind::Taken, 0, 3 * kMs, 202, 2),
                  ev(TaskEventKind::Requeued, 0, 4 * kMs, 202, 2, QStringLiteral("killed by SIGKILL")),
                  ev(TaskEventKind::Taken, 0, 5 * kMs, 203, 3)});
    QCOMPARE(ledger.task(0).state, TaskLedger::State::Taken);
    QCOMPARE(ledger.task(0).attempts, 3u);
    QCOMPARE(ledger.task(0).waitMs, 1.0); // from enqueue to the first take
    QVector<TaskLedger::Attempt> h = ledger.history(0);
    QCOMPARE(h.size(), 3);
    QCOMPARE(h[0].outcome, TaskLedger::Outcome::Requeued);
    QCOMPARE(h[0].workerPid, qint64(201));
    QCOMPARE(h[0].reason, QStringLiteral("killed by SIGKILL"));
    QCOMPARE(h[2].outcome, TaskLedger::Outcome::Running);
    QCOMPARE(h[2].takenNs, 5 * kMs);
    ledger.apply(ev(TaskEventKind::DeadLettered, 0, 6 * kMs, 203, 3, QStringLiteral("killed by SIGKILL")));
    const TaskLedger::Task t = ledger.task(0);
    QCOMPARE(t.state, TaskLedger::State::DeadLettered);
    QCOMPARE(t.result, QString::fromUtf8("gave up after 3 attempts: killed by SIGKILL \u00d73"));
    h = ledger.history(0);
    QCOMPARE(h.size(), 3);
    QCOMPARE(h[2].outcome, TaskLedger::Outcome::DeadLettered);
    QCOMPARE(h[2].endedNs, 6 * kMs);
    QCOMPARE(ledger.count(TaskLedger::State::DeadLettered), qint64(1));
    QVERIFY(ledger.allEnded());
}

void tst_TaskLedger::inFlightForWatchdog()
{
    TaskLedger ledger;
    ledger.apply({ev(TaskEventKind::Enqueued, 0, 0), ev(TaskEventKind::Enqueued, 1, 0),
                  ev(TaskEventKind::Taken, 0, 7 * kMs, 301), ev(TaskEventKind::Taken, 1, 9 * kMs, 302)});
    QVector<TaskLedger::InFlight> f = ledger.inFlight();
    QCOMPARE(f.size(), 2);
    std::sort(f.begin(), f.end(), [](const auto &a, const auto &b) { return a.row < b.row; });
    QCOMPARE(f[0].workerPid, qint64(301));
    QCOMPARE(f[0].takenNs, 7 * kMs);
    QCOMPARE(f[1].taskId, quint64(2));
    ledger.apply(ev(TaskEventKind::Done, 0, 8 * kMs, 301));
    QCOMPARE(ledger.inFlightCount(), qint64(1));
    QCOMPARE(ledger.inFlight().first().workerPid, qint64(302));
}

void tst_TaskLedger::perWorkerTalliesAndNames()
{
    int asked = 0;
    TaskLedger ledger([&](qint64 pid) {
        ++asked;
        return pid == 401 ? QStringLiteral("Worker-1") : QString();
    });
    for (quint64 i = 0; i < 5; ++i)
        ledger.apply(ev(TaskEventKind::Enqueued, i, 0));
    for (quint64 i = 0; i < 4; ++i) {
        ledger.apply(ev(TaskEventKind::Taken, i, 1, 401));
        ledger.apply(ev(i == 3 ? TaskEventKind::Failed : TaskEventKind::Done, i, 2, 401));
    }
    ledger.apply({ev(TaskEventKind::Taken, 4, 3, 402), ev(TaskEventKind::Requeued, 4, 4, 402, 1, "killed by SIGTERM")});
    QCOMPARE(asked, 2); // once per worker, not per task
    const QVector<TaskLedger::WorkerTally> w = ledger.workers();
    QCOMPARE(w.size(), 2);
    QCOMPARE(w[0].name, QStringLiteral("Worker-1"));
    QCOMPARE(w[0].taken, qint64(4));
    QCOMPARE(w[0].done, qint64(3));
    QCOMPARE(w[0].failed, qint64(1));
    QCOMPARE(w[1].name, QStringLiteral("pid 402")); // the resolver did not know it
    QCOMPARE(w[1].lost, qint64(1));
}

void tst_TaskLedger::nameKnownAfterFirstTakeIsAskedAgain()
{
    // Issue 11: the first take came a few ms before Herd knew whose pid it was. The ledger
    // must not keep "pid 4242" for good: the next take asks again, and the name it learns
    // replaces "pid 4242" everywhere, the first task's row included.
    QHash<qint64, QString> known;
    TaskLedger ledger([&known](qint64 pid) { return known.value(pid); });
    for (quint64 i = 0; i < 3; ++i)
        ledger.apply(ev(TaskEventKind::Enqueued, i, 0));
    ledger.apply({ev(TaskEventKind::Taken, 0, 10 * kMs, 4242), ev(TaskEventKind::Done, 0, 20 * kMs, 4242)});
    QCOMPARE(ledger.task(0).workerName, QStringLiteral("pid 4242"));
    known.insert(4242, QStringLiteral("Worker-1")); // the session learns the pid
    ledger.apply({ev(TaskEventKind::Taken, 1, 100 * kMs, 4242), ev(TaskEventKind::Done, 1, 110 * kMs, 4242)});
    QCOMPARE(ledger.task(1).workerName, QStringLiteral("Worker-1"));
    QCOMPARE(ledger.task(0).workerName, QStringLiteral("Worker-1"));
    QCOMPARE(ledger.brief(0).workerName, QStringLiteral("Worker-1"));
    const QVector<TaskLedger::WorkerTally> w = ledger.workers();
    QCOMPARE(w.size(), 1);
    QCOMPARE(w[0].name, QStringLiteral("Worker-1"));
    QCOMPARE(w[0].done, qint64(2));
}

void tst_TaskLedger::lateNameRewritesRowsHistoryTalliesAndCsv()
{
    // The session pushes a name as soon as it learns the pid (learnName); a worker that
    // took everything before that, and takes nothing after, is renamed too.
    int asked = 0;
    TaskLedger ledger([&asked](qint64) {
        ++asked;
        return QString();
    });
    for (quint64 i = 0; i < 2; ++i)
        ledger.apply(ev(TaskEventKind::Enqueued, i, 0));
    ledger.apply({ev(TaskEventKind::Taken, 0, 1 * kMs, 5151), ev(TaskEventKind::Requeued, 0, 2 * kMs, 5151, 1, "killed by SIGKILL"),
                  ev(TaskEventKind::Taken, 0, 3 * kMs, 6161, 2), ev(TaskEventKind::Done, 0, 4 * kMs, 6161, 2),
                  ev(TaskEventKind::Taken, 1, 5 * kMs, 5151)});
    QCOMPARE(ledger.unnamedWorkers(), 2);
    QCOMPARE(ledger.nameOf(5151), QString());
    QCOMPARE(ledger.history(0).value(0).workerName, QStringLiteral("pid 5151"));
    const quint64 revision = ledger.namesRevision();

    QVERIFY(!ledger.learnName(7777, QStringLiteral("Worker-9"))); // a pid it never saw
    QVERIFY(ledger.learnName(5151, QStringLiteral("Worker-1")));
    QVERIFY(!ledger.learnName(5151, QStringLiteral("Other"))); // a name, once known, stays
    QVERIFY(ledger.namesRevision() != revision);
    QCOMPARE(ledger.unnamedWorkers(), 1);
    QCOMPARE(ledger.nameOf(5151), QStringLiteral("Worker-1"));
    QCOMPARE(ledger.history(0).value(0).workerName, QStringLiteral("Worker-1"));
    QCOMPARE(ledger.history(0).value(1).workerName, QStringLiteral("pid 6161"));
    QCOMPARE(ledger.task(1).workerName, QStringLiteral("Worker-1"));
    QCOMPARE(ledger.inFlight().value(0).workerPid, qint64(5151));
    const QVector<TaskLedger::WorkerTally> w = ledger.workers();
    QCOMPARE(w[0].name, QStringLiteral("Worker-1"));
    QCOMPARE(w[0].lost, qint64(1));
    QCOMPARE(w[0].taken, qint64(2));

    // resolveNames() asks again for those still unnamed only.
    asked = 0;
    QCOMPARE(ledger.resolveNames(), 0);
    QCOMPARE(asked, 1);

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QCOMPARE(ledger.writeCsv(&buffer).error, QString());
    QVERIFY(buffer.data().contains("Worker-1"));
    QVERIFY(!buffer.data().contains("pid 5151"));
}

void tst_TaskLedger::csvReport()
{
    TaskLedger ledger([](qint64) { return QStringLiteral("Worker-1"); });
    TaskEvent e = ev(TaskEventKind::Enqueued, 0, 0);
    e.payload = "a, \"quoted\"\nline";
    ledger.apply(e);
    e = ev(TaskEventKind::Enqueued, 1, 0);
    e.payload = QByteArray("bin\0\xff", 5);
    ledger.apply(e);
    ledger.apply(ev(TaskEventKind::Enqueued, 2, 0));
    ledger.apply({ev(TaskEventKind::Taken, 0, 2 * kMs, 7), ev(TaskEventKind::Done, 0, 5 * kMs, 7, 1, "ok, fine")});
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QCOMPARE(ledger.writeCsv(&buffer).error, QString());
    const QByteArray csv = buffer.data();
    const QByteArray expected =
        "id,payload,state,worker,attempts,wait_ms,run_ms,result_code,result\n"
        "1,\"a, \"\"quoted\"\"\nline\",done,Worker-1,1,2.000,3.000,0,\"ok, fine\"\n"
        "2,base64:" + QByteArray("bin\0\xff", 5).toBase64() + ",queued,,0,,,,\n"
        "3,3,queued,,0,,,,\n";
    QCOMPARE(csv, expected);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("report.csv"));
    QCOMPARE(ledger.writeCsv(path).error, QString());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), expected);
    const Result<void> refused = ledger.writeCsv(dir.filePath(QStringLiteral("no/such/dir/report.csv")));
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error.contains(QStringLiteral("cannot write")), qPrintable(refused.error));
}

void tst_TaskLedger::unknownTicketsIgnored()
{
    TaskLedger ledger;
    ledger.apply(ev(TaskEventKind::Enqueued, 5, 0));
    ledger.apply(ev(TaskEventKind::Taken, 9, 1, 1));
    ledger.apply(ev(TaskEventKind::Enqueued, 8, 0)); // out of order: not from our queue
    QCOMPARE(ledger.size(), qint64(1));
    QCOMPARE(ledger.ignoredEvents(), qint64(2));
    QCOMPARE(ledger.rowOfTicket(5), qint64(0));
    QCOMPARE(ledger.task(0).id, quint64(6));
}

void tst_TaskLedger::fedFromARealQueue()
{
    TaskQueue::Options o;
    o.capacity = 16;
    QString error;
    auto q = TaskQueue::create(o, &error);
    QVERIFY(q);
    std::string why;
    auto w = Worker::attach(q->address().toStdString(), "Worker-1", &why);
    QVERIFY(w);
    TaskLedger ledger([](qint64 pid) { return pid == getpid() ? QStringLiteral("Worker-1") : QString(); });
    for (int i = 1; i <= 40; ++i) {
        while (q->enqueue(quint64(i), QByteArray::number(i)) == EnqueueResult::Full) {
            WorkerTask t;
            QCOMPARE(w->take(&t, 1000), TakeResult::Task);
            QCOMPARE(w->complete(t, 0, "ok"), AckResult::Ok);
            ledger.apply(q->drainEvents());
        }
    }
    q->close();
    WorkerTask t;
    while (w->take(&t, 1000) == TakeResult::Task)
        QCOMPARE(w->complete(t, 0, "ok"), AckResult::Ok);
    ledger.apply(q->drainEvents());
    QCOMPARE(ledger.size(), qint64(40));
    QCOMPARE(ledger.count(TaskLedger::State::Done), qint64(40));
    QVERIFY(ledger.allEnded());
    for (qint64 row = 0; row < 40; ++row) {
        QCOMPARE(ledger.task(row).id, quint64(row + 1));
        QCOMPARE(ledger.task(row).workerName, QStringLiteral("Worker-1"));
        QVERIFY(ledger.task(row).waitMs >= 0);
        QVERIFY(ledger.task(row).runMs >= 0);
    }
    QCOMPARE(ledger.workers().size(), 1);
    QCOMPARE(ledger.workers().first().done, qint64(40));
}

void tst_TaskLedger::queueRecordsStraightIntoLedger()
{
    // The window's way: the queue records into its ledger as it drains, with no TaskEvent
    // built; the result must match a ledger fed with the drained events.
    TaskQueue::Options o;
    o.capacity = 8;
    QString error;
    auto q = TaskQueue::create(o, &error);
    QVERIFY(q);
    TaskLedger direct;
    TaskLedger fromEvents;
    q->setLedger(&direct);
    std::string why;
    auto w = Worker::attach(q->address().toStdString(), "Worker-1", &why);
    QVERIFY(w);
    QVector<TaskEvent> events;
    int failed = 0;
    for (int i = 1; i <= 30; ++i) {
        while (q->enqueue(quint64(i), QByteArray::number(i)) == EnqueueResult::Full) {
            WorkerTask t;
            QCOMPARE(w->take(&t, 1000), TakeResult::Task);
            if (t.id % 5 == 0) {
                QCOMPARE(w->fail(t, 5, "five"), AckResult::Ok);
                ++failed;
            }
            else
                QCOMPARE(w->complete(t, 0, "ok"), AckResult::Ok);
        }
        if (i == 20)
            q->setEventLog(false); // from here on only the direct ledger hears about it
        if (i < 20)
            q->drainEventsInto(&events);
    }
    WorkerTask t;
    QCOMPARE(w->take(&t, 1000), TakeResult::Task);
    QVector<TaskEvent> reclaimed;
    QCOMPARE(q->reclaimWorker(getpid(), "killed by SIGKILL", &reclaimed), ReclaimStatus::Ok);
    QCOMPARE(reclaimed.size(), 1); // the requeue is always reported
    QCOMPARE(reclaimed[0].kind, TaskEventKind::Requeued);
    q->close();
    while (w->take(&t, 1000) == TakeResult::Task)
        QCOMPARE(w->complete(t, 0, "ok"), AckResult::Ok);
    QVERIFY(q->drainEvents().isEmpty()); // the event log is off
    q->drainEventsInto(nullptr);
    fromEvents.apply(events);
    QCOMPARE(direct.size(), qint64(30));
    QVERIFY(failed > 0);
    QCOMPARE(direct.count(TaskLedger::State::Failed), qint64(failed));
    QCOMPARE(direct.count(TaskLedger::State::Done), qint64(30 - failed));
    QVERIFY(direct.allEnded());
    // Whatever the event-fed ledger saw (the first rows) agrees with the direct one.
    QVERIFY(fromEvents.size() > 0);
    for (qint64 row = 0; row < fromEvents.size(); ++row) {
        if (fromEvents.task(row).state == TaskLedger::State::Queued)
            continue;
        QCOMPARE(fromEvents.task(row).id, direct.task(row).id);
        // With a ledger attached, Enqueued events leave the payload to it.
        QVERIFY(fromEvents.task(row).payload.isEmpty());
        QCOMPARE(direct.payload(row), QByteArray::number(direct.task(row).id));
        QCOMPARE(fromEvents.task(row).result, direct.task(row).result);
    }
    // The reclaimed task shows its history in the direct ledger.
    const qint64 row = direct.rowOfTicket(reclaimed[0].ticket);
    QCOMPARE(direct.history(row).size(), 2);
    QCOMPARE(direct.history(row).first().reason, QStringLiteral("killed by SIGKILL"));
    QCOMPARE(direct.task(row).attempts, 2u);
}

void tst_TaskLedger::millionTasksStayCompact()
{
    // herd --headless --tasks 1000000: payloads "1".."1000000", two workers.
    const qint64 before = herd::test::ownRssBytes();
    TaskLedger ledger([](qint64 pid) { return QStringLiteral("Worker-%1").arg(pid); });
    QVector<TaskEvent> batch;
    const quint64 n = 1000000;
    for (quint64 i = 0; i < n; ++i) {
        batch.append(ev(TaskEventKind::Enqueued, i, qint64(i) * 1000));
        batch.append(ev(TaskEventKind::Taken, i, qint64(i) * 1000 + 500, 1 + qint64(i % 2)));
        batch.append(ev(TaskEventKind::Done, i, qint64(i) * 1000 + 900, 1 + qint64(i % 2)));
        if (batch.size() >= 3000) {
            ledger.apply(batch);
            batch.clear();
        }
    }
    ledger.apply(batch);
    batch = {};
    const qint64 grown = herd::test::ownRssBytes() - before;
    qInfo("1,000,000 finished tasks: ledger %.1f MB by its own count, resident set grew %.1f MB",
          double(ledger.memoryBytes()) / 1e6, double(grown) / 1e6);
    QCOMPARE(ledger.count(TaskLedger::State::Done), qint64(n));
    QCOMPARE(ledger.workers().size(), 2);
    QCOMPARE(ledger.workers()[0].done + ledger.workers()[1].done, qint64(n));
    QCOMPARE(ledger.task(999999).payload, QByteArray("1000000"));
    // Rows and payloads on both sides of the ledger's chunk boundaries (the chunks past the
    // first are mapped differently) read back whole.
    for (const qint64 row : {qint64(0), qint64(65535), qint64(65536), qint64(131071), qint64(131072),
                             qint64(524288), qint64(999998)}) {
        const TaskLedger::Task t = ledger.task(row);
        QCOMPARE(t.payload, QByteArray::number(row + 1));
        QCOMPARE(t.id, quint64(row + 1));
        QCOMPARE(t.state, TaskLedger::State::Done);
        QCOMPARE(t.workerName, QStringLiteral("Worker-%1").arg(1 + row % 2));
    }
    // 32 bytes a row; neither the task's id (numbered as the session numbers tasks) nor a
    // payload that is that id in decimal takes room of its own.
    QVERIFY2(ledger.memoryBytes() < 36 * 1000 * 1000,
             qPrintable(QStringLiteral("%1 bytes").arg(ledger.memoryBytes())));
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    // AddressSanitizer's quarantine keeps freed memory resident, ThreadSanitizer's shadow
    // memory grows with what is written: the ledger's own count above is the figure that
    // holds there.
    Q_UNUSED(grown);
#else
    QVERIFY(grown < 80 * 1000 * 1000);
#endif
}

void tst_TaskLedger::payloadsReadBackAsGiven()
{
    // Payloads that are their task's id in decimal are not stored but made again when
    // asked for; anything else, however close to the id, is kept byte for byte.
    TaskLedger ledger;
    struct Case {
        quint64 id;
        QByteArray payload;
    };
    const QList<Case> cases = {
        {7, "7"}, {7, "07"}, {7, "7 "}, {7, " 7"}, {7, "+7"}, {7, "8"}, {7, ""},
        {0, "0"}, {0, ""}, {10, "1"}, {1, "10"}, {12345, "12345\n"},
        {18446744073709551615ull, "18446744073709551615"},
        {18446744073709551615ull, "1844674407370955161"},
        {42, QByteArray("42\0", 3)}, {42, QByteArray(300, 'x')},
    };
    quint64 ticket = 0;
    for (const Case &c : cases) {
        QCOMPARE(ledger.recordEnqueued(ticket, c.id, c.payload, 1000), qint64(ticket));
        ++ticket;
    }
    // Enough other payloads to fill the store's first chunk (4 MiB) and go on in the next.
    const QByteArray big(8000, 'b');
    for (int i = 0; i < 1100; ++i)
        ledger.recordEnqueued(ticket++, quint64(i), big + QByteArray::number(i), 2000);
    for (int row = 0; row < cases.size(); ++row) {
        QCOMPARE(ledger.task(row).id, cases[row].id);
        QCOMPARE(ledger.payload(row), cases[row].payload);
        QCOMPARE(ledger.task(row).payload, cases[row].payload);
    }
    for (int i = 0; i < 1100; ++i) {
        QCOMPARE(ledger.payload(cases.size() + i), big + QByteArray::number(i));
        QCOMPARE(ledger.brief(cases.size() + i).id, quint64(i));
    }
}

void tst_TaskLedger::idsReadBackWhateverTheirOrder()
{
    // A row's id is kept only where it is not the first row's id plus the row, as the
    // session numbers its tasks: ids that start anywhere, run on, jump, go back, repeat
    // and run on again read back as given, in the table, the CSV report and the list of
    // tasks in flight.
    TaskLedger ledger;
    const QList<quint64> ids = {1000, 1001, 1002, 5, 1004, 1004, 7, 1007, 18446744073709551615ull, 0, 1010, 1011};
    for (int row = 0; row < ids.size(); ++row)
        QCOMPARE(ledger.recordEnqueued(quint64(row), ids[row], QByteArray::number(ids[row]), 1000), qint64(row));
    ledger.recordTaken(3, 3, 4242, 1, 1, 2000);
    for (int row = 0; row < ids.size(); ++row) {
        QCOMPARE(ledger.brief(row).id, ids[row]);
        QCOMPARE(ledger.task(row).id, ids[row]);
        QCOMPARE(ledger.payload(row), QByteArray::number(ids[row]));
    }
    const QVector<TaskLedger::InFlight> running = ledger.inFlight();
    QCOMPARE(running.size(), 1);
    QCOMPARE(running[0].taskId, quint64(5));
    QBuffer csv;
    QVERIFY(csv.open(QIODevice::WriteOnly));
    QCOMPARE(ledger.writeCsv(&csv).error, QString());
    const QList<QByteArray> lines = csv.data().split('\n');
    QVERIFY(lines.size() > ids.size());
    for (int row = 0; row < ids.size(); ++row)
        QVERIFY2(lines[row + 1].startsWith(QByteArray::number(ids[row]) + ','), lines[row + 1].constData());
}

void tst_TaskLedger::chunksAreMadeAhead()
{
    // The store's chunks: the first mapped when asked, each later one faulted in ahead on
    // the mapper's thread while the one before fills. Every chunk is zero-filled, writable
    // and its own, whether it was made ahead or not.
    const std::size_t size = 1 << 20;
    std::vector<herd::ChunkMapper::Chunk> chunks;
    {
        herd::ChunkMapper mapper(size);
        auto check = [&](const herd::ChunkMapper::Chunk &chunk) {
            const auto *bytes = static_cast<const unsigned char *>(chunk.get());
            QVERIFY(bytes);
            for (std::size_t i = 0; i < size; i += 4096)
                QCOMPARE(int(bytes[i]), 0);
            QCOMPARE(int(bytes[size - 1]), 0);
            std::memset(chunk.get(), 0xa5, size);
        };
        chunks.push_back(mapper.next());
        check(chunks.back());
        QVERIFY(!mapper.hasChunkAhead()); // a store of one chunk costs no more than that
        chunks.push_back(mapper.next());  // growing: from now on the next is made ahead
        check(chunks.back());
        QTRY_VERIFY_WITH_TIMEOUT(mapper.hasChunkAhead(), 10000);
        chunks.push_back(mapper.next());
        check(chunks.back());
        QCOMPARE(mapper.madeAhead(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(mapper.hasChunkAhead(), 10000);
        // Leaving with a chunk made ahead and never taken: it is unmapped, the thread stops.
    }
    QCOMPARE(chunks.size(), size_t(3));
    for (const auto &chunk : chunks)
        QCOMPARE(static_cast<const unsigned char *>(chunk.get())[size / 2], (unsigned char)0xa5);
}

QTEST_GUILESS_MAIN(tst_TaskLedger)
#include "tst_taskledger.moc"
