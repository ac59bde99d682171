// The queue across real processes: herd-worker children (HERD_WORKER_BIN) draining a
// TaskQueue owned by this test, killed at random and inside the critical section, stopped
// while holding the lock. Every wait is bounded; a hang fails the test.
#include "testsupport.h"
#include "childprocesses.h"
#include "tasktracker.h"

#include "queue/taskledger.h"
#include "queue/taskqueue.h"
#include "worker.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <functional>

#include <signal.h>
#include <unistd.h>

using namespace herd;

namespace {

QStringList g_log; // warnings from the queue (lock recoveries) while a test runs
QtMessageHandler g_previousHandler = nullptr;

void captureMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_log.append(message);
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

std::unique_ptr<TaskQueue> makeQueue(quint32 capacity, quint32 attempts = 3)
{
    TaskQueue::Options o;
    o.capacity = capacity;
    o.maxPayload = 256;
    o.maxAttempts = attempts;
    o.maxWorkers = 256;
    QString error;
    auto q = TaskQueue::create(o, &error);
    if (!q)
        qWarning("create failed: %s", qPrintable(error));
    return q;
}

QString readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

// Exit status of a worker that hit a sanitizer error (ASan/UBSan builds): never expected.
constexpr int kSanitizerExit = 99;

QStringList workerEnv(const TaskQueue &q, const QString &name, const QString &crashAt = {})
{
    QStringList env{q.environmentEntry(), QStringLiteral("HERD_PROCESS_NAME=") + name};
    env << QStringLiteral("HERD_QUEUE_CRASH_AT=") + crashAt;
    // A SIGSEGV from the crash hook kills the worker as it would without the sanitizer;
    // a real sanitizer finding exits with its own status, which the driver reports.
    env << QStringLiteral("ASAN_OPTIONS=handle_segv=0:detect_leaks=0:exitcode=%1").arg(kSanitizerExit)
        << QStringLiteral("UBSAN_OPTIONS=exitcode=%1").arg(kSanitizerExit);
    return env;
}

// Runs the producer side until every one of `total` tasks has ended (or the deadline):
// enqueues as room allows, drains events into the tracker, reaps ended workers, reclaims
// their tasks and lets onEnded respawn them. Returns "" or why it stopped.
struct Driver {
    TaskQueue *queue = nullptr;
    ChildProcesses *children = nullptr;
    TaskTracker tracker;
    int total = 0;
    int enqueued = 0;
    std::function<QByteArray(int)> payloadFor = [](int id) { return QByteArray::number(id); };
    std::function<void(const ChildProcesses::Ended &)> onEnded;
    std::function<void()> onTick;
    QVector<TaskEvent> events;
    QVector<TaskEvent> *everything = nullptr; // if set, receives every event
    QString sanitizerFinding;

    bool pumpOnce()
    {
        bool progress = false;
        while (enqueued < total) {
            const int id = enqueued + 1;
            const EnqueueResult r = queue->enqueue(quint64(id), payloadFor(id));
            if (r != EnqueueResult::Ok)
                break;
            ++enqueued;
            progress = true;
        }
        events.clear();
        queue->drainEventsInto(&events);
        progress = progress || !events.isEmpty();
        tracker.apply(events);
        if (everything)
            *everything += events;
        for (const ChildProcesses::Ended &e : children->reap()) {
            if (e.reason == QStringLiteral("exited with code %1").arg(kSanitizerExit))
                sanitizerFinding = QStringLiteral("worker %1 hit a sanitizer error").arg(e.pid);
            events.clear();
            QDeadlineTimer deadline(10000);
            while (queue->reclaimWorker(e.pid, e.reason, &events) == ReclaimStatus::Busy
                   && !deadline.hasExpired())
                QThread::msleep(5);
            tracker.apply(events);
            if (everything)
                *everything += events;
            if (onEnded)
                onEnded(e);
            progress = true;
        }
        if (onTick)
            onTick();
        return progress;
    }

