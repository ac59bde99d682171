// The details panel's account of a restart policy: restarts so far, the last exit, the
// countdown to the next restart and "gave up" for a crash-looping process; and the status
// bar's news of restarts and give-ups.

#include "mainwindow.h"
#include "processdetailspanel.h"
#include "processtablemodel.h"
#include "session.h"
#include "testsupport.h"

#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QtTest>

using namespace herd;

class tst_ProcessDetailsPanel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void crashLoopingProcessIsMarkedGaveUp();
    void pendingRestartCountsDown();
    void neverPolicyShowsNoRestarts();
    void severalSelectedAreSummarised();

private:
    QString field(const char *name) const;
    ManagedProcess *spawnShown(const ProcessSpec &spec);

    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void tst_ProcessDetailsPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("herd-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_processdetailspanel"));
}

void tst_ProcessDetailsPanel::init()
{
    m_session = std::make_unique<Session>();
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->resize(1200, 800);
    m_window->show();
    m_window->detailsPanel()->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_ProcessDetailsPanel::cleanup()
{
    m_session->setQuitting(true);
    m_session->supervisor()->killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->supervisor()->aliveCount(), 0, 5000);
    m_window.reset();
    m_session.reset();
}

QString tst_ProcessDetailsPanel::field(const char *name) const
{
    auto *label = m_window->detailsPanel()->findChild<QLabel *>(name);
    return label ? label->text() : QStringLiteral("<no %1>").arg(name);
}

ManagedProcess *tst_ProcessDetailsPanel::spawnShown(const ProcessSpec &spec)
{
    const QVector<quint64> ids = m_window->spawn({spec});
    if (ids.size() != 1)
        return nullptr;
    m_window->selectProcesses(ids);
    return m_session->supervisor()->process(ids.first());
}

void tst_ProcessDetailsPanel::crashLoopingProcessIsMarkedGaveUp()
{
    ProcessSpec spec = test::childSpec({QStringLiteral("exit"), QStringLiteral("3")}, QStringLiteral("looper"));
    spec.restart.mode = RestartPolicy::Mode::OnFailure;
    spec.restart.maxRestarts = 2;
    spec.restart.backoffMs = 50;
    QSignalSpy gaveUp(m_session.get(), &Session::processGaveUp);
    ManagedProcess *p = spawnShown(spec);
    QVERIFY(p);
    QCOMPARE(m_window->detailsPanel()->process(), p->id());
    QTRY_COMPARE_WITH_TIMEOUT(gaveUp.count(), 1, 10000);

    QTRY_VERIFY_WITH_TIMEOUT(field("restartsLabel").contains(QLatin1String("gave up: crash-looping")), 5000);
    QVERIFY2(field("restartsLabel").startsWith(QLatin1String("2 so far")), qPrintable(field("restartsLabel")));
    QVERIFY2(field("lastExitLabel").contains(QLatin1String("3")), qPrintable(field("lastExitLabel")));
    QVERIFY2(field("restartPolicyLabel").startsWith(QLatin1String("on failure, at most 2 within 1 min, first after 50 ms")),
             qPrintable(field("restartPolicyLabel")));
    // The status bar says so too, naming the process.
    QVERIFY2(m_window->lastError().contains(QLatin1String("looper")), qPrintable(m_window->lastError()));
    QVERIFY(m_window->detailsPanel()->summaryText().contains(QLatin1String("gave up")));
    // And its row: the badge says it gave up, the tooltip how its last run ended.
    ProcessTableModel *model = m_window->processModel();
    const QModelIndex state = model->indexOf(p->id(), ProcessTableModel::State);
    QTRY_COMPARE_WITH_TIMEOUT(state.data().toString(), QStringLiteral("crash-looping, gave up"), 5000);
    QVERIFY2(state.data(Qt::ToolTipRole).toString().contains(QLatin1String("code 3")),
             qPrintable(state.data(Qt::ToolTipRole).toString()));
}

