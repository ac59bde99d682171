// Workers that join a queue in Redis Streams by themselves (started by hand, as on another
// machine), against a real redis-server each test starts on a free port and stops: they
// announce themselves with their host and pid, show busy, idle, silent and gone; Herd's own
// workers are not listed twice; Stop lets the task in hand finish, Kill gives it back at
// once (done exactly once by another worker, attempt 2); a task held past --task-timeout
// is taken back and its worker told to abandon it.

#include "queue/redistaskqueue.h"
#include "redisserver.h"
#include "session.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <csignal>

using namespace herd;
using namespace herd::test;

class tst_RedisWorkers final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void handStartedWorkerIsListedWithItsStates();
    void ownWorkersAreNotListedTwice();
    void stopLetsTheTaskFinishThenTheWorkerLeaves();
    void killGivesTheTaskBackAtOnce();
    void taskTimeoutTakesARemoteTaskBack();
    void eventStreamSaysWhoJoinedAndLeft();
    void workerThatCameAndWentUnseenIsReported();
    void queueOnAUnixSocket();

private:
    bool waitFor(const std::function<bool()> &condition, int ms);
    RemoteWorkerInfo remote(const QString &name) const; // key 0 when not listed
    bool shows(const QString &name, RemoteWorkerState state) const;
    std::unique_ptr<RedisServer> m_server;
    std::unique_ptr<Session> m_session;
    HandWorkers m_handWorkers;
};

void tst_RedisWorkers::initTestCase()
{
    if (redisServerProgram().isEmpty())
        QSKIP("redis-server is not installed (./build.sh installs it): the Redis queue is not tested");
    qRegisterMetaType<herd::RemoteWorkerInfo>();
}

void tst_RedisWorkers::init()
{
    m_server = std::make_unique<RedisServer>();
    QVERIFY2(m_server->start(), "redis-server did not start");
    m_session = std::make_unique<Session>();
    connect(m_session.get(), &Session::queueProblem, this, [](const QString &m) { qInfo("queue: %s", qPrintable(m)); });
}

void tst_RedisWorkers::cleanup()
{
    m_handWorkers.stopAll();
    if (m_session) {
        m_session->setQuitting(true);
        m_session->supervisor()->killAll(StopCause::Quit);
        QVERIFY2(waitFor([this] { return m_session->supervisor()->aliveCount() == 0; }, 10000),
                 "processes still alive after the test");
        m_session.reset();
    }
    m_server.reset();
}

