// The task queue in Redis Streams against a real redis-server that each test starts on a
// free port in a temporary folder and stops: Herd's session with stock workers, workers
// started by hand (as on another machine) that are killed or stopped past their lease, a
// poison task dead-lettered, the server restarted mid-run, and passwords never shown.

#include "queue/redistaskqueue.h"
#include "redislink.h"
#include "redisserver.h"
#include "session.h"

#include <QtTest>

#include <csignal>

using namespace herd;
using namespace herd::test;

class tst_RedisQueue final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void addressesAreCheckedAndPasswordsHidden_data();
    void addressesAreCheckedAndPasswordsHidden();
    void sessionDrainsThroughRedisWithStockWorkers();
    void killedWorkerTaskClaimedBackAfterLease();
    void stoppedWorkerLateAckRefused();
    void poisonTaskDeadLetteredAfterMaxAttempts();
    void serverRestartedMidRunLosesNothing_data();
    void serverRestartedMidRunLosesNothing();
    void killStormEveryTaskDoneOnce();
    void pythonWorkerTakesTheSameUrl();
    void headlessRunNeverPrintsThePassword();

private:
    bool waitAllEnded(int ms);
    bool waitFor(const std::function<bool()> &condition, int ms);
    std::unique_ptr<RedisServer> m_server;
    std::unique_ptr<Session> m_session;
    HandWorkers m_handWorkers;
};

void tst_RedisQueue::initTestCase()
{
    if (redisServerProgram().isEmpty())
        QSKIP("redis-server is not installed (./build.sh installs it): the Redis queue is not tested");
}

void tst_RedisQueue::init()
{
    m_server = std::make_unique<RedisServer>();
    QVERIFY2(m_server->start(), "redis-server did not start");
    m_session = std::make_unique<Session>();
    // Whatever the queue says goes to the test's log, to read when a test fails.
    connect(m_session.get(), &Session::queueProblem, this, [](const QString &m) { qInfo("queue: %s", qPrintable(m)); });
}

