// The Session: restart policies, a worker's death turned into the recovery of its task,
// the per-task watchdog, session documents and the demo. Real processes and a real queue.

#include "session.h"
#include "testsupport.h"

#include <QtTest>

#include <csignal>

using namespace herd;

class tst_Session final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void restartNeverLeavesItStopped();
    void restartOnFailureRestartsOnlyFailures();
    void restartAlwaysWithBackoffThenGivesUp();
    void userStopIsNeverRestarted();
    void killedWorkerTaskRequeuedAndRestartedWorkerResumes();
    void taskWatchdogStopsWorkerAndRecoversTask();
    void tutorialQueueExample();
    void documentWithFaultStartsNothing();
    void documentRoundTripsThroughToDocument();
    void backPressureKeepsEveryTask();
    void workIntoIdleSessionIsSeenAtOnce();
    void batchSpreadsOverTheSleepingPool();
    void workerNameKnownBeforeItsFirstTake();

private:
    std::unique_ptr<Session> m_session;
};

void tst_Session::init()
{
    m_session = std::make_unique<Session>();
    TaskQueue::Options options;
    options.capacity = 256;
    QCOMPARE(m_session->open(options).error, QString());
}

void tst_Session::cleanup()
{
    m_session->setQuitting(true);
    m_session->supervisor()->killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->supervisor()->aliveCount(), 0, 10000); // SIGKILLed: a hang otherwise
    m_session.reset();
}

void tst_Session::restartNeverLeavesItStopped()
{
    QSignalSpy finished(m_session->supervisor(), &Supervisor::processFinished);
    QSignalSpy scheduled(m_session.get(), &Session::restartScheduled);
    ManagedProcess *p = m_session->supervisor()->spawn(test::childSpec({"exit", "3"})).value;
    QVERIFY(p);
    // The policy decides in the session's handler of processFinished, which runs before
    // this spy's: once the spy has it, the decision is made, and it was "no restart".
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(scheduled.count(), 0);
    QVERIFY(!m_session->restartInfo(p->id()).pending);
    QVERIFY(!p->isAlive());
    QCOMPARE(p->runCount(), 1);
    QCOMPARE(m_session->restartInfo(p->id()).restarts, 0);
}

void tst_Session::restartOnFailureRestartsOnlyFailures()
{
    ProcessSpec failing = test::childSpec({"exit", "3"}, "failing");
    failing.restart.mode = RestartPolicy::Mode::OnFailure;
    failing.restart.backoffMs = 50;
    failing.restart.maxRestarts = 2;
    ProcessSpec fine = test::childSpec({"exit", "0"}, "fine");
    fine.restart = failing.restart;
    ManagedProcess *f = m_session->supervisor()->spawn(failing).value;
    ManagedProcess *ok = m_session->supervisor()->spawn(fine).value;
    QVERIFY(f && ok);
    QSignalSpy gaveUp(m_session.get(), &Session::processGaveUp);
    // 1 run + 2 restarts, then it is marked as crash-looping and left stopped.
    QTRY_COMPARE_WITH_TIMEOUT(gaveUp.count(), 1, 10000);
    QCOMPARE(f->runCount(), 3);
    QVERIFY(m_session->restartInfo(f->id()).gaveUp);
    QCOMPARE(m_session->restartInfo(f->id()).restarts, 2);
    QVERIFY(m_session->restartInfo(f->id()).lastExit.contains("exited with code 3"));
    QVERIFY2(gaveUp.first().at(1).toString().contains("keeps failing"), qPrintable(gaveUp.first().at(1).toString()));
    QCOMPARE(ok->runCount(), 1);
    QVERIFY(!m_session->restartInfo(ok->id()).gaveUp);
}