    QString run(int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (tracker.ended() < total) {
            if (deadline.hasExpired())
                return QStringLiteral("timed out: %1 of %2 tasks ended (%3 enqueued, %4 takes, queue: %5 "
                                      "queued, %6 in flight, lock holder %7)")
                    .arg(tracker.ended()).arg(total).arg(enqueued).arg(tracker.takes())
                    .arg(queue->stats().queued).arg(queue->stats().inFlight).arg(queue->lockHolder().pid);
            if (!tracker.firstProblem().isEmpty())
                return tracker.firstProblem();
            if (!sanitizerFinding.isEmpty())
                return sanitizerFinding;
            if (!pumpOnce())
                QThread::usleep(300);
        }
        return sanitizerFinding.isEmpty() ? tracker.check(total) : sanitizerFinding;
    }
};

} // namespace

class tst_QueueProcesses final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void tutorialExample();
    void hundredThousandTasksExactlyOnce();
    void crashAtEveryStep_data();
    void crashAtEveryStep();
    void killStorm();
    void killStormOnBatches();
    void stoppedLockHolderDoesNotFreezeOthers();
    void poisonTaskDeadLettered();
    void execRunsCommandPerTask();
    void sigtermFinishesTaskInHand();
    void commandLineErrors_data();
    void commandLineErrors();

private:
    QTemporaryDir m_dir;
};

void tst_QueueProcesses::initTestCase()
{
    QVERIFY2(QFile::exists(herd::test::workerProgram()), "HERD_WORKER_BIN must name the herd-worker program");
    QVERIFY(m_dir.isValid());
    g_previousHandler = qInstallMessageHandler(&captureMessages);
}

void tst_QueueProcesses::init()
{
    g_log.clear();
}

void tst_QueueProcesses::cleanupTestCase()
{
    qInstallMessageHandler(g_previousHandler);
}

void tst_QueueProcesses::tutorialExample()
{
    // The tutorial's example: ten tasks, two worker processes, every task taken exactly
    // once, both workers used, each line naming its worker.
    auto q = makeQueue(64);
    QVERIFY(q);
    ChildProcesses children;
    const QString out1 = m_dir.filePath(QStringLiteral("tutorial1.out"));
    const QString out2 = m_dir.filePath(QStringLiteral("tutorial2.out"));
    QVERIFY(children.spawn({herd::test::workerProgram(), "--work-ms", "30"}, workerEnv(*q, "Worker-1"), out1));
    QVERIFY(children.spawn({herd::test::workerProgram(), "--work-ms", "30"}, workerEnv(*q, "Worker-2"), out2));
    QTRY_COMPARE_WITH_TIMEOUT(q->stats().sleepingWorkers, quint64(2), 10000);
    Driver d;
    d.queue = q.get();
    d.children = &children;
    d.total = 10;
    QCOMPARE(d.run(20000), QString());
    QCOMPARE(d.tracker.done(), 10);
    QCOMPARE(d.tracker.takes(), 10);
    QCOMPARE(d.tracker.doneByWorker().size(), 2);
    q->close();
    QVector<ChildProcesses::Ended> ended;
    QVERIFY(children.waitAll(10000, &ended));
    for (const auto &e : ended)
        QCOMPARE(e.reason, QStringLiteral("exited with code 0"));
    const QString lines = readAll(out1) + readAll(out2);
    QSet<int> seen;
    const QRegularExpression re(QStringLiteral("^(Worker-[12]) handled task (\\d+)$"),
                                QRegularExpression::MultilineOption);
    for (auto it = re.globalMatch(lines); it.hasNext();) {
        const auto m = it.next();
        QVERIFY2(!seen.contains(m.captured(2).toInt()), "a task was handled twice");
        seen.insert(m.captured(2).toInt());
    }
    QCOMPARE(seen.size(), 10);
    QVERIFY(readAll(out1).contains(QStringLiteral("Worker-1 handled task")));
    QVERIFY(readAll(out2).contains(QStringLiteral("Worker-2 handled task")));
}

void tst_QueueProcesses::hundredThousandTasksExactlyOnce()
{
    auto q = makeQueue(4096);
    QVERIFY(q);
    ChildProcesses children;
    QVERIFY(children.spawn({herd::test::workerProgram(), "--quiet"}, workerEnv(*q, "Worker-1")));
    QVERIFY(children.spawn({herd::test::workerProgram(), "--quiet"}, workerEnv(*q, "Worker-2")));
    Driver d;
    d.queue = q.get();
    d.children = &children;
    d.total = 100000;
    d.payloadFor = [](int id) { return QByteArray::number(id).leftJustified(40, '.'); };
    QElapsedTimer t;
    t.start();
    QCOMPARE(d.run(120000), QString());
    qInfo("100000 tasks through 2 herd-worker processes in %lld ms", t.elapsed());
    QCOMPARE(d.tracker.done(), 100000);
    QCOMPARE(d.tracker.takes(), 100000);
    QCOMPARE(q->stats().done, quint64(100000));
    q->close();
    QVERIFY(children.waitAll(10000));
    QCOMPARE(q->checkInvariants(), QString());
}

