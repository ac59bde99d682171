#include "process/managedprocess.h"
#include "process/supervisor.h"
#include "testsupport.h"

#include <csignal>
#include <QElapsedTimer>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <limits>
#include <memory>
#include <sys/resource.h>

using namespace herd;
using namespace herd::test;

class tst_Supervisor final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tutorialNamingExample();
    void naming();
    void takenNameRefused();
    void invalidSpecsRefused_data();
    void invalidSpecsRefused();
    void environment();
    void programStoredAbsolute();
    void failedToStart();
    void permissionDenied_data();
    void permissionDenied();
    void lookups();
    void allEndedOnce();
    void sampling();
    void spawnFromEndingThread();
    void killAllDoesNotBlock();
    void terminateAllInParallel();
    void manyProcessesArmFewNotifiers();
    void destructorDoesNotBlock();
    void daemonizedOrphanEndsWithSession();
    void tooManyOpenFiles();
    void recordedRunIsNeverSignalledOrStarted();
};

void tst_Supervisor::initTestCase()
{
    QVERIFY2(QFileInfo(testChild()).isExecutable(), "HERD_TESTCHILD must name the helper program");
}

void tst_Supervisor::tutorialNamingExample()
{
    // Python: Process(name='test') then Process() print "test" and "Process-2".
    Supervisor sup;
    SPAWN(p1, sup, childSpec({"print-env", "HERD_PROCESS_NAME"}, "test"));
    SPAWN(p2, sup, childSpec({"print-env", "HERD_PROCESS_NAME"}));
    QCOMPARE(p1->name(), QStringLiteral("test"));
    QCOMPARE(p2->name(), QStringLiteral("Process-2"));
    QTRY_VERIFY_WITH_TIMEOUT(!p1->isAlive() && !p2->isAlive(), 10000);
    QCOMPARE(outputTexts(p1), QStringList{"test"});
    QCOMPARE(outputTexts(p2), QStringList{"Process-2"});
}

void tst_Supervisor::naming()
{
    Supervisor sup;
    ProcessSpec worker = childSpec({"exit", "0"});
    worker.kind = ProcessKind::Worker;
    SPAWN(a, sup, childSpec({"exit", "0"}));     // Process-1
    SPAWN(w1, sup, worker);                      // Worker-1 (the 2nd process)
    ProcessSpec namedWorker = worker;
    namedWorker.name = QStringLiteral("cruncher");
    SPAWN(w2, sup, namedWorker);                 // counts as a worker and a process
    SPAWN(w3, sup, worker);                      // Worker-3
    SPAWN(b, sup, childSpec({"exit", "0"}, "  ")); // blank: Process-5
    QCOMPARE(a->name(), QStringLiteral("Process-1"));
    QCOMPARE(w1->name(), QStringLiteral("Worker-1"));
    QCOMPARE(w2->name(), QStringLiteral("cruncher"));
    QCOMPARE(w3->name(), QStringLiteral("Worker-3"));
    QCOMPARE(b->name(), QStringLiteral("Process-5"));
    // A user who took a generated name does not make the next one collide.
    SPAWN(c, sup, childSpec({"exit", "0"}, "Process-7"));
    SPAWN(d, sup, childSpec({"exit", "0"}));
    QCOMPARE(c->name(), QStringLiteral("Process-7"));
    QVERIFY(d->name() != c->name());
    QTRY_COMPARE_WITH_TIMEOUT(sup.aliveCount(), 0, 10000);
    QVector<quint64> ids;
    for (ManagedProcess *p : sup.processes())
        ids.append(p->id());
    QCOMPARE(ids.size(), 7);
    QCOMPARE(QSet<quint64>(ids.cbegin(), ids.cend()).size(), 7);
}

void tst_Supervisor::takenNameRefused()
{
    Supervisor sup;
    SPAWN(first, sup, childSpec({"exit", "0"}, "web"));
    QSignalSpy spawned(&sup, &Supervisor::processSpawned);
    const Result<ManagedProcess *> again = sup.spawn(childSpec({"exit", "0"}, "web"));
    QVERIFY(!again.ok());
    QVERIFY2(again.error.contains(QLatin1String("web")) && again.error.contains(QLatin1String("already taken")),
             qPrintable(again.error));
    QCOMPARE(spawned.count(), 0);
    // Still taken after it ended: the record stays.
    QTRY_VERIFY_WITH_TIMEOUT(!first->isAlive(), 10000);
    QVERIFY(!sup.spawn(childSpec({"exit", "0"}, "web")).ok());
    // A refused spawn is not counted.
    SPAWN(next, sup, childSpec({"exit", "0"}));
    QCOMPARE(next->name(), QStringLiteral("Process-2"));
    QTRY_VERIFY_WITH_TIMEOUT(!next->isAlive(), 10000);
}

