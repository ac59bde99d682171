// End-to-end tests of `herd --headless`: the real binary, real children, real signals.

#include "testsupport.h"

#include <QtTest>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>

class tst_Headless final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tutorialNaming();
    void watchdogEndsWithMinus15();
    void ignoresTermThenKilledAfterGrace();
    void nonexistentProgramFailsAndHerdGoesOn();
    void exitStatusFollowsChildren();
    void argumentsArriveVerbatim();
    void headlessLoadsNoGuiLibrary();
    void sigtermToHerdStopsChildren();
    void badOptionsExitWith2();
    void tutorialQueueWithTwoWorkers();
    void reportAndFailedTasks();
    void tasksFromFile();
    void daemonDiesWhenHerdIsKilled();
    void orphansOfAKilledHerdEndAtNextStart();
    void sessionFileRunsAndBrokenFileStartsNothing();
    // Issue 10: never hang, never lie, lose nothing.
    void endlessSourcesAreRefusedAtOnce_data();
    void endlessSourcesAreRefusedAtOnce();
    void endlessFifoIsRefusedAtTheBound();
    void refusedSessionStartsNothing_data();
    void refusedSessionStartsNothing();
    void signalEndsHerdWaitingOnAFifo_data();
    void signalEndsHerdWaitingOnAFifo();
    void stdoutReaderThatStopsReadingBlocksNothing();
    void closedStdoutStopsOnlyTheEcho();
    void terminatingSignalsStopEverythingSafely_data();
    void terminatingSignalsStopEverythingSafely();
    void stockWorkersRestartAfterTaskTimeout();
    void loneProcessIsRestartedThenGivenUp();
    void sessionMaxAttemptsApplies();
    void outputsAreCheckedBeforeAnythingRuns_data();
    void outputsAreCheckedBeforeAnythingRuns();
    void writeErrorsAreReported_data();
    void writeErrorsAreReported();
    void closedStdoutCarryingEventsStopsTheRun();
    void messagesAreClear();
    void orphanSweepTermsFirstAndSparesCopiedMarks();
    void streamedSourceStopsAtAFault();
    void anyProgramIsAWorker();
    void herdsInOtherPidNamespacesAreLeftAlone();

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
    QString writeFile(const QString &name, const QByteArray &content);
    static QVector<QJsonObject> readEvents(const QString &path);
    static bool hasSegmentOf(qint64 herdPid);

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
    m_herd = herd::test::herdProgram();
    QVERIFY2(QFileInfo(m_herd).isExecutable(), "HERD_BIN must name the herd binary");
    QVERIFY(m_dir.isValid());
}

QString tst_Headless::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(content);
    return path;
}

QVector<QJsonObject> tst_Headless::readEvents(const QString &path)
{
    QVector<QJsonObject> events;
    QFile f(path);
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &line : f.readAll().split('\n'))
            if (!line.isEmpty())
                events << QJsonDocument::fromJson(line).object();
    return events;
}

