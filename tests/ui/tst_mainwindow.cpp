#include "displaytick.h"
#include "distributionview.h"
#include "killbuttondelegate.h"
#include "queuepanel.h"
#include "tasktablemodel.h"
#include "mainwindow.h"
#include "outputpane.h"
#include "processdetailspanel.h"
#include "processfilterproxymodel.h"
#include "processtablemodel.h"
#include "session.h"
#include "spawndialog.h"
#include "statebadgedelegate.h"
#include "testsupport.h"
#include "timeoutdialog.h"

#include <QAction>
#include <QClipboard>
#include <QCheckBox>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSignalSpy>
#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QFormLayout>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QElapsedTimer>
#include <memory>
#include <QSet>
#include <QTest>
#include <QToolButton>
#include <QComboBox>
#include <QTabWidget>
#include <QAbstractTextDocumentLayout>
#include <QTextFrame>
#include <QTextBlock>
#include <QTextTable>
#include <QTextDocument>
#include <QTableView>
#include <QToolBar>
#include <QTranslator>
#include <QTreeView>

#include <csignal>

using namespace herd;
using namespace herd::test;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void looksLikeHerd();
    void spawnWorkerButtonAddsRunningRow();
    void noQueueSaysWhyWhereTheQueueWouldBe();
    void spawnDialogAddsRunningRows();
    void killButtonEndsThatProcess();
    void killStaysBoundToTheProcessAcrossResorts();
    void deleteTerminatesShiftDeleteKills();
    void watchdogCountdownReachesZero();
    void contextMenuOffersProcessActions();
    void setTimeoutIsValidated();
    void copyCommandLineAndRestart();
    void failedStartIsExplained();
    void detailsShowStopTimeline();
    void closeStopsEverythingAndLeavesNothing();
    void closeWithOnlyDaemonsDoesNotAsk();
    void closeCanBeCancelled();
    void waitClosesWhenProcessesEnd();
    void stopAllAndCloseDoesNotAsk();
    void remembersLayout();
    void killAllAsksFirstAndSaysWhatItDid();
    void deleteOnSeveralAsksFirst();
    void restoresOnlyOntoExistingScreens();
    void oneTickForTheWholeWindow();
    void busyPoolTicksAtTheInterval();
    void waitStopsIdleWorkersAndSaysWhatItWaitsFor();
    void stoppedProcessIsSaidInTheDetails();
    void processMenuOffersSpawnAndEnqueue();
    void spawnWorkersTakesACountAndThePoolsSettings();
    void processTableFitsIn1024x700_data() { layoutLanguages(); }
    void processTableFitsIn1024x700();
    void detailsFitIn1024x700_data() { layoutLanguages(); }
    void detailsFitIn1024x700();
    void taskTableFitsIn1024x700_data() { layoutLanguages(); }
    void taskTableFitsIn1024x700();
    void stateBadgesFitIn1024x700_data() { layoutLanguages(); }
    void stateBadgesFitIn1024x700();
    void stopTimelineOffsetsDoNotWrap_data() { layoutLanguages(); }
    void stopTimelineOffsetsDoNotWrap();
    void languageChangesAtOnce();

private:
    // A session with a small queue, its window on screen, and two stock workers waiting for
    // tasks of workMs each.
    static void showWithPool(Session &session, std::unique_ptr<MainWindow> &window, int workMs)
    {
        TaskQueue::Options options;
        options.capacity = 256;
        QCOMPARE(session.open(options).error, QString());
        window = std::make_unique<MainWindow>(&session);
        window->resize(1280, 800);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        WorkerPoolSpec pool;
        pool.count = 2;
        pool.workMs = workMs;
        QCOMPARE(session.spawnPool(pool).error, QString());
        QTRY_COMPARE_WITH_TIMEOUT(session.queue()->stats().sleepingWorkers, quint64(2), 10000);
    }
    QAction *action(const char *name) const
    {
        auto *a = m_window->findChild<QAction *>(QLatin1String(name));
        if (!a)
            qFatal("no action %s", name);
        return a;
    }
    // A window as herd starts it, with its session's task queue (so with the queue panel).
    void reopenWithQueue(const QSize &size = QSize(1280, 720))
    {
        delete m_window;
        m_window = nullptr;
        delete m_session;
        m_session = new Session;
        QVERIFY(m_session->open().ok());
        m_window = new MainWindow(m_session);
        m_window->setWorkerProgram(m_standInWorker);
        m_window->resize(size);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
    }
    void clickToolButton(const char *actionName)
    {
        QToolBar *bar = m_window->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QWidget *button = bar->widgetForAction(action(actionName));
        QVERIFY(button && button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
    }
    QString cell(quint64 id, int column) const
    {
        return m_window->processModel()->indexOf(id, column).data().toString();
    }
    // Where a process's kill button is painted right now.
    QPoint killButtonOf(quint64 id) const
    {
        const QModelIndex source = m_window->processModel()->indexOf(id, ProcessTableModel::Kill);
        const QModelIndex index = m_window->processProxy()->mapFromSource(source);
        m_window->processView()->scrollTo(index);
        return KillButtonDelegate::buttonRect(m_window->processView()->visualRect(index)).center();
    }
    int viewRowOf(quint64 id) const
    {
        return m_window->processProxy()->mapFromSource(m_window->processModel()->indexOf(id)).row();
    }
    ManagedProcess *spawnOne(const ProcessSpec &spec)
    {
        const QVector<quint64> ids = m_window->spawn({spec});
        return ids.isEmpty() ? nullptr : m_session->supervisor()->process(ids.first());
    }
    QMessageBox *quitQuestion() const
    {
        return m_window->findChild<QMessageBox *>(QStringLiteral("quitQuestion"));
    }

    static void layoutLanguages()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << QString();
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
    }
    // A new window as herd starts it (with its task queue, so with the queue panel), in
    // that language, at 1024×700, running the demo with its watched process selected.
    void showDemoAt1024x700(const QString &language);

    QTranslator m_translator;
    Session *m_session = nullptr;
    MainWindow *m_window = nullptr;
    QTemporaryDir m_dir;
    QString m_standInWorker;
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!testChild().isEmpty(), "HERD_TESTCHILD is not set");
    QVERIFY(m_dir.isValid());
    // The stock worker needs the session's task queue, which the window's session does not
    // have yet; a stand-in that takes the worker's options and stays up takes its place.
    m_standInWorker = m_dir.filePath(QStringLiteral("stand-in-worker"));
    QFile file(m_standInWorker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("#!/bin/sh\nexec '%1' sleep 60\n").arg(testChild()).toUtf8());
    file.close();
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

void tst_MainWindow::init()
{
    QSettings().clear();
    m_session = new Session;
    m_window = new MainWindow(m_session);
    m_window->setWorkerProgram(m_standInWorker);
    m_window->resize(1280, 720);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void tst_MainWindow::cleanup()
{
    // Whatever a test left running goes now, and is waited for, so nothing outlives it.
    m_session->supervisor()->killAll(StopCause::User);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->supervisor()->aliveCount(), 0, 5000);
    delete m_window;
    delete m_session;
    m_window = nullptr;
    m_session = nullptr;
    QCoreApplication::removeTranslator(&m_translator);
}

