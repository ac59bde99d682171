// End-to-end tests of `herd --headless`: the real binary, real children, real signals.

#include "../process/processtestsupport.h"

#include <QtTest>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <csignal>
#include <sys/types.h>

class tst_Headless final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void seedNaming();
    void watchdogEndsWithMinus15();
    void ignoresTermThenKilledAfterGrace();
    void nonexistentProgramFailsAndHerdGoesOn();
    void exitStatusFollowsChildren();
    void argumentsArriveVerbatim();
    void sigtermToHerdStopsChildren();
    void badOptionsExitWith2();
    void seedQueueWithTwoWorkers();
    void reportAndFailedTasks();
    void tasksFromFile();
    void daemonDiesWhenHerdIsKilled();
    void orphansOfAKilledHerdEndAtNextStart();
    void sessionFileRunsAndBrokenFileStartsNothing();

private:
    struct Run {
        int status = -1;
        QByteArray out;
        QByteArray err;
        QVector<QJsonObject> events;
        QJsonObject exitedEvent(const QString &name) const;
        QJsonObject spawnedEvent(const QString &name) const;
    };
    Run runHerd(const QStringList &args, int timeoutMs = 30000);

    QString m_herd;
    QTemporaryDir m_dir;
};

QJsonObject tst_Headless::Run::exitedEvent(const QString &name) const
{
    for (const QJsonObject &e : events)
        if (e.value("event") == "exited" && e.value("name") == name)
            return e;
    return {};
}

QJsonObject tst_Headless::Run::spawnedEvent(const QString &name) const
{
    for (const QJsonObject &e : events)
        if (e.value("event") == "spawned" && e.value("name") == name)
            return e;
    return {};
}

void tst_Headless::initTestCase()
{
    m_herd = qEnvironmentVariable("HERD_BIN");
    QVERIFY2(QFileInfo(m_herd).isExecutable(), "HERD_BIN must name the herd binary");
    QVERIFY(m_dir.isValid());
}

tst_Headless::Run tst_Headless::runHerd(const QStringList &args, int timeoutMs)
{
    static int counter = 0;
    const QString events = m_dir.filePath(QStringLiteral("events-%1.jsonl").arg(++counter));
    QProcess herd;
    herd.start(m_herd, QStringList{"--headless", "--events", events} + args);
    Run run;
    if (!herd.waitForFinished(timeoutMs)) {
        ::kill(-herd.processId(), SIGKILL);
        herd.kill();
        herd.waitForFinished(5000);
        qWarning("herd did not finish within %d ms; stdout:\n%s", timeoutMs, herd.readAllStandardOutput().constData());
        return run;
    }
    run.status = herd.exitStatus() == QProcess::NormalExit ? herd.exitCode() : -1;
    run.out = herd.readAllStandardOutput();
    run.err = herd.readAllStandardError();
    QFile file(events);
    if (file.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (line.isEmpty())
                continue;
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()) {
                qWarning("not a JSON object: %s", line.constData());
                run.status = -2;
            }
            run.events << doc.object();
        }
    }
    return run;
}

void tst_Headless::seedNaming()
{
    // The seed: Process(name='test') prints "test"; an unnamed second one prints "Process-2".
    const Run run = runHerd({"--run", "test=printenv HERD_PROCESS_NAME", "--run", "printenv HERD_PROCESS_NAME"});
    QCOMPARE(run.status, 0);
    QVERIFY2(run.out.contains("test      | test\n"), run.out.constData());
    QVERIFY2(run.out.contains("Process-2 | Process-2\n"), run.out.constData());
    for (const QString name : {"test", "Process-2"}) {
        const QJsonObject spawned = run.spawnedEvent(name);
        QVERIFY2(spawned.value("pid").toInteger() > 0, qPrintable(name));
        QVERIFY(spawned.contains("t"));
        const QJsonObject exited = run.exitedEvent(name);
        QCOMPARE(exited.value("exitcode").toInt(-99), 0);
        QCOMPARE(exited.value("reason").toString(), QStringLiteral("exited"));
        QCOMPARE(exited.value("pid"), spawned.value("pid"));
        QVERIFY(exited.value("t").toInteger() >= spawned.value("t").toInteger());
    }
}