bool tst_Headless::hasSegmentOf(qint64 herdPid)
{
    // Queue segments are named /herd-<uid>-<pid of the Herd that made it>-<random>.
    return !QDir(QStringLiteral("/dev/shm"))
                .entryList({QStringLiteral("herd-*-%1-*").arg(herdPid)}, QDir::Files | QDir::System)
                .isEmpty();
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

void tst_Headless::tutorialNaming()
{
    // The tutorial: Process(name='test') prints "test"; an unnamed second one prints "Process-2".
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
    // The tutorial's monitor thread: terminate after 5 s, exit code -15. Herd's watchdog is exact.
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

// --headless starts without Qt's GUI libraries (the window is a module herd loads only to
// show one): a child prints its parent's memory map, which is herd's.
void tst_Headless::headlessLoadsNoGuiLibrary()
{
    const Run run = runHerd({"--run", "maps=sh -c 'cat /proc/$PPID/maps'"});
    QCOMPARE(run.status, 0);
    QVERIFY2(run.out.contains("libQt6Core.so"), run.out.left(2000).constData());
    QVERIFY2(!run.out.contains("libQt6Gui.so"), "herd --headless loaded Qt's GUI library");
    QVERIFY2(!run.out.contains("libQt6Widgets.so"), "herd --headless loaded Qt's widgets");
    QVERIFY2(!run.out.contains("herd-window.so"), "herd --headless loaded its window");
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

void tst_Headless::tutorialQueueWithTwoWorkers()
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
    // Like the tutorial, each worker says which task it handled.
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
    herd.start(m_herd, {"--headless", "--run", "stray=" + herd::test::testChild() + " grandchild-setsid"});
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
    const QString path = m_dir.filePath("tutorial.herd");
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

void tst_Headless::endlessSourcesAreRefusedAtOnce_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("fromSession");
    QTest::addColumn<QString>("expected");
    const QString sparse = m_dir.filePath("sparse-1g");
    QFile f(sparse);
    if (f.open(QIODevice::WriteOnly))
        f.resize(qint64(1) << 30); // 1 GB that takes no disk
    QTest::newRow("/dev/zero") << "/dev/zero" << false << "NUL";
    QTest::newRow("/dev/urandom") << "/dev/urandom" << false << "";
    QTest::newRow("1 GB sparse file") << sparse << false << "at most 64 MiB";
    QTest::newRow("[tasks] file = /dev/zero") << "/dev/zero" << true << "NUL";
}

void tst_Headless::endlessSourcesAreRefusedAtOnce()
{
    // Before: read whole into memory at ~270 MB/s until the kernel killed Herd.
    QFETCH(QString, source);
    QFETCH(bool, fromSession);
    QFETCH(QString, expected);
    const QString marker = m_dir.filePath("endless-marker");
    QFile::remove(marker);
    QStringList args;
    if (fromSession) {
        args << writeFile("endless.herd", QStringLiteral("[process first]\ncommand = touch %1\n[workers]\ncount = 1\n"
                                                         "[tasks]\nfile = %2\n").arg(marker, source).toUtf8());
    } else {
        args << "--run" << "first=touch " + marker << "--workers" << "1" << "--tasks-from" << source;
    }
    QElapsedTimer clock;
    clock.start();
    const Run run = runHerd(args);
    qInfo("%s refused in %lld ms", qPrintable(source), clock.elapsed());
    QCOMPARE(run.status, 2);
    QVERIFY2(run.err.contains(expected.toUtf8()), run.err.constData());
    QVERIFY(run.events.isEmpty());
    QVERIFY(!QFile::exists(marker));
    // The bound is the feature: refused long before a reader of the whole would be done.
    QVERIFY2(clock.elapsed() < 15000, qPrintable(QString::number(clock.elapsed())));
}

void tst_Headless::endlessFifoIsRefusedAtTheBound()
{
    // A FIFO fed without end (`yes`): short lines, no fault in any of them; the bound on the
    // number of tasks in one source refuses it, with bounded memory, and nothing starts.
    const QString fifo = m_dir.filePath("yes.fifo");
    QFile::remove(fifo);
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    QProcess yes;
    yes.start("sh", {"-c", "exec yes > \"$0\"", fifo});
    const auto stopYes = qScopeGuard([&yes] {
        yes.kill();
        yes.waitForFinished(5000);
    });
    const Run run = runHerd({"--workers", "1", "--tasks-from", fifo}, 60000);
    QCOMPARE(run.status, 2);
    QVERIFY2(run.err.contains("more than 1000000 tasks"), run.err.constData());
    QVERIFY(run.events.isEmpty());
}

void tst_Headless::refusedSessionStartsNothing_data()
{
    QTest::addColumn<QByteArray>("tasks");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1 MB line") << (QByteArray("ok\n") + QByteArray(1 << 20, 'x') + "\n") << "line 2 of";
    QTest::newRow("NUL in a payload") << QByteArray("ok\nbad\0line\n", 12) << "line 2 of";
    QTest::newRow("no tasks at all") << QByteArray() << "holds no tasks";
}

void tst_Headless::refusedSessionStartsNothing()
{
    // "A broken file is refused as a whole: nothing starts", task file included.
    QFETCH(QByteArray, tasks);
    QFETCH(QString, expected);
    const QString marker = m_dir.filePath("refused-marker");
    QFile::remove(marker);
    const QString taskFile = writeFile("refused-tasks.txt", tasks);
    const QString session = writeFile("refused.herd", QStringLiteral("[process a]\ncommand = touch %1\n[workers]\n"
                                                                     "count = 1\n[tasks]\nfile = %2\n")
                                                          .arg(marker, taskFile).toUtf8());
    for (const QStringList &args : {QStringList{session},
                                    QStringList{"--run", "a=touch " + marker, "--workers", "1", "--tasks-from", taskFile}}) {
        const Run run = runHerd(args);
        QCOMPARE(run.status, 2);
        QVERIFY2(run.err.contains(expected.toUtf8()), run.err.constData());
        QVERIFY2(run.events.isEmpty(), "something was spawned");
        QVERIFY(!QFile::exists(marker));
    }
    // A working directory that does not exist (or is a file) is refused up front, not waited on.
    for (const QString &dir : {m_dir.filePath("no-such-dir"), taskFile}) {
        const Run run = runHerd({writeFile("dir.herd", QStringLiteral("[process b]\ncommand = touch %1\ndirectory = %2\n")
                                                           .arg(marker, dir).toUtf8())},
                                10000);
        QCOMPARE(run.status, 2);
        QVERIFY2(run.err.contains(dir.toUtf8()), run.err.constData());
        QVERIFY(!QFile::exists(marker));
    }
    // Empty, only comments, only count = 0: nothing to run is said, and Herd ends.
    for (const QByteArray &text : {QByteArray(), QByteArray("# nothing\n"), QByteArray("[tasks]\ncount = 0\n")}) {
        const Run run = runHerd({writeFile("empty.herd", text)}, 10000);
        QCOMPARE(run.status, 2);
        QVERIFY2(run.err.contains("nothing to run"), run.err.constData());
    }
    // What cannot fit is refused, not grown into.
    const Run huge = runHerd({"--workers", "1", "--tasks", "1000000000"}, 10000);
    QCOMPARE(huge.status, 2);
    QVERIFY2(huge.err.contains("--tasks"), huge.err.constData());
}

void tst_Headless::signalEndsHerdWaitingOnAFifo_data()
{
    QTest::addColumn<bool>("fromSession");
    QTest::addColumn<int>("sig");
    QTest::newRow("--tasks-from FIFO, SIGTERM") << false << int(SIGTERM);
    QTest::newRow("[tasks] file = FIFO, SIGINT") << true << int(SIGINT);
}

void tst_Headless::signalEndsHerdWaitingOnAFifo()
{
    // Before: blocked in open() on a FIFO with no writer; SIGTERM did nothing.
    QFETCH(bool, fromSession);
    QFETCH(int, sig);
    const QString fifo = m_dir.filePath("tasks.fifo");
    QFile::remove(fifo);
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    const QString events = m_dir.filePath("fifo-events.jsonl");
    QFile::remove(events);
    QStringList sourceArgs;
    if (fromSession)
        sourceArgs << writeFile("fifo.herd", QStringLiteral("[workers]\ncount = 1\n[tasks]\nfile = %1\n").arg(fifo).toUtf8());
    else
        sourceArgs << "--workers" << "1" << "--tasks-from" << fifo;
    QProcess herd;
    herd.start(m_herd, QStringList{"--headless", "--events", events} + sourceArgs);
    QVERIFY(herd.waitForStarted(5000));
    // The event file is opened once the options are checked and signals are watched.
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(events), 10000);
    ::kill(pid_t(herd.processId()), sig);
    QVERIFY2(herd.waitForFinished(10000), "Herd did not end on a signal while waiting for a FIFO's writer");
    QCOMPARE(herd.exitStatus(), QProcess::NormalExit);
    QCOMPARE(herd.exitCode(), 128 + sig);
    QVERIFY(readEvents(events).isEmpty());

    // With a writer, the FIFO's lines are the tasks.
    QProcess writer;
    writer.start("sh", {"-c", "printf 'a\\nb\\nc\\n' > \"$0\"", fifo});
    const Run run = runHerd(sourceArgs);
    QVERIFY(writer.waitForFinished(5000));
    QCOMPARE(run.status, 0);
    int done = 0;
    for (const QJsonObject &e : run.events)
        done += e.value("event") == "done";
    QCOMPARE(done, 3);
}

void tst_Headless::stdoutReaderThatStopsReadingBlocksNothing()
{
    // Herd's standard output is a FIFO that nobody reads: the pipe fills at once.
    const QString fifo = m_dir.filePath("stdout.fifo");
    QFile::remove(fifo);
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    const int holder = ::open(QFile::encodeName(fifo).constData(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    QVERIFY(holder >= 0);
    const auto closeHolder = qScopeGuard([holder] { ::close(holder); });
    const QString events = m_dir.filePath("stall-events.jsonl");
    QProcess herd;
    herd.setStandardOutputFile(fifo);
    herd.start(m_herd, {"--headless", "--events", events, "--run", "flood=yes", "--run", "dog=sleep 60", "--timeout", "1"});
    QVERIFY(herd.waitForStarted(5000));
    // The 1 s watchdogs still fire on time (before: 15 s late, blocked in write()).
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 for (const QJsonObject &e : readEvents(events))
                                     if (e.value("event") == "exited" && e.value("name") == "dog")
                                         return true;
                                 return false;
                             }()),
                             20000);
    QJsonObject spawned, exited;
    for (const QJsonObject &e : readEvents(events)) {
        if (e.value("name") == "dog" && e.value("event") == "spawned")
            spawned = e;
        if (e.value("name") == "dog" && e.value("event") == "exited")
            exited = e;
    }
    const qint64 lived = exited.value("t").toInteger() - spawned.value("t").toInteger();
    qInfo("watchdog of 1 s fired after %lld ms while stdout was stalled", lived);
    QVERIFY2(lived >= 1000 && lived < 3000, qPrintable(QString::number(lived)));
    QVERIFY2(herd.waitForFinished(15000), "Herd did not end with its standard output stalled");
    QCOMPARE(herd.exitCode(), 1);
    for (const QJsonObject &e : readEvents(events))
        if (e.value("event") == "spawned")
            QVERIFY(herd::test::isGone(e.value("pid").toInteger()));
    const QByteArray err = herd.readAllStandardError();
    QVERIFY2(err.contains("not echoed"), err.constData());

    // SIGTERM ends a run whose standard output is stalled.
    QProcess stuck;
    stuck.setStandardOutputFile(fifo);
    QFile::remove(events);
    stuck.start(m_herd, {"--headless", "--events", events, "--run", "flood=yes"});
    QTRY_VERIFY_WITH_TIMEOUT(!readEvents(events).isEmpty(), 10000);
    ::kill(pid_t(stuck.processId()), SIGTERM);
    QVERIFY2(stuck.waitForFinished(15000), "Herd did not end on SIGTERM with its standard output stalled");
    QCOMPARE(stuck.exitCode(), 128 + SIGTERM);
}

