#include "displaytick.h"
#include "processtablemodel.h"
#include "session.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <sys/types.h>

using namespace herd;
using namespace herd::test;

namespace {

// The window's display clock, driving the model as the window does: refresh() on each tick.
struct Clock {
    explicit Clock(ProcessTableModel &model, int ms = 250)
    {
        tick.setInterval(ms);
        model.setDisplayTick(&tick);
        QObject::connect(&tick, &DisplayTick::tick, &model, &ProcessTableModel::refresh);
        tick.start();
    }
    DisplayTick tick;
};

} // namespace

class tst_ProcessTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void modelTesterThroughWholeRuns();
    void spawnInsertsRunningRow();
    void killShowsMinus9();
    void endings_data();
    void endings();
    void watchdogCountsDownToTimedOut();
    void liveUpdatesAreOneRangePerTick();
    void onlyChangedRowsAndColumnsAreAnnounced();
    void workerActivityShowsInBadge();
    void pausedModelCatchesUpOnResume();
    void stoppedProcessHasItsOwnBadge();
    void failedStartShowsNoPid();
    void tooltipsSayWhatTheRowShows();

private:
    static QString text(const ProcessTableModel &model, quint64 id, int column)
    {
        return model.indexOf(id, column).data().toString();
    }
};

void tst_ProcessTableModel::initTestCase()
{
    QVERIFY2(!testChild().isEmpty(), "HERD_TESTCHILD is not set");
}

void tst_ProcessTableModel::modelTesterThroughWholeRuns()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    Clock clock(model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Supervisor *sup = session.supervisor();

    ManagedProcess *a = sup->spawn(sleeper(QStringLiteral("a"))).value;
    ManagedProcess *b = sup->spawn(childSpec({QStringLiteral("exit"), QStringLiteral("3")})).value;
    ManagedProcess *c = sup->spawn(childSpec({QStringLiteral("tick"), QStringLiteral("50")})).value;
    ProcessSpec missing;
    missing.program = QStringLiteral("/nonexistent/herd-test-program");
    ManagedProcess *d = sup->spawn(missing).value;
    QVERIFY(a && b && c && d);
    QCOMPARE(model.rowCount(), 4);
    QTRY_COMPARE_WITH_TIMEOUT(text(model, a->id(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    QCOMPARE(c->setTimeout(300).error, QString());
    a->terminate();
    QTRY_VERIFY_WITH_TIMEOUT(sup->aliveCount() == 0, 10000);
    model.refresh();
    QCOMPARE(text(model, c->id(), ProcessTableModel::State), QStringLiteral("timed out"));
    QCOMPARE(text(model, d->id(), ProcessTableModel::State), QStringLiteral("failed to start"));
    QCOMPARE(a->restart().error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(text(model, a->id(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    a->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!a->isAlive(), 5000);
}

void tst_ProcessTableModel::spawnInsertsRunningRow()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    Clock clock(model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    ManagedProcess *p = session.supervisor()->spawn(sleeper()).value;
    QVERIFY(p);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex name = model.index(0, ProcessTableModel::Name);
    QCOMPARE(name.data(ProcessTableModel::ProcessIdRole).toULongLong(), p->id());
    QCOMPARE(name.data().toString(), p->name());
    QVERIFY(name.data().toString().startsWith(QLatin1String("Process-")));
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    QCOMPARE(text(model, p->id(), ProcessTableModel::Pid), QString::number(p->pid()));
    QVERIFY(model.indexOf(p->id(), ProcessTableModel::Kill).data(ProcessTableModel::AliveRole).toBool());
    QCOMPARE(text(model, p->id(), ProcessTableModel::ExitCode), QString());
    QVERIFY(text(model, p->id(), ProcessTableModel::Command).contains(QLatin1String("sleep 60")));
    QCOMPARE(model.indexOf(p->id(), ProcessTableModel::Uptime).data(ProcessTableModel::UnderlyingDataRole).userType(),
             QMetaType::LongLong);
    p->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
}

void tst_ProcessTableModel::killShowsMinus9()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    Clock clock(model);
    ManagedProcess *p = session.supervisor()->spawn(sleeper()).value;
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    QCOMPARE(p->kill(), SignalResult::Sent);
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("killed by SIGKILL"), 5000);
    QCOMPARE(text(model, p->id(), ProcessTableModel::ExitCode), QStringLiteral("-9"));
    const QString meaning = model.indexOf(p->id(), ProcessTableModel::ExitCode).data(Qt::ToolTipRole).toString();
    QVERIFY2(meaning.contains(QLatin1String("killed by SIGKILL")), qPrintable(meaning));
    QVERIFY2(meaning.contains(QLatin1String("Python")), qPrintable(meaning));
    QVERIFY(!model.indexOf(p->id(), ProcessTableModel::Kill).data(ProcessTableModel::AliveRole).toBool());
    QCOMPARE(BadgeTone(model.indexOf(p->id(), ProcessTableModel::State).data(ProcessTableModel::BadgeToneRole).toInt()),
             BadgeTone::Signal);
}

void tst_ProcessTableModel::endings_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("terminate");
    QTest::addColumn<QString>("badge");
    QTest::addColumn<QString>("exitCode");
    QTest::addColumn<bool>("problem");
    QTest::newRow("exit 0") << QStringList{"exit", "0"} << false << "exited 0" << "0" << false;
    QTest::newRow("exit 7") << QStringList{"exit", "7"} << false << "failed with code 7" << "7" << true;
    QTest::newRow("crash") << QStringList{"crash"} << false << "killed by SIGSEGV" << "-11" << true;
    QTest::newRow("terminate") << QStringList{"sleep", "60"} << true << "terminated by SIGTERM" << "-15" << false;
    QTest::newRow("escalated") << QStringList{"ignore-term"} << true << "killed (SIGKILL after 300 ms)" << "-9"
                               << false;
}

void tst_ProcessTableModel::endings()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, terminate);
    QFETCH(QString, badge);
    QFETCH(QString, exitCode);
    QFETCH(bool, problem);
    Session session;
    ProcessTableModel model(session.supervisor());
    Clock clock(model);
    ProcessSpec spec = childSpec(arguments);
    spec.graceMs = 300;
    ManagedProcess *p = session.supervisor()->spawn(spec).value;
    QVERIFY(p);
    if (terminate) {
        // ignore-term says "ready" once its handler is in place.
        QTRY_VERIFY_WITH_TIMEOUT(p->state() == ProcessState::Running && (arguments.first() != QLatin1String("ignore-term")
                                                                         || p->output().lineCount() > 0),
                                 5000);
        p->terminate();
    }
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), badge, 5000);
    QCOMPARE(text(model, p->id(), ProcessTableModel::ExitCode), exitCode);
    QCOMPARE(model.indexOf(p->id()).data(ProcessTableModel::ProblemRole).toBool(), problem);
}