void tst_QueueProcesses::crashAtEveryStep_data()
{
    QTest::addColumn<QString>("step");
    QTest::addColumn<QString>("how");
    QTest::addColumn<bool>("insideLock");
    QTest::addColumn<int>("nth");
    const struct {
        const char *step;
        bool insideLock;
    } steps[] = {{"after-lock", true},   {"after-claim", true}, {"mid-copy", true},
                 {"after-commit", true}, {"after-work", false}, {"in-ack", true}};
    for (const auto &s : steps) {
        for (const char *how : {"kill", "segv", "exit"})
            QTest::addRow("%s:%s", s.step, how) << QString::fromLatin1(s.step) << QString::fromLatin1(how) << s.insideLock << 2;
    }
    // The 4th time: the worker's tasks are quick and many wait, so by then it takes them
    // in batches (the 4th take is the third of its second lock) and holds completions back.
    for (const auto &s : steps)
        QTest::addRow("%s:kill, in a batch", s.step) << QString::fromLatin1(s.step) << QStringLiteral("kill") << s.insideLock << 4;
}

void tst_QueueProcesses::crashAtEveryStep()
{
    QFETCH(QString, step);
    QFETCH(QString, how);
    QFETCH(bool, insideLock);
    QFETCH(int, nth);
    auto q = makeQueue(64);
    QVERIFY(q);
    ChildProcesses children;
    const QString hook = step + QStringLiteral(":%1:").arg(nth) + how;
    const QString errPath = m_dir.filePath(QStringLiteral("crash-%1-%2-%3.err").arg(step, how).arg(nth));
    // The hooked worker starts alone, so it is the one that reaches the step.
    QVERIFY(children.spawn({herd::test::workerProgram(), "--quiet"}, workerEnv(*q, "Worker-1", hook), {}, errPath));
    QTRY_COMPARE_WITH_TIMEOUT(q->stats().sleepingWorkers, quint64(1), 10000);
    int crashes = 0;
    int spawned = 1;
    Driver d;
    d.queue = q.get();
    d.children = &children;
    d.total = 40;
    d.onEnded = [&](const ChildProcesses::Ended &) {
        ++crashes;
        // Crash again (up to three times in all), then a healthy worker takes over.
        const bool hooked = crashes < 3;
        ++spawned;
        children.spawn({herd::test::workerProgram(), "--quiet"},
                       workerEnv(*q, QStringLiteral("Worker-%1").arg(spawned), hooked ? hook : QString()),
                       {}, errPath);
    };
    QCOMPARE(d.run(insideLock ? 15000 : 15000), QString());
    QVERIFY2(crashes >= 1, "the hook never fired");
    QCOMPARE(d.tracker.done() + d.tracker.deadLettered(), 40);
    if (insideLock) {
        // Someone found the lock's owner dead, replayed its step and said so.
        QVERIFY(q->stats().recoveries >= 1);
        const QString logs = g_log.join('\n') + readAll(errPath);
        QVERIFY2(logs.contains(QRegularExpression(QStringLiteral("lock owner \\d+ died; recovered"))),
                 qPrintable(logs));
    }
    q->close();
    QVERIFY(children.waitAll(10000));
    QCOMPARE(q->checkInvariants(), QString());
}