void tst_Headless::closedStdoutStopsOnlyTheEcho()
{
    // `herd ... | head -1`: SIGPIPE no longer kills Herd; the run ends as it should, the report
    // is complete and nothing is left running.
    const QString report = m_dir.filePath("headone.csv");
    const QString events = m_dir.filePath("headone.jsonl");
    QProcess sh;
    sh.start("bash", {"-c", "\"$0\" --headless --events \"$1\" --report \"$2\" --run 'chatty=sh -c \"echo one; echo two; "
                            "sleep 0.5; echo three; echo four\"' --workers 2 --tasks 20 | head -1; "
                            "echo \"herd=${PIPESTATUS[0]}\" >&2",
                      m_herd, events, report});
    QVERIFY(sh.waitForFinished(30000));
    const QByteArray err = sh.readAllStandardError();
    QVERIFY2(err.contains("herd=0"), err.constData());
    QCOMPARE(sh.readAllStandardOutput().count('\n'), 1);
    QFile csv(report);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().trimmed().split('\n').size(), 21);
    for (const QJsonObject &e : readEvents(events))
        if (e.value("event") == "spawned")
            QVERIFY(herd::test::isGone(e.value("pid").toInteger()));
}

void tst_Headless::terminatingSignalsStopEverythingSafely_data()
{
    QTest::addColumn<int>("sig");
    for (int sig : {SIGUSR1, SIGUSR2, SIGHUP, SIGQUIT, SIGALRM})
        QTest::newRow(sigabbrev_np(sig)) << sig;
}

