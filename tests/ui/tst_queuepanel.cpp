// The queue panel with real workers and a real queue: the task table, the distribution
// view, the timeline, worker activity in the process table, the filters and the enqueue
// dialog.

#include "countchips.h"
#include "distributionview.h"
#include "enqueuedialog.h"
#include "processtablemodel.h"
#include "queuepanel.h"
#include "session.h"
#include "taskfilterproxymodel.h"
#include "tasktablemodel.h"
#include "timelineview.h"
#include "worker.h"
#include "workercolors.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QDialogButtonBox>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <QToolButton>
#include <QTableView>
#include <QScrollBar>
#include <QtTest>

#include <csignal>

#include <unistd.h>

using namespace herd;

class tst_QueuePanel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void tutorialTasksFillTableAndDistribution();
    void killedWorkerTaskShowsSecondAttempt();
    void filtersByWorkerAndState();
    void enqueueDialogRefusesBadInput();
    void enqueueDialogEnqueuesLines();
    void enqueueCountIsWhatTheFieldShows();
    void payloadsShownWithoutHidingBytes();
    void oldestWaitingFoundFarBehindARunningTask();
    void workerNamedLateIsRenamedInEveryView();
    void followKeepsTheRunningTaskInView();
    void rowChangedOffScreenShowsItsNewValue();
    void emptyFilterSaysNoMatchingTasks();
    void etaWaitsForDataAndGoesWhenNothingRuns();

private:
    int doneRows() const;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ProcessTableModel> m_processes;
    std::unique_ptr<QueuePanel> m_panel;
};