void tst_QueueProcesses::killStorm()
{
    // tst-robust8's pattern: workers SIGKILLed at random moments (and, through the hook,
    // inside the critical section), respawned; every task ends exactly once.
    auto q = makeQueue(256);
    QVERIFY(q);
    ChildProcesses children;
    QRandomGenerator rng(20240611);
    const QStringList steps{"after-lock", "after-claim", "mid-copy", "after-commit", "after-work", "in-ack"};
    const QStringList hows{"kill", "segv", "exit"};
    int spawned = 0;
    auto spawnOne = [&] {
        ++spawned;
        QString hook;
        if (rng.bounded(2) == 0)
            hook = steps[rng.bounded(steps.size())] + QStringLiteral(":%1:").arg(1 + rng.bounded(60))
                   + hows[rng.bounded(hows.size())];
        children.spawn({herd::test::workerProgram(), "--quiet", "--work-ms", "1"},
                       workerEnv(*q, QStringLiteral("Worker-%1").arg(spawned), hook));
    };
    const int workers = 8;
    for (int i = 0; i < workers; ++i)
        spawnOne();
    Driver d;
    d.queue = q.get();
    d.children = &children;
    d.total = 10000;
    int kills = 0;
    QElapsedTimer sinceKill;
    sinceKill.start();
    qint64 nextKillMs = 20;
    d.onEnded = [&](const ChildProcesses::Ended &) {
        if (d.tracker.ended() < d.total)
            spawnOne();
    };
    d.onTick = [&] {
        if (sinceKill.elapsed() < nextKillMs || children.alive().isEmpty())
            return;
        const QList<pid_t> alive = children.alive();
        ::kill(alive[rng.bounded(alive.size())], SIGKILL);
        ++kills;
        sinceKill.restart();
        nextKillMs = 10 + rng.bounded(60);
    };
    QCOMPARE(d.run(120000), QString());
    qInfo("kill storm: %d tasks, %d SIGKILLs from the test, %d workers spawned, %d requeues, "
          "%d dead-lettered, %llu lock recoveries",
          d.total, kills, spawned, d.tracker.requeues(), d.tracker.deadLettered(),
          q->stats().recoveries);
    QVERIFY(kills > 0);
    QCOMPARE(d.tracker.done() + d.tracker.deadLettered(), d.total);
    q->close();
    QVERIFY(children.waitAll(15000));
    QCOMPARE(q->checkInvariants(), QString());
}

void tst_QueueProcesses::killStormOnBatches()
{
    // Quick tasks from a deep queue, so workers take them in batches and hold their
    // completions back until the next batch. Workers die (SIGKILL, through the hook) after
    // the work of their nth task, before its acknowledgement: in the middle of a batch.
    // Each task a dead worker held goes back to the queue once, its completed-but-unsent
    // ones included, and every task ends exactly once.
    auto q = makeQueue(65536, 1000); // a task may be held by several dying workers
    QVERIFY(q);
    const int total = 50000;
    for (int id = 1; id <= total; ++id)
        QCOMPARE(q->enqueue(quint64(id), QByteArray::number(id)), EnqueueResult::Ok);
    ChildProcesses children;
    const int dying = 8;
    int spawned = 0;
    auto spawnOne = [&] {
        ++spawned;
        const QString hook = spawned <= dying ? QStringLiteral("after-work:%1:kill").arg(30 + 17 * spawned)
                                              : QString();
        children.spawn({herd::test::workerProgram(), "--quiet"}, workerEnv(*q, QStringLiteral("Worker-%1").arg(spawned), hook));
    };
    spawnOne();
    spawnOne();
    QVector<TaskEvent> all;
    Driver d;
    d.queue = q.get();
    d.children = &children;
    d.total = total;
    d.enqueued = total;
    d.everything = &all;
    int deaths = 0;
    d.onEnded = [&](const ChildProcesses::Ended &) {
        ++deaths;
        spawnOne();
    };
    QCOMPARE(d.run(120000), QString());
    // Takes under one lock carry the lock's time: a take at the same instant as the
    // worker's take before it was part of a batch.
    int batched = 0;
    const TaskEvent *previous = nullptr;
    for (const TaskEvent &e : all) {
        if (e.kind != TaskEventKind::Taken)
            continue;
        batched += previous && previous->workerPid == e.workerPid && previous->timeNs == e.timeNs;
        previous = &e;
    }
    qInfo("kill storm on batches: %d tasks, %d takes (%d in batches), %d workers died, %d requeues",
          total, d.tracker.takes(), batched, deaths, d.tracker.requeues());
    // The first two die for sure (they start with every task waiting); a later one may
    // find the work done before its nth task.
    QVERIFY(deaths >= 2 && deaths <= dying);
    QVERIFY2(batched > 0, "no worker took a batch");
    // More tasks came back than workers died: the dead held batches.
    QVERIFY2(d.tracker.requeues() > deaths, "no dead worker held more than its task in hand");
    QCOMPARE(d.tracker.done(), total);
    QCOMPARE(d.tracker.takes(), total + d.tracker.requeues());
    q->close();
    QVERIFY(children.waitAll(15000));
    QCOMPARE(q->checkInvariants(), QString());
}