void tst_Headless::terminatingSignalsStopEverythingSafely()
{
    // Before: SIGUSR1 killed Herd dead: grandchildren ran on, the segment stayed, no report.
    QFETCH(int, sig);
    const QString events = m_dir.filePath("usr-events.jsonl");
    const QString report = m_dir.filePath("usr-report.csv");
    QFile::remove(events);
    QFile::remove(report);
    QProcess herd;
    herd.start(m_herd, {"--headless", "--events", events, "--report", report, "--run", "tree=sh -c 'sleep 300 & wait'",
                        "--workers", "1", "--tasks", "3", "--exec", "sleep 300"});
    QVERIFY(herd.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 for (const QJsonObject &e : readEvents(events))
                                     if (e.value("event") == "taken")
                                         return true;
                                 return false;
                             }()),
                             10000);
    QVERIFY(hasSegmentOf(herd.processId()));
    ::kill(pid_t(herd.processId()), sig);
    QVERIFY2(herd.waitForFinished(15000), "Herd did not stop on the signal");
    QCOMPARE(herd.exitStatus(), QProcess::NormalExit);
    QCOMPARE(herd.exitCode(), 128 + sig);
    QVERIFY2(herd.readAllStandardOutput().contains("the run was interrupted"), "the message should say why");
    for (const QJsonObject &e : readEvents(events))
        if (e.value("event") == "spawned") {
            QVERIFY(herd::test::isGone(e.value("pid").toInteger()));
            QVERIFY(::kill(-pid_t(e.value("pid").toInteger()), 0) != 0); // the whole group
        }
    QVERIFY2(!hasSegmentOf(herd.processId()), "the queue segment was left behind");
    QFile csv(report);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().trimmed().split('\n').size(), 4);
}