void tst_MainWindow::looksLikeHerd()
{
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Herd"));
    QVERIFY(!m_window->windowIcon().isNull());
    QToolBar *bar = m_window->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    QStringList texts;
    for (QAction *a : bar->actions()) {
        if (!a->isSeparator())
            texts << a->text().remove(QLatin1Char('&'));
    }
    QCOMPARE(texts, (QStringList{"Spawn…", "Spawn worker", "Terminate", "Kill", "Kill all", "Enqueue tasks…", "Demo"}));
    for (QAction *a : bar->actions())
        QVERIFY(a->isSeparator() || !a->icon().isNull());
    QVERIFY(m_window->processView()->uniformRowHeights());
    QVERIFY(m_window->processView()->isSortingEnabled());
    // The queue panel's place exists and stays empty until the queue fills it.
    QVERIFY(m_window->findChild<QWidget *>(QStringLiteral("queueSlot")));
    QVERIFY(!m_window->queuePanel());
    // Nothing selected: Terminate and Kill have nothing to act on.
    QVERIFY(!action("terminateAction")->isEnabled());
    QVERIFY(!action("killAction")->isEnabled());
}

void tst_MainWindow::spawnWorkerButtonAddsRunningRow()
{
    reopenWithQueue();
    // The last Spawn dialog's worker settings are not the pool's.
    QSettings().setValue(QStringLiteral("spawn/workMs"), 1234);
    clickToolButton("spawnWorkerAction");
    QCOMPARE(m_window->processModel()->rowCount(), 1);
    ManagedProcess *p = m_session->supervisor()->processes().first();
    QCOMPARE(p->spec().kind, ProcessKind::Worker);
    QCOMPARE(p->spec().program, m_standInWorker);
    QCOMPARE(p->spec().arguments, (QStringList{"--work-ms", "500"}));
    QCOMPARE(cell(p->id(), ProcessTableModel::Name), QStringLiteral("Worker-1"));
    // Up, with nothing in the queue to take.
    QTRY_COMPARE_WITH_TIMEOUT(cell(p->id(), ProcessTableModel::State), QStringLiteral("idle"), 5000);
    QCOMPARE(cell(p->id(), ProcessTableModel::TasksDone), QStringLiteral("0"));
    // The new row is selected, with its output and details beside it.
    QCOMPARE(m_window->selectedProcessIds(), QVector<quint64>{p->id()});
    QCOMPARE(m_window->detailsPanel()->process(), p->id());
}