void tst_Session::restartAlwaysWithBackoffThenGivesUp()
{
    ProcessSpec spec = test::childSpec({"exit", "0"}, "always");
    spec.restart.mode = RestartPolicy::Mode::Always;
    spec.restart.backoffMs = 100;
    spec.restart.maxBackoffMs = 400;
    spec.restart.maxRestarts = 4;
    spec.restart.windowMs = 60000;
    QSignalSpy scheduled(m_session.get(), &Session::restartScheduled);
    ManagedProcess *p = m_session->supervisor()->spawn(spec).value;
    QSignalSpy gaveUp(m_session.get(), &Session::processGaveUp);
    QTRY_COMPARE_WITH_TIMEOUT(gaveUp.count(), 1, 15000);
    // Exponential backoff, capped: 100, 200, 400, 400 ms.
    QCOMPARE(scheduled.count(), 4);
    const QList<qint64> expected{100, 200, 400, 400};
    for (int i = 0; i < 4; ++i)
        QCOMPARE(scheduled.at(i).at(1).toLongLong(), expected.at(i));
    QCOMPARE(p->runCount(), 5);
    QVERIFY(!p->isAlive());
    // A manual restart clears the mark.
    QCOMPARE(m_session->restartProcess(p).error, QString());
    QVERIFY(!m_session->restartInfo(p->id()).gaveUp);
}

void tst_Session::userStopIsNeverRestarted()
{
    ProcessSpec spec = test::childSpec({"hang"}, "stopped-by-user");
    spec.restart.mode = RestartPolicy::Mode::Always;
    spec.restart.backoffMs = 10;
    QSignalSpy finished(m_session->supervisor(), &Supervisor::processFinished);
    QSignalSpy scheduled(m_session.get(), &Session::restartScheduled);
    ManagedProcess *p = m_session->supervisor()->spawn(spec).value;
    QTRY_COMPARE_WITH_TIMEOUT(p->state(), ProcessState::Running, 10000);
    p->kill();
    // The session has applied the policy by the time the spy sees processFinished (its
    // handler was connected first): no restart was scheduled, none is pending.
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY(!p->isAlive());
    QCOMPARE(scheduled.count(), 0);
    QVERIFY(!m_session->restartInfo(p->id()).pending);
    QCOMPARE(p->runCount(), 1);
}

void tst_Session::killedWorkerTaskRequeuedAndRestartedWorkerResumes()
{
    WorkerPoolSpec pool;
    pool.workMs = 400;
    pool.restart.mode = RestartPolicy::Mode::Always;
    pool.restart.backoffMs = 50;
    const Result<ManagedProcess *> spawned = m_session->spawnWorker(pool);
    QVERIFY2(spawned.ok(), qPrintable(spawned.error));
    ManagedProcess *worker = spawned.value;
    QCOMPARE(worker->name(), QStringLiteral("Worker-1"));
    QCOMPARE(m_session->enqueueCount(3).error, QString());
    TaskLedger *ledger = m_session->ledger();
    // Kill the worker while it holds task 1.
    QTRY_COMPARE_WITH_TIMEOUT(ledger->count(TaskLedger::State::Taken), qint64(1), 5000);
    const qint64 firstPid = worker->pid();
    QVERIFY(::kill(pid_t(firstPid), SIGKILL) == 0);
    // The policy restarts it; task 1 went back exactly once and everything gets done.
    QTRY_COMPARE_WITH_TIMEOUT(ledger->count(TaskLedger::State::Done), qint64(3), 10000);
    QVERIFY(worker->runCount() >= 2);
    QVERIFY(worker->pid() != firstPid);
    const TaskLedger::Task first = ledger->task(0);
    QCOMPARE(first.id, quint64(1));
    QCOMPARE(first.attempts, 2u);
    const QVector<TaskLedger::Attempt> history = ledger->history(0);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).outcome, TaskLedger::Outcome::Requeued);
    QVERIFY2(history.at(0).reason.contains("SIGKILL"), qPrintable(history.at(0).reason));
    QCOMPARE(history.at(0).workerName, QStringLiteral("Worker-1"));
    QCOMPARE(history.at(1).outcome, TaskLedger::Outcome::Done);
}