void tst_Headless::stockWorkersRestartAfterTaskTimeout()
{
    // Two workers, two hanging tasks and ten quick ones: the task watchdog stops the workers
    // on the hanging tasks; they are restarted, the quick tasks all run, the hanging ones are
    // dead-lettered after 3 attempts. Before: both workers stopped for good, 10 tasks lost.
    const Run run = runHerd({"--workers", "2", "--tasks", "12", "--task-timeout", "0.3", "--grace", "0.2", "--exec",
                             "sh -c 'if [ $0 -le 2 ]; then exec sleep 60; fi' {}"},
                            90000);
    QCOMPARE(run.status, 1);
    QMap<qint64, QString> last;
    for (const QJsonObject &e : run.events)
        if (e.value("event") == "done" || e.value("event") == "dead-lettered")
            last.insert(e.value("task").toInteger(), e.value("event").toString());
    QCOMPARE(last.size(), 12);
    QCOMPARE(last.value(1), QStringLiteral("dead-lettered"));
    QCOMPARE(last.value(2), QStringLiteral("dead-lettered"));
    for (qint64 t = 3; t <= 12; ++t)
        QCOMPARE(last.value(t), QStringLiteral("done"));

    // --restart never keeps the old behaviour, by request.
    const Run never = runHerd({"--workers", "1", "--tasks", "3", "--task-timeout", "0.3", "--grace", "0.2", "--restart",
                               "never", "--exec", "sh -c 'if [ $0 -le 1 ]; then exec sleep 60; fi' {}"},
                              30000);
    QCOMPARE(never.status, 1);
    QVERIFY2(never.out.contains("never finished"), never.out.constData());
}

void tst_Headless::loneProcessIsRestartedThenGivenUp()
{
    // The basic case of supervision: one service, restart = always. It ran once before.
    const QString session = writeFile("svc.herd", "[process svc]\ncommand = echo up\nrestart = always\n"
                                                  "max-restarts = 2\nbackoff = 0.05\n");
    const Run run = runHerd({session}, 30000);
    QCOMPARE(run.out.count("svc | up\n"), 3); // the first run and two restarts
    QVERIFY2(run.out.contains("keeps failing"), run.out.constData());
    QVERIFY(run.status != 0);

    // On the command line too; SIGTERM while a restart is pending still ends Herd.
    const QString events = m_dir.filePath("svc-events.jsonl");
    QProcess herd;
    herd.start(m_herd, {"--headless", "--events", events, "--restart", "always", "--run", "svc=true"});
    QVERIFY(herd.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 int exits = 0;
                                 for (const QJsonObject &e : readEvents(events))
                                     exits += e.value("event") == "exited";
                                 return exits >= 2;
                             }()),
                             20000);
    ::kill(pid_t(herd.processId()), SIGTERM);
    QVERIFY(herd.waitForFinished(10000));
    QCOMPARE(herd.exitCode(), 128 + SIGTERM);
}

void tst_Headless::sessionMaxAttemptsApplies()
{
    // Before: "this session wants 2 attempts per task, but the queue was opened with 3".
    // Each task's command kills its worker: every attempt is a worker death.
    const QString report = m_dir.filePath("attempts.csv");
    const QString session = writeFile("attempts.herd", "[workers]\ncount = 1\nexec = sh -c 'kill -9 $PPID'\n"
                                                       "backoff = 0.05\n[tasks]\ncount = 1\n[queue]\nmax-attempts = 2\n");
    const Run run = runHerd({session, "--report", report}, 60000);
    QCOMPARE(run.status, 1);
    QVERIFY2(!run.err.contains("attempts per task"), run.err.constData());
    QFile csv(report);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), 2);
    QVERIFY2(rows.at(1).startsWith("1,1,dead-lettered,Worker-1,2,"), rows.at(1).constData());
    // No result code for a task given up on (it is not "exit 0"); the reason says why.
    QVERIFY2(rows.at(1).contains(",,gave up after 2 attempts: killed by SIGKILL"), rows.at(1).constData());
    QVERIFY2(run.out.contains("Worker-1 | killed by SIGKILL\nWorker-1 | restarting in "), run.out.constData());
}

void tst_Headless::outputsAreCheckedBeforeAnythingRuns_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    const QString tasks = m_dir.filePath("out-tasks.txt");
    const QString same = m_dir.filePath("same.out");
    QTest::newRow("report in a missing folder") << QStringList{"--report", "/nonexistent/dir/r.csv"} << "does not exist";
    QTest::newRow("report is a folder") << QStringList{"--report", m_dir.path()} << "folder";
    QTest::newRow("events and report in one file") << QStringList{"--events", same, "--report", same} << "same file";
    QTest::newRow("report over the task file") << QStringList{"--tasks-from", tasks, "--report", tasks} << "overwrite";
    QTest::newRow("events over the task file") << QStringList{"--tasks-from", tasks, "--events", tasks} << "overwrite";
    QTest::newRow("empty report name") << QStringList{"--report", ""} << "--report needs";
}

