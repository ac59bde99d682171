#include "processfilterproxymodel.h"
#include "processlistwidget.h"
#include "processtablemodel.h"
#include "session.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace herd;
using namespace herd::test;

// The process list on its own, with no window around it: filters, selection, the actions
// on the selection and the context menu, on real processes.
class tst_ProcessListWidget : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void filterRowNarrowsTheView();
    void forEachSelectedFollowsViewOrder();
    void actionsFollowTheSelection();
    void terminateActsOnTheSelectionOnly();
    void contextMenuSelectsTheRowUnderThePointer();
    void showOutputAsksForThatProcess();
    void copyCommandLineQuotesWords();
    void headerStateOfOtherColumnsIsIgnored();
    void selectedWorkerKeepsItsIcon();
    void daemonRowIsMarked();
    void clearEndedRemovesOnlyEndedRows();
    void endedRowsClearThemselvesWhenAsked();

private:
    ManagedProcess *spawn(const ProcessSpec &spec)
    {
        const Result<ManagedProcess *> r = m_session->supervisor()->spawn(spec);
        if (!r.ok())
            qWarning("spawn refused: %s", qPrintable(r.error));
        return r.value;
    }
    int viewRowOf(quint64 id) const
    {
        return m_list->proxy()->mapFromSource(m_list->model()->indexOf(id)).row();
    }
    QStringList selectedNames() const
    {
        QStringList names;
        m_list->forEachSelected([&names](ManagedProcess *p) { names << p->name(); });
        return names;
    }

    Session *m_session = nullptr;
    ProcessListWidget *m_list = nullptr;
};

void tst_ProcessListWidget::initTestCase()
{
    QVERIFY2(!testChild().isEmpty(), "no herd-testchild");
}

void tst_ProcessListWidget::init()
{
    m_session = new Session;
    m_list = new ProcessListWidget(m_session);
    new QAbstractItemModelTester(m_list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_list);
    new QAbstractItemModelTester(m_list->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_list);
    m_list->resize(1000, 400);
    m_list->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_list));
}

void tst_ProcessListWidget::cleanup()
{
    m_session->supervisor()->killAll(StopCause::User);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->supervisor()->aliveCount(), 0, 5000);
    delete m_list;
    delete m_session;
    m_list = nullptr;
    m_session = nullptr;
}

void tst_ProcessListWidget::filterRowNarrowsTheView()
{
    ManagedProcess *alpha = spawn(sleeper(QStringLiteral("alpha")));
    ManagedProcess *beta = spawn(sleeper(QStringLiteral("beta")));
    QVERIFY(alpha && beta);
    QTRY_COMPARE_WITH_TIMEOUT(m_list->proxy()->rowCount(), 2, 5000);

    auto *filter = m_list->findChild<QLineEdit *>(QStringLiteral("processFilter"));
    QVERIFY(filter);
    filter->setText(QStringLiteral("alph"));
    QCOMPARE(m_list->proxy()->rowCount(), 1);
    QCOMPARE(viewRowOf(alpha->id()), 0);
    QCOMPARE(viewRowOf(beta->id()), -1);
    filter->clear();
    QCOMPARE(m_list->proxy()->rowCount(), 2);

    auto *state = m_list->findChild<QComboBox *>(QStringLiteral("stateFilter"));
    QVERIFY(state);
    state->setCurrentIndex(state->findData(int(ProcessFilterProxyModel::StateFilter::Ended)));
    QCOMPARE(m_list->proxy()->rowCount(), 0);
    beta->kill(StopCause::User);
    QTRY_COMPARE_WITH_TIMEOUT(m_list->proxy()->rowCount(), 1, 5000);
    QCOMPARE(viewRowOf(beta->id()), 0);
}