bool tst_RedisQueue::waitAllEnded(int ms)
{
    QDeadlineTimer deadline(ms);
    while (m_session->supervisor()->aliveCount() > 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return m_session->supervisor()->aliveCount() == 0;
}

bool tst_RedisQueue::waitFor(const std::function<bool()> &condition, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

void tst_RedisQueue::cleanup()
{
    m_handWorkers.stopAll();
    if (m_session) {
        m_session->setQuitting(true);
        m_session->supervisor()->killAll(StopCause::Quit);
        QVERIFY2(waitAllEnded(10000), "processes still alive after the test");
        m_session.reset();
    }
    m_server.reset();
}

void tst_RedisQueue::addressesAreCheckedAndPasswordsHidden_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("shown"); // what display() gives, or a word of the error
    QTest::newRow("plain") << "redis://db.example:6380/jobs" << true << "redis://db.example:6380/jobs";
    QTest::newRow("default port") << "redis://db.example/jobs" << true << "redis://db.example:6379/jobs";
    QTest::newRow("password hidden") << "redis://alice:s3cret@db:7000/q" << true << "redis://alice@db:7000/q";
    QTest::newRow("password alone") << "redis://:s3cret@db:7000/q" << true << "redis://db:7000/q";
    QTest::newRow("tls refused") << "rediss://db:6380/q" << false << "TLS";
    QTest::newRow("no stream") << "redis://db:6379" << false << "stream name";
    QTest::newRow("empty stream") << "redis://db:6379/" << false << "stream name";
    QTest::newRow("bad port") << "redis://db:99999/q" << false << "port";
    QTest::newRow("no host") << "redis://:6379/q" << false << "no host";
    QTest::newRow("bad stream") << "redis://db/a b" << false << "stream name";
    QTest::newRow("unix socket") << "redis+unix:///run/redis/redis.sock/jobs" << true
                                 << "redis+unix:///run/redis/redis.sock/jobs";
    QTest::newRow("unix password hidden") << "redis+unix://alice:s3cret@/run/r.sock/q" << true
                                          << "redis+unix://alice@/run/r.sock/q";
    QTest::newRow("unix no socket") << "redis+unix:///jobs" << false << "socket";
    QTest::newRow("unix with a host") << "redis+unix://db/run/r.sock/q" << false << "no host";
    QTest::newRow("unix bad stream") << "redis+unix:///run/r.sock/a b" << false << "stream name";
}

void tst_RedisQueue::addressesAreCheckedAndPasswordsHidden()
{
    QFETCH(QString, url);
    QFETCH(bool, ok);
    QFETCH(QString, shown);
    redis::Address a;
    std::string error;
    QCOMPARE(redis::parseUrl(url.toStdString(), &a, &error), ok);
    if (ok) {
        QCOMPARE(QString::fromStdString(a.display()), shown);
    } else {
        QVERIFY2(QString::fromStdString(error).contains(shown), error.c_str());
        QVERIFY(!QString::fromStdString(error).contains(QLatin1String("s3cret")));
        // The session refuses it as a whole, in words.
        Session session;
        const QString refusal = session.openRedis(url, 30000).error;
        QVERIFY(!refusal.isEmpty());
        QVERIFY(!session.queue());
    }
}

void tst_RedisQueue::sessionDrainsThroughRedisWithStockWorkers()
{
    QCOMPARE(m_session->openRedis(m_server->url(QStringLiteral("drain")), 30000).error, QString());
    QVERIFY(m_session->queue()->isRemote());
    // A session saved from here runs on the same queue again.
    QCOMPARE(m_session->toDocument().queueUrl, m_server->url(QStringLiteral("drain")));
    QCOMPARE(m_session->toDocument().leaseMs, 30000);
    m_session->setCloseWhenDrained(true);
    WorkerPoolSpec pool;
    pool.count = 2;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    constexpr int kTasks = 300;
    QCOMPARE(m_session->enqueueCount(kTasks).error, QString());
    QSignalSpy drained(m_session.get(), &Session::drained);
    QVERIFY2(waitFor([&] { return m_session->isDrained(); }, 60000), "the run did not drain");
    const TaskLedger *ledger = m_session->ledger();
    QCOMPARE(ledger->size(), qint64(kTasks));
    QCOMPARE(ledger->count(TaskLedger::State::Done), qint64(kTasks));
    QSet<quint64> ids;
    for (qint64 row = 0; row < ledger->size(); ++row) {
        const TaskLedger::Task t = ledger->task(row);
        QCOMPARE(t.attempts, 1u);
        QVERIFY2(t.workerName.startsWith(QLatin1String("Worker-")), qPrintable(t.workerName));
        ids.insert(t.id);
    }
    QCOMPARE(ids.size(), kTasks);
    // Closed once drained: the stock workers leave by themselves, with status 0.
    QVERIFY2(waitAllEnded(20000), "the workers did not leave the closed queue");
    for (ManagedProcess *p : m_session->supervisor()->processes())
        QCOMPARE(p->result().exitCode, 0);
    QCOMPARE(m_server->length(QStringLiteral("drain")), 0); // every entry acknowledged and removed
}

void tst_RedisQueue::killedWorkerTaskClaimedBackAfterLease()
{
    const QString url = m_server->url(QStringLiteral("killed"));
    QCOMPARE(m_session->openRedis(url, 1000).error, QString());
    m_session->setCloseWhenDrained(true);
    QCOMPARE(m_session->enqueueCount(1).error, QString());
    QProcess *remote = m_handWorkers.start(url, QStringLiteral("Remote-1"), {QStringLiteral("--work-ms"), QStringLiteral("600000")});
    QVERIFY(remote);
    const TaskLedger *ledger = m_session->ledger();
    QVERIFY2(waitFor([&] { return ledger->count(TaskLedger::State::Taken) == 1; }, 20000), "the task was not taken");
    QVERIFY(ledger->task(0).workerName.startsWith(QLatin1String("Remote-1")));
    ::kill(pid_t(remote->processId()), SIGKILL);
    QVERIFY(remote->waitForFinished(5000));
    // A stock worker of the session is there to take it again once the lease has run out.
    WorkerPoolSpec pool;
    pool.count = 1;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    QVERIFY2(waitFor([&] { return m_session->isDrained(); }, 30000), "the task was not claimed back and done");
    const TaskLedger::Task t = ledger->task(0);
    QCOMPARE(t.state, TaskLedger::State::Done);
    QCOMPARE(t.attempts, 2u);
    QCOMPARE(t.workerName, QStringLiteral("Worker-1"));
    const QVector<TaskLedger::Attempt> history = ledger->history(0);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).outcome, TaskLedger::Outcome::Requeued);
    QVERIFY2(history.at(0).reason.contains(QLatin1String("lease")), qPrintable(history.at(0).reason));
    QCOMPARE(ledger->count(TaskLedger::State::Done), 1);
}