void tst_Session::taskWatchdogStopsWorkerAndRecoversTask()
{
    QCOMPARE(m_session->setTaskTimeout(-1).ok(), false);
    QCOMPARE(m_session->setTaskTimeout(300).error, QString());
    WorkerPoolSpec slow;
    slow.workMs = 5000;
    slow.graceMs = 300;
    ManagedProcess *w = m_session->spawnWorker(slow).value;
    QVERIFY(w);
    QCOMPARE(m_session->enqueueCount(1).error, QString());
    QTRY_VERIFY_WITH_TIMEOUT(!w->isAlive(), 5000);
    QCOMPARE(w->result().cause, StopCause::TaskWatchdog);
    TaskLedger *ledger = m_session->ledger();
    QTRY_COMPARE_WITH_TIMEOUT(ledger->count(TaskLedger::State::Queued), qint64(1), 5000);
    QCOMPARE(ledger->task(0).attempts, 1u);
    QCOMPARE(ledger->history(0).value(0).outcome, TaskLedger::Outcome::Requeued);
}

void tst_Session::tutorialQueueExample()
{
    // The tutorial: ten tasks, two workers, each task handled exactly once, both workers used.
    WorkerPoolSpec pool;
    pool.count = 2;
    pool.workMs = 20;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    QSignalSpy drained(m_session.get(), &Session::drained);
    QCOMPARE(m_session->enqueueCount(10).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(drained.count(), 1, 10000);
    TaskLedger *ledger = m_session->ledger();
    QCOMPARE(ledger->size(), qint64(10));
    QCOMPARE(ledger->count(TaskLedger::State::Done), qint64(10));
    QSet<quint64> ids;
    for (qint64 row = 0; row < 10; ++row) {
        const TaskLedger::Task t = ledger->task(row);
        QCOMPARE(t.attempts, 1u);
        QVERIFY(t.workerName.startsWith("Worker-"));
        ids.insert(t.id);
    }
    QCOMPARE(ids.size(), 10);
    const QVector<TaskLedger::WorkerTally> tallies = ledger->workers();
    QCOMPARE(tallies.size(), 2);
    for (const TaskLedger::WorkerTally &t : tallies)
        QVERIFY2(t.done > 0, qPrintable(t.name));
}

void tst_Session::documentWithFaultStartsNothing()
{
    SessionDocument doc;
    doc.processes << test::childSpec({"hang"}, "fine");
    ProcessSpec bad = test::childSpec({"hang"}, "bad");
    bad.timeoutMs = -5;
    doc.processes << bad;
    const QString error = m_session->startDocument(doc).error;
    QVERIFY2(error.contains("bad"), qPrintable(error));
    QCOMPARE(m_session->supervisor()->processes().size(), 0);

    SessionDocument missingFile;
    missingFile.tasks.files << "no-such-tasks.txt";
    QVERIFY(!m_session->startDocument(missingFile, "/nonexistent").ok());
    QCOMPARE(m_session->ledger()->size(), qint64(0));
}

void tst_Session::documentRoundTripsThroughToDocument()
{
    SessionDocument doc;
    ProcessSpec p = test::childSpec({"hang"}, "keeper");
    p.restart.mode = RestartPolicy::Mode::OnFailure;
    p.daemon = true;
    doc.processes << p;
    WorkerPoolSpec pool;
    pool.count = 2;
    pool.workMs = 5;
    doc.pools << pool;
    doc.tasks.count = 4;
    QCOMPARE(m_session->startDocument(doc).error, QString());
    const SessionDocument back = m_session->toDocument();
    QVERIFY(back == doc);
}

void tst_Session::backPressureKeepsEveryTask()
{
    // 256 slots, 2,000 counted tasks, then a file's 300 lines, then 100 counted tasks: the
    // rest waits in the backlog, in order, and nothing is dropped or given another's payload.
    QCOMPARE(m_session->enqueueCount(2000).error, QString());
    QCOMPARE(m_session->backlog(), qint64(2000 - 256));
    QCOMPARE(m_session->queue()->outstanding(), quint64(256));
    QList<QByteArray> lines;
    for (int i = 0; i < 300; ++i)
        lines << "line " + QByteArray::number(i);
    QCOMPARE(m_session->enqueueLines(QStringLiteral("tasks.txt"), lines).error, QString());
    QCOMPARE(m_session->enqueueCount(100).error, QString());
    QCOMPARE(m_session->backlog(), qint64(2400 - 256));
    WorkerPoolSpec pool;
    pool.count = 2;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    TaskLedger *ledger = m_session->ledger();
    QTRY_COMPARE_WITH_TIMEOUT(ledger->count(TaskLedger::State::Done), qint64(2400), 20000);
    QCOMPARE(m_session->backlog(), qint64(0));
    QCOMPARE(ledger->size(), qint64(2400));
    for (qint64 row = 0; row < 2400; ++row) {
        const TaskLedger::Task task = ledger->task(row);
        QCOMPARE(task.id, quint64(row + 1));
        const QByteArray payload = row >= 2000 && row < 2300 ? lines.at(int(row - 2000)) : QByteArray::number(row + 1);
        QCOMPARE(task.payload, payload);
    }
}

void tst_Session::workIntoIdleSessionIsSeenAtOnce()
{
    // An idle session drains slowly (every 250 ms); tasks enqueued then must show at the
    // drain interval (20 ms), not when the slow tick happens to come round. Checked on the
    // session's tick timer itself, not with a stopwatch a busy machine could stop.
    QTimer *tick = nullptr;
    for (QTimer *t : m_session->findChildren<QTimer *>(QString(), Qt::FindDirectChildrenOnly)) {
        if (t->isSingleShot() && t->isActive())
            tick = t;
    }
    QVERIFY2(tick, "the session's drain timer is not armed");
    QCOMPARE(tick->interval(), 250); // idle
    QSignalSpy events(m_session.get(), &Session::taskEvents);
    QCOMPARE(m_session->enqueueCount(3).error, QString());
    QVERIFY(tick->isActive());
    QCOMPARE(tick->interval(), 20); // brought forward to the drain interval
    QTRY_VERIFY_WITH_TIMEOUT(events.count() > 0, 10000);
    const auto batch = events.first().first().value<QVector<herd::TaskEvent>>();
    QCOMPARE(batch.size(), 3);
    QCOMPARE(batch.first().kind, TaskEventKind::Enqueued);
}

void tst_Session::batchSpreadsOverTheSleepingPool()
{
    // Eight workers asleep, eight slow tasks at once: the app wakes only a few workers
    // itself, each worker that takes a task wakes the next, so every worker takes one
    // task. Were the rest left asleep (until their 1 s timeout), the first workers would
    // finish theirs (400 ms) and take two each.
    WorkerPoolSpec pool;
    pool.count = 8;
    pool.workMs = 400;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->queue()->stats().sleepingWorkers, quint64(8), 10000);
    QCOMPARE(m_session->enqueueCount(8).error, QString());
    TaskLedger *ledger = m_session->ledger();
    QTRY_COMPARE_WITH_TIMEOUT(ledger->count(TaskLedger::State::Done), qint64(8), 15000);
    const QVector<TaskLedger::WorkerTally> tallies = ledger->workers();
    QCOMPARE(tallies.size(), 8);
    for (const TaskLedger::WorkerTally &t : tallies)
        QVERIFY2(t.done == 1, qPrintable(QStringLiteral("%1 did %2 tasks").arg(t.name).arg(t.done)));
}

