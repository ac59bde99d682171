#include "processfilterproxymodel.h"
#include "processtablemodel.h"
#include "session.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace herd;
using namespace herd::test;

class tst_ProcessFilterProxyModel : public QObject
{
    Q_OBJECT

private slots:
    void sortsNamesNaturally();
    void sortsNumbersByValue();
    void filtersByTextAndState();

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

QTEST_MAIN(tst_ProcessFilterProxyModel)
#include "tst_processfilterproxymodel.moc"