void tst_MainWindow::spawnDialogAddsRunningRows()
{
    clickToolButton("spawnAction");
    SpawnDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<SpawnDialog *>()) && dialog->isVisible(), 5000);
    dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("sleepy"));
    dialog->findChild<QLineEdit *>(QStringLiteral("commandEdit"))->setText(testChild() + QStringLiteral(" sleep 60"));
    dialog->findChild<QSpinBox *>(QStringLiteral("countSpin"))->setValue(2);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY2(ok->isEnabled(), qPrintable(dialog->errorText()));
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(m_window->processModel()->rowCount(), 2);
    for (ManagedProcess *p : m_session->supervisor()->processes())
        QTRY_COMPARE_WITH_TIMEOUT(cell(p->id(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    QVERIFY(m_session->supervisor()->findByName(QStringLiteral("sleepy-1")));
    QVERIFY(m_session->supervisor()->findByName(QStringLiteral("sleepy-2")));
}

void tst_MainWindow::killButtonEndsThatProcess()
{
    QVector<ManagedProcess *> ps;
    for (const char *name : {"a", "b", "c"})
        ps << spawnOne(sleeper(QLatin1String(name)));
    for (ManagedProcess *p : ps)
        QTRY_COMPARE_WITH_TIMEOUT(cell(p->id(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    ManagedProcess *target = ps.at(1);
    QTest::mouseClick(m_window->processView()->viewport(), Qt::LeftButton, {}, killButtonOf(target->id()));
    QTRY_COMPARE_WITH_TIMEOUT(cell(target->id(), ProcessTableModel::State), QStringLiteral("killed by SIGKILL"), 5000);
    QCOMPARE(cell(target->id(), ProcessTableModel::ExitCode), QStringLiteral("-9"));
    QCOMPARE(target->result().exitCode, -9);
    QCOMPARE(target->result().cause, StopCause::User);
    QCOMPARE(ps.at(0)->state(), ProcessState::Running);
    QCOMPARE(ps.at(2)->state(), ProcessState::Running);
}

void tst_MainWindow::killStaysBoundToTheProcessAcrossResorts()
{
    ManagedProcess *a = spawnOne(sleeper(QStringLiteral("a")));
    ManagedProcess *b = spawnOne(sleeper(QStringLiteral("b")));
    QTRY_COMPARE_WITH_TIMEOUT(cell(b->id(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(cell(a->id(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    QTreeView *view = m_window->processView();
    view->sortByColumn(ProcessTableModel::Name, Qt::AscendingOrder);
    QCOMPARE(viewRowOf(a->id()), 0);
    const QPoint firstRow = killButtonOf(a->id());

    // The table re-sorts between press and release: b is now under the pointer. Neither
    // the process pressed nor the one released on is killed.
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, firstRow);
    view->sortByColumn(ProcessTableModel::Name, Qt::DescendingOrder);
    QCOMPARE(viewRowOf(b->id()), 0);
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, firstRow);
    QCoreApplication::processEvents();
    QCOMPARE(a->timeline().killSentMs, qint64(-1));
    QCOMPARE(b->timeline().killSentMs, qint64(-1));
    QVERIFY(a->isAlive() && b->isAlive());

    // A click now lands on b, which is what the row shows.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, killButtonOf(b->id()));
    QTRY_COMPARE_WITH_TIMEOUT(cell(b->id(), ProcessTableModel::State), QStringLiteral("killed by SIGKILL"), 5000);
    QCOMPARE(a->state(), ProcessState::Running);
}

void tst_MainWindow::deleteTerminatesShiftDeleteKills()
{
    ManagedProcess *a = spawnOne(sleeper(QStringLiteral("a")));
    ManagedProcess *b = spawnOne(sleeper(QStringLiteral("b")));
    QTRY_VERIFY_WITH_TIMEOUT(a->state() == ProcessState::Running && b->state() == ProcessState::Running, 5000);
    QTreeView *view = m_window->processView();
    view->sortByColumn(ProcessTableModel::Name, Qt::AscendingOrder);
    m_window->selectProcesses({a->id()});
    QCOMPARE(viewRowOf(a->id()), 0);
    // The selection follows the process when the rows move.
    view->sortByColumn(ProcessTableModel::Name, Qt::DescendingOrder);
    QCOMPARE(viewRowOf(a->id()), 1);
    QCOMPARE(m_window->selectedProcessIds(), QVector<quint64>{a->id()});
    view->setFocus();
    QTRY_VERIFY_WITH_TIMEOUT(view->hasFocus(), 5000);
    QTest::keyClick(view, Qt::Key_Delete);
    QVERIFY(a->timeline().termSentMs >= 0);
    QCOMPARE(b->timeline().termSentMs, qint64(-1));
    QTRY_COMPARE_WITH_TIMEOUT(cell(a->id(), ProcessTableModel::State), QStringLiteral("terminated by SIGTERM"), 5000);

    m_window->selectProcesses({b->id()});
    QTest::keyClick(view, Qt::Key_Delete, Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(cell(b->id(), ProcessTableModel::State), QStringLiteral("killed by SIGKILL"), 5000);

    // Typing Delete in the filter edits the filter; it stops nothing.
    ManagedProcess *c = spawnOne(sleeper(QStringLiteral("c")));
    auto *filter = m_window->findChild<QLineEdit *>(QStringLiteral("processFilter"));
    filter->setFocus();
    QTRY_VERIFY_WITH_TIMEOUT(filter->hasFocus(), 5000);
    QTest::keyClick(filter, Qt::Key_Delete);
    QCOMPARE(c->timeline().termSentMs, qint64(-1));
}

void tst_MainWindow::watchdogCountdownReachesZero()
{
    ProcessSpec spec = sleeper(QStringLiteral("watched"));
    spec.timeoutMs = 2000;
    ManagedProcess *p = spawnOne(spec);
    QVERIFY(p);
    QTRY_VERIFY_WITH_TIMEOUT(!cell(p->id(), ProcessTableModel::Watchdog).isEmpty(), 5000);
    const double first = cell(p->id(), ProcessTableModel::Watchdog).remove(QLatin1String(" s")).toDouble();
    // Counting down from the timeout (how far it got before the first refresh depends on
    // how busy the machine is).
    QVERIFY2(first > 0.0 && first <= 2.0, qPrintable(QString::number(first)));
    QTRY_COMPARE_WITH_TIMEOUT(cell(p->id(), ProcessTableModel::State), QStringLiteral("timed out"), 6000);
    QCOMPARE(cell(p->id(), ProcessTableModel::Watchdog), QStringLiteral("fired"));
    QCOMPARE(p->result().cause, StopCause::Watchdog);
}

void tst_MainWindow::contextMenuOffersProcessActions()
{
    ManagedProcess *p = spawnOne(sleeper(QStringLiteral("menu")));
    QTRY_COMPARE_WITH_TIMEOUT(p->state(), ProcessState::Running, 5000);
    m_window->selectProcesses({});
    QTreeView *view = m_window->processView();
    const QModelIndex index = m_window->processProxy()->mapFromSource(m_window->processModel()->indexOf(p->id()));
    emit view->customContextMenuRequested(view->visualRect(index).center());
    QMenu *menu = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((menu = m_window->findChild<QMenu *>(QStringLiteral("processContextMenu"))) && menu->isVisible(), 5000);
    QStringList texts;
    for (QAction *a : menu->actions()) {
        if (!a->isSeparator())
            texts << a->text().remove(QLatin1Char('&'));
    }
    QCOMPARE(texts, (QStringList{"Terminate", "Kill", "Send signal…", "Restart", "Set timeout…", "Show output",
                                 "Copy command line", "Clear ended processes"}));
    // The row under the pointer became the selection the actions act on.
    QCOMPARE(m_window->selectedProcessIds(), QVector<quint64>{p->id()});
    QVERIFY(action("killAction")->isEnabled());
    QVERIFY(!action("restartAction")->isEnabled());
    menu->close();
}

void tst_MainWindow::setTimeoutIsValidated()
{
    ManagedProcess *p = spawnOne(sleeper(QStringLiteral("later")));
    QTRY_COMPARE_WITH_TIMEOUT(p->state(), ProcessState::Running, 5000);
    QCOMPARE(p->watchdogRemainingMs(), qint64(-1));
    action("setTimeoutAction")->trigger();
    TimeoutDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<TimeoutDialog *>()) && dialog->isVisible(), 5000);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    dialog->lineEdit()->setText(QStringLiteral("-3"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog->errorText().contains(QLatin1String("cannot be negative")));
    dialog->lineEdit()->setText(QStringLiteral("30 d"));
    QVERIFY(!ok->isEnabled());
    dialog->lineEdit()->setText(QStringLiteral("20 s"));
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    // Counted from now, not from the start; the margin is for a loaded machine.
    QVERIFY(p->watchdogRemainingMs() > 15000 && p->watchdogRemainingMs() <= 20000);
    QTRY_VERIFY_WITH_TIMEOUT(cell(p->id(), ProcessTableModel::Watchdog).endsWith(QLatin1String(" s")), 5000);
}

void tst_MainWindow::copyCommandLineAndRestart()
{
    ManagedProcess *p = spawnOne(childSpec({QStringLiteral("exit"), QStringLiteral("0"), QStringLiteral("two words")}));
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
    action("copyCommandAction")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("%1 exit 0 'two words'").arg(p->spec().program));
    QTRY_VERIFY_WITH_TIMEOUT(action("restartAction")->isEnabled(), 5000);
    action("restartAction")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(p->runCount(), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(cell(p->id(), ProcessTableModel::State), QStringLiteral("exited 0"), 5000);
}

void tst_MainWindow::failedStartIsExplained()
{
    ProcessSpec spec;
    spec.program = QStringLiteral("/nonexistent/herd-test-program");
    ManagedProcess *p = spawnOne(spec);
    QVERIFY(p);
    QTRY_COMPARE_WITH_TIMEOUT(cell(p->id(), ProcessTableModel::State), QStringLiteral("failed to start"), 5000);
    QCOMPARE(cell(p->id(), ProcessTableModel::ExitCode), QString());
    const QString why = m_window->processModel()->indexOf(p->id(), ProcessTableModel::State).data(Qt::ToolTipRole).toString();
    QVERIFY2(why.contains(QLatin1String("No such file or directory")), qPrintable(why));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->lastError(),
                              QStringLiteral("%1 failed to start: No such file or directory").arg(p->name()), 5000);
    QCOMPARE(m_window->findChild<QLabel *>(QStringLiteral("lastErrorLabel"))->text(), m_window->lastError());
}

void tst_MainWindow::detailsShowStopTimeline()
{
    ProcessSpec spec = childSpec({QStringLiteral("ignore-term")}, QStringLiteral("stubborn"));
    spec.graceMs = 400;
    ManagedProcess *p = spawnOne(spec);
    QTRY_VERIFY_WITH_TIMEOUT(p->output().lineCount() > 0, 5000); // "ready": the handler is in place
    QCOMPARE(m_window->detailsPanel()->process(), p->id());
    m_window->terminateSelected();
    QTRY_COMPARE_WITH_TIMEOUT(cell(p->id(), ProcessTableModel::State), QStringLiteral("killed (SIGKILL after 400 ms)"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->detailsPanel()->summaryText().contains(QLatin1String("Reaped")), 5000);
    const QString details = m_window->detailsPanel()->summaryText();
    QVERIFY2(details.contains(QLatin1String("Stop asked by the user")), qPrintable(details));
    QVERIFY2(details.contains(QLatin1String("SIGTERM sent")), qPrintable(details));
    QVERIFY2(details.contains(QLatin1String("SIGKILL sent")), qPrintable(details));
    QVERIFY2(details.contains(QLatin1String("Ended by: the user")), qPrintable(details));
    QVERIFY2(details.contains(QLatin1String("-9: it was killed by SIGKILL")), qPrintable(details));
    // SIGKILL followed SIGTERM after the grace period.
    const StopTimeline t = p->timeline();
    QVERIFY(t.killSentMs - t.termSentMs >= 390);
}

void tst_MainWindow::closeStopsEverythingAndLeavesNothing()
{
    QVector<ManagedProcess *> ps;
    ps << spawnOne(sleeper(QStringLiteral("plain")));
    ProcessSpec stubborn = childSpec({QStringLiteral("ignore-term")}, QStringLiteral("stubborn"));
    stubborn.graceMs = 500;
    ps << spawnOne(stubborn);
    ProcessSpec daemon = sleeper(QStringLiteral("daemon"));
    daemon.daemon = true;
    ps << spawnOne(daemon);
    QTRY_VERIFY_WITH_TIMEOUT(ps.at(1)->output().lineCount() > 0, 5000);

    QVERIFY(!m_window->close()); // asks first
    QMessageBox *question = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((question = quitQuestion()) && question->isVisible(), 5000);
    QVERIFY(question->text().contains(QLatin1String("2 processes")));
    QVERIFY(m_window->isVisible());
    QTest::mouseClick(question->findChild<QPushButton *>(QStringLiteral("stopButton")), Qt::LeftButton);
    // Closes once everything has ended: within the longest grace plus a second.
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 5000);
    QCOMPARE(m_session->supervisor()->aliveCount(), 0);
    for (ManagedProcess *p : std::as_const(ps))
        QCOMPARE(p->result().cause, StopCause::Quit);
}

void tst_MainWindow::closeWithOnlyDaemonsDoesNotAsk()
{
    ProcessSpec daemon = sleeper(QStringLiteral("daemon"));
    daemon.daemon = true;
    ManagedProcess *p = spawnOne(daemon);
    QTRY_COMPARE_WITH_TIMEOUT(p->state(), ProcessState::Running, 5000);
    m_window->close();
    QVERIFY(!quitQuestion());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 5000);
    QCOMPARE(p->result().cause, StopCause::Quit);
}

void tst_MainWindow::closeCanBeCancelled()
{
    ManagedProcess *p = spawnOne(sleeper());
    QTRY_COMPARE_WITH_TIMEOUT(p->state(), ProcessState::Running, 5000);
    m_window->close();
    QMessageBox *question = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((question = quitQuestion()) && question->isVisible(), 5000);
    QTest::mouseClick(question->findChild<QPushButton *>(QStringLiteral("cancelButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!quitQuestion(), 5000);
    QVERIFY(m_window->isVisible());
    QCOMPARE(p->state(), ProcessState::Running);
    QVERIFY(action("spawnAction")->isEnabled());
}

void tst_MainWindow::waitClosesWhenProcessesEnd()
{
    ManagedProcess *p = spawnOne(childSpec({QStringLiteral("sleep"), QStringLiteral("1")}));
    ProcessSpec daemon = sleeper(QStringLiteral("daemon"));
    daemon.daemon = true;
    ManagedProcess *d = spawnOne(daemon);
    QTRY_COMPARE_WITH_TIMEOUT(p->state(), ProcessState::Running, 5000);
    m_window->close();
    QMessageBox *question = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((question = quitQuestion()) && question->isVisible(), 5000);
    QTest::mouseClick(question->findChild<QPushButton *>(QStringLiteral("waitButton")), Qt::LeftButton);
    // The daemon is stopped at once; the other ends on its own, then the window closes.
    QTRY_VERIFY_WITH_TIMEOUT(!d->isAlive(), 5000);
    QVERIFY(!action("spawnAction")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 5000);
    QCOMPARE(p->state(), ProcessState::Exited);
    QCOMPARE(p->result().exitCode, 0);
}

void tst_MainWindow::stopAllAndCloseDoesNotAsk()
{
    ManagedProcess *p = spawnOne(sleeper());
    QTRY_COMPARE_WITH_TIMEOUT(p->state(), ProcessState::Running, 5000);
    m_window->stopAllAndClose();
    QVERIFY(!quitQuestion());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 5000);
    QCOMPARE(m_session->supervisor()->aliveCount(), 0);
}

void tst_MainWindow::remembersLayout()
{
    m_window->resize(1000, 700);
    auto *splitter = m_window->findChild<QSplitter *>(QStringLiteral("horizontalSplitter"));
    splitter->setSizes({700, 300});
    const QList<int> sizes = splitter->sizes();
    m_window->processView()->header()->resizeSection(ProcessTableModel::Name, 222);
    QVERIFY(m_window->close()); // nothing running: closes at once
    MainWindow again(m_session);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.size(), QSize(1000, 700));
    QCOMPARE(again.findChild<QSplitter *>(QStringLiteral("horizontalSplitter"))->sizes(), sizes);
    // At 1000 px the columns are narrowed to fit; the width chosen comes back where there is room.
    again.resize(1600, 700);
    QTRY_COMPARE(again.processView()->header()->sectionSize(ProcessTableModel::Name), 222);
}

void tst_MainWindow::noQueueSaysWhyWhereTheQueueWouldBe()
{
    // The session's queue could not be created: the window says why in the queue panel's
    // place, and the actions that need a queue are off, saying why too.
    const QString reason = QStringLiteral("cannot create the task queue: /dev/shm is full");
    QVERIFY(action("spawnWorkerAction")->isEnabled());
    m_window->showQueueUnavailable(reason);
    auto *note = m_window->findChild<QLabel *>(QStringLiteral("queueUnavailable"));
    QVERIFY(note);
    QTRY_VERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QLatin1String("/dev/shm is full")), qPrintable(note->text()));
    QVERIFY(!action("spawnWorkerAction")->isEnabled());
    QVERIFY(action("spawnWorkerAction")->toolTip().contains(reason));
    QVERIFY(!action("enqueueAction")->isEnabled());
    QVERIFY(action("enqueueAction")->toolTip().contains(reason));
    QCOMPARE(m_window->lastError(), reason);
    // Any other process still runs.
    QVERIFY(action("spawnAction")->isEnabled());
}

namespace {

QMessageBox *confirmation(QWidget *window)
{
    for (QMessageBox *box : window->findChildren<QMessageBox *>(QStringLiteral("confirmation")))
        if (box->isVisible())
            return box;
    return nullptr;
}

} // namespace

void tst_MainWindow::killAllAsksFirstAndSaysWhatItDid()
{
    ManagedProcess *a = spawnOne(sleeper(QStringLiteral("a")));
    ManagedProcess *b = spawnOne(sleeper(QStringLiteral("b")));
    QTRY_VERIFY_WITH_TIMEOUT(a->state() == ProcessState::Running && b->state() == ProcessState::Running, 5000);
    // Asked first; Cancel leaves everything running.
    action("killAllAction")->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = confirmation(m_window)), 5000);
    QVERIFY2(box->text().contains(QLatin1String("2")), qPrintable(box->text()));
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("cancelButton")), Qt::LeftButton);
    QTRY_VERIFY(!confirmation(m_window));
    QVERIFY(a->isAlive() && b->isAlive());
    // Confirmed with "Don't ask again": killed, and the status bar says so.
    action("killAllAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT((box = confirmation(m_window)), 5000);
    box->findChild<QCheckBox *>(QStringLiteral("dontAskAgain"))->setChecked(true);
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!a->isAlive() && !b->isAlive(), 5000);
    QVERIFY2(m_window->lastAction().contains(QLatin1String("Killed all 2")), qPrintable(m_window->lastAction()));
    // Not asked again; the Settings menu shows it and turns the question back on.
    QAction *ask = action("askBeforeEndingAction");
    emit m_window->findChild<QMenu *>(QStringLiteral("settingsMenu"))->aboutToShow();
    QVERIFY(!ask->isChecked());
    ManagedProcess *c = spawnOne(sleeper(QStringLiteral("c")));
    ManagedProcess *d = spawnOne(sleeper(QStringLiteral("d")));
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == ProcessState::Running && d->state() == ProcessState::Running, 5000);
    action("killAllAction")->trigger();
    QVERIFY(!confirmation(m_window));
    QTRY_VERIFY_WITH_TIMEOUT(!c->isAlive() && !d->isAlive(), 5000);
    ask->setChecked(true);
    QVERIFY(m_window->lastAction().contains(QLatin1String("asks before")));
    ManagedProcess *e = spawnOne(sleeper(QStringLiteral("e")));
    ManagedProcess *f = spawnOne(sleeper(QStringLiteral("f")));
    QTRY_VERIFY_WITH_TIMEOUT(e->state() == ProcessState::Running && f->state() == ProcessState::Running, 5000);
    action("killAllAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT((box = confirmation(m_window)), 5000);
    box->reject();
    QVERIFY(e->isAlive() && f->isAlive());
}

void tst_MainWindow::deleteOnSeveralAsksFirst()
{
    ManagedProcess *a = spawnOne(sleeper(QStringLiteral("a")));
    ManagedProcess *b = spawnOne(sleeper(QStringLiteral("b")));
    ManagedProcess *c = spawnOne(sleeper(QStringLiteral("c")));
    QTRY_VERIFY_WITH_TIMEOUT(a->state() == ProcessState::Running && b->state() == ProcessState::Running
                                 && c->state() == ProcessState::Running,
                             5000);
    m_window->selectProcesses({a->id(), b->id()});
    QTreeView *view = m_window->processView();
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Delete);
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = confirmation(m_window)), 5000);
    QVERIFY(a->isAlive() && b->isAlive());
    // The answer acts on the processes asked about, whatever is selected by then.
    m_window->selectProcesses({c->id()});
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!a->isAlive() && !b->isAlive(), 5000);
    QCOMPARE(a->result().signal, SIGTERM);
    QVERIFY(c->isAlive());
    QVERIFY2(m_window->lastAction().contains(QLatin1String("Terminating 2 processes")), qPrintable(m_window->lastAction()));
    // One process: no question, and the status bar says what happened.
    QCOMPARE(m_window->selectedProcessIds(), QVector<quint64>{c->id()});
    action("killAction")->trigger();
    QVERIFY(!confirmation(m_window));
    QTRY_VERIFY_WITH_TIMEOUT(!c->isAlive(), 5000);
    QVERIFY2(m_window->lastAction().contains(QLatin1String("Killed c")), qPrintable(m_window->lastAction()));
}