void tst_RedisQueue::stoppedWorkerLateAckRefused()
{
    const QString url = m_server->url(QStringLiteral("stopped"));
    QCOMPARE(m_session->openRedis(url, 500).error, QString());
    m_session->setCloseWhenDrained(true);
    QCOMPARE(m_session->enqueueCount(1).error, QString());
    QProcess *slow = m_handWorkers.start(url, QStringLiteral("Slow"), {QStringLiteral("--work-ms"), QStringLiteral("1500")});
    QVERIFY(slow);
    const TaskLedger *ledger = m_session->ledger();
    QVERIFY2(waitFor([&] { return ledger->count(TaskLedger::State::Taken) == 1; }, 20000), "the task was not taken");
    ::kill(pid_t(slow->processId()), SIGSTOP);
    WorkerPoolSpec pool;
    pool.count = 1;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    // Silent past its lease: claimed back and done by the session's worker.
    QVERIFY2(waitFor([&] { return ledger->count(TaskLedger::State::Done) == 1; }, 30000), "the task was not redone");
    QCOMPARE(ledger->task(0).workerName, QStringLiteral("Worker-1"));
    // Let the stopped one finish its work and acknowledge: refused, and nothing changes.
    ::kill(pid_t(slow->processId()), SIGCONT);
    QVERIFY2(slow->waitForFinished(20000), "the late worker did not leave the closed queue");
    const QString err = QString::fromUtf8(slow->readAllStandardError());
    QVERIFY2(err.contains(QLatin1String("refused")), qPrintable(err));
    QVERIFY2(waitAllEnded(20000), "the session's worker did not leave");
    QCOMPARE(ledger->count(TaskLedger::State::Done), 1);
    const TaskLedger::Task t = ledger->task(0);
    QCOMPARE(t.state, TaskLedger::State::Done);
    QCOMPARE(t.attempts, 2u);
    QCOMPARE(t.workerName, QStringLiteral("Worker-1"));
}

void tst_RedisQueue::poisonTaskDeadLetteredAfterMaxAttempts()
{
    const QString url = m_server->url(QStringLiteral("poison"));
    TaskQueue::Options options;
    options.maxAttempts = 2;
    QCOMPARE(m_session->openRedis(url, 300, options).error, QString());
    m_session->setCloseWhenDrained(true);
    QCOMPARE(m_session->enqueuePayloads({QByteArrayLiteral("poison")}).error, QString());
    const TaskLedger *ledger = m_session->ledger();
    // Each taker dies holding it (killed from outside, as a crash would).
    for (int attempt = 1; attempt <= 2; ++attempt) {
        QProcess *w = m_handWorkers.start(url, QStringLiteral("Victim-%1").arg(attempt),
                                      {QStringLiteral("--work-ms"), QStringLiteral("600000")});
        QVERIFY(w);
        QVERIFY2(waitFor([&] { return ledger->task(0).attempts == quint32(attempt)
                                   && ledger->state(0) == TaskLedger::State::Taken; }, 20000),
                 "the poison task was not taken");
        ::kill(pid_t(w->processId()), SIGKILL);
        QVERIFY(w->waitForFinished(5000));
    }
    QVERIFY2(waitFor([&] { return m_session->isDrained(); }, 20000), "the task was not dead-lettered");
    const TaskLedger::Task t = ledger->task(0);
    QCOMPARE(t.state, TaskLedger::State::DeadLettered);
    QCOMPARE(t.attempts, 2u);
    QCOMPARE(m_server->length(QStringLiteral("poison:dead")), 1);
    QCOMPARE(m_server->length(QStringLiteral("poison")), 0);
}