bool tst_RedisWorkers::waitFor(const std::function<bool()> &condition, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

RemoteWorkerInfo tst_RedisWorkers::remote(const QString &name) const
{
    for (const RemoteWorkerInfo &w : m_session->remoteWorkers()) {
        if (w.name == name)
            return w;
    }
    return {};
}

bool tst_RedisWorkers::shows(const QString &name, RemoteWorkerState state) const
{
    const RemoteWorkerInfo w = remote(name);
    return w.key != 0 && w.state == state;
}

void tst_RedisWorkers::handStartedWorkerIsListedWithItsStates()
{
    const QString url = m_server->url(QStringLiteral("listed"));
    QCOMPARE(m_session->openRedis(url, 3000).error, QString());
    QSignalSpy joined(m_session.get(), &Session::remoteWorkerJoined);
    QSignalSpy left(m_session.get(), &Session::remoteWorkerLeft);
    QProcess *a = m_handWorkers.start(url, QStringLiteral("Remote-A"), {QStringLiteral("--work-ms"), QStringLiteral("800")});
    QVERIFY(a);
    const QString name = QStringLiteral("Remote-A");
    QVERIFY2(waitFor([&] { return remote(name).key != 0; }, 20000), "the worker did not appear");
    RemoteWorkerInfo w = remote(name);
    QCOMPARE(w.host, QSysInfo::machineHostName());
    QVERIFY(w.local);
    QCOMPARE(w.pid, a->processId());
    QCOMPARE(w.state, RemoteWorkerState::Idle);
    QCOMPARE(w.tasksDone, 0u);
    QTRY_COMPARE_WITH_TIMEOUT(joined.size(), 1, 5000);
    QCOMPARE(joined.at(0).at(0).value<RemoteWorkerInfo>().name, name);

    // Busy with its task, then idle with one task done.
    QCOMPARE(m_session->enqueueCount(1).error, QString());
    QVERIFY2(waitFor([&] { return shows(name, RemoteWorkerState::Busy); }, 20000), "never busy");
    QCOMPARE(remote(name).taskId, 1u);
    QVERIFY2(waitFor([&] { return remote(name).tasksDone == 1; }, 20000), "its task was not counted");
    QCOMPARE(remote(name).state, RemoteWorkerState::Idle);
    QCOMPARE(remote(name).taskId, 0u);

    // Stopped: silent, and beating again once continued.
    ::kill(pid_t(a->processId()), SIGSTOP);
    QVERIFY2(waitFor([&] { return shows(name, RemoteWorkerState::Silent); }, 20000), "never silent");
    QVERIFY(remote(name).silentMs >= 1000);
    ::kill(pid_t(a->processId()), SIGCONT);
    QVERIFY2(waitFor([&] { return shows(name, RemoteWorkerState::Idle); }, 20000), "not idle again");
    QCOMPARE(left.size(), 0);

    // Killed from outside: silent, then gone once the silence outlasts the lease.
    ::kill(pid_t(a->processId()), SIGKILL);
    QVERIFY(a->waitForFinished(5000));
    QVERIFY2(waitFor([&] { return shows(name, RemoteWorkerState::Gone); }, 20000), "never gone");
    QVERIFY2(remote(name).goneWhy.contains(QLatin1String("lease")), qPrintable(remote(name).goneWhy));
    QTRY_COMPARE_WITH_TIMEOUT(left.size(), 1, 5000);
    QCOMPARE(left.at(0).at(0).value<RemoteWorkerInfo>().tasksDone, 1u);
    // Its record goes from the server too: nothing piles up there from workers that died.
    auto recorded = [this] {
        redis::Context c = m_server->connect();
        std::string e;
        redis::Reply r = c ? redis::command(c.get(), {"HLEN", "listed:workers"}, &e) : redis::Reply();
        return r ? redis::integer(r.get()) : -1;
    };
    QVERIFY2(waitFor([&] { return recorded() == 0; }, 10000), "the dead worker's record stayed on the server");

    // A worker that exits says so, and is gone at once (well before its lease).
    QVERIFY(m_session->queue());
    QProcess *b = m_handWorkers.start(url, QStringLiteral("Remote-B"), {});
    QVERIFY(b);
    QVERIFY2(waitFor([&] { return shows(QStringLiteral("Remote-B"), RemoteWorkerState::Idle); }, 20000),
             "the second worker did not appear");
    ::kill(pid_t(b->processId()), SIGTERM);
    QVERIFY(waitFor([&] { return b->state() == QProcess::NotRunning; }, 10000));
    QCOMPARE(b->exitStatus(), QProcess::NormalExit);
    QCOMPARE(b->exitCode(), 0);
    QVERIFY2(waitFor([&] { return shows(QStringLiteral("Remote-B"), RemoteWorkerState::Gone); }, 20000),
             "the worker that left is not gone");
    QCOMPARE(remote(QStringLiteral("Remote-B")).goneWhy, QStringLiteral("left"));
    QCOMPARE(m_session->remoteWorkers().size(), 2);
}

void tst_RedisWorkers::ownWorkersAreNotListedTwice()
{
    const QString url = m_server->url(QStringLiteral("own"));
    QCOMPARE(m_session->openRedis(url, 30000).error, QString());
    WorkerPoolSpec pool;
    pool.count = 2;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    QVERIFY(m_handWorkers.start(url, QStringLiteral("Remote-A"), {}));
    // The queue hears from all three; the session lists only the one Herd did not start.
    QVERIFY2(waitFor([&] { return m_session->queue()->remoteWorkers().size() == 3; }, 20000),
             "not every worker announced itself");
    const QVector<RemoteWorkerInfo> listed = m_session->remoteWorkers();
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.at(0).name, QStringLiteral("Remote-A"));
}