void tst_MainWindow::restoresOnlyOntoExistingScreens()
{
    const QRect screen = m_window->screen()->availableGeometry();
    {
        // Saved on a monitor that is gone: far to the right of every screen there is.
        MainWindow elsewhere(m_session);
        elsewhere.resize(qMin(700, screen.width() - 40), qMin(500, screen.height() - 60));
        elsewhere.move(screen.right() + 3000, screen.top() + 200);
        elsewhere.show();
        QVERIFY(QTest::qWaitForWindowExposed(&elsewhere));
        QVERIFY(elsewhere.close());
    }
    MainWindow again(m_session);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QTRY_VERIFY2(screen.contains(again.frameGeometry()),
                 qPrintable(QStringLiteral("%1,%2 %3x%4 not within %5x%6")
                                .arg(again.frameGeometry().x())
                                .arg(again.frameGeometry().y())
                                .arg(again.frameGeometry().width())
                                .arg(again.frameGeometry().height())
                                .arg(screen.width())
                                .arg(screen.height())));
}

void tst_MainWindow::oneTickForTheWholeWindow()
{
    Session session;
    std::unique_ptr<MainWindow> window;
    showWithPool(session, window, 30); // 60 tasks take about a second: several ticks see them under way
    if (QTest::currentTestFailed())
        return;
    auto *queue = qobject_cast<QueuePanel *>(window->queuePanel());
    QVERIFY(queue);

    // At every tick the task table, the distribution and the process table's Tasks column
    // say the same: they show the same instant.
    const ProcessTableModel *processes = window->processModel();
    const TaskTableModel *tasks = queue->taskModel();
    int ticks = 0;
    QStringList disagreements;
    qint64 lastDone = 0;
    connect(window->displayTick(), &DisplayTick::shown, this, [&] {
        qint64 tableDone = 0;
        for (int row = 0; row < tasks->rowCount(); ++row)
            tableDone += tasks->index(row, TaskTableModel::State).data(TaskTableModel::TaskStateRole).toInt()
                == int(TaskLedger::State::Done);
        qint64 bars = 0;
        for (const DistributionView::Bar &bar : queue->distribution()->bars())
            bars += bar.done;
        qint64 column = 0;
        for (int row = 0; row < processes->rowCount(); ++row)
            column += processes->index(row, ProcessTableModel::TasksDone).data().toLongLong();
        ++ticks;
        lastDone = tableDone;
        if (tableDone != bars || tableDone != column)
            disagreements << QStringLiteral("table %1, distribution %2, process table %3").arg(tableDone).arg(bars).arg(column);
    });
    QCOMPARE(session.enqueueCount(60).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(lastDone, qint64(60), 20000);
    QVERIFY(ticks >= 2);
    QVERIFY2(disagreements.isEmpty(), qPrintable(disagreements.join(QLatin1String("; "))));
    session.setQuitting(true);
    session.supervisor()->killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
}

void tst_MainWindow::busyPoolTicksAtTheInterval()
{
    // What a busy worker does changes all the time ("busy with task 7", then 8, ...): the
    // window shows it at each tick, and must not take each change as a reason for one more
    // (each tick lays out and paints the whole window).
    Session session;
    std::unique_ptr<MainWindow> window;
    showWithPool(session, window, 10);
    if (QTest::currentTestFailed())
        return;

    const ProcessTableModel *processes = window->processModel();
    QSet<QString> seen; // what the workers' rows said, tick by tick
    connect(window->displayTick(), &DisplayTick::shown, this, [&] {
        for (int row = 0; row < processes->rowCount(); ++row)
            seen << processes->index(row, ProcessTableModel::State).data().toString();
    });
    QCOMPARE(session.enqueueCount(250).error, QString());
    QTRY_VERIFY_WITH_TIMEOUT(session.ledger()->count(TaskLedger::State::Done) >= 10, 10000);
    const qint64 doneBefore = session.ledger()->count(TaskLedger::State::Done);
    const quint64 ticksBefore = window->displayTick()->count();
    QElapsedTimer clock;
    clock.start();
    // Ticks counted while the pool works through 120 tasks (about 0.6 s on a quiet machine),
    // the whole time busy: 250 were enqueued.
    QTRY_VERIFY_WITH_TIMEOUT(session.ledger()->count(TaskLedger::State::Done) >= doneBefore + 120, 30000);
    const quint64 ticks = window->displayTick()->count() - ticksBefore;
    const qint64 elapsed = clock.elapsed();
    int busyTexts = 0;
    for (const QString &text : seen)
        busyTexts += text.contains(QLatin1String("task"));
    QVERIFY2(busyTexts >= 3, qPrintable(QStringList(seen.values()).join(QLatin1String(", "))));
    // A busy machine makes for fewer ticks, never for more.
    const quint64 most = quint64(elapsed / window->displayTick()->interval()) + 2;
    QVERIFY2(ticks <= most, qPrintable(QStringLiteral("%1 ticks in %2 ms (interval %3 ms)")
                                           .arg(ticks).arg(elapsed).arg(window->displayTick()->interval())));
    session.setQuitting(true);
    session.supervisor()->killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
}

void tst_MainWindow::waitStopsIdleWorkersAndSaysWhatItWaitsFor()
{
    Session session;
    TaskQueue::Options options;
    options.capacity = 64;
    QCOMPARE(session.open(options).error, QString());
    auto *window = new MainWindow(&session);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    WorkerPoolSpec pool;
    pool.count = 2;
    pool.workMs = 200;
    QCOMPARE(session.spawnPool(pool).error, QString());
    ManagedProcess *p = session.supervisor()->spawn(childSpec({QStringLiteral("sleep"), QStringLiteral("2")}, QStringLiteral("sleepy"))).value;
    QVERIFY(p);
    QCOMPARE(session.enqueueCount(4).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(p->state(), ProcessState::Running, 5000);
    window->close();
    QMessageBox *question = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((question = window->findChild<QMessageBox *>(QStringLiteral("quitQuestion")))
                                 && question->isVisible(), 5000);
    // It names what it would wait for.
    const QString said = question->informativeText();
    QVERIFY2(said.contains(QLatin1String("sleepy")) && said.contains(QLatin1String("Worker-1"))
                 && said.contains(QLatin1String("Worker-2")),
             qPrintable(said));
    QSignalSpy closed(window, &QObject::destroyed);
    window->setAttribute(Qt::WA_DeleteOnClose);
    QTest::mouseClick(question->findChild<QPushButton *>(QStringLiteral("waitButton")), Qt::LeftButton);
    // The tasks finish, sleepy ends on its own, the idle workers are stopped: Herd closes.
    QTRY_VERIFY_WITH_TIMEOUT(closed.count() == 1 || !window->isVisible(), 20000);
    QCOMPARE(session.ledger()->count(TaskLedger::State::Done), qint64(4));
    QCOMPARE(p->state(), ProcessState::Exited);
    QCOMPARE(session.supervisor()->aliveCount(), 0);
    if (closed.isEmpty())
        delete window;
}

void tst_MainWindow::stoppedProcessIsSaidInTheDetails()
{
    m_session->supervisor()->setSampleInterval(100);
    ManagedProcess *p = spawnOne(sleeper(QStringLiteral("paused")));
    QTRY_COMPARE_WITH_TIMEOUT(p->state(), ProcessState::Running, 5000);
    m_window->selectProcesses({p->id()});
    QCOMPARE(::kill(pid_t(p->pid()), SIGSTOP), 0);
    QTRY_COMPARE_WITH_TIMEOUT(cell(p->id(), ProcessTableModel::State), QStringLiteral("stopped"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->detailsPanel()->summaryText().contains(QLatin1String("Stopped by a signal")), 5000);
    QCOMPARE(::kill(pid_t(p->pid()), SIGCONT), 0);
    QTRY_COMPARE_WITH_TIMEOUT(cell(p->id(), ProcessTableModel::State), QStringLiteral("continued"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->detailsPanel()->summaryText().contains(QLatin1String("Continued")), 5000);
}

void tst_MainWindow::processMenuOffersSpawnAndEnqueue()
{
    auto *menu = m_window->findChild<QMenu *>(QStringLiteral("processMenu"));
    QVERIFY(menu);
    QVERIFY(menu->actions().contains(action("spawnAction")));
    QVERIFY(menu->actions().contains(action("spawnWorkerAction")));
    QVERIFY(menu->actions().contains(action("enqueueAction")));
    QVERIFY(menu->actions().contains(action("spawnWorkersAction")));
    QVERIFY(menu->actions().contains(action("clearEndedAction")));
}

void tst_MainWindow::spawnWorkersTakesACountAndThePoolsSettings()
{
    reopenWithQueue();
    // A pool as a session file or the command line starts it.
    WorkerPoolSpec pool;
    pool.count = 1;
    pool.workMs = 70;
    pool.timeoutMs = 600000;
    pool.graceMs = 1500;
    pool.restart.mode = RestartPolicy::Mode::Never;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    QSettings().setValue(QStringLiteral("spawn/workMs"), 1234); // the Spawn dialog's, not the pool's

    action("spawnWorkersAction")->trigger();
    QDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<QDialog *>(QStringLiteral("spawnWorkersDialog"))) && dialog->isVisible(),
                             5000);
    const QString about = dialog->findChild<QLabel *>(QStringLiteral("poolDescription"))->text();
    QVERIFY2(about.contains(QLatin1String("70 ms of work per task")) && about.contains(QLatin1String("never restarted"))
                 && about.contains(QLatin1String("stopped after 10 min")),
             qPrintable(about));
    auto *count = dialog->findChild<QSpinBox *>(QStringLiteral("workerCount"));
    QVERIFY(count);
    count->setValue(3);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();

    const QVector<ManagedProcess *> &all = m_session->supervisor()->processes();
    QCOMPARE(all.size(), 4);
    for (int i = 1; i < 4; ++i) {
        const ProcessSpec &spec = all.at(i)->spec();
        QCOMPARE(spec.kind, ProcessKind::Worker);
        QCOMPARE(spec.arguments, (QStringList{"--work-ms", "70"}));
        QCOMPARE(spec.timeoutMs, qint64(600000));
        QCOMPARE(spec.graceMs, qint64(1500));
        QCOMPARE(spec.restart.mode, RestartPolicy::Mode::Never);
    }
    // They joined the pool (a saved session has four), and the new ones are selected.
    QCOMPARE(m_session->toDocument().pools.size(), 1);
    QCOMPARE(m_session->toDocument().pools.first().count, 4);
    QCOMPARE(m_window->selectedProcessIds().size(), 3);
    QVERIFY2(m_window->lastAction().startsWith(QLatin1String("Spawned 3 workers")), qPrintable(m_window->lastAction()));
    // Spawn worker (one) does the same.
    action("spawnWorkerAction")->trigger();
    QCOMPARE(all.size(), 5);
    QCOMPARE(all.last()->spec().arguments, (QStringList{"--work-ms", "70"}));
    QCOMPARE(m_session->toDocument().pools.first().count, 5);
}


// The smallest window Herd is laid out for (its minimum width is below 1024): the details
// values are readable, and neither the details nor the process table scroll sideways.
void tst_MainWindow::showDemoAt1024x700(const QString &language)
{
    // Installed until cleanup(): the details translate their values as they refresh.
    if (!language.isEmpty()) {
        QVERIFY(m_translator.load(QStringLiteral(":/i18n/herd_%1.qm").arg(language)));
        QCoreApplication::installTranslator(&m_translator);
    }

    // A window as herd starts it: with its task queue, so with the queue panel.
    delete m_window;
    m_window = nullptr;
    delete m_session;
    m_session = new Session;
    QVERIFY(m_session->open().ok());
    m_window = new MainWindow(m_session);
    m_window->setWorkerProgram(m_standInWorker);
    m_window->resize(1024, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QCOMPARE(m_window->size(), QSize(1024, 700));

    m_window->startDemo();
    QTreeView *view = m_window->processView();
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() >= 4, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->detailsPanel()->process() != 0, 5000);
    // A few display ticks, so every panel has laid out what it shows.
    const quint64 ticks = m_window->displayTick()->count();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->displayTick()->count() >= ticks + 3, 5000);
    QCoreApplication::processEvents();
}

void tst_MainWindow::processTableFitsIn1024x700()
{
    QFETCH(QString, language);
    showDemoAt1024x700(language);
    if (QTest::currentTestFailed())
        return;
    QTreeView *view = m_window->processView();

    QVERIFY2(!view->horizontalScrollBar()->isVisible(), "the process table scrolls sideways");
    const int command = view->header()->sectionSize(ProcessTableModel::Command);
    QVERIFY2(command >= 80, qPrintable(QStringLiteral("the Command column is %1 px wide").arg(command)));
}

void tst_MainWindow::detailsFitIn1024x700()
{
    QFETCH(QString, language);
    showDemoAt1024x700(language);
    if (QTest::currentTestFailed())
        return;

    ProcessDetailsPanel *details = m_window->detailsPanel();
    auto *scroll = details->findChild<QScrollArea *>(QStringLiteral("detailsScrollArea"));
    QVERIFY(scroll && scroll->isVisible());
    QVERIFY2(!scroll->horizontalScrollBar()->isVisible(), "the details panel scrolls sideways");
    auto *form = details->findChild<QFormLayout *>(QStringLiteral("detailsForm"));
    QVERIFY(form);
    int checked = 0;
    for (int i = 0; i < form->rowCount(); ++i) {
        QLayoutItem *item = form->itemAt(i, QFormLayout::FieldRole);
        auto *value = item ? qobject_cast<QLabel *>(item->widget()) : nullptr;
        if (!value || !value->isVisible())
            continue;
        ++checked;
        const int width = value->contentsRect().width();
        QVERIFY2(width >= 140, qPrintable(QStringLiteral("row %1 (%2) is %3 px wide").arg(i).arg(value->text()).arg(width)));
        QVERIFY(value->wordWrap());
        // No word is cut: each fits the label's width (a long one is elided, whole in the tooltip).
        const QFontMetrics fm(value->font());
        for (const QString &word : value->text().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
            QVERIFY2(fm.horizontalAdvance(word) <= width,
                     qPrintable(QStringLiteral("\"%1\" is cut in a %2 px label").arg(word).arg(width)));
        }
        if (value->text().contains(QChar(0x2026)) && !value->toolTip().isEmpty())
            QVERIFY(!value->toolTip().contains(QChar(0x2026)));
    }
    QVERIFY(checked >= 8);
}

void tst_MainWindow::taskTableFitsIn1024x700()
{
    QFETCH(QString, language);
    showDemoAt1024x700(language);
    if (QTest::currentTestFailed())
        return;
    auto *queue = qobject_cast<QueuePanel *>(m_window->queuePanel());
    QVERIFY(queue);
    QTableView *view = queue->taskView();
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() >= 10, 5000);
    // Also with the details panel widened: the columns give way, the table does not scroll.
    auto *splitter = m_window->findChild<QSplitter *>(QStringLiteral("horizontalSplitter"));
    QVERIFY(splitter);
    splitter->setSizes({520, 504});
    QCoreApplication::processEvents();
    QHeaderView *header = view->horizontalHeader();
    // Every column in sight: nothing to scroll sideways to.
    QVERIFY2(header->length() <= view->viewport()->width(),
             qPrintable(QStringLiteral("the columns take %1 px of %2").arg(header->length()).arg(view->viewport()->width())));
    QCOMPARE(view->horizontalScrollBar()->maximum(), 0);
    for (int c = 0; c < header->count(); ++c)
        QVERIFY2(header->sectionSize(c) >= 24, qPrintable(QStringLiteral("column %1 is %2 px").arg(c).arg(header->sectionSize(c))));
    // A cut payload is whole in its tooltip.
    const QModelIndex payload = view->model()->index(0, TaskTableModel::Payload);
    QCOMPARE(payload.data(Qt::ToolTipRole).toString(), payload.data().toString());
}