void tst_QueuePanel::init()
{
    m_session = std::make_unique<Session>();
    TaskQueue::Options options;
    options.capacity = 512;
    QCOMPARE(m_session->open(options).error, QString());
    m_processes = std::make_unique<ProcessTableModel>(m_session->supervisor());
    m_panel = std::make_unique<QueuePanel>(m_session.get(), m_processes.get());
    new QAbstractItemModelTester(m_panel->taskModel(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_panel.get());
    new QAbstractItemModelTester(m_panel->taskProxy(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_panel.get());
    m_panel->resize(900, 500);
    m_panel->show();
}

void tst_QueuePanel::cleanup()
{
    m_session->setQuitting(true);
    m_session->supervisor()->killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->supervisor()->aliveCount(), 0, 5000);
    m_panel.reset();
    m_processes.reset();
    m_session.reset();
}

int tst_QueuePanel::doneRows() const
{
    const TaskTableModel *model = m_panel->taskModel();
    int done = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        done += model->index(row, TaskTableModel::State).data(TaskTableModel::TaskStateRole).toInt()
            == int(TaskLedger::State::Done);
    return done;
}

void tst_QueuePanel::tutorialTasksFillTableAndDistribution()
{
    WorkerPoolSpec pool;
    pool.count = 2;
    pool.workMs = 30;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    // Both workers ready before the tasks come (a slow start would leave them all to one).
    QTRY_COMPARE_WITH_TIMEOUT(m_session->queue()->stats().sleepingWorkers, quint64(2), 10000);
    QCOMPARE(m_session->enqueueCount(10).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->taskModel()->rowCount(), 10, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(doneRows(), 10, 10000);
    const TaskTableModel *model = m_panel->taskModel();
    for (int row = 0; row < 10; ++row) {
        QCOMPARE(model->index(row, TaskTableModel::Id).data().toString(), QString::number(row + 1));
        QCOMPARE(model->index(row, TaskTableModel::State).data().toString(), QStringLiteral("done"));
        QVERIFY(model->index(row, TaskTableModel::Worker).data().toString().startsWith("Worker-"));
        QCOMPARE(model->index(row, TaskTableModel::Attempt).data().toString(), QStringLiteral("1"));
    }
    // Both workers appear in the distribution, each with the tasks it did, summing to 10:
    // read right after the table, with no refresh between, the two say the same.
    QCOMPARE(m_panel->distribution()->bars().size(), 2);
    qint64 total = 0;
    for (const DistributionView::Bar &bar : m_panel->distribution()->bars()) {
        QVERIFY(bar.name == "Worker-1" || bar.name == "Worker-2");
        QVERIFY2(bar.done > 0, qPrintable(bar.name));
        total += bar.done;
    }
    QCOMPARE(total, qint64(10));
    // The timeline has a lane per worker and a finished span for each task.
    int spans = 0;
    for (const auto &lane : m_panel->timeline()->lanes())
        spans += int(lane.size());
    QCOMPARE(m_panel->timeline()->lanes().size(), 2);
    QCOMPARE(spans, 10);
    // The process table counts the tasks each worker did (it is told on the panel's next
    // display tick, so wait for it), and the progress bar says all ten are through.
    auto counted = [this] {
        quint64 n = 0;
        for (ManagedProcess *p : m_session->supervisor()->processes())
            n += m_processes->workerActivity(p->id()).tasksDone;
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(counted(), quint64(10), 10000);
    QVERIFY(m_processes->workerActivity(m_session->supervisor()->processes().at(0)->id()).known);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->findChild<QProgressBar *>("queueProgress")->text().startsWith("10 of 10"), 10000);
    // The counts say it too, each whole in the room the header gives it.
    auto *counts = m_panel->findChild<CountChips *>("queueCounts");
    QVERIFY(counts);
    QTRY_COMPARE_WITH_TIMEOUT(counts->text(), QStringLiteral("queued 0 · running 0 · done 10 · failed 0 · dead-lettered 0"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(counts->width() >= counts->sizeHint().width(), 10000);
}

void tst_QueuePanel::killedWorkerTaskShowsSecondAttempt()
{
    WorkerPoolSpec slow;
    slow.workMs = 3000;
    ManagedProcess *victim = m_session->spawnWorker(slow).value;
    QVERIFY(victim);
    QCOMPARE(m_session->enqueueCount(1).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->taskModel()->index(0, TaskTableModel::State).data().toString(),
                              QStringLiteral("running"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_processes->workerActivity(victim->id()).currentTask, qint64(1), 5000);
    ::kill(pid_t(victim->pid()), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(!victim->isAlive(), 5000);
    WorkerPoolSpec quick;
    quick.workMs = 10;
    QVERIFY(m_session->spawnWorker(quick).ok());
    const QModelIndex attempt = m_panel->taskModel()->index(0, TaskTableModel::Attempt);
    QTRY_COMPARE_WITH_TIMEOUT(attempt.data().toString(), QStringLiteral("2"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(doneRows(), 1, 5000);
    const QString history = m_panel->taskModel()->index(0, TaskTableModel::State).data(Qt::ToolTipRole).toString();
    QVERIFY2(history.contains("Worker-1") && history.contains("SIGKILL") && history.contains("Worker-2"), qPrintable(history));
    // The lost take is on the timeline too.
    bool lost = false;
    for (const TimelineView::Span &s : m_panel->timeline()->lanes().value("Worker-1"))
        lost |= s.outcome == TimelineView::Outcome::Lost;
    QVERIFY(lost);
}

void tst_QueuePanel::filtersByWorkerAndState()
{
    // Tasks 1-3 succeed, 4-5 fail (`test PAYLOAD -lt 4`).
    WorkerPoolSpec pool;
    pool.count = 1;
    pool.exec = QStringLiteral("test {} -lt 4");
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    QCOMPARE(m_session->enqueueCount(5).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->ledger()->count(TaskLedger::State::Failed), qint64(2), 10000);
    m_panel->refresh();
    TaskFilterProxyModel *proxy = m_panel->taskProxy();
    proxy->setStateFilter(int(TaskLedger::State::Failed));
    QCOMPARE(proxy->rowCount(), 2);
    QCOMPARE(proxy->index(0, TaskTableModel::Id).data().toString(), QStringLiteral("4"));
    proxy->setStateFilter(-1);
    proxy->setWorkerFilter(QStringLiteral("Worker-1"));
    QCOMPARE(proxy->rowCount(), 5);
    proxy->setWorkerFilter(QStringLiteral("Worker-9"));
    QCOMPARE(proxy->rowCount(), 0);
    proxy->setWorkerFilter(QString());
    proxy->setTextFilter(QStringLiteral("3"));
    QCOMPARE(proxy->rowCount(), 1);
    // The result column is searched as shown: the failed tasks' result finds both.
    const QString failedResult = m_panel->taskModel()->index(3, TaskTableModel::Result).data().toString();
    QVERIFY(!failedResult.isEmpty());
    proxy->setTextFilter(failedResult);
    QCOMPARE(proxy->rowCount(), 2);
    proxy->setTextFilter(QString());

    // Sorting by a numeric column (read once per row into keys): ties keep enqueue order.
    proxy->sort(TaskTableModel::Id, Qt::DescendingOrder);
    QCOMPARE(proxy->index(0, TaskTableModel::Id).data().toString(), QStringLiteral("5"));
    QCOMPARE(proxy->index(4, TaskTableModel::Id).data().toString(), QStringLiteral("1"));
    proxy->sort(TaskTableModel::State, Qt::AscendingOrder);
    QStringList ids;
    for (int row = 0; row < proxy->rowCount(); ++row)
        ids << proxy->index(row, TaskTableModel::Id).data().toString();
    QCOMPARE(ids, QStringList({"1", "2", "3", "4", "5"}));
    proxy->sort(TaskTableModel::State, Qt::DescendingOrder);
    QCOMPARE(proxy->index(0, TaskTableModel::State).data().toString(), QStringLiteral("failed"));
    proxy->sort(-1);

    // The panel's own controls: the text field filters once typing pauses.
    auto *field = m_panel->findChild<QLineEdit *>();
    QVERIFY(field);
    field->setText(QStringLiteral("5"));
    QTRY_COMPARE_WITH_TIMEOUT(proxy->rowCount(), 1, 5000);
    field->clear();
    QTRY_COMPARE_WITH_TIMEOUT(proxy->rowCount(), 5, 5000);
}

void tst_QueuePanel::enqueueDialogRefusesBadInput()
{
    EnqueueDialog dialog(m_session.get());
    dialog.setSource(EnqueueDialog::Source::File);
    dialog.setFile(QString());
    dialog.accept();
    QVERIFY2(dialog.errorText().contains("Choose a file"), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    dialog.setFile("/nonexistent/tasks.txt");
    dialog.accept();
    QVERIFY2(dialog.errorText().contains("Cannot read"), qPrintable(dialog.errorText()));

    QTemporaryDir dir;
    QFile big(dir.filePath("big.txt"));
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write("small\n" + QByteArray(m_session->queue()->maxPayload() + 1, 'x') + "\n");
    big.close();
    dialog.setFile(big.fileName());
    dialog.accept();
    QVERIFY2(dialog.errorText().contains("Line 2") && dialog.errorText().contains("nothing was enqueued"),
             qPrintable(dialog.errorText()));

    dialog.setSource(EnqueueDialog::Source::Lines);
    dialog.setLines(QString());
    dialog.accept();
    QVERIFY2(dialog.errorText().contains("at least one task"), qPrintable(dialog.errorText()));
    QCOMPARE(m_session->tasksEnqueued(), qint64(0));
}

void tst_QueuePanel::enqueueDialogEnqueuesLines()
{
    EnqueueDialog dialog(m_session.get());
    dialog.setSource(EnqueueDialog::Source::Lines);
    dialog.setLines(QStringLiteral("resize a.jpg\n任务 二\n"));
    dialog.accept();
    QCOMPARE(dialog.errorText(), QString());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->taskModel()->rowCount(), 2, 5000);
    QCOMPARE(m_panel->taskModel()->index(1, TaskTableModel::Payload).data().toString(), QStringLiteral("任务 二"));
    QCOMPARE(m_panel->taskModel()->index(1, TaskTableModel::State).data().toString(), QStringLiteral("queued"));
}

void tst_QueuePanel::enqueueCountIsWhatTheFieldShows()
{
    EnqueueDialog dialog(m_session.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *count = dialog.findChild<QSpinBox *>(QStringLiteral("countSpin"));
    QVERIFY(count);
    dialog.setCount(7);
    count->setFocus();
    QTest::keyClick(count, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(count, QStringLiteral("0"));
    // "0" keeps 7 behind it: refused where the user looks, Enter does nothing.
    QCOMPARE(count->findChild<QLineEdit *>()->text(), QStringLiteral("0"));
    QVERIFY2(dialog.errorText().contains(QLatin1String("Number of tasks")), qPrintable(dialog.errorText()));
    QVERIFY(!dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    QTest::keyClick(count, Qt::Key_Return);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(m_session->tasksEnqueued(), qint64(0));
    // "-7": the minus cannot be typed, so the field shows 7 and 7 is what is enqueued.
    QTest::keyClick(count, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(count, QStringLiteral("-7"));
    QCOMPARE(count->findChild<QLineEdit *>()->text(), QStringLiteral("7"));
    QCOMPARE(dialog.errorText(), QString());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(m_session->tasksEnqueued(), qint64(7));
}

void tst_QueuePanel::payloadsShownWithoutHidingBytes()
{
    QCOMPARE(TaskTableModel::payloadText("plain text"), QStringLiteral("plain text"));
    QCOMPARE(TaskTableModel::payloadText(QByteArray("a\0b", 3)), QStringLiteral("a\\x00b"));
    QCOMPARE(TaskTableModel::payloadText(QByteArray("\xff\xfe")), QStringLiteral("\\xff\\xfe"));
}

void tst_QueuePanel::oldestWaitingFoundFarBehindARunningTask()
{
    // Task 1 runs for long on a slow worker while a fast one finishes thousands after it;
    // a task enqueued then still shows as the oldest waiting, however far down it is.
    WorkerPoolSpec slow;
    slow.count = 1;
    slow.workMs = 60000;
    QCOMPARE(m_session->spawnPool(slow).error, QString());
    QCOMPARE(m_session->enqueueCount(1).error, QString());
    TaskLedger *ledger = m_session->ledger();
    QTRY_COMPARE_WITH_TIMEOUT(ledger->count(TaskLedger::State::Taken), qint64(1), 10000);
    WorkerPoolSpec fast;
    fast.count = 1;
    QCOMPARE(m_session->spawnPool(fast).error, QString());
    QCOMPARE(m_session->enqueueCount(5000).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(ledger->count(TaskLedger::State::Done), qint64(5000), 30000);
    // The fast worker goes; the next task waits, 5,000 rows behind the running one.
    ManagedProcess *fastWorker = m_session->supervisor()->processes().last();
    fastWorker->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!fastWorker->isAlive(), 5000);
    QCOMPARE(m_session->enqueueCount(1).error, QString());
    auto *health = m_panel->findChild<QLabel *>(QStringLiteral("queueHealth"));
    QVERIFY(health);
    QTRY_VERIFY_WITH_TIMEOUT(health->text().contains(QLatin1String("oldest waiting")), 5000);
    QCOMPARE(ledger->state(5001), TaskLedger::State::Queued);
}

void tst_QueuePanel::workerNamedLateIsRenamedInEveryView()
{
    // Issue 11: tasks taken by a pid Herd cannot name yet are shown under "pid N"; once the
    // name is learned, the table, the distribution, the timeline and the worker filter all
    // say the name, and nothing is left under "pid N". The worker here is this test process
    // itself (a pid no process of the session has); the session's learning of the name is
    // what it does when a pid is reported, TaskLedger::learnName.
    std::string error;
    auto worker = Worker::attach(m_session->queue()->address().toStdString(), "late", &error);
    QVERIFY2(worker, error.c_str());
    QCOMPARE(m_session->enqueueCount(2).error, QString());
    for (int i = 0; i < 2; ++i) {
        WorkerTask task;
        QCOMPARE(worker->take(&task, 10000), TakeResult::Task);
        QCOMPARE(worker->complete(task, 0, "ok"), AckResult::Ok);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_session->ledger()->count(TaskLedger::State::Done), qint64(2), 10000);
    m_panel->refresh();
    const QString placeholder = QStringLiteral("pid %1").arg(::getpid());
    TaskTableModel *model = m_panel->taskModel();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0, TaskTableModel::Worker).data().toString(), placeholder);
    QCOMPARE(m_panel->distribution()->bars().value(0).name, placeholder);
    QVERIFY(m_panel->timeline()->lanes().contains(placeholder));

    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    QVERIFY(m_session->ledger()->learnName(::getpid(), QStringLiteral("Worker-7")));
    m_panel->refresh();
    // The table announces the rewrite (the Worker column of every row) and shows it.
    bool workerColumnAnnounced = false;
    for (const QList<QVariant> &args : std::as_const(changed)) {
        const QModelIndex tl = args.at(0).toModelIndex();
        const QModelIndex br = args.at(1).toModelIndex();
        workerColumnAnnounced |= tl.row() == 0 && br.row() == 1 && tl.column() <= TaskTableModel::Worker
            && TaskTableModel::Worker <= br.column();
    }
    QVERIFY(workerColumnAnnounced);
    for (int row = 0; row < 2; ++row)
        QCOMPARE(model->index(row, TaskTableModel::Worker).data().toString(), QStringLiteral("Worker-7"));
    // The distribution has one bar, under the name, with both tasks.
    QCOMPARE(m_panel->distribution()->bars().size(), 1);
    QCOMPARE(m_panel->distribution()->bars().at(0).name, QStringLiteral("Worker-7"));
    QCOMPARE(m_panel->distribution()->bars().at(0).done, qint64(2));
    // The timeline's lane moved to the name with its spans.
    QVERIFY(!m_panel->timeline()->lanes().contains(placeholder));
    QCOMPARE(int(m_panel->timeline()->lanes().value(QStringLiteral("Worker-7")).size()), 2);
    // The worker filter offers the name, and filtering by it finds both tasks.
    auto *filter = m_panel->findChild<QComboBox *>(QStringLiteral("workerFilter"));
    QVERIFY(filter);
    QVERIFY(filter->findData(QStringLiteral("Worker-7")) > 0);
    QCOMPARE(filter->findData(placeholder), -1);
    m_panel->taskProxy()->setWorkerFilter(QStringLiteral("Worker-7"));
    QCOMPARE(m_panel->taskProxy()->rowCount(), 2);
    m_panel->taskProxy()->setWorkerFilter(QString());
}

namespace {

// Some task that runs now is in the table's view.
bool runningTaskInView(const QueuePanel *panel, const Session *session)
{
    const QTableView *view = panel->taskView();
    for (const TaskLedger::InFlight &f : session->ledger()->inFlight()) {
        const QModelIndex index = panel->taskProxy()->mapFromSource(panel->taskModel()->index(int(f.row), 0));
        if (index.isValid() && view->viewport()->rect().intersects(view->visualRect(index)))
            return true;
    }
    return false;
}

} // namespace

void tst_QueuePanel::followKeepsTheRunningTaskInView()
{
    WorkerPoolSpec pool;
    pool.count = 1;
    pool.workMs = 100;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    QCOMPARE(m_session->enqueueCount(300).error, QString());
    QTableView *view = m_panel->taskView();
    QScrollBar *bar = view->verticalScrollBar();
    QVERIFY(m_panel->follows());
    QVERIFY(m_panel->followButton()->isChecked());
    // Past the first screenful the table has scrolled along with the running task.
    QTRY_VERIFY_WITH_TIMEOUT(m_session->ledger()->count(TaskLedger::State::Done) > 30, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(runningTaskInView(m_panel.get(), m_session.get()), 5000);

    // The user scrolls away: following stops, and the table stays where the user put it.
    bar->setValue(0);
    QVERIFY(!m_panel->follows());
    QVERIFY(!m_panel->followButton()->isChecked());
    const qint64 done = m_session->ledger()->count(TaskLedger::State::Done);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->ledger()->count(TaskLedger::State::Done) >= done + 5, 30000);
    m_panel->refresh();
    QCOMPARE(bar->value(), 0);
    QVERIFY(!runningTaskInView(m_panel.get(), m_session.get()));

    // Follow again: back to the running task.
    m_panel->followButton()->click();
    QVERIFY(m_panel->follows());
    QTRY_VERIFY_WITH_TIMEOUT(runningTaskInView(m_panel.get(), m_session.get()), 5000);
}

void tst_QueuePanel::rowChangedOffScreenShowsItsNewValue()
{
    // Two hundred tasks wait; the user looks at the top of the table.
    QCOMPARE(m_session->enqueueCount(200).error, QString());
    QTableView *view = m_panel->taskView();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->taskProxy()->rowCount(), 200, 10000);
    m_panel->setFollow(false);
    view->verticalScrollBar()->setValue(0);
    const QModelIndex last = m_panel->taskProxy()->index(199, TaskTableModel::State);
    QVERIFY(!view->viewport()->rect().intersects(view->visualRect(last)));
    QCOMPARE(last.data().toString(), QStringLiteral("queued"));

    // A worker does them all while the last row is off screen.
    ManagedProcess *worker = m_session->spawnWorker(WorkerPoolSpec{}).value;
    QVERIFY(worker);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->ledger()->count(TaskLedger::State::Done), qint64(200), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(doneRows(), 200, 10000);
    QCOMPARE(view->verticalScrollBar()->value(), 0);

    // Scrolled to, it shows what happened to it: done, by whom, with its result.
    view->scrollTo(last);
    QTRY_VERIFY_WITH_TIMEOUT(view->viewport()->rect().intersects(view->visualRect(last)), 5000);
    auto shown = [&](int column) { return m_panel->taskProxy()->index(199, column).data().toString(); };
    QCOMPARE(shown(TaskTableModel::State), QStringLiteral("done"));
    QCOMPARE(shown(TaskTableModel::Worker), worker->name());
    QCOMPARE(shown(TaskTableModel::Attempt), QStringLiteral("1"));
    QCOMPARE(shown(TaskTableModel::Result), QStringLiteral("exit 0"));
    QVERIFY(!shown(TaskTableModel::Run).isEmpty());
    QCOMPARE(m_panel->taskProxy()->index(199, TaskTableModel::Worker).data(Qt::ForegroundRole).value<QBrush>().color().hsvHue(),
             workerColor(worker->name()).hsvHue());
}

void tst_QueuePanel::emptyFilterSaysNoMatchingTasks()
{
    QLabel *placeholder = m_panel->placeholder();
    QTableView *view = m_panel->taskView();
    QTRY_VERIFY_WITH_TIMEOUT(placeholder->isVisible(), 5000);
    QCOMPARE(placeholder->text(), QStringLiteral("No tasks yet"));
    QCOMPARE(m_session->enqueueCount(5).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->taskProxy()->rowCount(), 5, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!placeholder->isVisible(), 5000);

    auto *filter = m_panel->findChild<QLineEdit *>(QStringLiteral("taskFilter"));
    QVERIFY(filter);
    filter->setText(QStringLiteral("no such payload"));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->taskProxy()->rowCount(), 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(placeholder->isVisible(), 5000);
    QCOMPARE(placeholder->text(), QStringLiteral("No matching tasks"));
    // Over the table, where the rows would be.
    QCOMPARE(placeholder->parentWidget(), view->viewport());
    QCOMPARE(placeholder->geometry(), view->viewport()->rect());
    filter->clear();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->taskProxy()->rowCount(), 5, 5000);
    QVERIFY(!placeholder->isVisible());
}

void tst_QueuePanel::etaWaitsForDataAndGoesWhenNothingRuns()
{
    WorkerPoolSpec pool;
    pool.count = 1;
    pool.workMs = 50;
    pool.restart.mode = RestartPolicy::Mode::Never;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->queue()->stats().sleepingWorkers, quint64(1), 10000);
    QElapsedTimer since;
    since.start();
    QCOMPARE(m_session->enqueueCount(400).error, QString());
    auto progress = [this] { return m_panel->findChild<QProgressBar *>(QStringLiteral("queueProgress"))->format(); };
    QTRY_VERIFY_WITH_TIMEOUT(m_session->ledger()->count(TaskLedger::State::Done) >= 1, 10000);
    m_panel->refresh();
    // A completion or two is no rate to promise a time on.
    if (since.elapsed() < QueuePanel::kEtaMinSpanMs - 500) {
        QCOMPARE(m_panel->etaMs(), qint64(-1));
        QVERIFY2(!progress().contains(QLatin1String("ETA")), qPrintable(progress()));
    }
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->etaMs() > 0, 20000);
    QVERIFY2(progress().contains(QLatin1String("ETA")), qPrintable(progress()));
    QVERIFY(since.elapsed() >= QueuePanel::kEtaMinSpanMs);

    // Quitting: what is left will not be done.
    m_panel->setQuitting(true);
    QCOMPARE(m_panel->etaMs(), qint64(-1));
    QVERIFY2(!progress().contains(QLatin1String("ETA")), qPrintable(progress()));
    m_panel->setQuitting(false);
    QVERIFY(m_panel->etaMs() > 0);

    // Nothing runs any more (the only worker is gone): no ETA, at once.
    ManagedProcess *worker = m_session->supervisor()->processes().first();
    worker->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!worker->isAlive() && m_session->ledger()->inFlightCount() == 0, 10000);
    m_panel->refresh();
    QCOMPARE(m_panel->etaMs(), qint64(-1));
    QVERIFY2(!progress().contains(QLatin1String("ETA")), qPrintable(progress()));
}

QTEST_MAIN(tst_QueuePanel)
#include "tst_queuepanel.moc"