void tst_QueueProcesses::stoppedLockHolderDoesNotFreezeOthers()
{
    auto q = makeQueue(64);
    QVERIFY(q);
    ChildProcesses children;
    const QString errB = m_dir.filePath(QStringLiteral("stopped-b.err"));
    // B and an in-process worker C register first (registration takes the lock).
    // B works 10 ms per task, so A surely gets to claim one.
    const pid_t b = children.spawn({herd::test::workerProgram(), "--quiet", "--work-ms", "10"}, workerEnv(*q, "Worker-B"), {}, errB);
    QVERIFY(b);
    std::string error;
    auto c = Worker::attach(q->address().toStdString(), "Worker-C", &error);
    QVERIFY2(c, error.c_str());
    QTRY_COMPARE_WITH_TIMEOUT(q->stats().sleepingWorkers, quint64(1), 10000);
    // A stops itself right after claiming a task: it holds the lock, its step half done.
    const pid_t a = children.spawn({herd::test::workerProgram(), "--quiet"}, workerEnv(*q, "Worker-A", "after-claim:1:stop"));
    QVERIFY(a);
    QTRY_COMPARE_WITH_TIMEOUT(q->stats().sleepingWorkers, quint64(2), 10000);
    Driver d;
    d.queue = q.get();
    d.children = &children;
    d.total = 100;
    // Feed tasks until A has claimed one and stopped inside the lock.
    QDeadlineTimer stopDeadline(10000);
    while (!(q->lockHolder().pid == a && q->lockHolder().stopped) && !stopDeadline.hasExpired()) {
        d.pumpOnce();
        QThread::msleep(1);
    }
    QCOMPARE(q->lockHolder().pid, qint64(a));
    QVERIFY(q->lockHolder().stopped);
    QTRY_VERIFY_WITH_TIMEOUT(q->lockHolder().heldForMs >= 1000, 5000);

    // The producer never blocks on it: enqueue is lock-free, reclaim says Busy at once.
    QElapsedTimer t;
    t.start();
    QVector<TaskEvent> ignored;
    QCOMPARE(q->reclaimWorker(999999, "test", &ignored), ReclaimStatus::Busy);
    // "At once" means no wait for the lock: a wait would last until the stopped holder
    // moves, i.e. forever, so 2 s separates the two with room for a loaded machine.
    QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
    QVERIFY(q->lastError().contains(QStringLiteral("(stopped)")));
    // Another worker keeps its own bounded wait and says who is in the way.
    t.restart();
    WorkerTask task;
    QCOMPARE(c->take(&task, 1500), TakeResult::Timeout);
    // The bounded wait is the feature: it lasts its 1.5 s, and ends (generous upper bound,
    // so that a loaded machine cannot fail it).
    QVERIFY2(t.elapsed() >= 1400 && t.elapsed() < 8000, qPrintable(QString::number(t.elapsed())));
    QVERIFY2(c->lastError().find("held by pid " + std::to_string(a)) != std::string::npos,
             c->lastError().c_str());
    QVERIFY2(c->lastError().find("(stopped)") != std::string::npos, c->lastError().c_str());
    c.reset(); // unregisters (its bounded wait for the lock gives up; the record is reused)

    // Killing A: the next locker repairs A's half-done take, and the queue flows again.
    QCOMPARE(::kill(a, SIGKILL), 0);
    QCOMPARE(d.run(30000), QString());
    QCOMPARE(d.tracker.done(), 100);
    QVERIFY(q->stats().recoveries >= 1);
    QCOMPARE(q->stats().lastDeadOwner, qint64(a));
    const QString logs = g_log.join('\n') + readAll(errB);
    QVERIFY2(logs.contains(QStringLiteral("lock owner %1 died; recovered").arg(a)), qPrintable(logs));
    // A's claimed task was rolled forward to A, then given back by the reclaim.
    QVERIFY(d.tracker.requeues() >= 1);
    q->close();
    QVERIFY(children.waitAll(10000));
    QCOMPARE(q->checkInvariants(), QString());
}