void tst_Headless::outputsAreCheckedBeforeAnythingRuns()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const QString tasks = writeFile("out-tasks.txt", "a\nb\n");
    const QString marker = m_dir.filePath("out-marker");
    QFile::remove(marker);
    QProcess herd;
    herd.start(m_herd, QStringList{"--headless", "--run", "touch " + marker, "--workers", "1"} + args);
    QVERIFY(herd.waitForFinished(10000));
    const QByteArray err = herd.readAllStandardError();
    QCOMPARE(herd.exitCode(), 2);
    QVERIFY2(err.contains(expected.toUtf8()), err.constData());
    QVERIFY(!QFile::exists(marker));
    QFile f(tasks);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("a\nb\n"));
}

void tst_Headless::writeErrorsAreReported_data()
{
    QTest::addColumn<QString>("option");
    QTest::newRow("--report /dev/full") << "--report";
    QTest::newRow("--events /dev/full") << "--events";
}

void tst_Headless::writeErrorsAreReported()
{
    // Before: exit 0, and the ledger or the events silently lost.
    QFETCH(QString, option);
    auto isDevice = [] {
        struct stat st;
        return ::stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode);
    };
    if (!isDevice())
        QSKIP("/dev/full is not the full device here");
    // Run as root, a Herd that saved its report by writing a temporary file and renaming it
    // would put a plain file in place of /dev/full: the device itself is part of the check.
    const auto stillDevice = qScopeGuard([&] { QVERIFY2(isDevice(), "/dev/full was replaced by a file"); });
    QProcess herd;
    herd.start(m_herd, {"--headless", option, "/dev/full", "--workers", "1", "--tasks", "3"});
    QVERIFY(herd.waitForFinished(20000));
    const QByteArray all = herd.readAllStandardOutput() + herd.readAllStandardError();
    QCOMPARE(herd.exitCode(), 1);
    QVERIFY2(all.contains("No space left on device"), all.constData());
}

void tst_Headless::closedStdoutCarryingEventsStopsTheRun()
{
    // `--events - | head -1`: nobody reads the events any more; running on would lose them all.
    QProcess sh;
    sh.start("bash", {"-c", "\"$0\" --headless --events - --run 'a=sleep 300' --workers 1 --tasks 100 --work-ms 100 "
                            "| head -1; echo \"herd=${PIPESTATUS[0]}\" >&2",
                      m_herd});
    QVERIFY(sh.waitForFinished(30000));
    const QByteArray err = sh.readAllStandardError();
    QVERIFY2(err.contains(QByteArray("herd=") + QByteArray::number(128 + SIGPIPE)), err.constData());
    QVERIFY2(err.contains("standard output was closed"), err.constData());
    QVERIFY2(err.contains("event(s) lost"), err.constData());
    const QJsonObject first = QJsonDocument::fromJson(sh.readAllStandardOutput()).object();
    QVERIFY(herd::test::isGone(first.value("pid").toInteger()));
}

void tst_Headless::messagesAreClear()
{
    // An escape sequence in a name does not reach the terminal raw.
    const Run esc = runHerd({"--run", "\x1b[31mred=echo hi"});
    QCOMPARE(esc.status, 0);
    QVERIFY2(esc.out.contains("\\x1b[31mred | hi\n"), esc.out.constData());
    QVERIFY(!esc.out.contains('\x1b'));
    // A directory as the program is said to be one, and the program is named.
    const Run dir = runHerd({"--run", "d=" + m_dir.path()});
    QCOMPARE(dir.status, 1);
    QVERIFY2(dir.out.contains("is a directory"), dir.out.constData());
    const Run ghost = runHerd({"--run", "ghost=/nonexistent/program"});
    QVERIFY2(ghost.out.contains("/nonexistent/program"), ghost.out.constData());
    // A 10 kB name is refused without being echoed in full.
    const Run longName = runHerd({"--run", QString(10000, 'n') + "=true"});
    QCOMPARE(longName.status, 2);
    QVERIFY2(longName.err.contains("the name is too long") && longName.err.size() < 400, longName.err.constData());
}