void tst_MainWindow::stateBadgesFitIn1024x700()
{
    QFETCH(QString, language);
    showDemoAt1024x700(language);
    if (QTest::currentTestFailed())
        return;
    QTreeView *view = m_window->processView();
    QAbstractItemModel *model = view->model();
    // The demo's first process has exited 0 by now.
    auto exitedZero = [model] {
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, ProcessTableModel::ExitCode).data().toString() == QLatin1String("0"))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(exitedZero(), 5000);
    // Also with the details panel widened, so that the table's columns are at their least.
    auto *splitter = m_window->findChild<QSplitter *>(QStringLiteral("horizontalSplitter"));
    QVERIFY(splitter);
    splitter->setSizes({520, 504});
    QCoreApplication::processEvents();
    const int width = view->header()->sectionSize(ProcessTableModel::State);
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString badge = model->index(row, ProcessTableModel::State).data().toString();
        if (model->index(row, ProcessTableModel::ExitCode).data().toString() != QLatin1String("0"))
            continue;
        // Painted whole: the badge, measured in its own font, fits the column.
        QVERIFY2(StateBadgeDelegate::cellWidth(badge, view->font()) <= width,
                 qPrintable(QStringLiteral("\"%1\" needs %2 px, the column is %3")
                                .arg(badge)
                                .arg(StateBadgeDelegate::cellWidth(badge, view->font()))
                                .arg(width)));
    }
    // And in the details, the badge's picture holds all of it.
    const QVector<quint64> ids{model->index(0, 0).data(ProcessTableModel::ProcessIdRole).toULongLong()};
    m_window->selectProcesses(ids);
    const QString badge = model->index(0, ProcessTableModel::State).data().toString();
    QLabel *picture = nullptr;
    for (QLabel *label : m_window->detailsPanel()->findChildren<QLabel *>()) {
        if (!label->pixmap().isNull() && label->isVisible())
            picture = label;
    }
    QVERIFY(picture);
    QVERIFY(picture->pixmap().deviceIndependentSize().width() >= StateBadgeDelegate::badgeWidth(badge, m_window->detailsPanel()->font()));
}

