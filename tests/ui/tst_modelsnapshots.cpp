// The models on recorded data, as hotspot tests its models: each file in tests/ui/data is a
// snapshot of a session (processes as they stood, the queue's task events) with what the
// window shows of it. The snapshot is fed to the process table, the task table and the
// distribution with no process started, and every text, role, sort order and worker
// colour is compared with the file. The same models are tested on live processes in
// tst_processtablemodel and tst_queuepanel; these twins pin down every state, including
// the ones a live test reaches only slowly or not at all (an unkillable process, a crash).

#include "distributionview.h"
#include "itemroles.h"
#include "processfilterproxymodel.h"
#include "processtablemodel.h"
#include "processtext.h"
#include "session.h"
#include "taskfilterproxymodel.h"
#include "tasktablemodel.h"
#include "testsupport.h"
#include "workercolors.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QtTest>

#include <functional>

using namespace herd;

namespace {

QString dataDir()
{
    return test::sourceDir() + QStringLiteral("/tests/ui/data");
}

QJsonObject readSnapshot(const QString &fileName)
{
    QFile file(QDir(dataDir()).filePath(fileName));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// An enum value by the machine-readable name core gives it ("running", "user", ...).
template <typename E>
E byName(const QString &name, QString (*nameOf)(E), int count, E fallback)
{
    for (int i = 0; i < count; ++i) {
        if (nameOf(E(i)) == name)
            return E(i);
    }
    return fallback;
}

QString causeName(StopCause cause)
{
    // stopCauseName says "self" for None, which the files write as "none" or leave out.
    return cause == StopCause::None ? QStringLiteral("none") : stopCauseName(cause);
}

ProcessRecord recordFrom(const QJsonObject &o)
{
    ProcessRecord r;
    r.spec.name = o.value(QLatin1String("name")).toString();
    r.spec.program = o.value(QLatin1String("program")).toString();
    for (const QJsonValue &a : o.value(QLatin1String("arguments")).toArray())
        r.spec.arguments << a.toString();
    r.spec.kind = o.value(QLatin1String("kind")).toString() == QLatin1String("worker") ? ProcessKind::Worker
                                                                                       : ProcessKind::Plain;
    r.spec.graceMs = o.value(QLatin1String("graceMs")).toInteger(r.spec.graceMs);
    r.spec.timeoutMs = o.value(QLatin1String("timeoutMs")).toInteger(0);
    r.state = byName(o.value(QLatin1String("state")).toString(), &stateName, 7, ProcessState::Starting);
    r.pid = o.value(QLatin1String("pid")).toInteger();
    r.startedMs = o.value(QLatin1String("startedMs")).toInteger(-1);
    r.stoppedSinceMs = o.value(QLatin1String("stoppedSinceMs")).toInteger(-1);
    r.continuedAtMs = o.value(QLatin1String("continuedAtMs")).toInteger(-1);
    const QJsonObject sample = o.value(QLatin1String("sample")).toObject();
    r.sample.cpuPercent = sample.value(QLatin1String("cpuPercent")).toDouble();
    r.sample.rssBytes = sample.value(QLatin1String("rssBytes")).toInteger();
    const QJsonObject t = o.value(QLatin1String("timeline")).toObject();
    r.timeline.stopRequestedMs = t.value(QLatin1String("stopRequestedMs")).toInteger(-1);
    r.timeline.termSentMs = t.value(QLatin1String("termSentMs")).toInteger(-1);
    r.timeline.killSentMs = t.value(QLatin1String("killSentMs")).toInteger(-1);
    r.timeline.unkillable = t.value(QLatin1String("unkillable")).toBool();
    r.timeline.reapedMs = o.value(QLatin1String("endedMs")).toInteger(-1);
    const QJsonObject res = o.value(QLatin1String("result")).toObject();
    r.result.state = r.state;
    r.result.reason = byName(res.value(QLatin1String("reason")).toString(), &endReasonName, 6, EndReason::None);
    r.result.exitCode = res.value(QLatin1String("exitCode")).toInt();
    r.result.signal = res.value(QLatin1String("signal")).toInt();
    r.result.cause = byName(res.value(QLatin1String("cause")).toString(QStringLiteral("none")), &causeName, 6,
                            StopCause::None);
    r.timeline.cause = t.isEmpty() ? r.result.cause
                                   : byName(t.value(QLatin1String("cause")).toString(QStringLiteral("none")),
                                            &causeName, 6, StopCause::None);
    r.result.escalated = res.value(QLatin1String("escalated")).toBool();
    r.result.message = res.value(QLatin1String("message")).toString();
    return r;
}

// The queue's events as the ledger hears them: tickets count from 0 in enqueue order, a
// task keeps its slot, each worker has its own registration.
QVector<TaskEvent> eventsFrom(const QJsonArray &array)
{
    static const QHash<QString, TaskEventKind> kinds{
        {QStringLiteral("enqueued"), TaskEventKind::Enqueued},
        {QStringLiteral("taken"), TaskEventKind::Taken},
        {QStringLiteral("done"), TaskEventKind::Done},
        {QStringLiteral("failed"), TaskEventKind::Failed},
        {QStringLiteral("requeued"), TaskEventKind::Requeued},
        {QStringLiteral("deadlettered"), TaskEventKind::DeadLettered},
    };
    constexpr qint64 kOriginNs = 1000000000000; // any monotonic instant
    QVector<TaskEvent> events;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        TaskEvent e;
        e.kind = kinds.value(o.value(QLatin1String("kind")).toString(), TaskEventKind::Enqueued);
        e.taskId = quint64(o.value(QLatin1String("task")).toInteger());
        e.ticket = e.taskId - 1;
        e.slot = quint32(e.ticket);
        e.workerPid = o.value(QLatin1String("pid")).toInteger();
        e.workerId = quint32(e.workerPid % 1000);
        e.attempt = quint32(o.value(QLatin1String("attempt")).toInt(1));
        e.timeNs = kOriginNs + o.value(QLatin1String("atMs")).toInteger() * 1000000;
        e.resultCode = o.value(QLatin1String("code")).toInt();
        e.text = o.value(QLatin1String("text")).toString();
        e.payload = o.value(QLatin1String("payload")).toString().toUtf8();
        events << e;
    }
    return events;
}

// A session holding the snapshot's processes, recorded: nothing is started.
bool addProcesses(Session *session, const QJsonArray &processes, QString *error)
{
    for (const QJsonValue &v : processes) {
        const Result<ManagedProcess *> added = session->supervisor()->addRecorded(recordFrom(v.toObject()));
        if (!added.ok()) {
            *error = added.error;
            return false;
        }
    }
    return true;
}

int columnByName(const QMetaObject &meta, const char *enumName, const QString &name)
{
    const QMetaEnum e = meta.enumerator(meta.indexOfEnumerator(enumName));
    return e.keyToValue(name.toLatin1().constData());
}

BadgeTone toneByName(const QString &name)
{
    static const QHash<QString, BadgeTone> tones{
        {QStringLiteral("Neutral"), BadgeTone::Neutral}, {QStringLiteral("Info"), BadgeTone::Info},
        {QStringLiteral("Active"), BadgeTone::Active},   {QStringLiteral("Success"), BadgeTone::Success},
        {QStringLiteral("Warning"), BadgeTone::Warning}, {QStringLiteral("Timeout"), BadgeTone::Timeout},
        {QStringLiteral("Danger"), BadgeTone::Danger},   {QStringLiteral("Signal"), BadgeTone::Signal},
        {QStringLiteral("Paused"), BadgeTone::Paused},
    };
    return tones.value(name, BadgeTone(-1));
}

QStringList columnTexts(const QAbstractItemModel &model, int column)
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row)
        texts << model.index(row, column).data().toString();
    return texts;
}

