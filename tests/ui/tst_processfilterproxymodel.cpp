#include "displaytick.h"
#include "processfilterproxymodel.h"
#include "processtablemodel.h"
#include "session.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QTest>

#include <algorithm>

using namespace herd;
using namespace herd::test;

class tst_ProcessFilterProxyModel : public QObject
{
    Q_OBJECT

private slots:
    void sortsNamesNaturally();
    void sortsNumbersByValue();
    void filtersByTextAndState();
    void newRowWithoutAValueGoesLast_data();
    void newRowWithoutAValueGoesLast();

private:
    static QStringList names(const QAbstractItemModel &model)
    {
        QStringList list;
        for (int row = 0; row < model.rowCount(); ++row)
            list << model.index(row, ProcessTableModel::Name).data().toString();
        return list;
    }
};

void tst_ProcessFilterProxyModel::sortsNamesNaturally()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    DisplayTick tick;
    model.setDisplayTick(&tick);
    connect(&tick, &DisplayTick::tick, &model, &ProcessTableModel::refresh);
    tick.start();
    ProcessFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const char *name : {"Worker-10", "alpha", "Worker-9", "beta"})
        QVERIFY(session.supervisor()->spawn(childSpec({QStringLiteral("exit"), QStringLiteral("0")}, QLatin1String(name))).ok());
    proxy.sort(ProcessTableModel::Name, Qt::AscendingOrder);
    QCOMPARE(names(proxy), (QStringList{"alpha", "beta", "Worker-9", "Worker-10"}));
    proxy.sort(ProcessTableModel::Name, Qt::DescendingOrder);
    QCOMPARE(names(proxy), (QStringList{"Worker-10", "Worker-9", "beta", "alpha"}));
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
    // Equal keys (every exit code is 0) keep spawn order in both directions.
    model.refresh();
    proxy.sort(ProcessTableModel::ExitCode, Qt::AscendingOrder);
    QCOMPARE(names(proxy), (QStringList{"Worker-10", "alpha", "Worker-9", "beta"}));
    proxy.sort(ProcessTableModel::ExitCode, Qt::DescendingOrder);
    QCOMPARE(names(proxy), (QStringList{"Worker-10", "alpha", "Worker-9", "beta"}));
}

void tst_ProcessFilterProxyModel::sortsNumbersByValue()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    DisplayTick tick;
    model.setDisplayTick(&tick);
    connect(&tick, &DisplayTick::tick, &model, &ProcessTableModel::refresh);
    tick.start();
    ProcessFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const char *code : {"10", "9", "100", "0"})
        QVERIFY(session.supervisor()->spawn(childSpec({QStringLiteral("exit"), QLatin1String(code)}, QStringLiteral("exit-%1").arg(QLatin1String(code)))).ok());
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
    model.refresh();
    proxy.sort(ProcessTableModel::ExitCode, Qt::AscendingOrder);
    // As numbers, not as text ("10" < "9").
    QCOMPARE(names(proxy), (QStringList{"exit-0", "exit-9", "exit-10", "exit-100"}));
}

void tst_ProcessFilterProxyModel::filtersByTextAndState()
{
    Session session;
    ProcessTableModel model(session.supervisor());
    DisplayTick tick;
    model.setDisplayTick(&tick);
    connect(&tick, &DisplayTick::tick, &model, &ProcessTableModel::refresh);
    tick.start();
    ProcessFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ManagedProcess *web = session.supervisor()->spawn(sleeper(QStringLiteral("web"))).value;
    QVERIFY(session.supervisor()->spawn(childSpec({QStringLiteral("exit"), QStringLiteral("0")}, QStringLiteral("ok"))).ok());
    QVERIFY(session.supervisor()->spawn(childSpec({QStringLiteral("exit"), QStringLiteral("7")}, QStringLiteral("bad"))).ok());
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(model.indexOf(web->id(), ProcessTableModel::State).data().toString(), QStringLiteral("running"), 5000);
    model.refresh();
    proxy.sort(ProcessTableModel::Name, Qt::AscendingOrder);

    proxy.setTextFilter(QStringLiteral("WE"));
    QCOMPARE(names(proxy), QStringList{"web"});
    proxy.setTextFilter(QString::number(web->pid()));
    QCOMPARE(names(proxy), QStringList{"web"});
    proxy.setTextFilter(QStringLiteral("exit"));
    QCOMPARE(names(proxy), (QStringList{"bad", "ok"}));
    proxy.setTextFilter(QString());

    proxy.setStateFilter(ProcessFilterProxyModel::StateFilter::Live);
    QCOMPARE(names(proxy), QStringList{"web"});
    proxy.setStateFilter(ProcessFilterProxyModel::StateFilter::Ended);
    QCOMPARE(names(proxy), (QStringList{"bad", "ok"}));
    proxy.setStateFilter(ProcessFilterProxyModel::StateFilter::Problems);
    QCOMPARE(names(proxy), QStringList{"bad"});

    // A row leaves the Live filter as soon as the model announces its end.
    proxy.setStateFilter(ProcessFilterProxyModel::StateFilter::Live);
    web->kill();
    QTRY_COMPARE_WITH_TIMEOUT(proxy.rowCount(), 0, 5000);
}

void tst_ProcessFilterProxyModel::newRowWithoutAValueGoesLast_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::newRow("exit code, ascending") << int(ProcessTableModel::ExitCode) << Qt::AscendingOrder;
    QTest::newRow("exit code, descending") << int(ProcessTableModel::ExitCode) << Qt::DescendingOrder;
    QTest::newRow("memory, ascending") << int(ProcessTableModel::Memory) << Qt::AscendingOrder;
    QTest::newRow("memory, descending") << int(ProcessTableModel::Memory) << Qt::DescendingOrder;
}

void tst_ProcessFilterProxyModel::newRowWithoutAValueGoesLast()
{
    // Sorted by a figure, a process spawned now has none yet: its row goes below every row
    // that has one, in either order, and the rows with figures keep their order.
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    Session session;
    session.supervisor()->setSampleInterval(100);
    ProcessTableModel model(session.supervisor());
    DisplayTick tick;
    model.setDisplayTick(&tick);
    connect(&tick, &DisplayTick::tick, &model, &ProcessTableModel::refresh);
    tick.start();
    ProcessFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(column, order);
    QVector<ManagedProcess *> before;
    if (column == ProcessTableModel::ExitCode) {
        for (const char *code : {"3", "1"})
            before << session.supervisor()->spawn(childSpec({QStringLiteral("exit"), QLatin1String(code)},
                                                            QStringLiteral("exit-%1").arg(QLatin1String(code))))
                          .value;
        QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
    } else {
        for (const char *name : {"a", "b"})
            before << session.supervisor()->spawn(sleeper(QLatin1String(name))).value;
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(before.begin(), before.end(),
                                         [&](ManagedProcess *p) {
                                             return model.indexOf(p->id(), column).data(ProcessTableModel::UnderlyingDataRole).isValid();
                                         }),
                             10000);
    const QStringList sorted = names(proxy);
    ManagedProcess *fresh = session.supervisor()->spawn(sleeper(QStringLiteral("fresh"))).value;
    QVERIFY(fresh);
    QVERIFY(!model.indexOf(fresh->id(), column).data(ProcessTableModel::UnderlyingDataRole).isValid());
    QCOMPARE(names(proxy), sorted + QStringList{QStringLiteral("fresh")});
    session.supervisor()->killAll(StopCause::User);
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
}

QTEST_MAIN(tst_ProcessFilterProxyModel)
#include "tst_processfilterproxymodel.moc"