void tst_QueueProcesses::poisonTaskDeadLettered()
{
    // A task that kills every worker that takes it: dead-lettered after three attempts,
    // with the reason, while the other tasks are done.
    auto q = makeQueue(64, 3);
    QVERIFY(q);
    ChildProcesses children;
    const QStringList cmd{herd::test::workerProgram(), "--quiet", "--exec",
                          "sh -c 'if [ \"$1\" = poison ]; then kill -SEGV $PPID; fi' sh {}"};
    int spawned = 0;
    auto spawnOne = [&] {
        ++spawned;
        children.spawn(cmd, workerEnv(*q, QStringLiteral("Worker-%1").arg(spawned)));
    };
    spawnOne();
    spawnOne();
    Driver d;
    d.queue = q.get();
    d.children = &children;
    d.total = 20;
    d.payloadFor = [](int id) { return id == 7 ? QByteArray("poison") : QByteArray::number(id); };
    QVector<TaskEvent> all;
    d.everything = &all;
    d.onEnded = [&](const ChildProcesses::Ended &e) {
        QCOMPARE(e.reason, QStringLiteral("killed by SIGSEGV"));
        if (d.tracker.ended() < d.total)
            spawnOne();
    };
    QCOMPARE(d.run(30000), QString());
    QCOMPARE(d.tracker.deadLettered(), 1);
    QCOMPARE(d.tracker.done(), 19);
    int requeues = 0;
    QString deadReason;
    for (const TaskEvent &e : all) {
        if (e.taskId != 7)
            continue;
        if (e.kind == TaskEventKind::Requeued) {
            ++requeues;
            QCOMPARE(e.text, QStringLiteral("killed by SIGSEGV"));
        }
        if (e.kind == TaskEventKind::DeadLettered)
            deadReason = e.text;
    }
    QCOMPARE(requeues, 2);
    QCOMPARE(deadReason, QStringLiteral("killed by SIGSEGV"));
    // The ledger tells the whole story in one line.
    TaskLedger ledger;
    ledger.apply(all);
    const qint64 row = 6; // task 7
    QCOMPARE(ledger.task(row).id, quint64(7));
    QCOMPARE(ledger.task(row).state, TaskLedger::State::DeadLettered);
    QCOMPARE(ledger.task(row).result, QString::fromUtf8("gave up after 3 attempts: killed by SIGSEGV \u00d73"));
    QCOMPARE(ledger.history(row).size(), 3);
    q->close();
    QVERIFY(children.waitAll(10000));
}

void tst_QueueProcesses::execRunsCommandPerTask()
{
    auto q = makeQueue(64);
    QVERIFY(q);
    ChildProcesses children;
    const QString out = m_dir.filePath(QStringLiteral("exec.out"));
    const QString marker = m_dir.filePath(QStringLiteral("pwned"));
    // {} is one argument, whatever it holds: no shell sees the payload.
    QVERIFY(children.spawn({herd::test::workerProgram(), "--exec", "printf '[%s]\\n' {}"}, workerEnv(*q, "Worker-1"), out));
    Driver d;
    d.queue = q.get();
    d.children = &children;
    d.total = 3;
    const QList<QByteArray> payloads{"a b; rm -rf ~", "$(touch " + marker.toUtf8() + ") `x` \"q\" 'q'", "-n"};
    d.payloadFor = [&](int id) { return payloads[id - 1]; };
    QCOMPARE(d.run(20000), QString());
    QCOMPARE(d.tracker.done(), 3);
    const QString text = readAll(out);
    for (const QByteArray &p : payloads)
        QVERIFY2(text.contains(QLatin1Char('[') + QString::fromUtf8(p) + QLatin1Char(']')), qPrintable(text));
    QVERIFY(!QFile::exists(marker));
    q->close();
    QVERIFY(children.waitAll(10000));

    // The command's exit status is the task's result.
    auto q2 = makeQueue(64);
    ChildProcesses children2;
    QVERIFY(children2.spawn({herd::test::workerProgram(), "--exec", "sh -c 'exit $1' sh {}"}, workerEnv(*q2, "Worker-1")));
    Driver d2;
    d2.queue = q2.get();
    d2.children = &children2;
    d2.total = 2;
    d2.payloadFor = [](int id) { return id == 1 ? QByteArray("0") : QByteArray("3"); };
    QVector<TaskEvent> seen;
    QDeadlineTimer deadline(20000);
    while (d2.tracker.ended() < 2 && !deadline.hasExpired()) {
        d2.pumpOnce();
        seen += d2.events;
        QThread::msleep(1);
    }
    QCOMPARE(d2.tracker.done(), 1);
    QCOMPARE(d2.tracker.failed(), 1);
    for (const TaskEvent &e : seen) {
        if (e.kind == TaskEventKind::Failed) {
            QCOMPARE(e.resultCode, 3);
            QCOMPARE(e.text, QStringLiteral("exit status 3"));
        }
    }
    q2->close();
    QVERIFY(children2.waitAll(10000));
}