void tst_Supervisor::invalidSpecsRefused_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<qint64>("timeoutMs");
    QTest::addColumn<qint64>("graceMs");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("workingDirectory");
    QTest::addColumn<QString>("error");

    const QString child = testChild();
    QTest::newRow("negative timeout") << child << qint64(-1) << qint64(5000) << QStringList() << QString()
                                      << "negative";
    QTest::newRow("absurd timeout") << child << kMaxTimeoutMs + 1 << qint64(5000) << QStringList() << QString()
                                    << "too long";
    QTest::newRow("negative grace") << child << qint64(0) << qint64(-1) << QStringList() << QString() << "negative";
    QTest::newRow("empty program") << "" << qint64(0) << qint64(5000) << QStringList() << QString() << "no program";
    QTest::newRow("bad environment") << child << qint64(0) << qint64(5000) << QStringList{"JUSTTEXT"} << QString()
                                     << "KEY=VALUE";
    QTest::newRow("missing directory") << child << qint64(0) << qint64(5000) << QStringList()
                                       << "/nonexistent/herd-dir" << "does not exist";
}

void tst_Supervisor::invalidSpecsRefused()
{
    QFETCH(QString, program);
    QFETCH(qint64, timeoutMs);
    QFETCH(qint64, graceMs);
    QFETCH(QStringList, environment);
    QFETCH(QString, workingDirectory);
    QFETCH(QString, error);

    Supervisor sup;
    ProcessSpec spec;
    spec.program = program;
    spec.arguments = QStringList{"exit", "0"};
    spec.timeoutMs = timeoutMs;
    spec.graceMs = graceMs;
    spec.environment = environment;
    spec.workingDirectory = workingDirectory;
    const Result<ManagedProcess *> result = sup.spawn(spec);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
    QVERIFY(sup.processes().isEmpty());
}

void tst_Supervisor::environment()
{
    Supervisor sup;
    sup.setBaseEnvironment({"HERD_TEST_BASE=base", "HERD_TEST_BOTH=base"});
    ProcessSpec spec = childSpec({"print-env", "HERD_TEST_BASE"}, "env-a");
    spec.environment = QStringList{"HERD_TEST_BOTH=spec"};
    SPAWN(a, sup, spec);
    spec = childSpec({"print-env", "HERD_TEST_BOTH"}, "env-b");
    spec.environment = QStringList{"HERD_TEST_BOTH=spec=with=equals"};
    SPAWN(b, sup, spec);
    // The name is Herd's to set.
    spec = childSpec({"print-env", "HERD_PROCESS_NAME"}, "env-c");
    spec.environment = QStringList{"HERD_PROCESS_NAME=forged"};
    SPAWN(c, sup, spec);
    // Herd's own environment is inherited (the suite id lets CTest find leftovers).
    SPAWN(d, sup, childSpec({"print-env", "HERD_SUITE_ID"}, "env-d"));
    QTRY_COMPARE_WITH_TIMEOUT(sup.aliveCount(), 0, 10000);
    QCOMPARE(outputTexts(a), QStringList{"base"});
    QCOMPARE(outputTexts(b), QStringList{"spec=with=equals"});
    QCOMPARE(outputTexts(c), QStringList{"env-c"});
    QCOMPARE(outputTexts(d), QStringList{qEnvironmentVariable("HERD_SUITE_ID", "<unset>")});
}