void tst_ProcessTableModel::watchdogCountsDownToTimedOut()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    Clock clock(model, 100);
    ProcessSpec spec = sleeper();
    spec.timeoutMs = 1500;
    ManagedProcess *p = session.supervisor()->spawn(spec).value;
    QVERIFY(p);
    QStringList seen;
    connect(&model, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex &tl, const QModelIndex &br) {
        const QModelIndex w = model.indexOf(p->id(), ProcessTableModel::Watchdog);
        if (tl.row() <= w.row() && w.row() <= br.row() && tl.column() <= w.column() && w.column() <= br.column()
            && (seen.isEmpty() || seen.last() != w.data().toString()))
            seen << w.data().toString();
    });
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("timed out"), 5000);
    // After the watchdog fired, the column says so (not "0.0 s" forever).
    QCOMPARE(text(model, p->id(), ProcessTableModel::Watchdog), QStringLiteral("fired"));
    // The countdown went down step by step: several distinct values, each smaller.
    // (at least three: a loaded machine may skip refreshes, but never all of them)
    QVERIFY2(seen.size() >= 3, qPrintable(seen.join(QLatin1String(", "))));
    double previous = 1e9;
    for (const QString &value : std::as_const(seen)) {
        if (value.isEmpty() || value == QLatin1String("fired"))
            continue;
        const double seconds = QString(value).remove(QLatin1String(" s")).toDouble();
        QVERIFY2(seconds <= previous, qPrintable(seen.join(QLatin1String(", "))));
        QVERIFY(seconds <= 1.5);
        previous = seconds;
    }
    QCOMPARE(seen.last(), QStringLiteral("fired"));
}