QStringList stringsOf(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out << (v.isString() ? v.toString() : QString::number(v.toInteger()));
    return out;
}

// The snapshots that have `key`, one data row each.
void snapshotRows(const char *key)
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(dataDir()).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), qPrintable(dataDir()));
    for (const QString &f : files) {
        if (readSnapshot(f).value(QLatin1String("expect")).toObject().contains(QLatin1String(key)))
            QTest::newRow(qPrintable(f)) << f;
    }
}

} // namespace

class tst_ModelSnapshots final : public QObject
{
    Q_OBJECT

private slots:
    void processTableShowsEveryRecordedState_data() { snapshotRows("rows"); }
    void processTableShowsEveryRecordedState();
    void processTableSortsAndFiltersRecordedRows_data() { snapshotRows("processesSorted"); }
    void processTableSortsAndFiltersRecordedRows();
    void taskTableShowsTheRecordedQueue_data() { snapshotRows("tasks"); }
    void taskTableShowsTheRecordedQueue();
    void distributionShowsEachWorkerInItsColour_data() { snapshotRows("distribution"); }
    void distributionShowsEachWorkerInItsColour();
};

void tst_ModelSnapshots::processTableShowsEveryRecordedState()
{
    QFETCH(QString, file);
    const QJsonObject snapshot = readSnapshot(file);
    Session session;
    ProcessTableModel model(session.supervisor());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(&session);
    QString error;
    QVERIFY2(addProcesses(&session, snapshot.value(QLatin1String("processes")).toArray(), &error), qPrintable(error));
    for (const QJsonValue &v : snapshot.value(QLatin1String("processes")).toArray()) {
        const QJsonObject o = v.toObject();
        if (!o.contains(QLatin1String("activity")))
            continue;
        const QJsonObject a = o.value(QLatin1String("activity")).toObject();
        WorkerActivity activity;
        activity.known = true;
        activity.currentTask = a.value(QLatin1String("currentTask")).toInteger(-1);
        activity.tasksDone = quint64(a.value(QLatin1String("tasksDone")).toInteger());
        model.setWorkerActivity(session.supervisor()->findByName(o.value(QLatin1String("name")).toString())->id(),
                                activity);
    }
    model.refresh();

    const QJsonObject expect = snapshot.value(QLatin1String("expect")).toObject();
    const QJsonArray rows = expect.value(QLatin1String("rows")).toArray();
    QCOMPARE(model.rowCount(), int(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        const QJsonObject want = rows.at(row).toObject();
        const QString name = want.value(QLatin1String("Name")).toString();
        for (auto it = want.constBegin(); it != want.constEnd(); ++it) {
            const QModelIndex state = model.index(row, ProcessTableModel::State);
            const QString where = QStringLiteral("%1, row %2 (%3): %4").arg(file).arg(row).arg(name, it.key());
            if (it.key() == QLatin1String("tone")) {
                QVERIFY2(toneByName(it.value().toString()) != BadgeTone(-1), qPrintable(where));
                QCOMPARE(BadgeTone(state.data(ItemRole::BadgeTone).toInt()), toneByName(it.value().toString()));
            } else if (it.key() == QLatin1String("alive")) {
                QVERIFY2(state.data(ItemRole::Alive).toBool() == it.value().toBool(), qPrintable(where));
            } else if (it.key() == QLatin1String("problem")) {
                QVERIFY2(state.data(ItemRole::Problem).toBool() == it.value().toBool(), qPrintable(where));
            } else {
                const int column = columnByName(ProcessTableModel::staticMetaObject, "Column", it.key());
                QVERIFY2(column >= 0, qPrintable(where));
                const QString shown = model.index(row, column).data().toString();
                QVERIFY2(shown == it.value().toString(),
                         qPrintable(where + QStringLiteral(": shows \"%1\", expected \"%2\"").arg(shown, it.value().toString())));
            }
        }
    }
    for (const QJsonValue &v : expect.value(QLatin1String("toolTips")).toArray()) {
        const QJsonObject want = v.toObject();
        const ManagedProcess *p = session.supervisor()->findByName(want.value(QLatin1String("name")).toString());
        QVERIFY(p);
        const int column = columnByName(ProcessTableModel::staticMetaObject, "Column", want.value(QLatin1String("column")).toString());
        const QString tip = model.indexOf(p->id(), column).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(want.value(QLatin1String("contains")).toString()), qPrintable(p->name() + QStringLiteral(": ") + tip));
    }
}