void tst_Supervisor::programStoredAbsolute()
{
    const QString sh = QStandardPaths::findExecutable(QStringLiteral("sh"));
    if (sh.isEmpty())
        QSKIP("no sh in PATH");
    Supervisor sup;
    ProcessSpec spec;
    spec.program = QStringLiteral("sh");
    spec.arguments = QStringList{"-c", "exit 0"};
    SPAWN(p, sup, spec);
    QCOMPARE(p->spec().program, sh);
    QVERIFY(QFileInfo(p->spec().program).isAbsolute());

    // A relative path is taken from Herd's working directory, not the child's.
    const QFileInfo child(testChild());
    const QString savedDir = QDir::currentPath();
    QVERIFY(QDir::setCurrent(child.absolutePath()));
    QTemporaryDir elsewhere;
    ProcessSpec relative = childSpec({"exit", "4"});
    relative.program = QStringLiteral("./") + child.fileName();
    relative.workingDirectory = elsewhere.path();
    const Result<ManagedProcess *> spawned = sup.spawn(relative);
    QDir::setCurrent(savedDir);
    QVERIFY2(spawned.ok(), qPrintable(spawned.error));
    QCOMPARE(spawned.value->spec().program, child.absoluteFilePath());
    QTRY_COMPARE_WITH_TIMEOUT(sup.aliveCount(), 0, 10000);
    QCOMPARE(spawned.value->result().exitCode, 4);
}

void tst_Supervisor::failedToStart()
{
    Supervisor sup;
    ProcessSpec spec;
    spec.program = QStringLiteral("/nonexistent/herd-no-such-program");
    spec.timeoutMs = 100;
    SPAWN(p, sup, spec);
    QVector<ProcessState> states;
    connect(p, &ManagedProcess::stateChanged, this, [&states](ProcessState s) { states.append(s); });
    QSignalSpy finished(p, &ManagedProcess::finished);
    QSignalSpy supFinished(&sup, &Supervisor::processFinished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(supFinished.count(), 1);
    QCOMPARE(states, QVector<ProcessState>{ProcessState::FailedToStart}); // never Running
    const ProcessResult r = p->result();
    QCOMPARE(r.state, ProcessState::FailedToStart);
    QCOMPARE(r.reason, EndReason::FailedToStart);
    QCOMPARE(r.message, QStringLiteral("failed to start: No such file or directory"));
    QCOMPARE(r.exitCode, 127); // not Qt's meaningless 255
    QCOMPARE(p->watchdogRemainingMs(), qint64(-1));
    QCOMPARE(p->kill(), SignalResult::NotRunning);

    // A bare name that is nowhere in PATH fails the same way.
    ProcessSpec bare;
    bare.program = QStringLiteral("herd-no-such-program-anywhere");
    SPAWN(q, sup, bare);
    QTRY_VERIFY_WITH_TIMEOUT(!q->isAlive(), 10000);
    QCOMPARE(q->result().message, QStringLiteral("failed to start: No such file or directory"));

    // The supervisor goes on.
    SPAWN(ok, sup, childSpec({"exit", "0"}));
    QTRY_VERIFY_WITH_TIMEOUT(!ok->isAlive(), 10000);
    QCOMPARE(ok->state(), ProcessState::Exited);
}

void tst_Supervisor::permissionDenied_data()
{
    QTest::addColumn<bool>("directory");
    QTest::newRow("file without x") << false;
    QTest::newRow("directory") << true;
}

void tst_Supervisor::permissionDenied()
{
    QFETCH(bool, directory);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString program = dir.path();
    if (!directory) {
        program = dir.filePath(QStringLiteral("not-executable"));
        QFile file(program);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\nexit 0\n");
        file.close();
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    }
    Supervisor sup;
    ProcessSpec spec;
    spec.program = program;
    SPAWN(p, sup, spec);
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 10000);
    QCOMPARE(p->state(), ProcessState::FailedToStart);
    // execve() says EACCES for both; a directory is said to be one.
    QCOMPARE(p->result().message, directory ? QStringLiteral("failed to start: %1 is a directory, not a program").arg(program)
                                            : QStringLiteral("failed to start: Permission denied"));
    QCOMPARE(p->result().exitCode, 126);
}

void tst_Supervisor::lookups()
{
    Supervisor sup;
    SPAWN(p, sup, childSpec({"sleep", "60"}, "finder"));
    QCOMPARE(sup.findByName(QStringLiteral("finder")), p);
    QCOMPARE(sup.findByName(QStringLiteral("nobody")), nullptr);
    QCOMPARE(sup.process(p->id()), p);
    QCOMPARE(sup.process(p->id() + 1000), nullptr);
    QCOMPARE(sup.findByPid(p->pid()), p);
    QCOMPARE(sup.findByPid(0), nullptr);
    QCOMPARE(sup.aliveCount(), 1);
    QCOMPARE(sup.aliveNonDaemonCount(), 1);
    p->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
    QCOMPARE(sup.findByPid(p->pid()), nullptr); // live processes only
    QCOMPARE(sup.findByName(QStringLiteral("finder")), p);
    QCOMPARE(sup.aliveCount(), 0);
}