void tst_Headless::watchdogEndsWithMinus15()
{
    // The seed's monitor thread: terminate after 5 s, exit code -15. Herd's watchdog is exact.
    const Run run = runHerd({"--timeout", "5", "--run", "测试=sleep 60"});
    QCOMPARE(run.status, 1);
    const QJsonObject spawned = run.spawnedEvent("测试");
    const QJsonObject exited = run.exitedEvent("测试");
    QCOMPARE(exited.value("exitcode").toInt(), -15);
    QCOMPARE(exited.value("reason").toString(), QStringLiteral("timeout"));
    QCOMPARE(exited.value("stopped_by").toString(), QStringLiteral("watchdog"));
    const qint64 lived = exited.value("t").toInteger() - spawned.value("t").toInteger();
    qInfo("watchdog: process lived %lld ms for a 5000 ms timeout", lived);
    // Both times are the supervisor's: the start (from which the watchdog counts) and the reap.
    // The watchdog is the feature: never early. Its precision is tst_ManagedProcess's to
    // check; the upper bound here says it fired once, at its deadline, with room for a
    // loaded machine to start and reap late.
    QVERIFY2(lived >= 5000 && lived < 6500, qPrintable(QString::number(lived)));
    QVERIFY(herd::test::isGone(spawned.value("pid").toInteger()));
}

void tst_Headless::ignoresTermThenKilledAfterGrace()
{
    // sh ignores SIGTERM and so does the sleep it starts (ignored signals survive exec).
    const Run run = runHerd({"--timeout", "0.3", "--grace", "0.5", "--run",
                             "stubborn=sh -c 'trap \"\" TERM; sleep 60 & echo $!; wait'"});
    const QJsonObject exited = run.exitedEvent("stubborn");
    QCOMPARE(exited.value("exitcode").toInt(), -9);
    QVERIFY2(exited.value("message").toString().contains("SIGKILL"), qPrintable(exited.value("message").toString()));
    // The grandchild (the sleep) went with the group.
    const QList<QByteArray> lines = run.out.split('\n');
    qint64 grandchild = 0;
    for (const QByteArray &line : lines)
        if (line.startsWith("stubborn | ") && grandchild == 0)
            grandchild = line.mid(11).toLongLong();
    QVERIFY2(grandchild > 0, run.out.constData());
    QTRY_VERIFY_WITH_TIMEOUT(herd::test::isGone(grandchild), 5000);
}

void tst_Headless::nonexistentProgramFailsAndHerdGoesOn()
{
    const Run run = runHerd({"--run", "ghost=/nonexistent/program --flag", "--run", "fine=true"});
    QCOMPARE(run.status, 1);
    const QJsonObject ghost = run.exitedEvent("ghost");
    QCOMPARE(ghost.value("reason").toString(), QStringLiteral("failed-to-start"));
    QVERIFY(ghost.value("exitcode").isNull());
    QVERIFY2(ghost.value("message").toString().contains("No such file or directory"),
             qPrintable(ghost.value("message").toString()));
    QVERIFY(run.spawnedEvent("ghost").isEmpty());
    QCOMPARE(run.exitedEvent("fine").value("exitcode").toInt(-99), 0);
}

void tst_Headless::exitStatusFollowsChildren()
{
    QCOMPARE(runHerd({"--run", "true", "--run", "true"}).status, 0);
    const Run run = runHerd({"--run", "ok=true", "--run", "bad=sh -c 'exit 7'"});
    QCOMPARE(run.status, 1);
    QCOMPARE(run.exitedEvent("bad").value("exitcode").toInt(), 7);
    QCOMPARE(run.exitedEvent("bad").value("message").toString(), QStringLiteral("exited with code 7"));
}

void tst_Headless::argumentsArriveVerbatim()
{
    QTemporaryDir cwd;
    const Run run = runHerd({"--run", "argv=printf '%s\\n' '; rm -rf ~' '$(touch pwned)' '`touch pwned2`' \"it's\" -n"});
    QCOMPARE(run.status, 0);
    QVERIFY2(run.out.contains("argv | ; rm -rf ~\n"), run.out.constData());
    QVERIFY(run.out.contains("argv | $(touch pwned)\n"));
    QVERIFY(run.out.contains("argv | `touch pwned2`\n"));
    QVERIFY(run.out.contains("argv | it's\n"));
    QVERIFY(run.out.contains("argv | -n\n"));
    QVERIFY(!QFile::exists("pwned") && !QFile::exists("pwned2"));
}

void tst_Headless::sigtermToHerdStopsChildren()
{
    const QString events = m_dir.filePath(QStringLiteral("sigterm.jsonl"));
    QProcess herd;
    herd.start(m_herd, {"--headless", "--events", events, "--run", "a=sleep 300", "--run",
                        "b=sh -c 'sleep 300 & wait'"});
    QVERIFY(herd.waitForStarted(5000));
    // Wait until both children run, then signal Herd as a logout would.
    auto spawnedPids = [&] {
        QVector<qint64> pids;
        QFile f(events);
        if (f.open(QIODevice::ReadOnly))
            for (const QByteArray &line : f.readAll().split('\n')) {
                const QJsonObject e = QJsonDocument::fromJson(line).object();
                if (e.value("event") == "spawned")
                    pids << e.value("pid").toInteger();
            }
        return pids;
    };
    QTRY_COMPARE_WITH_TIMEOUT(spawnedPids().size(), 2, 5000);
    const QVector<qint64> pids = spawnedPids();
    QElapsedTimer clock;
    clock.start();
    ::kill(pid_t(herd.processId()), SIGTERM);
    QVERIFY2(herd.waitForFinished(7000), "herd did not stop after SIGTERM");
    qInfo("herd stopped its children and quit %lld ms after SIGTERM", clock.elapsed());
    QCOMPARE(herd.exitCode(), 128 + SIGTERM);
    for (qint64 pid : pids) {
        QVERIFY2(herd::test::isGone(pid), qPrintable(QString::number(pid)));
        // The whole group is gone too: nothing answers on -pgid.
        QVERIFY(::kill(-pid_t(pid), 0) != 0);
    }
}

