// The queue trusts no worker: whatever a process that maps the segment writes into it, the
// producer neither crashes nor hangs nor loses a task, and a task never runs twice at once.
// In-process tests write into the segment through a mapping of their own (fast, hundreds of
// seeds, and what the sanitizer builds run); end-to-end tests run `herd --headless` with
// real workers and a hostile program (herd-vandal) beside them.

#include "testsupport.h"
#include "queue/taskledger.h"
#include "queue/taskqueue.h"
#include "session.h"

#include "queuelayout.h"
#include "segmentregions.h"
#include "worker.h"

#include <QtTest>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <csignal>
#include <random>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace herd;

namespace {

// A second, unchecked read-write mapping of a queue's segment: what a hostile worker has.
struct RawSegment {
    int fd = -1;
    char *base = nullptr;
    std::size_t size = 0;
    explicit RawSegment(const QString &address)
    {
        fd = shm_open(address.toLocal8Bit().constData(), O_RDWR, 0);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0) {
            size = std::size_t(st.st_size);
            void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            base = p == MAP_FAILED ? nullptr : static_cast<char *>(p);
        }
    }
    ~RawSegment()
    {
        if (base)
            munmap(base, size);
        if (fd >= 0)
            ::close(fd);
    }
    QueueHeader *header() const { return reinterpret_cast<QueueHeader *>(base); }
    QueueGeometry geometry() const
    {
        return queueGeometry(header()->capacity, header()->maxPayload, header()->maxWorkers);
    }
};

constexpr int kTasks = 24;

// A queue with a ledger, kTasks tasks, and an in-process worker that has taken three of
// them and completed two: every kind of slot state is present.
struct Bench {
    TaskLedger ledger;
    std::unique_ptr<TaskQueue> queue;
    std::unique_ptr<Worker> worker;
    std::vector<WorkerTask> held;

    bool open()
    {
        TaskQueue::Options o;
        o.capacity = 32;
        o.maxPayload = 64;
        o.maxWorkers = 8;
        QString error;
        queue = TaskQueue::create(o, &error);
        if (!queue)
            return false;
        queue->setLedger(&ledger);
        queue->setEventLog(false);
        for (int i = 1; i <= kTasks; ++i)
            queue->enqueue(quint64(i), QByteArray::number(i));
        std::string why;
        worker = Worker::attach(queue->address().toStdString(), "fuzz", &why);
        if (!worker)
            return false;
        for (int i = 0; i < 3; ++i) {
            WorkerTask t;
            if (worker->take(&t, 0) != TakeResult::Task)
                return false;
            held.push_back(t);
        }
        worker->complete(held[0], 0, "ok");
        worker->complete(held[1], 0, "ok");
        held.erase(held.begin(), held.begin() + 2);
        queue->drainEventsInto(nullptr);
        return true;
    }

    // What the app does every tick, plus a worker that keeps working, for a while. Nothing
    // here may crash or hang, whatever the segment holds.
    void drive(int rounds)
    {
        QVector<TaskEvent> events;
        for (int i = 0; i < rounds; ++i) {
            queue->audit();
            queue->drainEventsInto(&events);
            queue->stats();
            queue->lockHolder();
            queue->lockIsFree();
            queue->goneWorkers();
            queue->enqueue(quint64(1000 + i), "more");
            // The worker waits for the lock without end (Herd ends a worker stuck on a
            // wedged lock); here, in one thread, it only works when the lock is free.
            if (worker && queue->lockIsFree()) {
                WorkerTask t;
                if (worker->take(&t, 0) == TakeResult::Task)
                    worker->complete(t, 0, "ok");
                for (const WorkerTask &h : held)
                    worker->complete(h, 0, "late");
                held.clear();
            }
            events.clear();
        }
    }