void tst_RedisQueue::serverRestartedMidRunLosesNothing_data()
{
    QTest::addColumn<bool>("persistent");
    QTest::addColumn<QString>("reconnected"); // what Herd says when it is back
    QTest::newRow("server keeps its data") << true << "nothing was lost";
    QTest::newRow("server comes back empty") << false << "had lost the queue";
}

void tst_RedisQueue::serverRestartedMidRunLosesNothing()
{
    QFETCH(bool, persistent);
    QFETCH(QString, reconnected);
    if (persistent) {
        m_server = std::make_unique<RedisServer>(QString(), true);
        QVERIFY(m_server->start());
    }
    const QString url = m_server->url(QStringLiteral("restart"));
    QCOMPARE(m_session->openRedis(url, 2000).error, QString());
    m_session->setCloseWhenDrained(true);
    QSignalSpy problems(m_session.get(), &Session::queueProblem);
    WorkerPoolSpec pool;
    pool.count = 2;
    pool.workMs = 5;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    constexpr int kTasks = 400;
    constexpr int kMore = 50;
    QCOMPARE(m_session->enqueueCount(kTasks).error, QString());
    const TaskLedger *ledger = m_session->ledger();
    QVERIFY2(waitFor([&] { return ledger->count(TaskLedger::State::Done) >= 20; }, 30000), "no task was done");
    // The server goes away and comes back on the same port, with its data or without.
    m_server->stop();
    auto said = [&](const QString &words) {
        for (const QList<QVariant> &p : std::as_const(problems))
            if (p.at(0).toString().contains(words))
                return true;
        return false;
    };
    QVERIFY2(waitFor([&] { return said(QStringLiteral("lost the Redis server")); }, 20000), "Herd did not say so");
    // Tasks accepted while the server is away wait in Herd.
    QCOMPARE(m_session->enqueueCount(kMore).error, QString());
    QVERIFY(m_server->start());
    QVERIFY2(waitFor([&] { return said(QStringLiteral("reconnected")); }, 30000), "Herd did not reconnect");
    QVERIFY2(said(reconnected), "Herd did not say what the server kept");
    QVERIFY2(waitFor([&] { return m_session->isDrained(); }, 90000), "the run did not finish after the restart");
    QCOMPARE(ledger->size(), qint64(kTasks + kMore));
    QCOMPARE(ledger->count(TaskLedger::State::Done), qint64(kTasks + kMore));
    for (const QList<QVariant> &p : std::as_const(problems))
        QVERIFY(!p.at(0).toString().contains(QLatin1String("s3cret")));
    // The workers survived the outage too, and leave the closed queue.
    QVERIFY2(waitAllEnded(30000), "the workers did not leave");
    for (ManagedProcess *p : m_session->supervisor()->processes())
        QCOMPARE(p->result().exitCode, 0);
}