void tst_ProcessListWidget::forEachSelectedFollowsViewOrder()
{
    ManagedProcess *a = spawn(sleeper(QStringLiteral("a")));
    ManagedProcess *b = spawn(sleeper(QStringLiteral("b")));
    ManagedProcess *c = spawn(sleeper(QStringLiteral("c")));
    QVERIFY(a && b && c);
    QTRY_COMPARE_WITH_TIMEOUT(m_list->proxy()->rowCount(), 3, 5000);
    QVERIFY(selectedNames().isEmpty());

    m_list->view()->sortByColumn(ProcessTableModel::Name, Qt::AscendingOrder);
    m_list->selectProcesses({c->id(), a->id()});
    QCOMPARE(selectedNames(), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
    QCOMPARE(m_list->selectedProcessIds(), (QVector<quint64>{a->id(), c->id()}));
    // The selection stays with the processes when the rows move.
    m_list->view()->sortByColumn(ProcessTableModel::Name, Qt::DescendingOrder);
    QCOMPARE(selectedNames(), (QStringList{QStringLiteral("c"), QStringLiteral("a")}));
}

void tst_ProcessListWidget::actionsFollowTheSelection()
{
    ManagedProcess *live = spawn(sleeper(QStringLiteral("live")));
    ManagedProcess *ended = spawn(childSpec({QStringLiteral("exit"), QStringLiteral("0")}, QStringLiteral("ended")));
    QVERIFY(live && ended);
    QTRY_VERIFY_WITH_TIMEOUT(live->state() == ProcessState::Running && !ended->isAlive(), 5000);
    m_list->model()->refresh();

    QVERIFY(!m_list->terminateAction()->isEnabled());
    QVERIFY(!m_list->showOutputAction()->isEnabled());

    m_list->selectProcesses({live->id()});
    QVERIFY(m_list->terminateAction()->isEnabled());
    QVERIFY(m_list->killAction()->isEnabled());
    QVERIFY(m_list->setTimeoutAction()->isEnabled());
    QVERIFY(!m_list->restartAction()->isEnabled());

    m_list->selectProcesses({ended->id()});
    QVERIFY(!m_list->terminateAction()->isEnabled());
    QVERIFY(m_list->restartAction()->isEnabled());
    QVERIFY(m_list->copyCommandAction()->isEnabled());
    // Nothing is restarted while Herd quits.
    m_list->setQuitting(true);
    QVERIFY(!m_list->restartAction()->isEnabled());
    m_list->setQuitting(false);
    QVERIFY(m_list->restartAction()->isEnabled());
}

void tst_ProcessListWidget::terminateActsOnTheSelectionOnly()
{
    ManagedProcess *a = spawn(sleeper(QStringLiteral("a")));
    ManagedProcess *b = spawn(sleeper(QStringLiteral("b")));
    QVERIFY(a && b);
    QTRY_VERIFY_WITH_TIMEOUT(a->state() == ProcessState::Running && b->state() == ProcessState::Running, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_list->proxy()->rowCount(), 2, 5000);
    QSignalSpy problems(m_list, &ProcessListWidget::problemOccurred);

    m_list->selectProcesses({a->id()});
    m_list->terminateAction()->trigger();
    QVERIFY(a->timeline().termSentMs >= 0);
    QCOMPARE(b->timeline().termSentMs, qint64(-1));
    QTRY_COMPARE_WITH_TIMEOUT(a->state(), ProcessState::Killed, 5000);
    QCOMPARE(b->state(), ProcessState::Running);

    // Terminating what has ended sends nothing and is no problem.
    m_list->terminateAction()->trigger();
    m_list->selectProcesses({b->id()});
    m_list->killSelected();
    QTRY_VERIFY_WITH_TIMEOUT(!b->isAlive(), 5000);
    QCOMPARE(problems.count(), 0);
}

void tst_ProcessListWidget::contextMenuSelectsTheRowUnderThePointer()
{
    ManagedProcess *p = spawn(sleeper(QStringLiteral("menu")));
    QVERIFY(p);
    QTRY_COMPARE_WITH_TIMEOUT(p->state(), ProcessState::Running, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_list->proxy()->rowCount(), 1, 5000);
    QTreeView *view = m_list->view();
    const QModelIndex index = m_list->proxy()->mapFromSource(m_list->model()->indexOf(p->id()));
    emit view->customContextMenuRequested(view->visualRect(index).center());
    QMenu *menu = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((menu = m_list->findChild<QMenu *>(QStringLiteral("processContextMenu"))) && menu->isVisible(), 5000);
    QStringList texts;
    for (QAction *a : menu->actions()) {
        if (!a->isSeparator())
            texts << a->text().remove(QLatin1Char('&'));
    }
    QCOMPARE(texts, (QStringList{QStringLiteral("Terminate"), QStringLiteral("Kill"), QStringLiteral("Send signal…"),
                                 QStringLiteral("Restart"), QStringLiteral("Set timeout…"), QStringLiteral("Show output"),
                                 QStringLiteral("Copy command line"), QStringLiteral("Clear ended processes")}));
    QCOMPARE(m_list->selectedProcessIds(), QVector<quint64>{p->id()});
    QVERIFY(m_list->killAction()->isEnabled());
    menu->close();
}

void tst_ProcessListWidget::showOutputAsksForThatProcess()
{
    ManagedProcess *a = spawn(sleeper(QStringLiteral("a")));
    ManagedProcess *b = spawn(sleeper(QStringLiteral("b")));
    QVERIFY(a && b);
    QTRY_COMPARE_WITH_TIMEOUT(m_list->proxy()->rowCount(), 2, 5000);
    QSignalSpy asked(m_list, &ProcessListWidget::outputRequested);
    m_list->selectProcesses({b->id()});
    m_list->showOutputAction()->trigger();
    QCOMPARE(asked.count(), 1);
    QCOMPARE(asked.at(0).at(0).toULongLong(), b->id());

    // A double click on a row shows that row's output and selects it.
    const QModelIndex index = m_list->proxy()->mapFromSource(m_list->model()->indexOf(a->id()));
    emit m_list->view()->doubleClicked(index);
    QCOMPARE(asked.count(), 2);
    QCOMPARE(asked.at(1).at(0).toULongLong(), a->id());
    QCOMPARE(m_list->selectedProcessIds(), QVector<quint64>{a->id()});
}

void tst_ProcessListWidget::copyCommandLineQuotesWords()
{
    ManagedProcess *p = spawn(childSpec({QStringLiteral("exit"), QStringLiteral("0"), QStringLiteral("two words")}));
    QVERIFY(p);
    QTRY_COMPARE_WITH_TIMEOUT(m_list->proxy()->rowCount(), 1, 5000);
    m_list->selectProcesses({p->id()});
    m_list->copyCommandAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("%1 exit 0 'two words'").arg(p->spec().program));
}