void tst_Supervisor::allEndedOnce()
{
    Supervisor sup;
    QSignalSpy allEnded(&sup, &Supervisor::allEnded);
    QSignalSpy finished(&sup, &Supervisor::processFinished);
    QSignalSpy states(&sup, &Supervisor::processStateChanged);
    SPAWN(a, sup, childSpec({"sleep", "0.1"}));
    SPAWN(b, sup, childSpec({"sleep", "0.4"}));
    QTRY_COMPARE_WITH_TIMEOUT(allEnded.count(), 1, 10000);
    QCOMPARE(finished.count(), 2);
    QVERIFY(!a->isAlive() && !b->isAlive());
    QCOMPARE(finished.last().first().value<ManagedProcess *>(), b);
    QVERIFY(states.count() >= 4); // Running and Exited for each
}

void tst_Supervisor::sampling()
{
    Supervisor sup;
    sup.setSampleInterval(200);
    QSignalSpy sampled(&sup, &Supervisor::sampled);
    SPAWN(busy, sup, childSpec({"busy", "20", "64"}));
    SPAWN(idle, sup, childSpec({"sleep", "20"}));
    QTRY_VERIFY_WITH_TIMEOUT(hasLine(busy, "ready"), 10000);
    // Judged on samples taken after the child said it has touched all its memory: one
    // delivered by then may have been taken before (a loaded machine once showed 63 MiB).
    const int sampledBeforeReady = int(sampled.count());
    // The machine may be shared: a busy child gets at least a fair slice, not a whole core.
    QTRY_VERIFY_WITH_TIMEOUT(sampled.count() >= sampledBeforeReady + 2 && busy->sample().cpuPercent > 15.0, 10000);
    const ProcessSample b = busy->sample();
    const ProcessSample i = idle->sample();
    qInfo("busy child: %.1f%% CPU, %lld MiB; idle child: %.1f%% CPU, %lld KiB", b.cpuPercent,
          static_cast<long long>(b.rssBytes >> 20), i.cpuPercent, static_cast<long long>(i.rssBytes >> 10));
    QVERIFY(b.cpuPercent <= 110.0);
    QVERIFY(b.rssBytes >= 64LL << 20);
    QVERIFY(b.rssBytes < 1LL << 30);
    QVERIFY(i.cpuPercent < 10.0);
    QVERIFY(i.rssBytes > 0 && i.rssBytes < 64LL << 20);
    QVERIFY(!i.stopped);
    // A process stopped by a signal is sampled as stopped, and as running again after SIGCONT.
    QCOMPARE(idle->sendSignal(SIGSTOP), SignalResult::Sent);
    QTRY_VERIFY_WITH_TIMEOUT(idle->sample().stopped, 10000);
    QCOMPARE(idle->state(), ProcessState::Running);
    QCOMPARE(idle->sendSignal(SIGCONT), SignalResult::Sent);
    QTRY_VERIFY_WITH_TIMEOUT(!idle->sample().stopped, 10000);
    sup.killAll(StopCause::User);
    QTRY_COMPARE_WITH_TIMEOUT(sup.aliveCount(), 0, 5000);
}

void tst_Supervisor::spawnFromEndingThread()
{
    // PR_SET_PDEATHSIG fires when the thread that forked the child ends. A spawn() called
    // from a short-lived thread is carried out on the supervisor's thread, so its child
    // outlives the calling thread.
    Supervisor sup;
    ManagedProcess *p = nullptr;
    std::unique_ptr<QThread> thread(QThread::create([&sup, &p] {
        const Result<ManagedProcess *> result = sup.spawn(childSpec({"tick", "50"}, "from-thread"));
        p = result.value;
    }));
    thread->start();
    QTRY_VERIFY_WITH_TIMEOUT(thread->isFinished(), 10000);
    thread->wait();
    QVERIFY(p);
    QTRY_VERIFY_WITH_TIMEOUT(hasLine(p, "tick 1"), 10000);
    const int ticksAtEnd = int(outputTexts(p).size());
    // Still alive and ticking well after its caller's thread has gone.
    QTRY_VERIFY_WITH_TIMEOUT(outputTexts(p).size() >= ticksAtEnd + 5, 10000);
    QVERIFY(p->isAlive());
    QVERIFY(!isGone(p->pid()));
    p->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
    QCOMPARE(p->result().exitCode, -9);
}