void tst_QueueProcesses::sigtermFinishesTaskInHand()
{
    auto q = makeQueue(64);
    QVERIFY(q);
    ChildProcesses children;
    const pid_t w = children.spawn({herd::test::workerProgram(), "--quiet", "--work-ms", "400"}, workerEnv(*q, "Worker-1"));
    QVERIFY(w);
    Driver d;
    d.queue = q.get();
    d.children = &children;
    d.total = 3;
    QDeadlineTimer deadline(10000);
    while (d.tracker.takes() < 1 && !deadline.hasExpired()) {
        d.pumpOnce();
        QThread::msleep(1);
    }
    QCOMPARE(d.tracker.takes(), 1);
    QCOMPARE(::kill(w, SIGTERM), 0);
    QVector<ChildProcesses::Ended> ended;
    QVERIFY(children.waitAll(5000, &ended));
    QCOMPARE(ended.size(), 1);
    QCOMPARE(ended[0].reason, QStringLiteral("exited with code 0"));
    QVector<TaskEvent> events = q->drainEvents();
    d.tracker.apply(events);
    QCOMPARE(d.tracker.done(), 1); // the task in hand was completed, no new one taken
    QCOMPARE(d.tracker.takes(), 1);
    QCOMPARE(q->stats().inFlight, quint64(0));
}

void tst_QueueProcesses::commandLineErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("no queue") << QStringList() << QStringList{"HERD_QUEUE="} << 2 << "HERD_QUEUE";
    QTest::newRow("unknown option") << QStringList{"--frobnicate"} << QStringList{"HERD_QUEUE=/herd-x"} << 2
                                    << "unknown option '--frobnicate'";
    QTest::newRow("bad work-ms") << QStringList{"--work-ms", "-5"} << QStringList{"HERD_QUEUE=/herd-x"} << 2
                                 << "--work-ms";
    QTest::newRow("missing exec") << QStringList{"--exec"} << QStringList{"HERD_QUEUE=/herd-x"} << 2 << "--exec";
    QTest::newRow("unterminated quote") << QStringList{"--exec", "echo 'x"} << QStringList{"HERD_QUEUE=/herd-x"}
                                        << 2 << "unterminated single quote";
    QTest::newRow("no such queue") << QStringList() << QStringList{"HERD_QUEUE=/herd-0-0-nonexistent"} << 1
                                   << "does not exist";
    QTest::newRow("bad address") << QStringList() << QStringList{"HERD_QUEUE=../../etc/passwd"} << 1
                                 << "not a valid queue address";
    QTest::newRow("bad crash hook") << QStringList() << QStringList{"HERD_QUEUE=/herd-x", "HERD_QUEUE_CRASH_AT=nowhere"}
                                    << 2 << "HERD_QUEUE_CRASH_AT";
    QTest::newRow("help") << QStringList{"--help"} << QStringList() << 0 << "";
}

void tst_QueueProcesses::commandLineErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, env);
    QFETCH(int, status);
    QFETCH(QString, message);
    ChildProcesses children;
    const QString err = m_dir.filePath(QStringLiteral("cli-%1.err").arg(QTest::currentDataTag()).replace(' ', '_'));
    QVERIFY(children.spawn(QStringList{herd::test::workerProgram()} + args, env, {}, err));
    QVector<ChildProcesses::Ended> ended;
    QVERIFY(children.waitAll(10000, &ended));
    QCOMPARE(ended.size(), 1);
    QCOMPARE(ended[0].reason, QStringLiteral("exited with code %1").arg(status));
    if (!message.isEmpty())
        QVERIFY2(readAll(err).contains(message), qPrintable(readAll(err)));
}

QTEST_GUILESS_MAIN(tst_QueueProcesses)
#include "tst_queueprocesses.moc"
