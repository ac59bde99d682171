// The window's queue panel over a queue in Redis Streams: a worker started by hand (as on
// another machine) and a stock worker of the session are shown alike in the task table,
// the distribution bars and the timeline; the panel says where the queue lives, and that
// the server is unreachable when it goes away.

#include "processtablemodel.h"
#include "queuepanel.h"
#include "distributionview.h"
#include "redisserver.h"
#include "session.h"
#include "tasktablemodel.h"
#include "timelineview.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QtTest>

using namespace herd;
using namespace herd::test;

class tst_RedisPanel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void remoteAndLocalWorkersShownAlike();

private:
    QueuePanel *m_panel = nullptr; // the test's own, for healthText()
    QString healthText() const;
};

void tst_RedisPanel::initTestCase()
{
    if (redisServerProgram().isEmpty())
        QSKIP("redis-server is not installed (./build.sh installs it): the Redis queue is not tested");
}

void tst_RedisPanel::remoteAndLocalWorkersShownAlike()
{
    RedisServer server(QStringLiteral("pw-not-shown"));
    QVERIFY(server.start());
    Session session;
    const QString url = server.url(QStringLiteral("panel"));
    QCOMPARE(session.openRedis(url, 30000).error, QString());
    ProcessTableModel processes(session.supervisor());
    QueuePanel panel(&session, &processes);
    m_panel = &panel;
    new QAbstractItemModelTester(m_panel->taskModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_panel);
    m_panel->resize(900, 500);
    m_panel->show();

    QProcess remote;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HERD_QUEUE"), url);
    remote.setProcessEnvironment(env);
    remote.start(qEnvironmentVariable("HERD_WORKER_BIN"),
                 {QStringLiteral("--name"), QStringLiteral("Remote-1"), QStringLiteral("--work-ms"), QStringLiteral("40")});
    QVERIFY(remote.waitForStarted(5000));
    WorkerPoolSpec pool;
    pool.count = 1;
    pool.workMs = 40;
    QCOMPARE(session.spawnPool(pool).error, QString());
    QCOMPARE(session.enqueueCount(40).error, QString());

    QTRY_COMPARE_WITH_TIMEOUT(m_panel->taskModel()->rowCount(), 40, 10000);
    auto doneBy = [this] {
        QHash<QString, qint64> done;
        for (const DistributionView::Bar &bar : m_panel->distribution()->bars())
            done[bar.name] += bar.done;
        return done;
    };
    QTRY_VERIFY_WITH_TIMEOUT(doneBy().value(QStringLiteral("Remote-1")) + doneBy().value(QStringLiteral("Worker-1")) == 40,
                             30000);
    QVERIFY2(doneBy().value(QStringLiteral("Remote-1")) > 0, "the remote worker took nothing");
    QVERIFY2(doneBy().value(QStringLiteral("Worker-1")) > 0, "the local worker took nothing");
    QCOMPARE(doneBy().size(), 2);
    QCOMPARE(m_panel->timeline()->lanes().size(), 2);
    const TaskTableModel *model = m_panel->taskModel();
    for (int row = 0; row < 40; ++row) {
        const QString worker = model->index(row, TaskTableModel::Worker).data().toString();
        QVERIFY2(worker == QLatin1String("Remote-1") || worker == QLatin1String("Worker-1"), qPrintable(worker));
        QCOMPARE(model->index(row, TaskTableModel::State).data().toString(), QStringLiteral("done"));
    }
    // Where the queue lives, never with its password.
    QTRY_VERIFY_WITH_TIMEOUT(healthText().contains(QStringLiteral("in Redis at redis://127.0.0.1:%1/panel").arg(server.port())),
                             5000);
    QVERIFY(!healthText().contains(QLatin1String("pw-not-shown")));
    // The server goes away: the panel says so and Herd keeps running.
    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(healthText().contains(QLatin1String("Redis unreachable")), 20000);

    remote.kill();
    remote.waitForFinished(5000);
    session.setQuitting(true);
    session.supervisor()->killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 10000);
}

QString tst_RedisPanel::healthText() const
{
    return m_panel->findChild<QLabel *>(QStringLiteral("queueHealth"))->text();
}

QTEST_MAIN(tst_RedisPanel)
#include "tst_redispanel.moc"