void tst_RedisQueue::killStormEveryTaskDoneOnce()
{
    QCOMPARE(m_session->openRedis(m_server->url(QStringLiteral("storm")), 1000).error, QString());
    m_session->setCloseWhenDrained(true);
    WorkerPoolSpec pool;
    pool.count = 3;
    pool.workMs = 10;
    pool.restart.mode = RestartPolicy::Mode::OnFailure;
    pool.restart.maxRestarts = 1000;
    pool.restart.backoffMs = 20;
    pool.restart.maxBackoffMs = 100;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    constexpr int kTasks = 600;
    QCOMPARE(m_session->enqueueCount(kTasks).error, QString());
    // SIGKILL a random living worker every 50-250 ms until the run drains.
    int kills = 0;
    QDeadlineTimer deadline(120000);
    QElapsedTimer sinceKill;
    sinceKill.start();
    qint64 nextKill = 50;
    while (!m_session->isDrained() && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        if (sinceKill.elapsed() < nextKill || m_session->ledger()->count(TaskLedger::State::Done) > kTasks * 3 / 4)
            continue;
        QVector<ManagedProcess *> alive;
        for (ManagedProcess *p : m_session->supervisor()->processes())
            if (p->isAlive() && p->pid() > 0)
                alive << p;
        if (!alive.isEmpty()) {
            ::kill(pid_t(alive.at(QRandomGenerator::global()->bounded(int(alive.size())))->pid()), SIGKILL);
            ++kills;
        }
        sinceKill.restart();
        nextKill = 50 + QRandomGenerator::global()->bounded(200);
    }
    QVERIFY2(m_session->isDrained(), "the run did not drain under the kill storm");
    QVERIFY(kills > 3);
    const TaskLedger *ledger = m_session->ledger();
    QCOMPARE(ledger->size(), qint64(kTasks));
    QCOMPARE(ledger->count(TaskLedger::State::Done) + ledger->count(TaskLedger::State::DeadLettered), qint64(kTasks));
    QSet<quint64> ids;
    for (qint64 row = 0; row < ledger->size(); ++row)
        ids.insert(ledger->task(row).id);
    QCOMPARE(ids.size(), kTasks);
    qInfo("%d workers killed; %lld tasks done, %lld dead-lettered", kills,
          ledger->count(TaskLedger::State::Done), ledger->count(TaskLedger::State::DeadLettered));
}

void tst_RedisQueue::pythonWorkerTakesTheSameUrl()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        QSKIP("python3 is not installed");
    const QString url = m_server->url(QStringLiteral("python"));
    QCOMPARE(m_session->openRedis(url, 30000).error, QString());
    m_session->setCloseWhenDrained(true);
    QCOMPARE(m_session->enqueuePayloads({QByteArrayLiteral("abc"), QByteArrayLiteral("fail"), QByteArrayLiteral("")}).error,
             QString());
    // The module's own worker, started by hand with the URL as its address.
    QProcess worker;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HERD_WORKER_LIB"), QStringLiteral(HERD_WORKER_LIB));
    env.insert(QStringLiteral("PYTHONPATH"), qEnvironmentVariable("HERD_SOURCE_DIR") + QStringLiteral("/core/worker/python"));
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    env.insert(QStringLiteral("HERD_QUEUE"), url);
    env.insert(QStringLiteral("HERD_PROCESS_NAME"), QStringLiteral("Py-1"));
#ifdef HERD_PYTHON_PRELOAD
    // An AddressSanitizer build of the library needs the sanitizer runtimes loaded first.
    env.insert(QStringLiteral("LD_PRELOAD"), QStringLiteral(HERD_PYTHON_PRELOAD));
    env.insert(QStringLiteral("ASAN_OPTIONS"), QStringLiteral("detect_leaks=0"));
#endif
    worker.setProcessEnvironment(env);
    worker.start(python, {qEnvironmentVariable("HERD_SOURCE_DIR") + QStringLiteral("/core/worker/python/herd_worker_example.py")});
    QVERIFY(worker.waitForStarted(5000));
    QVERIFY2(waitFor([&] { return m_session->isDrained(); }, 30000),
             qPrintable(QString::fromUtf8(worker.readAllStandardError())));
    const TaskLedger *ledger = m_session->ledger();
    QCOMPARE(ledger->count(TaskLedger::State::Done), 2);
    QCOMPARE(ledger->count(TaskLedger::State::Failed), 1);
    QCOMPARE(ledger->task(0).result, QStringLiteral("3 bytes"));
    QCOMPARE(ledger->task(0).workerName, QStringLiteral("Py-1"));
    QVERIFY2(worker.waitForFinished(20000), "the Python worker did not leave the closed queue");
    QCOMPARE(worker.exitCode(), 0);
}