void tst_RedisWorkers::stopLetsTheTaskFinishThenTheWorkerLeaves()
{
    const QString url = m_server->url(QStringLiteral("stop"));
    QCOMPARE(m_session->openRedis(url, 30000).error, QString());
    const QString name = QStringLiteral("Remote-A");
    QProcess *a = m_handWorkers.start(url, name, {QStringLiteral("--work-ms"), QStringLiteral("1500")});
    QVERIFY(a);
    QCOMPARE(m_session->enqueueCount(3).error, QString());
    QVERIFY2(waitFor([&] { return shows(name, RemoteWorkerState::Busy); }, 20000), "never busy");
    QVERIFY(m_session->stopRemoteWorker(remote(name).key));
    QCOMPARE(remote(name).state, RemoteWorkerState::Stopping);
    QVERIFY2(waitFor([&] { return a->state() == QProcess::NotRunning; }, 20000),
             "the worker did not leave after its task");
    QCOMPARE(a->exitStatus(), QProcess::NormalExit);
    QCOMPARE(a->exitCode(), 0);
    // Its task was finished, once, and it took no other.
    const TaskLedger *ledger = m_session->ledger();
    QVERIFY2(waitFor([&] { return ledger->count(TaskLedger::State::Done) == 1; }, 10000), "the task was not done");
    const TaskLedger::Task t = ledger->task(0);
    QCOMPARE(t.state, TaskLedger::State::Done);
    QCOMPARE(t.attempts, 1u);
    QCOMPARE(t.workerName, name);
    QCOMPARE(ledger->count(TaskLedger::State::Queued), 2);
    QVERIFY2(waitFor([&] { return shows(name, RemoteWorkerState::Gone); }, 10000), "not gone");
    QCOMPARE(remote(name).tasksDone, 1u);
    QVERIFY(!m_session->stopRemoteWorker(remote(name).key)); // gone: nothing to stop
}

void tst_RedisWorkers::killGivesTheTaskBackAtOnce()
{
    const QString url = m_server->url(QStringLiteral("kill"));
    // A long lease: the task comes back because Herd knows it was abandoned, not by silence.
    QCOMPARE(m_session->openRedis(url, 60000).error, QString());
    QSignalSpy left(m_session.get(), &Session::remoteWorkerLeft);
    const QString name = QStringLiteral("Remote-A");
    QProcess *a = m_handWorkers.start(url, name, {QStringLiteral("--work-ms"), QStringLiteral("600000")});
    QVERIFY(a);
    QCOMPARE(m_session->enqueueCount(1).error, QString());
    QVERIFY2(waitFor([&] { return shows(name, RemoteWorkerState::Busy); }, 20000), "never busy");
    QVERIFY(m_session->killRemoteWorker(remote(name).key));
    QCOMPARE(remote(name).state, RemoteWorkerState::Gone);
    QCOMPARE(left.size(), 1);
    QVERIFY2(waitFor([&] { return a->state() == QProcess::NotRunning; }, 20000), "the worker did not leave at once");
    QCOMPARE(a->exitStatus(), QProcess::CrashExit);
    // Another worker does it, exactly once, at its second attempt.
    QVERIFY(m_handWorkers.start(url, QStringLiteral("Remote-B"), {}));
    const TaskLedger *ledger = m_session->ledger();
    QVERIFY2(waitFor([&] { return ledger->count(TaskLedger::State::Done) == 1; }, 20000), "the task was not redone");
    const TaskLedger::Task t = ledger->task(0);
    QCOMPARE(t.attempts, 2u);
    QCOMPARE(t.workerName, QStringLiteral("Remote-B"));
    const QVector<TaskLedger::Attempt> history = ledger->history(0);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).outcome, TaskLedger::Outcome::Requeued);
    QVERIFY2(history.at(0).reason.contains(QLatin1String("killed")), qPrintable(history.at(0).reason));
    QCOMPARE(ledger->count(TaskLedger::State::Done), 1);
    QCOMPARE(m_server->length(QStringLiteral("kill")), 0);
}