void tst_ProcessDetailsPanel::pendingRestartCountsDown()
{
    ProcessSpec spec = test::childSpec({QStringLiteral("exit"), QStringLiteral("1")}, QStringLiteral("slow"));
    spec.restart.mode = RestartPolicy::Mode::Always;
    spec.restart.backoffMs = 20000;
    QSignalSpy scheduled(m_session.get(), &Session::restartScheduled);
    ManagedProcess *p = spawnShown(spec);
    QVERIFY(p);
    QTRY_COMPARE_WITH_TIMEOUT(scheduled.count(), 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(field("restartsLabel").contains(QLatin1String("next restart in")), 5000);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QLatin1String("slow restarts in")),
             qPrintable(m_window->statusBar()->currentMessage()));
    // The failure is kept as the last error, but its icon does not paint over the message.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->lastError().contains(QLatin1String("slow")), 5000);
    QVERIFY(!m_window->statusBar()->findChild<QLabel *>("lastErrorIcon")->isVisible());
    // The countdown moves on its own, though the table has nothing alive to refresh.
    const QString first = field("restartsLabel");
    QTRY_VERIFY_WITH_TIMEOUT(field("restartsLabel") != first, 5000);
    QVERIFY(field("restartsLabel").contains(QLatin1String("next restart in")));
    QCOMPARE(field("restartsLabel").startsWith(QLatin1String("none yet")), true);
}

void tst_ProcessDetailsPanel::neverPolicyShowsNoRestarts()
{
    ManagedProcess *p = spawnShown(test::childSpec({QStringLiteral("exit"), QStringLiteral("2")}, QStringLiteral("once")));
    QVERIFY(p);
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(field("lastExitLabel").contains(QLatin1String("2")), 5000);
    QCOMPARE(field("restartPolicyLabel"), QStringLiteral("never restarted"));
    // Nothing to tell about restarts: those rows are not shown.
    QVERIFY(m_window->detailsPanel()->findChild<QLabel *>("restartsLabel")->isHidden());
    QVERIFY(m_window->detailsPanel()->findChild<QLabel *>("lastExitLabel")->isHidden());
    QVERIFY(!m_window->detailsPanel()->findChild<QLabel *>("restartPolicyLabel")->isHidden());
}

void tst_ProcessDetailsPanel::severalSelectedAreSummarised()
{
    const QVector<quint64> ids = m_window->spawn({test::sleeper(QStringLiteral("alpha")), test::sleeper(QStringLiteral("beta")),
                                                 test::childSpec({QStringLiteral("exit"), QStringLiteral("0")},
                                                                 QStringLiteral("gamma"))});
    QCOMPARE(ids.size(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->supervisor()->aliveCount(), 2, 5000);
    m_window->selectProcesses(ids);
    ProcessDetailsPanel *panel = m_window->detailsPanel();
    QCOMPARE(panel->processes().size(), 3);
    // Not "Select a process": how many, in which states, their figures and their names.
    QTRY_VERIFY_WITH_TIMEOUT(field("selectionStates").contains(QLatin1String("1 exited 0")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(field("selectionStates").contains(QLatin1String("2 running")), 5000);
    QCOMPARE(field("selectionTitle"), QStringLiteral("3 processes selected"));
    QCOMPARE(field("selectionNames"), QStringLiteral("alpha, beta, gamma"));
    QTRY_VERIFY_WITH_TIMEOUT(field("selectionMemory").contains(QLatin1String("resident together")), 10000);
    QVERIFY2(field("selectionCpu").contains(QLatin1String("together")), qPrintable(field("selectionCpu")));
    QVERIFY(panel->findChild<QWidget *>(QStringLiteral("selectionSummary"))->isVisible());
    const QString summary = panel->summaryText();
    QVERIFY2(summary.startsWith(QLatin1String("3 processes selected")), qPrintable(summary));
    QVERIFY2(summary.contains(QLatin1String("Names: alpha, beta, gamma")), qPrintable(summary));
    // Back to one: that one in full.
    m_window->selectProcesses({ids.first()});
    QCOMPARE(panel->process(), ids.first());
    QVERIFY(panel->summaryText().startsWith(QLatin1String("alpha")));
}

QTEST_MAIN(tst_ProcessDetailsPanel)
#include "tst_processdetailspanel.moc"
