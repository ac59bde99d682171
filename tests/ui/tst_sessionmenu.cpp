// The window's File and Language menus: sessions opened and saved, the ledger exported,
// the language choice stored; and the Chinese translation of the window.

#include "mainwindow.h"
#include "processtablemodel.h"
#include "processtext.h"
#include "session.h"
#include "sessionfile.h"
#include "testsupport.h"

#include <QAction>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

using namespace herd;

class tst_SessionMenu final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void openValidSessionStartsIt();
    void brokenSessionStartsNothing();
    void saveThenOpenRoundTrips();
    void exportLedgerWritesEveryTask();
    void languageChoiceIsStored();
    void chineseTranslationCoversTheWindow();

private:
    static bool hasCjk(const QString &text);
    QTemporaryDir m_dir;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void tst_SessionMenu::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("herd-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_sessionmenu"));
    QVERIFY(m_dir.isValid());
}

void tst_SessionMenu::init()
{
    m_session = std::make_unique<Session>();
    TaskQueue::Options options;
    options.capacity = 256;
    QCOMPARE(m_session->open(options).error, QString());
    m_window = std::make_unique<MainWindow>(m_session.get());
}

void tst_SessionMenu::cleanup()
{
    m_session->setQuitting(true);
    m_session->supervisor()->killAll(StopCause::Quit);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->supervisor()->aliveCount(), 0, 5000);
    m_window.reset();
    m_session.reset();
}

bool tst_SessionMenu::hasCjk(const QString &text)
{
    for (const QChar c : text)
        if (c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff)
            return true;
    return false;
}

void tst_SessionMenu::openValidSessionStartsIt()
{
    const QString path = m_dir.filePath("ok.herd");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("[process sleeper]\ncommand = %1 sleep 30\n\n[workers]\ncount = 1\n\n[tasks]\ncount = 3\n")
                .arg(test::testChild())
                .toUtf8());
    f.close();
    QCOMPARE(m_window->openSession(path), QString());
    QVERIFY(m_session->supervisor()->findByName("sleeper"));
    QVERIFY(m_session->supervisor()->findByName("Worker-1"));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->ledger()->count(TaskLedger::State::Done), qint64(3), 10000);
}

void tst_SessionMenu::brokenSessionStartsNothing()
{
    const QString path = m_dir.filePath("broken.herd");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[process a]\ncommand = sleep 30\n\n[process b]\ncommand = sleep 30\ngrace = -2\n");
    f.close();
    const QString error = m_window->openSession(path);
    QVERIFY2(error.contains("broken.herd:6") && error.contains("grace") && error.contains("nothing was started"), qPrintable(error));
    QCOMPARE(m_session->supervisor()->processes().size(), 0);
}

void tst_SessionMenu::saveThenOpenRoundTrips()
{
    SessionDocument doc;
    ProcessSpec p = test::sleeper(QStringLiteral("keeper"));
    p.timeoutMs = 60000;
    p.restart.mode = RestartPolicy::Mode::OnFailure;
    doc.processes << p;
    WorkerPoolSpec pool;
    pool.count = 2;
    pool.workMs = 5;
    doc.pools << pool;
    doc.tasks.count = 4;
    QCOMPARE(m_session->startDocument(doc).error, QString());
    const QString path = m_dir.filePath("saved.herd");
    QCOMPARE(m_window->saveSession(path), QString());
    // The next Open/Save dialog starts in the folder used last.
    QCOMPARE(QSettings().value("files/lastFolder").toString(), QFileInfo(path).absolutePath());
    const SessionFileResult back = readSessionFile(path);
    QVERIFY2(back.ok(), qPrintable(back.describe(path)));
    QVERIFY(back.document == m_session->toDocument());
    QVERIFY(back.document == doc);
}

void tst_SessionMenu::exportLedgerWritesEveryTask()
{
    WorkerPoolSpec pool;
    pool.count = 1;
    QCOMPARE(m_session->spawnPool(pool).error, QString());
    QCOMPARE(m_session->enqueueCount(5).error, QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->ledger()->count(TaskLedger::State::Done), qint64(5), 10000);
    const QString path = m_dir.filePath("ledger.csv");
    QCOMPARE(m_window->exportLedger(path), QString());
    QFile csv(path);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
    QCOMPARE(rows.size(), 6);
    QVERIFY(rows.at(5).startsWith("5,5,done,Worker-1,1,"));
    QVERIFY(!m_window->exportLedger("/nonexistent/dir/ledger.csv").isEmpty());
}

void tst_SessionMenu::languageChoiceIsStored()
{
    auto *chinese = m_window->findChild<QAction *>("language_zh_CN");
    QVERIFY(chinese);
    QSignalSpy chosen(m_window.get(), &MainWindow::languageChosen);
    chinese->trigger();
    QCOMPARE(QSettings().value("ui/language").toString(), QStringLiteral("zh_CN"));
    // Asked to be applied now (the app installs the translations), and said by its own name.
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.last().first().toString(), QStringLiteral("zh_CN"));
    QVERIFY2(hasCjk(m_window->statusBar()->currentMessage()), qPrintable(m_window->statusBar()->currentMessage()));
    m_window->findChild<QAction *>("language_en")->trigger();
    QCOMPARE(QSettings().value("ui/language").toString(), QStringLiteral("en"));
    QCOMPARE(chosen.last().first().toString(), QStringLiteral("en"));
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Language: English"));
    m_window->findChild<QAction *>("language_system")->trigger();
    QCOMPARE(QSettings().value("ui/language").toString(), QString());
    QCOMPARE(chosen.last().first().toString(), QString());
}

void tst_SessionMenu::chineseTranslationCoversTheWindow()
{
    QTranslator translator;
    QVERIFY2(translator.load(QStringLiteral(":/i18n/herd_zh_CN.qm")), "the Chinese translation is not built in");
    QCoreApplication::installTranslator(&translator);
    // Removed whatever happens, so no later test runs in Chinese.
    const auto uninstall = qScopeGuard([&translator] { QCoreApplication::removeTranslator(&translator); });
    {
        Session session;
        MainWindow window(&session);
        for (const char *name : {"spawnAction", "spawnWorkerAction", "terminateAction", "killAction", "killAllAction",
                                 "enqueueAction", "demoAction"}) {
            auto *action = window.findChild<QAction *>(name);
            QVERIFY2(action, name);
            QVERIFY2(hasCjk(action->text()), qPrintable(QStringLiteral("%1: %2").arg(name, action->text())));
        }
        // The state badges of the process table, as a user sees them.
        QVERIFY(session.supervisor()->spawn(test::sleeper(QStringLiteral("s"))).ok());
        auto *model = window.findChild<ProcessTableModel *>();
        QVERIFY(model);
        QTRY_VERIFY_WITH_TIMEOUT(hasCjk(model->index(0, ProcessTableModel::State).data().toString()), 5000);
        session.supervisor()->killAll(StopCause::User);
        QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(hasCjk(model->index(0, ProcessTableModel::State).data().toString()), 5000);
    }
}

QTEST_MAIN(tst_SessionMenu)
#include "tst_sessionmenu.moc"