    // Every task the queue accepted ends once, or is among the unfinished a replacement
    // queue would get; never both, never twice.
    QString accounting() const
    {
        QSet<quint64> ended;
        for (qint64 row = 0; row < ledger.size(); ++row) {
            const TaskLedger::State s = ledger.state(row);
            if (s == TaskLedger::State::Done || s == TaskLedger::State::Failed
                || s == TaskLedger::State::DeadLettered)
                ended.insert(quint64(row));
        }
        QSet<quint64> open;
        for (const TaskQueue::Unfinished &u : queue->unfinished()) {
            const qint64 row = ledger.rowOfTicket(u.ticket);
            if (row < 0)
                return QStringLiteral("an unfinished task the ledger does not know (ticket %1)").arg(u.ticket);
            if (ended.contains(quint64(row)))
                return QStringLiteral("task %1 both ended and unfinished").arg(row + 1);
            if (open.contains(quint64(row)))
                return QStringLiteral("task %1 unfinished twice").arg(row + 1);
            open.insert(quint64(row));
        }
        if (ended.size() + open.size() != ledger.size())
            return QStringLiteral("%1 ended + %2 unfinished of %3 tasks").arg(ended.size()).arg(open.size()).arg(ledger.size());
        return {};
    }
};

} // namespace

class tst_QueueTrust final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void targetedDamageIsDetected_data();
    void targetedDamageIsDetected();
    void randomWritesNeverCrashOrLoseTasks();
    void truncatedSegmentIsSurvived();
    void damagedQueueIsReplacedWithNothingLost();
    void vandalInHeadlessRun_data();
    void vandalInHeadlessRun();
    void execWorkerKilledFromOutsideNeverOverlaps_data();
    void execWorkerKilledFromOutsideNeverOverlaps();
    void workerBehindWrapperIsReclaimed();
    void workerStartedByHandIsReclaimed();
    void loneWorkerKilledIsRestartedAndEveryTaskFinishes();
    void lastWorkerDyingWithATaskIsInTheRecord();

private:
    QString m_herd;
    QString m_workerBin;
    QString m_vandal;
    QTemporaryDir m_dir;
};

void tst_QueueTrust::initTestCase()
{
    m_herd = herd::test::herdProgram();
    m_workerBin = herd::test::workerProgram();
    m_vandal = qEnvironmentVariable("HERD_VANDAL");
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFileInfo(m_workerBin).isExecutable(), "HERD_WORKER_BIN must name herd-worker");
}

void tst_QueueTrust::targetedDamageIsDetected_data()
{
    QTest::addColumn<QString>("damage");
    // Each of these crashed, froze or fooled Herd before the queue kept its own record.
    QTest::newRow("event capacity 0 (was SIGFPE)") << "eventCapacity";
    QTest::newRow("max workers and high water raised (was SIGSEGV)") << "maxWorkers";
    QTest::newRow("capacity changed") << "capacity";
    QTest::newRow("event head moved 2^40 forward (was a freeze)") << "eventHeadForward";
    QTest::newRow("event head moved back (was a replay)") << "eventHeadBack";
    QTest::newRow("forged completion of another's task") << "forgedDone";
    QTest::newRow("ready head moved past the tail") << "readyHead";
    QTest::newRow("slot epoch changed before a take") << "epoch";
    QTest::newRow("queue marked closed by a worker") << "closed";
    QTest::newRow("waiting slot made free: the ring skips it") << "skip";
    QTest::newRow("forged intent with a huge slot, then lock owner dead") << "intent";
}

