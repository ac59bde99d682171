// Workers that join a queue in Redis Streams by themselves, in the window's process list
// (offscreen), against a real redis-server: a hand-started worker gets a row of its own
// (remote icon and tag, host, pid, state, no CPU or memory), Herd's own worker is not shown
// twice, what makes no sense for it is disabled with a reason, and its Kill button and the
// Terminate action reach it through the queue; the details panel says what Herd knows of it.

#include "killbuttondelegate.h"
#include "processdetailspanel.h"
#include "processlistwidget.h"
#include "processtablemodel.h"
#include "redisserver.h"
#include "session.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QTreeView>
#include <QtTest>

#include <csignal>

using namespace herd;
using namespace herd::test;

class tst_RemoteRows final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void remoteWorkerRowsAndTheirButtons();

private:
    QProcess *startHandWorker(const QString &url, const QString &name, const QStringList &more);
    QList<QProcess *> m_handWorkers;
};

void tst_RemoteRows::initTestCase()
{
    if (redisServerProgram().isEmpty())
        QSKIP("redis-server is not installed (./build.sh installs it): the Redis queue is not tested");
}

QProcess *tst_RemoteRows::startHandWorker(const QString &url, const QString &name, const QStringList &more)
{
    auto *p = new QProcess(this);
    m_handWorkers << p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HERD_QUEUE"), url);
    p->setProcessEnvironment(env);
    p->start(qEnvironmentVariable("HERD_WORKER_BIN"), QStringList{QStringLiteral("--name"), name} + more);
    return p->waitForStarted(5000) ? p : nullptr;
}

void tst_RemoteRows::remoteWorkerRowsAndTheirButtons()
{
    RedisServer server;
    QVERIFY(server.start());
    Session session;
    const QString url = server.url(QStringLiteral("rows"));
    QCOMPARE(session.openRedis(url, 60000).error, QString());
    ProcessListWidget list(&session);
    ProcessTableModel *model = list.model();
    new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest, &list);
    list.resize(1000, 400);
    list.show();
    auto cell = [model](int row, int column) { return model->index(row, column).data().toString(); };
    auto rowNamed = [model](const QString &name) {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, ProcessTableModel::Name).data().toString() == name)
                return row;
        }
        return -1;
    };

    // A hand-started worker: a row of its own, busy with its task.
    QProcess *a = startHandWorker(url, QStringLiteral("Remote-A"), {QStringLiteral("--work-ms"), QStringLiteral("600000")});
    QVERIFY(a);
    QTRY_VERIFY_WITH_TIMEOUT(rowNamed(QStringLiteral("Remote-A")) >= 0, 20000);
    int row = rowNamed(QStringLiteral("Remote-A"));
    QVERIFY(model->index(row, 0).data(ProcessTableModel::RemoteRole).toBool());
    QVERIFY(model->index(row, 0).data(ProcessTableModel::AliveRole).toBool());
    QVERIFY(!model->index(row, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(cell(row, ProcessTableModel::Pid), QString::number(a->processId()));
    QCOMPARE(cell(row, ProcessTableModel::Cpu), QStringLiteral("—"));
    QCOMPARE(cell(row, ProcessTableModel::Memory), QStringLiteral("—"));
    QVERIFY2(cell(row, ProcessTableModel::Command).contains(QSysInfo::machineHostName()), qPrintable(cell(row, ProcessTableModel::Command)));
    QVERIFY2(cell(row, ProcessTableModel::Command).contains(QLatin1String("last heartbeat")), qPrintable(cell(row, ProcessTableModel::Command)));
    QCOMPARE(cell(row, ProcessTableModel::State), QStringLiteral("idle"));
    QCOMPARE(session.enqueueCount(1).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(cell(rowNamed(QStringLiteral("Remote-A")), ProcessTableModel::State),
                              QStringLiteral("busy with task 1"), 20000);

    // Herd's own worker joins the same queue: one row for it, not two.
    WorkerPoolSpec pool;
    pool.count = 1;
    QCOMPARE(session.spawnPool(pool).error, QString());
    QTRY_VERIFY_WITH_TIMEOUT(session.queue()->remoteWorkers().size() == 2, 20000);
    list.model()->refresh();
    QCOMPARE(model->rowCount(), 2);
    QVERIFY(rowNamed(QStringLiteral("Worker-1")) >= 0);
    QVERIFY(!model->index(rowNamed(QStringLiteral("Worker-1")), 0).data(ProcessTableModel::RemoteRole).toBool());

    // Selected: Terminate and Kill act on it; the rest is off, and says why.
    const quint64 idA = model->processId(rowNamed(QStringLiteral("Remote-A")));
    list.selectProcesses({idA});
    QVERIFY(list.killAction()->isEnabled());
    QVERIFY(list.terminateAction()->isEnabled());
    for (QAction *off : {list.setTimeoutAction(), list.restartAction(), list.sendSignalAction(), list.showOutputAction()}) {
        QVERIFY2(!off->isEnabled(), qPrintable(off->objectName()));
        QVERIFY2(off->toolTip().contains(QLatin1String("remote worker")), qPrintable(off->toolTip()));
    }
    // The details panel says what Herd knows of it.
    ProcessDetailsPanel details(session.supervisor(), model);
    details.show();
    details.setProcess(idA);
    QVERIFY2(details.summaryText().contains(QSysInfo::machineHostName()), qPrintable(details.summaryText()));
    QVERIFY2(details.summaryText().contains(QLatin1String("busy with task 1")), qPrintable(details.summaryText()));

    // Its Kill button: it leaves at once, the row says gone, and the task is done once by
    // Herd's own worker at its second attempt.
    emit list.killButtonDelegate()->killRequested(idA);
    QTRY_COMPARE_WITH_TIMEOUT(cell(rowNamed(QStringLiteral("Remote-A")), ProcessTableModel::State), QStringLiteral("gone"), 10000);
    QVERIFY(!model->index(rowNamed(QStringLiteral("Remote-A")), 0).data(ProcessTableModel::AliveRole).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(a->state() == QProcess::NotRunning, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(session.ledger()->count(TaskLedger::State::Done), qint64(1), 20000);
    QCOMPARE(session.ledger()->task(0).attempts, 2u);
    QCOMPARE(session.ledger()->task(0).workerName, QStringLiteral("Worker-1"));

    // Terminate on a second one: it finishes (it holds nothing) and leaves.
    QProcess *b = startHandWorker(url, QStringLiteral("Remote-B"), {});
    QVERIFY(b);
    QTRY_VERIFY_WITH_TIMEOUT(rowNamed(QStringLiteral("Remote-B")) >= 0, 20000);
    list.selectProcesses({model->processId(rowNamed(QStringLiteral("Remote-B")))});
    QVERIFY(list.terminateAction()->isEnabled());
    list.terminateAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(b->state() == QProcess::NotRunning, 20000);
    QCOMPARE(b->exitStatus(), QProcess::NormalExit);
    QCOMPARE(b->exitCode(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(cell(rowNamed(QStringLiteral("Remote-B")), ProcessTableModel::State), QStringLiteral("gone"), 20000);

    // Clear ended: the gone rows go, and stay gone.
    QCOMPARE(model->clearEnded(), 2);
    model->refresh();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(rowNamed(QStringLiteral("Worker-1")), 0);

    session.setQuitting(true);
    session.supervisor()->killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 10000);
    for (QProcess *p : std::as_const(m_handWorkers)) {
        if (p->state() != QProcess::NotRunning) {
            p->kill();
            p->waitForFinished(5000);
        }
    }
}

QTEST_MAIN(tst_RemoteRows)
#include "tst_remoterows.moc"