void tst_Headless::orphanSweepTermsFirstAndSparesCopiedMarks()
{
    // A Herd SIGKILLed while a process that left its session runs: the next start sends it
    // SIGTERM first (its handler runs), not SIGKILL at once.
    // The dead Herd's children are adopted by this test, not by whatever reaps orphans on the
    // machine (a container's init may end them before the sweep can).
    QVERIFY(::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0);
    const auto notReaper = qScopeGuard([] { ::prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0); });
    const QString termed = m_dir.filePath("termed.txt");
    QFile::remove(termed);
    const QString events = m_dir.filePath("sweep-events.jsonl");
    QFile::remove(events);
    QProcess herd;
    // A grandchild that left the session, and writes down the SIGTERM it gets.
    herd.start(m_herd, {"--headless", "--events", events, "--run", "keep=sleep 300", "--run",
                        "stray=" + herd::test::testChild() + " grandchild-setsid term-file " + termed});
    QVERIFY(herd.waitForStarted(5000));
    qint64 stray = 0;
    QByteArray echoed;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 echoed += herd.readAllStandardOutput();
                                 const int at = echoed.indexOf("stray | grandchild ");
                                 const int end = echoed.indexOf('\n', at);
                                 if (at >= 0 && end > at)
                                     stray = echoed.mid(at + 19, end - at - 19).toLongLong();
                                 return stray > 0;
                             }()),
                             10000);
    const auto cleanup = qScopeGuard([stray] {
        if (!herd::test::isGone(stray))
            ::kill(pid_t(stray), SIGKILL);
    });
    // The mark of this Herd, as a process that copies it would hold it.
    QByteArray mark;
    {
        QFile env(QStringLiteral("/proc/%1/environ").arg(stray));
        QVERIFY(env.open(QIODevice::ReadOnly));
        for (const QByteArray &entry : env.readAll().split('\0'))
            if (entry.startsWith("HERD_INSTANCE="))
                mark = entry.mid(14);
    }
    QVERIFY(!mark.isEmpty());
    ::kill(pid_t(herd.processId()), SIGKILL);
    QVERIFY(herd.waitForFinished(5000));
    QVERIFY(!herd::test::isGone(stray));

    // Not the dead Herd's: a process in another session that only copied the mark. Only the
    // sleep carries it; the shell that leads that session does not (a session leader with the
    // mark looks like a descendant that escaped with setsid(), and would be stopped, orphaning
    // the sleep).
    QProcess copier;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("HERD_INSTANCE");
    env.insert("COPIED_MARK", QString::fromLatin1(mark));
    copier.setProcessEnvironment(env);
    copier.start("setsid", {"-w", "sh", "-c", "HERD_INSTANCE=\"$COPIED_MARK\" sleep 300 & echo $!; wait"});
    QVERIFY(copier.waitForReadyRead(5000));
    const qint64 copied = copier.readLine().trimmed().toLongLong();
    QVERIFY(copied > 0);
    QTRY_VERIFY_WITH_TIMEOUT(([copied, &mark] {
                                 QFile f(QStringLiteral("/proc/%1/environ").arg(copied));
                                 return f.open(QIODevice::ReadOnly) && f.readAll().contains("HERD_INSTANCE=" + mark + '\0');
                             }()),
                             5000);
    const auto stopCopier = qScopeGuard([&copier, copied] {
        ::kill(pid_t(copied), SIGKILL);
        copier.waitForFinished(5000);
    });

    const Run run = runHerd({"--run", "true"});
    QCOMPARE(run.status, 0);
    QVERIFY2(run.err.contains(QStringLiteral("stray (pid %1)").arg(stray).toUtf8()), run.err.constData());
    QTRY_VERIFY_WITH_TIMEOUT(herd::test::isGone(stray), 5000);
    QFile f(termed);
    QVERIFY2(f.open(QIODevice::ReadOnly), "the leftover did not get SIGTERM first");
    QCOMPARE(f.readAll(), QByteArray("term\n"));
    QVERIFY2(!herd::test::isGone(copied), "a process that only copied the mark was killed");
    QVERIFY(!run.err.contains(QStringLiteral("pid %1)").arg(copied).toUtf8()));
}

void tst_Headless::streamedSourceStopsAtAFault()
{
    // Standard input is read as it arrives; a line too long stops it there, says so, and the
    // run fails (tasks were not read), after the tasks before it ran.
    const QString events = m_dir.filePath("stream-events.jsonl");
    QProcess herd;
    herd.start(m_herd, {"--headless", "--events", events, "--workers", "1", "--tasks-from", "-"});
    QVERIFY(herd.waitForStarted(5000));
    herd.write("first\n" + QByteArray(5000, 'x') + "\nnever\n");
    QVERIFY(herd.waitForFinished(20000));
    QCOMPARE(herd.exitCode(), 1);
    const QByteArray out = herd.readAllStandardOutput();
    QVERIFY2(out.contains("line 2 of standard input is longer than 4096 bytes"), out.constData());
    QStringList payloads;
    for (const QJsonObject &e : readEvents(events))
        if (e.value("event") == "enqueued")
            payloads << e.value("payload").toString();
    QCOMPARE(payloads, QStringList{"first"});
}