void tst_RedisWorkers::taskTimeoutTakesARemoteTaskBack()
{
    const QString url = m_server->url(QStringLiteral("timeout"));
    QCOMPARE(m_session->openRedis(url, 60000).error, QString());
    QCOMPARE(m_session->setTaskTimeout(1000).error, QString());
    const QString name = QStringLiteral("Remote-A");
    QProcess *a = m_handWorkers.start(url, name, {QStringLiteral("--work-ms"), QStringLiteral("600000")});
    QVERIFY(a);
    QCOMPARE(m_session->enqueueCount(1).error, QString());
    const TaskLedger *ledger = m_session->ledger();
    QVERIFY2(waitFor([&] { return ledger->count(TaskLedger::State::Taken) == 1; }, 20000), "the task was not taken");
    // Held past the timeout: taken back, and its worker abandons it (it leaves at once).
    QVERIFY2(waitFor([&] { return a->state() == QProcess::NotRunning; }, 20000),
             "the worker was not told to abandon its task");
    QCOMPARE(a->exitStatus(), QProcess::CrashExit);
    QVERIFY2(waitFor([&] { return shows(name, RemoteWorkerState::Gone); }, 10000), "not gone");
    QVERIFY(m_handWorkers.start(url, QStringLiteral("Remote-B"), {}));
    QVERIFY2(waitFor([&] { return ledger->count(TaskLedger::State::Done) == 1; }, 20000), "the task was not redone");
    const TaskLedger::Task t = ledger->task(0);
    QCOMPARE(t.attempts, 2u);
    QCOMPARE(t.workerName, QStringLiteral("Remote-B"));
    const QVector<TaskLedger::Attempt> history = ledger->history(0);
    QCOMPARE(history.size(), 2);
    QVERIFY2(history.at(0).reason.contains(QLatin1String("timeout")), qPrintable(history.at(0).reason));
}

void tst_RedisWorkers::workerThatCameAndWentUnseenIsReported()
{
    // A worker that joined, did its quick tasks and left between two of Herd's reads (on a
    // busy machine, or once the queue was closed) leaves only its last record, "left": it is
    // still reported as having joined and left, not passed over.
    const QString url = m_server->url(QStringLiteral("unseen"));
    QCOMPARE(m_session->openRedis(url, 30000).error, QString());
    QSignalSpy joined(m_session.get(), &Session::remoteWorkerJoined);
    QSignalSpy left(m_session.get(), &Session::remoteWorkerLeft);
    redis::Presence p;
    p.beat = 7;
    p.state = "left";
    p.pid = 4242;
    p.host = "elsewhere";
    p.name = "Quick";
    {
        redis::Context c = m_server->connect();
        QVERIFY(c);
        std::string e;
        // Once Herd has set the queue up (it clears what an earlier session left there).
        QVERIFY2(waitFor(
                     [&] {
                         redis::Reply r = redis::command(c.get(), {"HEXISTS", "unseen:config", "session"}, &e);
                         return r && redis::integer(r.get()) == 1;
                     },
                     10000),
                 "Herd did not set the queue up");
        QVERIFY(redis::command(c.get(), {"HSET", "unseen:workers", "elsewhere:4242", redis::presenceValue(p)}, &e));
    }
    QTRY_COMPARE_WITH_TIMEOUT(left.size(), 1, 10000);
    QCOMPARE(joined.size(), 1);
    const RemoteWorkerInfo info = left.at(0).at(0).value<RemoteWorkerInfo>();
    QCOMPARE(info.name, QStringLiteral("Quick"));
    QCOMPARE(info.host, QStringLiteral("elsewhere"));
    QCOMPARE(info.goneWhy, QStringLiteral("left"));
    QVERIFY(shows(QStringLiteral("Quick"), RemoteWorkerState::Gone));
}