void tst_ModelSnapshots::processTableSortsAndFiltersRecordedRows()
{
    QFETCH(QString, file);
    const QJsonObject snapshot = readSnapshot(file);
    Session session;
    ProcessTableModel model(session.supervisor());
    QString error;
    QVERIFY2(addProcesses(&session, snapshot.value(QLatin1String("processes")).toArray(), &error), qPrintable(error));
    model.refresh();
    ProcessFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QJsonObject expect = snapshot.value(QLatin1String("expect")).toObject();
    for (const QJsonValue &v : expect.value(QLatin1String("processesSorted")).toArray()) {
        const QJsonObject want = v.toObject();
        const QString columnName = want.value(QLatin1String("column")).toString();
        const int column = columnByName(ProcessTableModel::staticMetaObject, "Column", columnName);
        QVERIFY2(column >= 0, qPrintable(columnName));
        const bool ascending = want.value(QLatin1String("order")).toString() == QLatin1String("ascending");
        proxy.sort(column, ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
        QCOMPARE(columnTexts(proxy, ProcessTableModel::Name), stringsOf(want.value(QLatin1String("names"))));
    }
    if (expect.contains(QLatin1String("problems"))) {
        proxy.sort(-1);
        proxy.setStateFilter(ProcessFilterProxyModel::StateFilter::Problems);
        QCOMPARE(columnTexts(proxy, ProcessTableModel::Name), stringsOf(expect.value(QLatin1String("problems"))));
    }
}

void tst_ModelSnapshots::taskTableShowsTheRecordedQueue()
{
    QFETCH(QString, file);
    const QJsonObject snapshot = readSnapshot(file);
    Session session;
    QString error;
    QVERIFY2(addProcesses(&session, snapshot.value(QLatin1String("processes")).toArray(), &error), qPrintable(error));
    session.ledger()->apply(eventsFrom(snapshot.value(QLatin1String("events")).toArray()));
    TaskTableModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.refresh();

    const QJsonObject expect = snapshot.value(QLatin1String("expect")).toObject();
    const QJsonArray tasks = expect.value(QLatin1String("tasks")).toArray();
    QCOMPARE(model.rowCount(), int(tasks.size()));
    for (int row = 0; row < tasks.size(); ++row) {
        const QJsonObject want = tasks.at(row).toObject();
        for (auto it = want.constBegin(); it != want.constEnd(); ++it) {
            const int column = columnByName(TaskTableModel::staticMetaObject, "Column", it.key());
            QVERIFY2(column >= 0, qPrintable(it.key()));
            const QString shown = model.index(row, column).data().toString();
            QVERIFY2(shown == it.value().toString(),
                     qPrintable(QStringLiteral("%1, task row %2, %3: shows \"%4\", expected \"%5\"")
                                    .arg(file).arg(row).arg(it.key(), shown, it.value().toString())));
        }
        // The worker's name in the worker's colour (darkened or lightened for the palette).
        const QModelIndex worker = model.index(row, TaskTableModel::Worker);
        const QString name = worker.data().toString();
        if (!name.isEmpty()) {
            QCOMPARE(worker.data(ItemRole::WorkerName).toString(), name);
            QCOMPARE(worker.data(Qt::ForegroundRole).value<QBrush>().color().hsvHue(), workerColor(name).hsvHue());
        }
        QCOMPARE(TaskLedger::State(model.index(row, TaskTableModel::State).data(ItemRole::TaskState).toInt()),
                 model.taskAt(row).state);
    }
    for (const QJsonValue &v : expect.value(QLatin1String("toolTips")).toArray()) {
        const QJsonObject want = v.toObject();
        const int row = want.value(QLatin1String("task")).toInt() - 1;
        const int column = columnByName(TaskTableModel::staticMetaObject, "Column", want.value(QLatin1String("column")).toString());
        const QString tip = model.index(row, column).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(want.value(QLatin1String("contains")).toString()), qPrintable(tip));
    }
    TaskFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const QJsonValue &v : expect.value(QLatin1String("tasksSorted")).toArray()) {
        const QJsonObject want = v.toObject();
        const int column = columnByName(TaskTableModel::staticMetaObject, "Column", want.value(QLatin1String("column")).toString());
        const bool ascending = want.value(QLatin1String("order")).toString() == QLatin1String("ascending");
        proxy.sort(column, ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
        QCOMPARE(columnTexts(proxy, TaskTableModel::Id), stringsOf(want.value(QLatin1String("tasks"))));
    }
    const QJsonObject counts = expect.value(QLatin1String("counts")).toObject();
    const TaskLedger *ledger = session.ledger();
    QCOMPARE(ledger->count(TaskLedger::State::Queued), counts.value(QLatin1String("queued")).toInteger());
    QCOMPARE(ledger->count(TaskLedger::State::Taken), counts.value(QLatin1String("taken")).toInteger());
    QCOMPARE(ledger->count(TaskLedger::State::Done), counts.value(QLatin1String("done")).toInteger());
    QCOMPARE(ledger->count(TaskLedger::State::Failed), counts.value(QLatin1String("failed")).toInteger());
    QCOMPARE(ledger->count(TaskLedger::State::DeadLettered), counts.value(QLatin1String("deadLettered")).toInteger());
}