void tst_ProcessTableModel::liveUpdatesAreOneRangePerTick()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    Clock clock(model);
    QVector<ManagedProcess *> processes;
    for (int i = 0; i < 5; ++i) {
        ProcessSpec spec = sleeper();
        spec.timeoutMs = 60000; // a countdown changes every tick in every row
        processes << session.supervisor()->spawn(spec).value;
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(processes.begin(), processes.end(),
                                         [](ManagedProcess *p) { return p->state() == ProcessState::Running; }),
                             5000);
    model.refresh();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy refreshed(&model, &ProcessTableModel::refreshed);
    const auto wholeTable = [&changed] {
        int whole = 0;
        for (const QList<QVariant> &args : std::as_const(changed))
            whole += args.at(0).value<QModelIndex>().row() == 0 && args.at(1).value<QModelIndex>().row() == 4;
        return whole;
    };
    QTRY_VERIFY_WITH_TIMEOUT(wholeTable() >= 3, 5000);
    // One range per refresh, not one signal per row or per cell; on the clock's beat it
    // covers every row. (An early tick for one row's state change covers only that row.)
    QVERIFY2(changed.count() < 2 * refreshed.count(),
             qPrintable(QStringLiteral("%1 ranges in %2 refreshes").arg(changed.count()).arg(refreshed.count())));
    for (const QList<QVariant> &args : std::as_const(changed)) {
        const auto roles = args.at(2).value<QList<int>>();
        QVERIFY(roles.contains(Qt::DisplayRole));
        QVERIFY(roles.contains(ProcessTableModel::UnderlyingDataRole));
    }
    session.supervisor()->killAll(StopCause::User);
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
}

void tst_ProcessTableModel::onlyChangedRowsAndColumnsAreAnnounced()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    Clock clock(model);
    QVector<quint64> ids;
    for (int i = 0; i < 6; ++i) {
        ProcessSpec spec = childSpec({QStringLiteral("exit"), QStringLiteral("0")});
        spec.kind = ProcessKind::Worker;
        ids << session.supervisor()->spawn(spec).value->id();
    }
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
    model.refresh();
    QCOMPARE(text(model, ids.at(2), ProcessTableModel::TasksDone), QStringLiteral("0"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    WorkerActivity activity;
    activity.known = true;
    activity.tasksDone = 5;
    model.setWorkerActivity(ids.at(2), activity);
    model.setWorkerActivity(ids.at(3), activity);
    model.refresh();
    QCOMPARE(changed.count(), 1);
    const auto tl = changed.first().at(0).value<QModelIndex>();
    const auto br = changed.first().at(1).value<QModelIndex>();
    QCOMPARE(tl.row(), model.rowOf(ids.at(2)));
    QCOMPARE(br.row(), model.rowOf(ids.at(3)));
    QCOMPARE(tl.column(), int(ProcessTableModel::TasksDone));
    QCOMPARE(br.column(), int(ProcessTableModel::TasksDone));
    QCOMPARE(text(model, ids.at(3), ProcessTableModel::TasksDone), QStringLiteral("5"));
    model.refresh(); // nothing changed since
    QCOMPARE(changed.count(), 1);
}

void tst_ProcessTableModel::workerActivityShowsInBadge()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    Clock clock(model);
    ProcessSpec spec = sleeper();
    spec.kind = ProcessKind::Worker;
    ManagedProcess *p = session.supervisor()->spawn(spec).value;
    QVERIFY(p->name().startsWith(QLatin1String("Worker-")));
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    WorkerActivity activity;
    activity.known = true;
    activity.currentTask = 7;
    model.setWorkerActivity(p->id(), activity);
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("busy with task 7"), 5000);
    activity.currentTask = -1;
    activity.tasksDone = 1;
    model.setWorkerActivity(p->id(), activity);
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("idle"), 5000);
    QCOMPARE(text(model, p->id(), ProcessTableModel::TasksDone), QStringLiteral("1"));
    p->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
}