void tst_Headless::anyProgramIsAWorker()
{
    // A pool of a program of one's own (--worker-command), named and restarted as stock
    // workers; and a --run process that attaches to the queue takes tasks too.
    const QString worker = herd::test::workerProgram();
    QVERIFY(QFileInfo(worker).isExecutable());
    const QString report = m_dir.filePath("pool.csv");
    const Run pool = runHerd({"--workers", "2", "--worker-command", worker + " --quiet", "--tasks", "20", "--report", report});
    QCOMPARE(pool.status, 0);
    QVERIFY(pool.spawnedEvent("Worker-2").value("worker").toBool());
    QFile csv(report);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().count(",done,"), 20);

    const Run run = runHerd({"--run", "mine=" + worker, "--tasks", "5"});
    QCOMPARE(run.status, 0);
    int done = 0;
    for (const QJsonObject &e : run.events)
        done += e.value("event") == "done" && e.value("worker") == "mine";
    QCOMPARE(done, 5);
}

void tst_Headless::herdsInOtherPidNamespacesAreLeftAlone()
{
    // /dev/shm and the view of the process table are shared with Herds in other pid
    // namespaces (here `unshare -fp --mount-proc`, as a container started from a shell).
    // Their pids name other processes here, or none, and ours name none there: a Herd that
    // starts must take neither side's queue for a dead Herd's and remove it, or the other
    // Herd's restarted and new workers find no queue to attach to.
    if (QProcess::execute(QStringLiteral("unshare"), {"-fp", "--mount-proc", "true"}) != 0)
        QSKIP("no pid namespace can be made here (unshare -fp needs root)");
    // The long run's one task waits for a gate file, so it is surely still running when the
    // other Herd has started and finished, however slow the machine.
    auto gated = [this](const QString &gate) {
        return QStringList{"--headless", "--workers", "1", "--tasks", "1", "--exec",
                           QStringLiteral("sh -c 'until [ -e %1 ]; do sleep 0.05; done'").arg(gate)};
    };
    auto open = [](const QString &gate) {
        QFile f(gate);
        return f.open(QIODevice::WriteOnly);
    };
    const QStringList quick{"--headless", "--workers", "1", "--tasks", "2", "--exec", "true"};
    // The queue a process has mapped, from /proc/PID/maps ("" while it has none).
    auto segmentOf = [](qint64 pid) {
        QFile maps(QStringLiteral("/proc/%1/maps").arg(pid));
        if (!maps.open(QIODevice::ReadOnly))
            return QString();
        const QByteArray text = maps.readAll();
        const int at = text.indexOf("/dev/shm/herd-");
        return at < 0 ? QString() : QString::fromUtf8(text.mid(at + 9, text.indexOf('\n', at) - at - 9));
    };
    // The Herd that `unshare -f` started, by its pid here.
    auto childOf = [](qint64 pid) {
        QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
        return children.open(QIODevice::ReadOnly) ? children.readAll().trimmed().split(' ').value(0).toLongLong() : 0;
    };

    // This side's Herd runs while one starts in another namespace.
    {
        const QString gate = m_dir.filePath(QStringLiteral("gate-here"));
        QProcess here;
        here.start(m_herd, gated(gate));
        QVERIFY(here.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(hasSegmentOf(here.processId()), 10000);
        QProcess there;
        there.start(QStringLiteral("unshare"), QStringList{"-fp", "--mount-proc", m_herd} + quick);
        QVERIFY2(there.waitForFinished(30000), "the Herd in the other namespace did not finish");
        QCOMPARE(there.exitCode(), 0);
        QVERIFY2(hasSegmentOf(here.processId()), "a Herd in another pid namespace removed this side's live queue");
        QVERIFY(open(gate));
        QVERIFY(here.waitForFinished(30000));
        QCOMPARE(here.exitCode(), 0);
    }
    // And the other way round: one runs there while one starts here.
    {
        const QString gate = m_dir.filePath(QStringLiteral("gate-there"));
        QProcess there;
        there.start(QStringLiteral("unshare"), QStringList{"-fp", "--mount-proc", m_herd} + gated(gate));
        QVERIFY(there.waitForStarted(5000));
        qint64 herdThere = 0;
        QString theirs;
        QTRY_VERIFY_WITH_TIMEOUT(((herdThere = childOf(there.processId())) > 0
                                  && !(theirs = segmentOf(herdThere)).isEmpty()),
                                 10000);
        const Run here = runHerd(quick.mid(1));
        QCOMPARE(here.status, 0);
        QVERIFY2(QFile::exists(QStringLiteral("/dev/shm/") + theirs),
                 "a Herd here removed the live queue of a Herd in another pid namespace");
        QVERIFY(open(gate));
        QVERIFY2(there.waitForFinished(30000), "the Herd in the other namespace did not finish");
        QCOMPARE(there.exitCode(), 0);
    }
}

QTEST_GUILESS_MAIN(tst_Headless)
#include "tst_headless.moc"