void tst_ModelSnapshots::distributionShowsEachWorkerInItsColour()
{
    QFETCH(QString, file);
    const QJsonObject snapshot = readSnapshot(file);
    Session session;
    QString error;
    QVERIFY2(addProcesses(&session, snapshot.value(QLatin1String("processes")).toArray(), &error), qPrintable(error));
    session.ledger()->apply(eventsFrom(snapshot.value(QLatin1String("events")).toArray()));
    DistributionView view;
    view.update(session.ledger());

    const QJsonArray want = snapshot.value(QLatin1String("expect")).toObject().value(QLatin1String("distribution")).toArray();
    const QVector<DistributionView::Bar> bars = view.bars();
    QCOMPARE(bars.size(), want.size());
    for (int i = 0; i < bars.size(); ++i) {
        const QJsonObject w = want.at(i).toObject();
        QCOMPARE(bars.at(i).name, w.value(QLatin1String("name")).toString());
        QCOMPARE(bars.at(i).done, w.value(QLatin1String("done")).toInteger());
        QCOMPARE(bars.at(i).failed, w.value(QLatin1String("failed")).toInteger());
        QCOMPARE(bars.at(i).lost, w.value(QLatin1String("lost")).toInteger());
    }

    // As painted: each worker that finished something has a bar in its own colour, one
    // below the other in the order above; a worker that finished nothing shows none.
    view.resize(400, view.sizeHint().height());
    const QImage image = view.grab().toImage();
    int previousTop = -1;
    for (const DistributionView::Bar &bar : bars) {
        const QRgb colour = workerColor(bar.name).rgb();
        int top = -1;
        for (int y = 0; y < image.height() && top < 0; ++y) {
            for (int x = 0; x < image.width(); ++x) {
                if (image.pixel(x, y) == colour) {
                    top = y;
                    break;
                }
            }
        }
        if (bar.done == 0) {
            QVERIFY2(top < 0, qPrintable(bar.name));
            continue;
        }
        QVERIFY2(top >= 0, qPrintable(bar.name + QStringLiteral(" is not painted in its colour")));
        QVERIFY2(top > previousTop, qPrintable(bar.name));
        previousTop = top;
    }
}

QTEST_MAIN(tst_ModelSnapshots)
#include "tst_modelsnapshots.moc"