void tst_ProcessListWidget::headerStateOfOtherColumnsIsIgnored()
{
    QHeaderView *header = m_list->view()->header();
    header->resizeSection(ProcessTableModel::Name, 222);
    const QByteArray state = m_list->saveHeaderState();
    header->resizeSection(ProcessTableModel::Name, 100);
    m_list->restoreHeaderState(state, ProcessTableModel::ColumnCount + 1);
    QCOMPARE(header->sectionSize(ProcessTableModel::Name), 100);
    m_list->restoreHeaderState(state, ProcessTableModel::ColumnCount);
    QCOMPARE(header->sectionSize(ProcessTableModel::Name), 222);
}

namespace {

// Pixels of the image within rect whose colour is within tolerance of colour.
int pixelsNear(const QImage &image, const QRect &rect, const QColor &colour, int tolerance)
{
    int n = 0;
    for (int y = qMax(0, rect.top()); y <= qMin(image.height() - 1, rect.bottom()); ++y) {
        for (int x = qMax(0, rect.left()); x <= qMin(image.width() - 1, rect.right()); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (qAbs(c.red() - colour.red()) <= tolerance && qAbs(c.green() - colour.green()) <= tolerance
                && qAbs(c.blue() - colour.blue()) <= tolerance)
                ++n;
        }
    }
    return n;
}

} // namespace