void tst_QueueTrust::targetedDamageIsDetected()
{
    QFETCH(QString, damage);
    Bench b;
    QVERIFY(b.open());
    RawSegment raw(b.queue->address());
    QVERIFY(raw.base);
    QueueHeader *h = raw.header();
    const QueueGeometry g = raw.geometry();
    auto *slotArray = reinterpret_cast<QueueSlot *>(raw.base + g.slotsOffset);
    auto *events = reinterpret_cast<QueueEventRecord *>(raw.base + g.eventsOffset);
    const WorkerTask held = b.held.front();

    if (damage == "eventCapacity") {
        h->eventCapacity = 0;
    } else if (damage == "maxWorkers") {
        h->maxWorkers = 0xffffffffu;
        h->workerHighWater.store(0xffffffffu);
    } else if (damage == "capacity") {
        h->capacity = 1u << 30;
    } else if (damage == "eventHeadForward") {
        h->eventHead.fetch_add(1ull << 40);
    } else if (damage == "eventHeadBack") {
        // Drained up to here; a worker sets the head back to replay old events.
        h->eventHead.store(h->eventHead.load() - 2);
    } else if (damage == "forgedDone") {
        const std::uint64_t at = h->eventHead.load();
        QueueEventRecord &e = events[at % g.eventCapacity];
        e.kind = std::uint16_t(EventKind::Done);
        e.slot = held.slot;
        e.epoch = std::uint32_t(held.epoch);
        e.pid = getpid() + 1; // not the taker
        e.worker = 77;
        h->eventHead.store(at + 1);
    } else if (damage == "readyHead") {
        h->readyHead.store(h->readyTail.load() + 5);
    } else if (damage == "epoch") {
        const std::uint32_t next = *reinterpret_cast<std::uint32_t *>(raw.base + g.readyOffset
                                                                      + (h->readyHead.load() % g.capacity) * 4);
        slotArray[next].epoch.fetch_add(7);
    } else if (damage == "closed") {
        h->closed.store(1);
    } else if (damage == "skip") {
        const std::uint32_t next = *reinterpret_cast<std::uint32_t *>(raw.base + g.readyOffset
                                                                      + (h->readyHead.load() % g.capacity) * 4);
        slotArray[next].state.store(std::uint32_t(SlotState::Free));
    } else if (damage == "intent") {
        // A worker that dies holding the lock after describing a step with forged fields:
        // the next locker replays it. Only the private sizes bound where it writes.
        h->intent.slot = 0xfffffff0u;
        h->intent.ringIndex = ~0ull - 3;
        h->intent.eventIndex = ~0ull - 9;
        h->intent.eventKind = std::uint32_t(EventKind::Done);
        h->intent.counter = 1u << 30;
        h->intent.op.store(std::uint32_t(IntentOp::Requeue));
        h->capacity = 0x7fffffffu;
    }
    b.drive(50);
    QVERIFY2(b.queue->isDamaged(), qPrintable(damage));
    QVERIFY(!b.queue->damage().isEmpty());
    const QString problem = b.accounting();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_QueueTrust::randomWritesNeverCrashOrLoseTasks()
{
    // Hundreds of seeds of random bytes at random places, aimed at each part in turn; the
    // sanitizer builds turn any stray access into a failure.
    const char *regions[] = {"header", "lock", "intent", "counters", "slots", "ready", "events", "workers", "control"};
    int damaged = 0;
    for (int seed = 1; seed <= 360; ++seed) {
        Bench b;
        QVERIFY(b.open());
        RawSegment raw(b.queue->address());
        QVERIFY(raw.base);
        const QueueGeometry g = raw.geometry();
        const QString region = QString::fromLatin1(regions[seed % 9]);
        const auto [from, to] = test::segmentRegion(region.toStdString(), g);
        std::mt19937_64 rng{quint64(seed)};
        const int writes = 1 + int(rng() % 12);
        for (int i = 0; i < writes; ++i) {
            const std::uint64_t width = 1 + rng() % 8;
            const std::uint64_t at = from + rng() % (to - from - width);
            const std::uint64_t value = rng();
            std::memcpy(raw.base + at, &value, width);
        }
        b.drive(20);
        if (b.queue->isDamaged())
            ++damaged;
        const QString problem = b.accounting();
        QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("seed %1 (%2): %3").arg(seed).arg(region, problem)));
    }
    qInfo("%d of 360 seeds were detected as damage", damaged);
    QVERIFY(damaged > 0);
}