void tst_RedisQueue::headlessRunNeverPrintsThePassword()
{
    m_server = std::make_unique<RedisServer>(QStringLiteral("s3cret-pw"));
    QVERIFY(m_server->start());
    QTemporaryDir dir;
    const QString report = dir.filePath(QStringLiteral("report.csv"));
    QProcess herd;
    herd.setProgram(qEnvironmentVariable("HERD_BIN"));
    herd.setArguments({QStringLiteral("--headless"), QStringLiteral("--queue"), m_server->url(QStringLiteral("secret")),
                       QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--tasks"), QStringLiteral("20"),
                       QStringLiteral("--events"), QStringLiteral("-"), QStringLiteral("--report"), report});
    herd.start();
    QVERIFY(herd.waitForStarted(5000));
    // The workers get the address in their environment, not in their arguments (ps shows those).
    bool sawWorker = false;
    QByteArray out;
    QDeadlineTimer deadline(30000);
    while (herd.state() != QProcess::NotRunning && !deadline.hasExpired()) {
        QDir proc(QStringLiteral("/proc"));
        for (const QString &pid : proc.entryList(QDir::Dirs)) {
            QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (!cmdline.open(QIODevice::ReadOnly))
                continue;
            const QByteArray args = cmdline.readAll();
            if (args.contains("herd-worker")) {
                sawWorker = true;
                QVERIFY2(!args.contains("s3cret-pw"), args.constData());
            }
        }
        herd.waitForFinished(20);
        out += herd.readAllStandardOutput() + herd.readAllStandardError();
    }
    QVERIFY2(herd.state() == QProcess::NotRunning || herd.waitForFinished(30000), "the headless run did not end");
    QCOMPARE(herd.exitCode(), 0);
    out += herd.readAllStandardOutput() + herd.readAllStandardError();
    QVERIFY2(out.contains("\"taken\""), out.constData()); // the event stream is there, and
    QVERIFY2(!out.contains("s3cret-pw"), out.constData());
    QFile csv(report);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(!csv.readAll().contains("s3cret-pw"));
    Q_UNUSED(sawWorker); // the run may end before a sample catches one

    // A wrong password: refused in words, without echoing either password.
    QProcess wrong;
    wrong.setProgram(qEnvironmentVariable("HERD_BIN"));
    const QString bad = QStringLiteral("redis://:not-the-pw@127.0.0.1:%1/secret").arg(m_server->port());
    // A process that keeps the run going until Herd has said it (then SIGTERM ends it all).
    wrong.setArguments({QStringLiteral("--headless"), QStringLiteral("--queue"), bad, QStringLiteral("--tasks"),
                        QStringLiteral("1"), QStringLiteral("--run"), QStringLiteral("sleep 60")});
    wrong.start();
    QVERIFY(wrong.waitForStarted(5000));
    QByteArray said;
    QDeadlineTimer until(30000);
    while (!said.contains("refused the login") && !until.hasExpired()) {
        wrong.waitForReadyRead(100);
        said += wrong.readAllStandardOutput() + wrong.readAllStandardError();
    }
    wrong.terminate();
    QVERIFY(wrong.waitForFinished(10000));
    said += wrong.readAllStandardOutput() + wrong.readAllStandardError();
    QVERIFY2(said.contains("refused the login"), said.constData());
    QVERIFY2(!said.contains("not-the-pw") && !said.contains("s3cret-pw"), said.constData());
}

QTEST_GUILESS_MAIN(tst_RedisQueue)
#include "tst_redisqueue.moc"
