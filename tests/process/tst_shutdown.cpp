#include "process/managedprocess.h"
#include "process/shutdown.h"
#include "process/supervisor.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QtTest>

using namespace herd;
using namespace herd::test;

// The stop policy Herd ends with: daemons without asking, SIGTERM then SIGKILL after the
// grace, SIGKILL at once when asked a second time, and one finished() when all is gone.
class tst_Shutdown final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void nothingAliveFinishesAtOnce();
    void terminateEndsEverything();
    void stubbornProcessIsKilledAfterItsGrace();
    void secondTerminateKills();
    void daemonsOnlyLeavesTheOthersRunning();
    void weakerModeChangesNothing();

private:
    static ProcessSpec stubborn(qint64 graceMs)
    {
        ProcessSpec spec = childSpec({"ignore-term"});
        spec.graceMs = graceMs;
        return spec;
    }
};

void tst_Shutdown::initTestCase()
{
    QVERIFY2(QFileInfo(testChild()).isExecutable(), "HERD_TESTCHILD must name the helper program");
}

void tst_Shutdown::nothingAliveFinishesAtOnce()
{
    Supervisor sup;
    Shutdown shutdown(&sup);
    QSignalSpy started(&shutdown, &Shutdown::started);
    QSignalSpy finished(&shutdown, &Shutdown::finished);
    QVERIFY(!shutdown.isActive());
    shutdown.stop(Shutdown::Mode::Terminate);
    QCOMPARE(started.count(), 1);
    // From the event loop, not from inside stop().
    QCOMPARE(finished.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QCOMPARE(finished.at(0).at(0).toInt(), 0);
    QVERIFY(shutdown.isFinished());
}

void tst_Shutdown::terminateEndsEverything()
{
    Supervisor sup;
    SPAWN(a, sup, childSpec({"sleep", "60"}));
    SPAWN(b, sup, childSpec({"term-handler"}));
    QTRY_VERIFY_WITH_TIMEOUT(a->state() == ProcessState::Running && hasLine(b, "ready"), 10000);
    Shutdown shutdown(&sup);
    QSignalSpy finished(&shutdown, &Shutdown::finished);
    shutdown.stop(Shutdown::Mode::Terminate);
    QCOMPARE(shutdown.mode(), Shutdown::Mode::Terminate);
    QVERIFY(a->timeline().termSentMs >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.at(0).at(0).toInt(), 0);
    QCOMPARE(sup.aliveCount(), 0);
    QCOMPARE(a->result().cause, StopCause::Quit);
    QCOMPARE(b->state(), ProcessState::Exited); // its handler ran: no SIGKILL was needed
    QCOMPARE(b->timeline().killSentMs, qint64(-1));
    // Once only, whatever happens next.
    shutdown.stop(Shutdown::Mode::Kill);
    QTest::qWait(0);
    QCOMPARE(finished.count(), 1);
}

void tst_Shutdown::stubbornProcessIsKilledAfterItsGrace()
{
    Supervisor sup;
    SPAWN(p, sup, stubborn(300));
    QTRY_VERIFY_WITH_TIMEOUT(hasLine(p, "ready"), 10000);
    Shutdown shutdown(&sup);
    QSignalSpy finished(&shutdown, &Shutdown::finished);
    shutdown.stop(Shutdown::Mode::Terminate);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(p->state(), ProcessState::Killed);
    QCOMPARE(p->result().exitCode, -9);
    QVERIFY(p->timeline().killSentMs >= p->timeline().termSentMs);
}

void tst_Shutdown::secondTerminateKills()
{
    // The grace is an hour: only the second request can end it within the test's time.
    Supervisor sup;
    SPAWN(p, sup, stubborn(3600 * 1000));
    QTRY_VERIFY_WITH_TIMEOUT(hasLine(p, "ready"), 10000);
    Shutdown shutdown(&sup);
    QSignalSpy started(&shutdown, &Shutdown::started);
    QSignalSpy finished(&shutdown, &Shutdown::finished);
    shutdown.stop(Shutdown::Mode::Terminate);
    QVERIFY(p->timeline().termSentMs >= 0);
    QCOMPARE(p->timeline().killSentMs, qint64(-1));
    shutdown.stop(Shutdown::Mode::Terminate); // a second SIGTERM to Herd
    QCOMPARE(shutdown.mode(), Shutdown::Mode::Kill);
    QVERIFY(p->timeline().killSentMs >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.at(0).at(0).toInt(), 0);
    QCOMPARE(p->result().exitCode, -9);
    QCOMPARE(started.count(), 1);
}

void tst_Shutdown::daemonsOnlyLeavesTheOthersRunning()
{
    Supervisor sup;
    ProcessSpec daemonSpec = childSpec({"sleep", "60"});
    daemonSpec.daemon = true;
    SPAWN(daemon, sup, daemonSpec);
    SPAWN(other, sup, childSpec({"sleep", "60"}));
    QTRY_VERIFY_WITH_TIMEOUT(daemon->state() == ProcessState::Running && other->state() == ProcessState::Running,
                             10000);
    Shutdown shutdown(&sup);
    QSignalSpy finished(&shutdown, &Shutdown::finished);
    shutdown.stop(Shutdown::Mode::DaemonsOnly);
    QTRY_VERIFY_WITH_TIMEOUT(!daemon->isAlive(), 10000);
    QCOMPARE(daemon->result().cause, StopCause::Quit);
    // The daemon's end is not the end: the other process still runs, untouched.
    QVERIFY(other->isAlive());
    QCOMPARE(other->timeline().termSentMs, qint64(-1));
    QCOMPARE(finished.count(), 0);
    // It ends on its own (here, by a user's kill), and that is the end.
    other->kill(StopCause::User);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(other->result().cause, StopCause::User);
}

void tst_Shutdown::weakerModeChangesNothing()
{
    Supervisor sup;
    ProcessSpec daemonSpec = childSpec({"sleep", "60"});
    daemonSpec.daemon = true;
    SPAWN(daemon, sup, daemonSpec);
    SPAWN(other, sup, stubborn(3600 * 1000));
    QTRY_VERIFY_WITH_TIMEOUT(daemon->state() == ProcessState::Running && hasLine(other, "ready"), 10000);
    Shutdown shutdown(&sup);
    QSignalSpy finished(&shutdown, &Shutdown::finished);
    shutdown.stop(Shutdown::Mode::Terminate);
    // Asking for less afterwards is not asking again: no SIGKILL.
    shutdown.stop(Shutdown::Mode::DaemonsOnly);
    QCOMPARE(shutdown.mode(), Shutdown::Mode::Terminate);
    QCOMPARE(other->timeline().killSentMs, qint64(-1));
    QTRY_VERIFY_WITH_TIMEOUT(!daemon->isAlive(), 10000);
    QVERIFY(other->isAlive());
    QCOMPARE(finished.count(), 0);
    shutdown.stop(Shutdown::Mode::Kill);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
}

QTEST_GUILESS_MAIN(tst_Shutdown)
#include "tst_shutdown.moc"