void tst_QueueTrust::truncatedSegmentIsSurvived()
{
    Bench b;
    QVERIFY(b.open());
    {
        RawSegment raw(b.queue->address());
        QVERIFY(raw.fd >= 0);
        QCOMPARE(ftruncate(raw.fd, 0), 0); // every page of both mappings is gone: SIGBUS
    }
    b.drive(10); // the producer and the in-process worker both touch the vanished pages
    QVERIFY(b.queue->isDamaged());
    QVERIFY2(b.queue->damage().contains("cut short") || b.queue->damage().contains("resized"),
             qPrintable(b.queue->damage()));
    const QString problem = b.accounting();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_QueueTrust::damagedQueueIsReplacedWithNothingLost()
{
    // A session with a real worker: the event head is thrown forward mid-run. The session
    // must replace the queue, restart the worker on the new one, and finish every task once.
    Session session;
    session.setWorkerProgram(m_workerBin);
    QVERIFY(session.open().ok());
    session.setDrainInterval(5);
    QSignalSpy replaced(&session, &Session::queueReplaced);
    WorkerPoolSpec pool;
    pool.count = 2;
    pool.workMs = 20;
    QVERIFY(session.spawnPool(pool).ok());
    QVERIFY(session.enqueueCount(60).ok());
    QTRY_VERIFY_WITH_TIMEOUT(session.ledger()->count(TaskLedger::State::Done) >= 5, 20000);
    const QString first = session.queue()->address();
    {
        RawSegment raw(first);
        QVERIFY(raw.base);
        raw.header()->eventHead.fetch_add(1ull << 40);
    }
    QTRY_COMPARE_WITH_TIMEOUT(replaced.size(), 1, 10000);
    QVERIFY(session.queue()->address() != first);
    QVERIFY(replaced.first().at(0).toString().contains("moved to a new queue"));
    QTRY_COMPARE_WITH_TIMEOUT(session.ledger()->count(TaskLedger::State::Done), qint64(60), 30000);
    QCOMPARE(session.ledger()->size(), qint64(60));
    QVERIFY(!QFile::exists("/dev/shm" + first)); // the damaged segment's name is gone
    session.setQuitting(true);
    session.supervisor()->killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 10000);
}

void tst_QueueTrust::vandalInHeadlessRun_data()
{
    QTest::addColumn<QStringList>("vandal");
    QTest::addColumn<bool>("mustDetect");
    QTest::newRow("truncate") << QStringList{"truncate"} << true;
    QTest::newRow("event head forward") << QStringList{"event-head"} << true;
    QTest::newRow("event head back") << QStringList{"event-back"} << true;
    QTest::newRow("sizes") << QStringList{"sizes"} << true;
    QTest::newRow("forged completion") << QStringList{"forge-done"} << true;
    QTest::newRow("lock word") << QStringList{"lock"} << false; // wedged: replaced after 15 s
    for (const char *region : {"header", "intent", "slots", "ready", "events", "workers", "control"}) {
        for (int seed : {1, 2}) {
            QTest::addRow("random %s %d", region, seed)
                << QStringList{"random", QString::number(seed * 7919), "24", QString::fromLatin1(region)} << false;
        }
    }
}