void tst_Session::workerNameKnownBeforeItsFirstTake()
{
    // Issue 11: a worker that takes a task within a few ms of its spawn was credited to
    // "pid N", because the session learned its pid only when Running was reported (from the
    // event loop). The pid is known as soon as spawn() returns, and so must its name be.
    WorkerPoolSpec pool;
    const Result<ManagedProcess *> spawned = m_session->spawnWorker(pool);
    QVERIFY2(spawned.ok(), qPrintable(spawned.error));
    ManagedProcess *worker = spawned.value;
    QVERIFY(worker->pid() > 0);
    QCOMPARE(m_session->nameOfPid(worker->pid()), QStringLiteral("Worker-1")); // no event loop yet
    // And a take it makes before anything else is reported is credited to it.
    QCOMPARE(m_session->enqueueCount(1).error, QString());
    TaskLedger *ledger = m_session->ledger();
    QTRY_COMPARE_WITH_TIMEOUT(ledger->count(TaskLedger::State::Done), qint64(1), 10000);
    QCOMPARE(ledger->task(0).workerName, QStringLiteral("Worker-1"));
    QCOMPARE(ledger->workers().value(0).name, QStringLiteral("Worker-1"));
    QCOMPARE(ledger->unnamedWorkers(), 0);
}

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