void tst_ProcessTableModel::pausedModelCatchesUpOnResume()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    Clock clock(model);
    // The model keeps no clock of its own: the display tick is the only one.
    QVERIFY(model.findChildren<QTimer *>().isEmpty());
    clock.tick.setPaused(true);
    ManagedProcess *p = session.supervisor()->spawn(childSpec({QStringLiteral("exit"), QStringLiteral("0")})).value;
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
    // Still what was announced when the row was inserted.
    QVERIFY(text(model, p->id(), ProcessTableModel::State) != QLatin1String("exited 0"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    clock.tick.setPaused(false); // resuming ticks at once
    QCOMPARE(text(model, p->id(), ProcessTableModel::State), QStringLiteral("exited 0"));
    QVERIFY(changed.count() >= 1);
}

QTEST_MAIN(tst_ProcessTableModel)
#include "tst_processtablemodel.moc"

void tst_ProcessTableModel::stoppedProcessHasItsOwnBadge()
{
    Session session;
    session.supervisor()->setSampleInterval(100);
    ProcessTableModel model(session.supervisor());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Clock clock(model, 50);
    ManagedProcess *p = session.supervisor()->spawn(sleeper()).value;
    QVERIFY(p);
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    QCOMPARE(::kill(pid_t(p->pid()), SIGSTOP), 0);
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("stopped"), 5000);
    QCOMPARE(BadgeTone(model.indexOf(p->id(), ProcessTableModel::State).data(ProcessTableModel::BadgeToneRole).toInt()),
             BadgeTone::Paused);
    const QString why = model.indexOf(p->id(), ProcessTableModel::State).data(Qt::ToolTipRole).toString();
    QVERIFY2(why.contains(QLatin1String("SIGCONT")), qPrintable(why));
    QVERIFY(p->stoppedSinceMs() >= 0);
    QCOMPARE(::kill(pid_t(p->pid()), SIGCONT), 0);
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("continued"), 5000);
    QVERIFY(p->continuedAtMs() >= 0);
    // Back to running once the news is a few seconds old.
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("running"),
                              int(kContinuedShownMs) + 5000);
    p->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
}

void tst_ProcessTableModel::failedStartShowsNoPid()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    Clock clock(model);
    ProcessSpec missing;
    missing.program = QStringLiteral("/nonexistent/herd-test-program");
    ManagedProcess *p = session.supervisor()->spawn(missing).value;
    QVERIFY(p);
    QTRY_COMPARE_WITH_TIMEOUT(text(model, p->id(), ProcessTableModel::State), QStringLiteral("failed to start"), 5000);
    QCOMPARE(text(model, p->id(), ProcessTableModel::Pid), QString());
    QCOMPARE(model.indexOf(p->id(), ProcessTableModel::Pid).data(Qt::ToolTipRole), QVariant());
}

void tst_ProcessTableModel::tooltipsSayWhatTheRowShows()
{
    // A live row's tooltips are said when asked, yet from the moment its cells were last
    // shown; an ended row keeps its own.
    Session session;
    ProcessTableModel model(session.supervisor());
    ProcessSpec spec = sleeper();
    spec.kind = ProcessKind::Worker;
    ManagedProcess *p = session.supervisor()->spawn(spec).value;
    QVERIFY(p);
    QTRY_VERIFY_WITH_TIMEOUT(p->state() == ProcessState::Running, 5000);
    model.refresh();
    const auto tip = [&](int column) { return model.indexOf(p->id(), column).data(Qt::ToolTipRole).toString(); };
    QCOMPARE(tip(ProcessTableModel::TasksDone), QStringLiteral("0 tasks completed"));
    WorkerActivity activity;
    activity.known = true;
    activity.tasksDone = 5;
    model.setWorkerActivity(p->id(), activity);
    QCOMPARE(tip(ProcessTableModel::TasksDone), QStringLiteral("0 tasks completed")); // not shown yet
    model.refresh();
    QCOMPARE(text(model, p->id(), ProcessTableModel::TasksDone), QStringLiteral("5"));
    QCOMPARE(tip(ProcessTableModel::TasksDone), QStringLiteral("5 tasks completed"));
    QVERIFY2(tip(ProcessTableModel::Uptime).startsWith(QLatin1String("Running for")), qPrintable(tip(ProcessTableModel::Uptime)));
    QCOMPARE(tip(ProcessTableModel::Kill), QStringLiteral("Kill %1: SIGKILL to its whole process group, at once").arg(p->name()));
    QCOMPARE(tip(ProcessTableModel::State), QStringLiteral("Waiting for a task from the queue."));

    p->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
    model.refresh();
    QVERIFY2(tip(ProcessTableModel::Uptime).startsWith(QLatin1String("Ran for")), qPrintable(tip(ProcessTableModel::Uptime)));
    QCOMPARE(tip(ProcessTableModel::Kill), QString());
    QVERIFY2(tip(ProcessTableModel::ExitCode).contains(QLatin1String("killed by SIGKILL")), qPrintable(tip(ProcessTableModel::ExitCode)));
    QVERIFY2(tip(ProcessTableModel::Name).startsWith(p->name() + QLatin1String(" (worker")), qPrintable(tip(ProcessTableModel::Name)));
    QCOMPARE(tip(ProcessTableModel::TasksDone), QStringLiteral("5 tasks completed"));
}