void tst_QueueTrust::vandalInHeadlessRun()
{
    QFETCH(QStringList, vandal);
    QFETCH(bool, mustDetect);
    if (!QFileInfo(m_herd).isExecutable() || !QFileInfo(m_vandal).isExecutable())
        QSKIP("needs HERD_BIN and HERD_VANDAL");
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(' ', '-');
    const QString report = m_dir.filePath(tag + ".csv");
    const QString events = m_dir.filePath(tag + ".jsonl");
    QProcess herd;
    herd.setProcessChannelMode(QProcess::MergedChannels);
    herd.start(m_herd, {"--headless", "--workers", "2", "--tasks", "200", "--work-ms", "2", "--report", report,
                        "--events", events, "--run", "vandal=" + m_vandal + " " + vandal.join(' ')});
    QVERIFY(herd.waitForStarted(10000));
    // Bounded: a hang fails here (the lock case needs the 15 s wedge bound).
    if (!herd.waitForFinished(90000)) {
        herd.kill();
        herd.waitForFinished(5000);
        QFAIL("herd did not finish within 90 s");
    }
    const QByteArray out = herd.readAll();
    QVERIFY2(herd.exitStatus() == QProcess::NormalExit, out.right(2000).constData());
    if (mustDetect) {
        QVERIFY2(out.contains("task queue was damaged"), out.right(2000).constData());
        QFile stream(events);
        QVERIFY(stream.open(QIODevice::ReadOnly));
        QVERIFY(stream.readAll().contains("\"event\":\"queue-damaged\""));
    }

    // Every task ended exactly once: one report row each, done or dead-lettered, and at
    // most one completion each in the event stream.
    QFile csv(report);
    QVERIFY2(csv.open(QIODevice::ReadOnly), out.right(2000).constData());
    const QList<QByteArray> rows = csv.readAll().split('\n');
    QSet<QByteArray> ids;
    int ended = 0;
    for (int i = 1; i < rows.size(); ++i) {
        if (rows.at(i).isEmpty())
            continue;
        const QList<QByteArray> fields = rows.at(i).split(',');
        QVERIFY(!ids.contains(fields.at(0)));
        ids.insert(fields.at(0));
        if (fields.at(2) == "done" || fields.at(2) == "dead-lettered")
            ++ended;
    }
    QCOMPARE(ids.size(), 200);
    QVERIFY2(ended == 200, out.right(3000).constData());
    QFile stream(events);
    QVERIFY(stream.open(QIODevice::ReadOnly));
    QHash<qint64, int> completions;
    for (const QByteArray &line : stream.readAll().split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        if (e.value("event").toString() == "done")
            QVERIFY2(++completions[e.value("task").toInteger()] == 1, line.constData());
    }
}

void tst_QueueTrust::execWorkerKilledFromOutsideNeverOverlaps_data()
{
    QTest::addColumn<QString>("escape");
    QTest::addColumn<int>("killed");
    QTest::newRow("in the worker's group") << QString() << 1;
    // What runs the task leaves the worker's process group and session: the group's
    // SIGKILL at the worker's reap does not reach it, only its mark finds it.
    QTest::newRow("escaped with setsid") << QStringLiteral("setsid ") << 1;
    // Several die at once: one look through /proc answers for all of them, and each
    // one's task still waits for its own command to be gone.
    QTest::newRow("four escaped, killed together") << QStringLiteral("setsid ") << 4;
}