void tst_Supervisor::killAllDoesNotBlock()
{
    Supervisor sup;
    QVector<ManagedProcess *> all;
    for (int i = 0; i < 10; ++i) {
        SPAWN(p, sup, childSpec({"ignore-term"}));
        all.append(p);
    }
    for (ManagedProcess *p : all)
        QTRY_VERIFY_WITH_TIMEOUT(hasLine(p, "ready"), 10000);
    sup.killAll(StopCause::User);
    // killAll() returned without waiting for anyone: a child is reaped only when the event
    // loop turns, so a killAll() that waited would have returned them ended. Checked by
    // state, not by a stopwatch, so a busy machine cannot fail it.
    for (ManagedProcess *p : all) {
        QCOMPARE(p->state(), ProcessState::Stopping);
        QVERIFY(p->timeline().killSentMs >= 0);
        QCOMPARE(p->timeline().reapedMs, qint64(-1));
    }
    QTRY_COMPARE_WITH_TIMEOUT(sup.aliveCount(), 0, 10000);
    for (ManagedProcess *p : all)
        QCOMPARE(p->result().exitCode, -9);
}

void tst_Supervisor::terminateAllInParallel()
{
    // A quit with 50 daemons, 5 of which ignore SIGTERM, with a 500 ms grace: everything
    // ends after about one grace period, not five, terminateAll() returns at once, and
    // daemonsOnly spares the others.
    Supervisor sup;
    QVector<ManagedProcess *> stubborn;
    QVector<ManagedProcess *> daemons;
    for (int i = 0; i < 50; ++i) {
        ProcessSpec spec = childSpec(i % 10 == 0 ? QStringList{"ignore-term"} : QStringList{"term-handler"});
        spec.graceMs = 500;
        spec.daemon = true;
        SPAWN(p, sup, spec);
        daemons.append(p);
        if (i % 10 == 0)
            stubborn.append(p);
    }
    SPAWN(keeper, sup, childSpec({"sleep", "60"}, "not-a-daemon"));
    for (ManagedProcess *p : daemons)
        QTRY_VERIFY_WITH_TIMEOUT(hasLine(p, "ready"), 20000);
    QCOMPARE(sup.aliveNonDaemonCount(), 1);
    sup.terminateAll(StopCause::Quit, true);
    // It returned at once: every daemon has had its SIGTERM and none has been reaped yet
    // (that needs the event loop), so terminateAll() waited for nobody.
    for (ManagedProcess *p : daemons) {
        QCOMPARE(p->state(), ProcessState::Stopping);
        QVERIFY(p->timeline().termSentMs >= 0);
        QCOMPARE(p->timeline().killSentMs, qint64(-1));
        QCOMPARE(p->timeline().reapedMs, qint64(-1));
    }
    QTRY_COMPARE_WITH_TIMEOUT(sup.aliveCount(), 1, 20000);
    // In parallel, read from the stop timelines rather than a stopwatch: every SIGTERM went
    // out before the first SIGKILL, and each stubborn one got its SIGKILL after its own
    // grace. Stopping one after another would have put a SIGKILL before the next SIGTERM.
    qint64 lastTerm = -1;
    qint64 firstKill = std::numeric_limits<qint64>::max();
    for (ManagedProcess *p : daemons) {
        const StopTimeline t = p->timeline();
        lastTerm = qMax(lastTerm, t.termSentMs);
        if (stubborn.contains(p)) {
            QVERIFY(t.killSentMs >= 0);
            QVERIFY2(t.killSentMs - t.termSentMs >= 490, qPrintable(QString::number(t.killSentMs - t.termSentMs)));
            firstKill = qMin(firstKill, t.killSentMs);
        } else {
            QCOMPARE(t.killSentMs, qint64(-1));
        }
    }
    qInfo("last SIGTERM at %lld ms, first SIGKILL at %lld ms", static_cast<long long>(lastTerm),
          static_cast<long long>(firstKill));
    QVERIFY(lastTerm < firstKill);
    for (ManagedProcess *p : daemons) {
        QCOMPARE(p->result().cause, StopCause::Quit);
        QCOMPARE(p->result().exitCode, stubborn.contains(p) ? -9 : 0);
    }
    QVERIFY(keeper->isAlive());
    keeper->terminate();
    QTRY_VERIFY_WITH_TIMEOUT(!keeper->isAlive(), 5000);
}