void tst_ProcessListWidget::selectedWorkerKeepsItsIcon()
{
    ProcessSpec spec = sleeper();
    spec.kind = ProcessKind::Worker;
    ManagedProcess *worker = spawn(spec);
    QVERIFY(worker);
    QTRY_COMPARE_WITH_TIMEOUT(m_list->proxy()->rowCount(), 1, 5000);
    QTreeView *view = m_list->view();
    const QModelIndex name = m_list->proxy()->mapFromSource(m_list->model()->indexOf(worker->id()));
    const QRect cell = view->visualRect(name);
    const QRect iconArea(cell.left(), cell.top(), view->iconSize().width() + 4, cell.height());
    const QColor gear(0x25, 0x7c, 0xe8); // worker.svg's blue
    const QColor base = view->palette().color(QPalette::Base);
    const QImage unselected = view->viewport()->grab().toImage();
    QVERIFY2(pixelsNear(unselected, iconArea, gear, 6) >= 20, "the worker icon is not painted at all");

    m_list->selectProcesses({worker->id()});
    view->setFocus();
    QTRY_VERIFY(view->selectionModel()->isRowSelected(name.row(), QModelIndex()));
    const QImage selected = view->viewport()->grab().toImage();
    // The gear keeps its own blue (not tinted towards the selection's), on a backdrop in
    // (nearly: styles shade selected rows a little) the base colour, which sets it off from
    // the selection.
    QVERIFY2(pixelsNear(selected, iconArea, gear, 6) >= 20,
             qPrintable(QStringLiteral("%1 gear pixels").arg(pixelsNear(selected, iconArea, gear, 6))));
    QVERIFY2(pixelsNear(selected, iconArea, base, 30) >= 40,
             qPrintable(QStringLiteral("%1 backdrop pixels").arg(pixelsNear(selected, iconArea, base, 30))));
}

void tst_ProcessListWidget::daemonRowIsMarked()
{
    // As narrow as the list is in a 1024×700 window beside the details panel.
    m_list->resize(640, 300);
    ProcessSpec spec = sleeper(QStringLiteral("background"));
    spec.daemon = true;
    ManagedProcess *daemon = spawn(spec);
    ManagedProcess *plain = spawn(sleeper(QStringLiteral("foreground")));
    QVERIFY(daemon && plain);
    QTRY_COMPARE_WITH_TIMEOUT(m_list->proxy()->rowCount(), 2, 5000);
    const QModelIndex daemonName = m_list->model()->indexOf(daemon->id());
    const QModelIndex plainName = m_list->model()->indexOf(plain->id());
    QVERIFY(daemonName.data(ProcessTableModel::DaemonRole).toBool());
    QVERIFY(!plainName.data(ProcessTableModel::DaemonRole).toBool());
    QVERIFY2(daemonName.data(Qt::ToolTipRole).toString().contains(QLatin1String("daemon: stopped without asking")),
             qPrintable(daemonName.data(Qt::ToolTipRole).toString()));

    // The marker is painted in the Name column, which is in view at this width.
    QTreeView *view = m_list->view();
    QVERIFY(view->header()->sectionViewportPosition(ProcessTableModel::Name) >= 0);
    const QImage image = view->viewport()->grab().toImage();
    const QColor indigo(0x4a, 0x5a, 0xc4);
    const QRect daemonCell = view->visualRect(m_list->proxy()->mapFromSource(daemonName));
    const QRect plainCell = view->visualRect(m_list->proxy()->mapFromSource(plainName));
    QVERIFY(daemonCell.right() < view->viewport()->width());
    QVERIFY2(pixelsNear(image, daemonCell, indigo, 10) >= 8,
             qPrintable(QStringLiteral("%1 marker pixels").arg(pixelsNear(image, daemonCell, indigo, 10))));
    QCOMPARE(pixelsNear(image, plainCell, indigo, 10), 0);
}