void tst_QueueTrust::execWorkerKilledFromOutsideNeverOverlaps()
{
    // Each run of a task holds an exclusive lock on a file of its own for as long as any
    // process of it lives; a second run that starts while the first still lives cannot
    // get it and fails. Workers are SIGKILLed from outside Herd while their commands run.
    QFETCH(QString, escape);
    QFETCH(int, killed);
    if (!QFileInfo(m_herd).isExecutable())
        QSKIP("needs HERD_BIN");
    // (The path goes into a shell command: no quotes or spaces in it.)
    const QString dir = m_dir.filePath(QStringLiteral("overlap-%1-%2").arg(escape.isEmpty() ? "group" : "escaped").arg(killed));
    QVERIFY(QDir().mkpath(dir));
    const QString log = dir + "/log";
    const QString command = QStringLiteral("flock -n -E 75 %1/{}.lock %3sh -c 'echo start {} >> %2; sleep 3 & wait; echo end {} >> %2'")
                                .arg(dir, log, escape);
    const QString events = dir + "/events.jsonl";
    const QString report = dir + "/report.csv";
    const int workers = qMax(2, killed);
    const int tasks = killed + 1;
    QProcess herd;
    herd.setProcessChannelMode(QProcess::MergedChannels);
    herd.start(m_herd, {"--headless", "--workers", QString::number(workers), "--tasks", QString::number(tasks),
                        "--exec", command, "--events", events, "--report", report});
    QVERIFY(herd.waitForStarted(10000));
    // Wait for `killed` runs to be under way, and find the workers that run them.
    QHash<QString, qint64> running; // task -> its worker
    auto findRunning = [&]() -> int {
        running.clear();
        QFile f(log);
        if (!f.open(QIODevice::ReadOnly))
            return 0;
        QStringList started;
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("start ") && started.size() < killed)
                started << QString::fromLatin1(line.mid(6));
        }
        QFile e(events);
        if (!e.open(QIODevice::ReadOnly))
            return 0;
        for (const QByteArray &line : e.readAll().split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            const QString task = QString::number(o.value("task").toInteger());
            if (o.value("event") == "taken" && started.contains(task))
                running.insert(task, o.value("pid").toInteger());
        }
        return int(running.size());
    };
    QTRY_VERIFY_WITH_TIMEOUT(findRunning() == killed, 20000);
    QCOMPARE(int(running.size()), killed);
    for (const qint64 victim : std::as_const(running)) {
        QVERIFY(victim > 0);
        QCOMPARE(::kill(pid_t(victim), SIGKILL), 0);
    }
    if (!herd.waitForFinished(60000)) {
        herd.kill();
        herd.waitForFinished(5000);
        QFAIL("herd did not finish within 60 s");
    }
    const QByteArray out = herd.readAll();
    // No run of any task failed for want of its lock (exit 75), and each killed task ran
    // again to its end.
    QFile csv(report);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray rows = csv.readAll();
    for (const QByteArray &row : rows.split('\n').mid(1)) {
        const QList<QByteArray> fields = row.split(',');
        QVERIFY2(fields.size() < 8 || fields.at(7) != "75", (rows + out).constData()); // result_code
    }
    QFile f(log);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray lines = f.readAll();
    for (const QString &task : running.keys()) {
        QCOMPARE(lines.count(QByteArray("start " + task.toLatin1() + "\n")), 2);
        QCOMPARE(lines.count(QByteArray("end " + task.toLatin1() + "\n")), 1);
    }
    QCOMPARE(lines.count("end "), tasks);
}

namespace {

// Runs a worker through `how` as a plain process of the session, waits until it holds the
// task, SIGKILLs the worker itself (not what runs it), and expects the task back.
void reclaimAfterKill(Session &session, qint64 workerPid)
{
    QVERIFY(workerPid > 0);
    QCOMPARE(::kill(pid_t(workerPid), SIGKILL), 0);
    // The sweep finds the registration of a process that is gone and requeues its task;
    // a stock worker then finishes it.
    QTRY_COMPARE_WITH_TIMEOUT(session.ledger()->state(0), TaskLedger::State::Queued, 15000);
    WorkerPoolSpec pool;
    pool.count = 1;
    QVERIFY(session.spawnPool(pool).ok());
    QTRY_COMPARE_WITH_TIMEOUT(session.ledger()->count(TaskLedger::State::Done), qint64(1), 15000);
    const QVector<TaskLedger::Attempt> history = session.ledger()->history(0);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.first().outcome, TaskLedger::Outcome::Requeued);
    QCOMPARE(history.first().workerPid, workerPid);
}

} // namespace

void tst_QueueTrust::workerBehindWrapperIsReclaimed()
{
    Session session;
    session.setWorkerProgram(m_workerBin);
    QVERIFY(session.open().ok());
    // A wrapper that does not exec: the worker is Herd's grandchild, never reaped by Herd.
    ProcessSpec wrapper;
    wrapper.name = QStringLiteral("wrapper");
    wrapper.program = QStringLiteral("sh");
    wrapper.arguments = {"-c", "\"$0\" --exec 'sleep 30'; sleep 60", m_workerBin};
    QVERIFY(session.supervisor()->spawn(wrapper).ok());
    QVERIFY(session.enqueueCount(1).ok());
    QTRY_COMPARE_WITH_TIMEOUT(session.ledger()->count(TaskLedger::State::Taken), qint64(1), 15000);
    const qint64 worker = session.ledger()->task(0).workerPid;
    QVERIFY(session.supervisor()->findByPid(worker) == nullptr); // not Herd's child
    reclaimAfterKill(session, worker);
    session.supervisor()->killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 10000);
}