void tst_Supervisor::manyProcessesArmFewNotifiers()
{
    // Each armed socket notifier is one more descriptor in every poll() of the event loop.
    // With 60 processes running, a fixed few are armed (the epoll set's, which holds every
    // process's pipes and pidfd), not one or three per process; and every way
    // of ending is still seen at once: an exit, a crash, SIGTERM, SIGKILL after the grace.
    Supervisor sup;
    const auto armed = [&sup] {
        int n = 0;
        for (const QSocketNotifier *notifier : sup.findChildren<QSocketNotifier *>())
            n += notifier->isEnabled() ? 1 : 0;
        return n;
    };
    QVector<ManagedProcess *> sleepers;
    for (int i = 0; i < 60; ++i) {
        SPAWN(p, sup, sleeper());
        sleepers.append(p);
    }
    for (ManagedProcess *p : sleepers)
        QTRY_COMPARE_WITH_TIMEOUT(p->state(), ProcessState::Running, 20000);
    QVERIFY2(armed() <= 2, qPrintable(QStringLiteral("%1 notifiers armed").arg(armed())));

    SPAWN(exits, sup, childSpec({"exit", "7"}));
    SPAWN(crashes, sup, childSpec({"crash"}));
    ProcessSpec stubbornSpec = childSpec({"ignore-term"});
    stubbornSpec.graceMs = 300;
    SPAWN(stubborn, sup, stubbornSpec);
    QTRY_VERIFY_WITH_TIMEOUT(hasLine(stubborn, "ready"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!exits->isAlive() && !crashes->isAlive(), 10000);
    QCOMPARE(exits->result().exitCode, 7);
    QCOMPARE(crashes->state(), ProcessState::Killed);
    stubborn->terminate();
    sleepers.first()->terminate();
    QTRY_VERIFY_WITH_TIMEOUT(!stubborn->isAlive() && !sleepers.first()->isAlive(), 10000);
    QCOMPARE(stubborn->result().exitCode, -9);
    QCOMPARE(sleepers.first()->result().exitCode, -15);
    QVERIFY(armed() <= 2);
    sup.killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(sup.aliveCount(), 0, 20000);
}

void tst_Supervisor::destructorDoesNotBlock()
{
    // Destroying the supervisor kills every group at once without waiting for any child,
    // grandchildren included, even those that left the group.
    auto sup = std::make_unique<Supervisor>();
    QVector<qint64> pids;
    QVector<ManagedProcess *> all;
    for (int i = 0; i < 6; ++i) {
        SPAWN(p, *sup, childSpec({i % 2 ? "grandchild" : "grandchild-setsid", "ignore-term"}));
        all.append(p);
    }
    for (ManagedProcess *p : all) {
        QTRY_VERIFY_WITH_TIMEOUT(!lineAfter(p, "grandchild ").isEmpty(), 10000);
        pids.append(p->pid());
        pids.append(lineAfter(p, "grandchild ").toLongLong());
    }
    QElapsedTimer clock;
    clock.start();
    sup.reset();
    const qint64 blocked = clock.elapsed();
    qInfo("~Supervisor with 6 live groups returned after %lld ms", static_cast<long long>(blocked));
    // Not blocking is the feature here, and a child that is not waited for leaves no state
    // to check, so this one bound stays: what it catches is a wait for a grace period (5 s)
    // or for ~QProcess (30 s), and 3 s leaves a loaded machine room to be slow.
    QVERIFY2(blocked < 3000, qPrintable(QString::number(blocked)));
    for (qint64 pid : pids)
        QTRY_VERIFY_WITH_TIMEOUT(isGone(pid), 5000);
}

void tst_Supervisor::daemonizedOrphanEndsWithSession()
{
    // A process that starts a daemon (fork, setsid) and exits: as under a shell, the
    // daemon keeps running while the session lasts, as Herd's adopted child; when the
    // session ends it is killed with everything else.
    auto sup = std::make_unique<Supervisor>();
    SPAWN(p, *sup, childSpec({"daemonize"}));
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 10000);
    QCOMPARE(p->result().exitCode, 0);
    const qint64 daemon = lineAfter(p, "grandchild ").toLongLong();
    QVERIFY(daemon > 1);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QStringLiteral("/proc/%1").arg(daemon)), 5000);
    QCOMPARE(parentPid(daemon), qint64(::getpid())); // adopted by Herd, not init
    QVERIFY(!isGone(daemon));
    sup.reset();
    QTRY_VERIFY_WITH_TIMEOUT(isGone(daemon), 5000);
}