void tst_Headless::badOptionsExitWith2()
{
    QProcess herd;
    herd.start(m_herd, {"--headless", "--timeout", "-3", "--run", "true"});
    QVERIFY(herd.waitForFinished(10000));
    QCOMPARE(herd.exitCode(), 2);
    QVERIFY(herd.readAllStandardError().contains("cannot be negative"));

    herd.start(m_herd, {"--help"});
    QVERIFY(herd.waitForFinished(10000));
    QCOMPARE(herd.exitCode(), 0);
    QVERIFY(herd.readAllStandardOutput().contains("--headless"));
}

void tst_Headless::seedQueueWithTwoWorkers()
{
    const Run run = runHerd({"--workers", "2", "--tasks", "10", "--work-ms", "50"});
    QCOMPARE(run.status, 0);
    QMap<qint64, QString> takenBy;
    QSet<QString> workers;
    int done = 0;
    for (const QJsonObject &e : run.events) {
        if (e.value("event") == "taken") {
            const qint64 task = e.value("task").toInteger();
            QVERIFY2(!takenBy.contains(task), "a task was taken twice");
            takenBy.insert(task, e.value("worker").toString());
            workers.insert(e.value("worker").toString());
            QCOMPARE(e.value("attempt").toInt(), 1);
        } else if (e.value("event") == "done") {
            ++done;
        }
    }
    QCOMPARE(takenBy.keys(), (QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    QCOMPARE(done, 10);
    QCOMPARE(workers, (QSet<QString>{"Worker-1", "Worker-2"}));
    // Like the seed, each worker says which task it handled.
    for (auto it = takenBy.cbegin(); it != takenBy.cend(); ++it) {
        const QByteArray line = QStringLiteral("%1 | %1 handled task %2\n").arg(it.value()).arg(it.key()).toUtf8();
        QVERIFY2(run.out.contains(line), line.constData());
    }
    QCOMPARE(run.exitedEvent("Worker-1").value("exitcode").toInt(-1), 0);
}

void tst_Headless::reportAndFailedTasks()
{
    const QString report = m_dir.filePath("ledger.csv");
    // Each task runs `test PAYLOAD -lt 3`: tasks 1 and 2 succeed, 3 and 4 fail.
    const Run run = runHerd({"--workers", "1", "--tasks", "4", "--exec", "test {} -lt 3", "--report", report});
    QCOMPARE(run.status, 1);
    int failed = 0;
    for (const QJsonObject &e : run.events)
        failed += e.value("event") == "failed";
    QCOMPARE(failed, 2);
    QFile csv(report);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), 5);
    QVERIFY2(rows.at(0).startsWith("id,payload,state,worker,attempts"), rows.at(0).constData());
    QVERIFY2(rows.at(1).startsWith("1,1,done,Worker-1,1,"), rows.at(1).constData());
    QVERIFY2(rows.at(3).startsWith("3,3,failed,Worker-1,1,"), rows.at(3).constData());
}

void tst_Headless::tasksFromFile()
{
    const QString tasks = m_dir.filePath("tasks.txt");
    QFile f(tasks);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("alpha\nbeta gamma\n任务\n");
    f.close();
    const Run run = runHerd({"--workers", "2", "--tasks-from", tasks, "--exec", "printf %s\\n {}"});
    QCOMPARE(run.status, 0);
    QStringList payloads;
    for (const QJsonObject &e : run.events)
        if (e.value("event") == "enqueued")
            payloads << e.value("payload").toString();
    QCOMPARE(payloads, (QStringList{"alpha", "beta gamma", "任务"}));

    const Run missing = runHerd({"--workers", "1", "--tasks-from", m_dir.filePath("nope.txt")});
    QCOMPARE(missing.status, 2);
    QVERIFY2(missing.err.contains("cannot read"), missing.err.constData());
}