void tst_QueueTrust::workerStartedByHandIsReclaimed()
{
    Session session;
    session.setWorkerProgram(m_workerBin);
    QVERIFY(session.open().ok());
    QProcess byHand; // not through Herd at all, as `herd-worker --queue ADDR` in a terminal
    byHand.start(m_workerBin, {"--queue", session.queue()->address(), "--exec", "sleep 30"});
    QVERIFY(byHand.waitForStarted(10000));
    QVERIFY(session.enqueueCount(1).ok());
    QTRY_COMPARE_WITH_TIMEOUT(session.ledger()->count(TaskLedger::State::Taken), qint64(1), 15000);
    QCOMPARE(session.ledger()->task(0).workerPid, byHand.processId());
    reclaimAfterKill(session, byHand.processId());
    byHand.waitForFinished(5000);
    session.supervisor()->killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 10000);
}

void tst_QueueTrust::loneWorkerKilledIsRestartedAndEveryTaskFinishes()
{
    // One worker with restart = always, SIGKILLed from outside mid-run: the run must not
    // end while its restart is pending, and every task finishes, the killed one once more.
    if (!QFileInfo(m_herd).isExecutable())
        QSKIP("needs HERD_BIN");
    const QString events = m_dir.filePath("lone.jsonl");
    QProcess herd;
    herd.setProcessChannelMode(QProcess::MergedChannels);
    herd.start(m_herd, {"--headless", "--workers", "1", "--restart", "always", "--tasks", "20", "--work-ms", "50",
                        "--events", events});
    QVERIFY(herd.waitForStarted(10000));
    // The worker's pid once it has done a few tasks (0 before).
    auto busyWorker = [&]() -> qint64 {
        QFile f(events);
        if (!f.open(QIODevice::ReadOnly))
            return 0;
        int done = 0;
        qint64 pid = 0;
        for (const QByteArray &line : f.readAll().split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            done += o.value("event") == "done";
            if (o.value("event") == "spawned")
                pid = o.value("pid").toInteger();
        }
        return done >= 3 ? pid : 0;
    };
    qint64 victim = 0;
    QTRY_VERIFY_WITH_TIMEOUT((victim = busyWorker()) > 0, 20000);
    QVERIFY2(victim > 0, "the worker did not get going");
    QCOMPARE(::kill(pid_t(victim), SIGKILL), 0);
    QVERIFY(herd.waitForFinished(60000));
    const QByteArray out = herd.readAll();
    QFile f(events);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QSet<qint64> done;
    int spawned = 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value("event") == "done") {
            QVERIFY2(!done.contains(o.value("task").toInteger()), line.constData());
            done.insert(o.value("task").toInteger());
        }
        spawned += o.value("event") == "spawned";
    }
    QVERIFY2(done.size() == 20, out.right(2000).constData());
    QVERIFY(spawned >= 2);
}

void tst_QueueTrust::lastWorkerDyingWithATaskIsInTheRecord()
{
    // The only worker dies holding a task and is not restarted: the run ends, and the event
    // stream says the task went back to the queue (it is queued in the report).
    if (!QFileInfo(m_herd).isExecutable())
        QSKIP("needs HERD_BIN");
    const QString events = m_dir.filePath("last.jsonl");
    const QString report = m_dir.filePath("last.csv");
    QProcess herd;
    herd.setProcessChannelMode(QProcess::MergedChannels);
    herd.start(m_herd, {"--headless", "--workers", "1", "--restart", "never", "--tasks", "1", "--exec",
                        "sh -c 'kill -KILL $PPID; sleep 1'", "--events", events, "--report", report});
    QVERIFY(herd.waitForFinished(30000));
    QCOMPARE(herd.exitCode(), 1);
    QFile f(events);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray stream = f.readAll();
    QVERIFY2(stream.contains("\"event\":\"requeued\""), stream.constData());
    QFile csv(report);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray rows = csv.readAll();
    QVERIFY2(rows.contains("\n1,1,queued,"), (rows + stream).constData());
}

QTEST_GUILESS_MAIN(tst_QueueTrust)
#include "tst_queuetrust.moc"