void tst_Supervisor::tooManyOpenFiles()
{
    // Out of descriptors, Qt 6.4 says "No such file or directory"; Herd says what it is,
    // and the processes that did start are unaffected.
    Supervisor sup;
    rlimit saved;
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &saved), 0);
    const int open = int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size());
    rlimit tight = saved;
    tight.rlim_cur = rlim_t(open + 12);
    QCOMPARE(::setrlimit(RLIMIT_NOFILE, &tight), 0);
    QVector<ManagedProcess *> all;
    for (int i = 0; i < 12; ++i) {
        const Result<ManagedProcess *> result = sup.spawn(childSpec({"sleep", "30"}));
        if (result.ok())
            all.append(result.value);
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(all.cbegin(), all.cend(), [](const ManagedProcess *p) {
                                 return p->state() == ProcessState::Running || !p->isAlive();
                             }), 10000);
    QCOMPARE(::setrlimit(RLIMIT_NOFILE, &saved), 0);
    int running = 0;
    int failed = 0;
    for (const ManagedProcess *p : all) {
        if (p->isAlive()) {
            ++running;
        } else {
            ++failed;
            QCOMPARE(p->state(), ProcessState::FailedToStart);
            QCOMPARE(p->result().message, QStringLiteral("failed to start: Too many open files"));
            QCOMPARE(p->result().exitCode, 126);
        }
    }
    qInfo("%d started, %d refused for lack of descriptors", running, failed);
    QVERIFY(running >= 1);
    QVERIFY(failed >= 1);
    sup.killAll(StopCause::User);
    QTRY_COMPARE_WITH_TIMEOUT(sup.aliveCount(), 0, 5000);
}

void tst_Supervisor::recordedRunIsNeverSignalledOrStarted()
{
    // A recorded run names a pid that is not ours: nothing may ever reach it. The pid
    // recorded here is free, so a signal sent to it would say "no such process".
    qint64 freePid = 4194000;
    while (freePid > 1000 && !(::kill(pid_t(freePid), 0) != 0 && errno == ESRCH))
        --freePid;
    Supervisor sup;
    ProcessRecord running;
    running.spec = sleeper(QStringLiteral("recorded"));
    running.state = ProcessState::Running;
    running.pid = freePid;
    running.startedMs = 0;
    const Result<ManagedProcess *> added = sup.addRecorded(running);
    QVERIFY2(added.ok(), qPrintable(added.error));
    ManagedProcess *p = added.value;
    QVERIFY(p->isRecorded());
    QVERIFY(p->isAlive());
    QCOMPARE(p->terminate(), SignalResult::NotRunning);
    QCOMPARE(p->kill(), SignalResult::NotRunning);
    QCOMPARE(p->sendSignal(SIGTERM), SignalResult::NotRunning);
    QCOMPARE(p->state(), ProcessState::Running); // as recorded
    QCOMPARE(p->setTimeout(1).error, QString()); // kept in the spec, never armed
    QCOMPARE(p->spec().timeoutMs, qint64(1));
    QCOMPARE(p->watchdogRemainingMs(), qint64(-1));
    ProcessRecord ended = running;
    ended.spec.name = QStringLiteral("ended");
    ended.state = ProcessState::Exited;
    const Result<ManagedProcess *> endedAdded = sup.addRecorded(ended);
    QVERIFY2(endedAdded.ok(), qPrintable(endedAdded.error));
    const Result<void> restarted = endedAdded.value->restart();
    QVERIFY(!restarted.ok());
    QVERIFY2(restarted.error.contains(QLatin1String("recorded")), qPrintable(restarted.error));
    QCOMPARE(sup.findByName(QStringLiteral("ended"))->pid(), freePid);
    // Names stay unique, as for spawn().
    QVERIFY(!sup.addRecorded(running).ok());
    QVERIFY(!sup.spawn(sleeper(QStringLiteral("recorded"))).ok());
}

QTEST_GUILESS_MAIN(tst_Supervisor)
#include "tst_supervisor.moc"