void tst_Headless::daemonDiesWhenHerdIsKilled()
{
    // A daemon and a worker waiting on standard input, which stays open: Herd runs on.
    const QString events = m_dir.filePath(QStringLiteral("daemon.jsonl"));
    QProcess herd;
    herd.start(m_herd, {"--headless", "--events", events, "--daemon", "--run", "bg=sleep 300", "--workers", "1",
                        "--tasks-from", "-"});
    QVERIFY(herd.waitForStarted(5000));
    herd.write("first\n");
    qint64 daemonPid = 0;
    qint64 workerPid = 0;
    bool taskDone = false;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 QFile f(events);
                                 if (!f.open(QIODevice::ReadOnly))
                                     return false;
                                 for (const QByteArray &line : f.readAll().split('\n')) {
                                     const QJsonObject e = QJsonDocument::fromJson(line).object();
                                     if (e.value("event") == "spawned" && e.value("name") == "bg")
                                         daemonPid = e.value("pid").toInteger();
                                     if (e.value("event") == "spawned" && e.value("name") == "Worker-1")
                                         workerPid = e.value("pid").toInteger();
                                     if (e.value("event") == "done")
                                         taskDone = true;
                                 }
                                 return daemonPid > 0 && workerPid > 0 && taskDone;
                             }()),
                             10000);
    QVERIFY(herd.state() == QProcess::Running);
    // SIGKILL: Herd gets no chance to stop anything; the kernel's parent-death signal does.
    ::kill(pid_t(herd.processId()), SIGKILL);
    QVERIFY(herd.waitForFinished(5000));
    QTRY_VERIFY_WITH_TIMEOUT(herd::test::isGone(daemonPid), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(herd::test::isGone(workerPid), 5000);
}

void tst_Headless::orphansOfAKilledHerdEndAtNextStart()
{
    // Herd SIGKILLed: its direct children die with it (PDEATHSIG), but a grandchild that
    // left the process group and the session lives on. The next Herd to start ends it.
    QProcess herd;
    herd.start(m_herd, {"--headless", "--run", "stray=" + qEnvironmentVariable("HERD_TESTCHILD") + " grandchild-setsid"});
    QVERIFY(herd.waitForStarted(5000));
    QByteArray out;
    qint64 grandchild = 0;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 out += herd.readAllStandardOutput();
                                 const int at = out.indexOf("stray | grandchild ");
                                 if (at >= 0 && out.indexOf('\n', at) > at)
                                     grandchild = out.mid(at + 19, out.indexOf('\n', at) - at - 19).toLongLong();
                                 return grandchild > 0;
                             }()),
                             10000);
    const auto cleanup = qScopeGuard([grandchild] {
        if (!herd::test::isGone(grandchild))
            ::kill(pid_t(grandchild), SIGKILL);
    });
    ::kill(pid_t(herd.processId()), SIGKILL);
    QVERIFY(herd.waitForFinished(5000));
    QVERIFY2(!herd::test::isGone(grandchild), "the grandchild should outlive the killed Herd");

    const Run run = runHerd({"--run", "true"});
    QCOMPARE(run.status, 0);
    // Named among what was reaped (the stray's own parent may still be dying of PDEATHSIG,
    // so the count is not checked).
    QVERIFY2(run.err.contains("reaped "), run.err.constData());
    QVERIFY2(run.err.contains(QStringLiteral("stray (pid %1)").arg(grandchild).toUtf8()), run.err.constData());
    QTRY_VERIFY_WITH_TIMEOUT(herd::test::isGone(grandchild), 5000);
    // The Herd that ended it leaves nothing behind, so the next start has nothing to do.
    QVERIFY(!runHerd({"--run", "true"}).err.contains("reaped"));
}

void tst_Headless::sessionFileRunsAndBrokenFileStartsNothing()
{
    const QString path = m_dir.filePath("seed.herd");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[process test]\ncommand = printenv HERD_PROCESS_NAME\n\n[process]\ncommand = printenv HERD_PROCESS_NAME\n"
            "\n[workers]\ncount = 2\n\n[tasks]\ncount = 10\n");
    f.close();
    const Run run = runHerd({path});
    QCOMPARE(run.status, 0);
    QVERIFY(run.out.contains("test      | test\n"));
    QVERIFY(run.out.contains("Process-2 | Process-2\n"));
    int done = 0;
    for (const QJsonObject &e : run.events)
        done += e.value("event") == "done";
    QCOMPARE(done, 10);

    const QString broken = m_dir.filePath("broken.herd");
    QFile b(broken);
    QVERIFY(b.open(QIODevice::WriteOnly));
    b.write("[process a]\ncommand = write-nothing\n[process b]\ncommand = true\ntimout = 5\n");
    b.close();
    const Run bad = runHerd({broken});
    QCOMPARE(bad.status, 2);
    QVERIFY2(bad.err.contains("broken.herd:5: unknown key \"timout\""), bad.err.constData());
    QVERIFY(bad.events.isEmpty());
}

QTEST_GUILESS_MAIN(tst_Headless)
#include "tst_headless.moc"