void tst_ProcessListWidget::clearEndedRemovesOnlyEndedRows()
{
    QSignalSpy gaveUp(m_session, &Session::processGaveUp);
    QSignalSpy scheduled(m_session, &Session::restartScheduled);
    QSignalSpy reported(m_list, &ProcessListWidget::actionReported);
    ManagedProcess *running = spawn(sleeper(QStringLiteral("running")));
    QVERIFY(spawn(childSpec({QStringLiteral("exit"), QStringLiteral("0")}, QStringLiteral("done"))));
    QVERIFY(spawn(childSpec({QStringLiteral("exit"), QStringLiteral("3")}, QStringLiteral("failed"))));
    ProcessSpec daemon = childSpec({QStringLiteral("exit"), QStringLiteral("0")}, QStringLiteral("ended-daemon"));
    daemon.daemon = true;
    QVERIFY(spawn(daemon));
    ProcessSpec looper = childSpec({QStringLiteral("exit"), QStringLiteral("3")}, QStringLiteral("looper"));
    looper.restart.mode = RestartPolicy::Mode::OnFailure;
    looper.restart.maxRestarts = 1;
    looper.restart.backoffMs = 50;
    QVERIFY(spawn(looper));
    ProcessSpec pending = childSpec({QStringLiteral("exit"), QStringLiteral("1")}, QStringLiteral("pending"));
    pending.restart.mode = RestartPolicy::Mode::Always;
    pending.restart.backoffMs = 60000;
    QVERIFY(spawn(pending));
    QVERIFY(running);
    QTRY_COMPARE_WITH_TIMEOUT(gaveUp.count(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 2, 10000); // the looper's one restart, and pending's
    QTRY_COMPARE_WITH_TIMEOUT(m_session->supervisor()->aliveCount(), 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_list->clearEndedAction()->isEnabled(), 5000);
    QCOMPARE(m_list->proxy()->rowCount(), 6);

    m_list->clearEndedAction()->trigger();
    // The running process stays, and so does the one its policy will start again; the ended
    // ones go, the daemon and the one its policy gave up on included.
    QStringList left;
    for (int row = 0; row < m_list->proxy()->rowCount(); ++row)
        left << m_list->proxy()->index(row, ProcessTableModel::Name).data().toString();
    left.sort();
    QCOMPARE(left, (QStringList{QStringLiteral("pending"), QStringLiteral("running")}));
    QCOMPARE(reported.count(), 1);
    QCOMPARE(reported.first().first().toString(), QStringLiteral("Cleared 4 ended processes from the list"));
    // Herd still has every one: the report and the event stream keep their record.
    QCOMPARE(m_session->supervisor()->processes().size(), 6);

    running->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!running->isAlive(), 5000);
    m_list->clearEndedAction()->trigger();
    QCOMPARE(m_list->proxy()->rowCount(), 1);
    QCOMPARE(reported.last().first().toString(), QStringLiteral("Cleared 1 ended process from the list"));
    // A cleared process that runs again gets its row back.
    QCOMPARE(m_session->restartProcess(running).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_list->proxy()->rowCount(), 2, 5000);
    QVERIFY(m_list->model()->rowOf(running->id()) >= 0);
}

void tst_ProcessListWidget::endedRowsClearThemselvesWhenAsked()
{
    m_list->model()->setAutoClearAfter(300);
    ManagedProcess *running = spawn(sleeper(QStringLiteral("running")));
    ManagedProcess *brief = spawn(childSpec({QStringLiteral("exit"), QStringLiteral("0")}, QStringLiteral("brief")));
    QVERIFY(running && brief);
    QTRY_VERIFY_WITH_TIMEOUT(!brief->isAlive(), 5000);
    QVERIFY(m_list->model()->rowOf(brief->id()) >= 0 || m_session->supervisor()->elapsedMs() >= brief->endedMs() + 300);
    QTRY_COMPARE_WITH_TIMEOUT(m_list->model()->rowOf(brief->id()), -1, 5000);
    // Not before its time: it ended at least that long ago.
    QVERIFY(m_session->supervisor()->elapsedMs() >= brief->endedMs() + 300);
    QVERIFY(m_list->model()->rowOf(running->id()) >= 0);
    QCOMPARE(m_list->proxy()->rowCount(), 1);
}

QTEST_MAIN(tst_ProcessListWidget)
#include "tst_processlistwidget.moc"