void tst_MainWindow::stopTimelineOffsetsDoNotWrap()
{
    QFETCH(QString, language);
    showDemoAt1024x700(language);
    if (QTest::currentTestFailed())
        return;
    // The demo's watchdog stops "ticker" after 5 s; its timeline has a row per step.
    ManagedProcess *ticker = m_session->supervisor()->findByName(QStringLiteral("ticker"));
    QVERIFY(ticker);
    QTRY_COMPARE_WITH_TIMEOUT(ticker->state(), ProcessState::TimedOut, 15000);
    m_window->selectProcesses({ticker->id()});
    QLabel *timeline = nullptr;
    // The whole timeline (watchdog, SIGTERM, reaped): the panel shows the end at its next
    // refresh, and until then still the table of the stop in progress.
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        timeline = nullptr;
        for (QLabel *label : m_window->detailsPanel()->findChildren<QLabel *>()) {
            if (label->text().contains(QLatin1String("<table")) && label->isVisible()
                && label->text().count(QLatin1String("<tr")) >= 3)
                timeline = label;
        }
        return timeline != nullptr;
    }(), 5000);
    QCoreApplication::processEvents();
    // Laid out at the label's width: each time and each offset stays on one line.
    QTextDocument doc;
    doc.setDefaultFont(timeline->font());
    doc.setHtml(timeline->text());
    doc.setTextWidth(timeline->contentsRect().width());
    doc.documentLayout(); // lays it out
    QVERIFY2(doc.size().width() <= timeline->contentsRect().width() + 1,
             qPrintable(QStringLiteral("the timeline is %1 px wide in a %2 px label")
                            .arg(doc.size().width())
                            .arg(timeline->contentsRect().width())));
    QTextTable *table = nullptr;
    for (QTextFrame *frame : doc.rootFrame()->childFrames())
        table = table ? table : qobject_cast<QTextTable *>(frame);
    QVERIFY(table);
    QVERIFY(table->rows() >= 3);
    for (int row = 0; row < table->rows(); ++row) {
        for (int column = 1; column < table->columns(); ++column) {
            const QTextBlock block = table->cellAt(row, column).firstCursorPosition().block();
            QVERIFY2(block.layout()->lineCount() <= 1,
                     qPrintable(QStringLiteral("\"%1\" wraps in %2 px").arg(block.text()).arg(timeline->contentsRect().width())));
        }
    }
}