void tst_RedisWorkers::eventStreamSaysWhoJoinedAndLeft()
{
    // A headless run with no worker of its own (a process keeps it going) and one started by hand.
    const QString url = m_server->url(QStringLiteral("events"));
    QProcess herd;
    herd.setProgram(qEnvironmentVariable("HERD_BIN"));
    herd.setArguments({QStringLiteral("--headless"), QStringLiteral("--queue"), url, QStringLiteral("--tasks"),
                       QStringLiteral("3"), QStringLiteral("--events"), QStringLiteral("-"), QStringLiteral("--run"),
                       QStringLiteral("sleep 600")});
    herd.start();
    QVERIFY(herd.waitForStarted(5000));
    QByteArray out;
    QByteArray err;
    auto readUntil = [&](const QByteArray &what, int ms) {
        QDeadlineTimer deadline(ms);
        while (!out.contains(what) && !deadline.hasExpired()) {
            herd.waitForReadyRead(50);
            out += herd.readAllStandardOutput();
            err += herd.readAllStandardError();
        }
        return out.contains(what);
    };
    QVERIFY2(readUntil("\"spawned\"", 20000), out.constData());
    QProcess *a = m_handWorkers.start(url, QStringLiteral("Remote-A"), {QStringLiteral("--work-ms"), QStringLiteral("20")});
    QVERIFY(a);
    const qint64 pid = a->processId();
    QVERIFY2(readUntil("\"worker-joined\"", 20000), out.constData());
    QVERIFY2(readUntil("\"event\":\"done\"", 20000), out.constData());
    ::kill(pid_t(a->processId()), SIGTERM);
    QVERIFY(a->waitForFinished(10000));
    QVERIFY2(readUntil("\"worker-left\"", 20000), out.constData());
    herd.terminate();
    QVERIFY2(herd.waitForFinished(20000), "the headless run did not end on SIGTERM");
    out += herd.readAllStandardOutput();
    err += herd.readAllStandardError();
    const QString host = QSysInfo::machineHostName();
    bool joined = false;
    bool leftOk = false;
    for (const QByteArray &line : out.split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        const QString kind = e.value(QLatin1String("event")).toString();
        if (kind == QLatin1String("worker-joined")) {
            QCOMPARE(e.value(QLatin1String("name")).toString(), QStringLiteral("Remote-A"));
            QCOMPARE(e.value(QLatin1String("host")).toString(), host);
            QCOMPARE(e.value(QLatin1String("pid")).toInteger(), pid);
            joined = true;
        } else if (kind == QLatin1String("worker-left")) {
            QCOMPARE(e.value(QLatin1String("name")).toString(), QStringLiteral("Remote-A"));
            QCOMPARE(e.value(QLatin1String("tasks_done")).toInteger(), 3);
            QCOMPARE(e.value(QLatin1String("why")).toString(), QStringLiteral("left"));
            leftOk = true;
        }
    }
    QVERIFY(joined);
    QVERIFY(leftOk);
    // Said in words on standard error too.
    QVERIFY2(err.contains("remote worker Remote-A joined from"), err.constData());
    QVERIFY2(err.contains("left after 3 task(s)"), err.constData());
}

void tst_RedisWorkers::queueOnAUnixSocket()
{
    // A server on a Unix socket in a temporary folder, and no TCP port at all.
    RedisServer server(QStringLiteral("sock-pw"));
    server.useUnixSocket();
    QVERIFY2(server.start(), "redis-server did not start on a Unix socket");
    const QString url = server.url(QStringLiteral("sock"));
    QVERIFY(url.startsWith(QLatin1String("redis+unix://")));
    QCOMPARE(m_session->openRedis(url, 30000).error, QString());
    QCOMPARE(m_session->queue()->displayAddress(), QStringLiteral("redis+unix://%1/sock").arg(server.socketPath()));
    WorkerPoolSpec pool;
    pool.count = 1;
    pool.workMs = 5;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    QProcess *a = m_handWorkers.start(url, QStringLiteral("Remote-A"), {QStringLiteral("--work-ms"), QStringLiteral("5")});
    QVERIFY(a);
    QVERIFY2(waitFor([&] { return shows(QStringLiteral("Remote-A"), RemoteWorkerState::Idle); }, 20000),
             "the worker on the socket did not appear");
    constexpr int kTasks = 100;
    QCOMPARE(m_session->enqueueCount(kTasks).error, QString());
    m_session->setCloseWhenDrained(true);
    QVERIFY2(waitFor([&] { return m_session->isDrained(); }, 60000), "the run did not drain");
    const TaskLedger *ledger = m_session->ledger();
    QCOMPARE(ledger->count(TaskLedger::State::Done), qint64(kTasks));
    QSet<quint64> ids;
    for (qint64 row = 0; row < ledger->size(); ++row) {
        QCOMPARE(ledger->task(row).attempts, 1u);
        ids.insert(ledger->task(row).id);
    }
    QCOMPARE(ids.size(), kTasks);
    // Closed once drained: both leave by themselves.
    QVERIFY2(waitFor([&] { return a->state() == QProcess::NotRunning; }, 20000), "the hand worker did not leave");
    QCOMPARE(a->exitCode(), 0);
    QVERIFY2(waitFor([&] { return m_session->supervisor()->aliveCount() == 0; }, 20000), "the stock worker did not leave");
    QCOMPARE(server.length(QStringLiteral("sock")), 0);
}

QTEST_MAIN(tst_RedisWorkers)
#include "tst_redisworkers.moc"