void tst_MainWindow::languageChangesAtOnce()
{
    reopenWithQueue();
    const QVector<quint64> ids = m_window->spawn({sleeper(QStringLiteral("alpha"))});
    QCOMPARE(ids.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(cell(ids.first(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    // The app installs the translations the Language menu asks for; here the test does what
    // the app does.
    QTranslator chinese;
    QVERIFY(chinese.load(QStringLiteral(":/i18n/herd_zh_CN.qm")));
    QStringList asked;
    const QMetaObject::Connection wiring = connect(m_window, &MainWindow::languageChosen, this, [&](const QString &code) {
        asked << code;
        QCoreApplication::removeTranslator(&chinese);
        if (code == QLatin1String("zh_CN"))
            QCoreApplication::installTranslator(&chinese);
    });
    auto zh = [&chinese](const char *context, const char *source) {
        const QString text = chinese.translate(context, source);
        if (text.isEmpty())
            qWarning("no translation for %s", source);
        return text;
    };
    QMenuBar *bar = m_window->menuBar();
    auto *queue = qobject_cast<QueuePanel *>(m_window->queuePanel());
    QVERIFY(queue);
    auto *tabs = queue->findChild<QTabWidget *>(QStringLiteral("queueTabs"));
    auto *stateFilter = m_window->findChild<QComboBox *>(QStringLiteral("stateFilter"));
    QVERIFY(tabs && stateFilter);
    auto detailsSays = [this](const QString &text) {
        for (QLabel *label : m_window->detailsPanel()->findChildren<QLabel *>())
            if (label->text() == text)
                return true;
        return false;
    };
    QCOMPARE(bar->actions().first()->text(), QStringLiteral("&File"));
    QVERIFY(detailsSays(QStringLiteral("Kind")));

    action("language_zh_CN")->trigger();
    QCOMPARE(asked, QStringList{QStringLiteral("zh_CN")});
    // Every part of the window at once, without a restart: menus, actions, the table's
    // headers and cells, the filters, the queue panel's tabs, the details.
    QTRY_COMPARE_WITH_TIMEOUT(bar->actions().first()->text(), zh("herd::MainWindow", "&File"), 5000);
    QCOMPARE(action("spawnAction")->text(), zh("herd::MainWindow", "&Spawn…"));
    QCOMPARE(action("terminateAction")->text(), zh("herd::ProcessListWidget", "&Terminate"));
    QCOMPARE(m_window->processProxy()->headerData(ProcessTableModel::Name, Qt::Horizontal).toString(),
             zh("herd::ProcessTableModel", "Name"));
    QTRY_COMPARE_WITH_TIMEOUT(cell(ids.first(), ProcessTableModel::State), zh("herd", "running"), 5000);
    QCOMPARE(stateFilter->itemText(0), zh("herd::ProcessListWidget", "All processes"));
    QCOMPARE(tabs->tabText(0), zh("herd::QueuePanel", "Tasks"));
    QVERIFY(detailsSays(zh("herd::ProcessDetailsPanel", "Kind")));
    QCOMPARE(m_window->outputPane()->findChild<QToolButton *>(QStringLiteral("followButton"))->text(),
             zh("herd::OutputPane", "Follow"));

    // And back.
    action("language_en")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(bar->actions().first()->text(), QStringLiteral("&File"), 5000);
    QCOMPARE(action("spawnAction")->text(), QStringLiteral("&Spawn…"));
    QTRY_COMPARE_WITH_TIMEOUT(cell(ids.first(), ProcessTableModel::State), QStringLiteral("running"), 5000);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Tasks"));
    QVERIFY(detailsSays(QStringLiteral("Kind")));
    QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("en"));
    disconnect(wiring);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
