// The window takes the same command line as --headless: for each option that describes work,
// the real `herd` is run twice, once with --headless and once as the window (offscreen), and
// the work the window starts must be the work headless did — the same processes spawned
// (names, workers, daemons, restarts), the same tasks enqueued and ended the same way, the
// same exits — as both modes' event streams (--events) say. The report (--report) of the
// window, written when it quits, must match headless's. The README's headless examples are
// run in the window the same way.

#include "testsupport.h"
#include "shellwords.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace herd;

class tst_WindowCommandLine final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sameWorkAsHeadless_data();
    void sameWorkAsHeadless();
    void readmeExamplesRunInTheWindow_data();
    void readmeExamplesRunInTheWindow();
    void refusedCommandLineStartsNothing();
    void meaninglessOptionIsRefused_data();
    void meaninglessOptionIsRefused();
    void missingWindowModuleIsSaid();

private:
    struct Outcome {
        QSet<QString> signature;
        QByteArray report;
        QByteArray err;
        int status = -1;
    };
    static QStringList substitute(const QStringList &args, const QString &dir);
    static QList<QJsonObject> readEvents(const QString &path);
    static QSet<QString> signatureOf(const QList<QJsonObject> &events);
    static QByteArray reportRows(const QString &path);
    QProcessEnvironment environment(const QString &dir) const;
    void runHeadless(const QStringList &args, const QString &dir, Outcome *out);
    void runWindow(const QStringList &args, const QString &dir, const QSet<QString> &expected, Outcome *out);
    void compareModes(const QStringList &args);

    QString m_herd;
    QTemporaryDir m_tmp;
};

void tst_WindowCommandLine::initTestCase()
{
    m_herd = herd::test::herdProgram();
    QVERIFY2(QFileInfo(m_herd).isExecutable(), "HERD_BIN is not set to the herd program");
    QVERIFY(m_tmp.isValid());
}

QStringList tst_WindowCommandLine::substitute(const QStringList &args, const QString &dir)
{
    QStringList out;
    for (QString a : args)
        out << a.replace(QStringLiteral("@DIR@"), dir)
                   .replace(QStringLiteral("@CHILD@"), herd::test::testChild())
                   .replace(QStringLiteral("@WORKER@"), herd::test::workerProgram());
    return out;
}

QList<QJsonObject> tst_WindowCommandLine::readEvents(const QString &path)
{
    QList<QJsonObject> events;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return events;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            events << doc.object();
    }
    return events;
}

// What a run did, leaving out what differs between the modes by design: which worker took
// which task, times and pids, and how things ended when Herd stopped them on its way out
// (headless ends when the work is done and closes the queue, so its idle workers exit 0;
// the window keeps them waiting for more work until it quits).
QSet<QString> tst_WindowCommandLine::signatureOf(const QList<QJsonObject> &events)
{
    QSet<QString> sig;
    QHash<QString, int> spawns;
    QSet<QString> workers;
    for (const QJsonObject &e : events) {
        const QString kind = e.value("event").toString();
        const QString name = e.value("name").toString();
        if (kind == "spawned") {
            const int n = ++spawns[name];
            if (e.value("worker").toBool())
                workers << name;
            sig << QStringLiteral("spawned %1#%2%3%4")
                       .arg(name)
                       .arg(n)
                       .arg(e.value("worker").toBool() ? " worker" : "")
                       .arg(e.value("daemon").toBool() ? " daemon" : "");
        } else if (kind == "exited") {
            if (e.value("stopped_by").toString() == "quit")
                continue;
            if (workers.contains(name) && e.value("exitcode").toInt() == 0)
                continue;
            sig << QStringLiteral("exited %1#%2 %3 %4 %5")
                       .arg(name)
                       .arg(spawns.value(name))
                       .arg(e.value("reason").toString())
                       .arg(e.value("exitcode").toInt())
                       .arg(e.value("message").toString());
        } else if (kind == "enqueued") {
            sig << QStringLiteral("enqueued %1 %2").arg(e.value("task").toInteger()).arg(e.value("payload").toString());
        } else if (kind == "done" || kind == "failed") {
            sig << QStringLiteral("%1 %2 result=%3").arg(kind).arg(e.value("task").toInteger()).arg(e.value("result").toInt());
        } else if (kind == "requeued" || kind == "dead-lettered") {
            sig << QStringLiteral("%1 %2 attempt=%3").arg(kind).arg(e.value("task").toInteger()).arg(e.value("attempt").toInteger());
        }
    }
    return sig;
}

// The report without the columns that depend on timing and on which worker took a task.
QByteArray tst_WindowCommandLine::reportRows(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return "(no report)";
    QByteArray out;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        const QList<QByteArray> f = line.split(',');
        if (f.size() < 9)
            return "(malformed: " + line + ")";
        // id,payload,state,worker,attempts,wait_ms,run_ms,result_code,result
        out += f[0] + ',' + f[1] + ',' + f[2] + ',' + f[4] + ',' + f[7] + '\n';
    }
    return out;
}

QProcessEnvironment tst_WindowCommandLine::environment(const QString &dir) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_CONFIG_HOME", dir + "/config"); // the window's settings stay here
    env.insert("HERD_WORKER_BIN", herd::test::workerProgram());
    return env;
}

void tst_WindowCommandLine::runHeadless(const QStringList &args, const QString &dir, Outcome *out)
{
    QProcess herd;
    herd.setProcessEnvironment(environment(dir));
    herd.start(m_herd, QStringList{"--headless", "--events", dir + "/events.jsonl"} + substitute(args, dir));
    if (!herd.waitForFinished(120000)) {
        herd.kill();
        herd.waitForFinished();
        QFAIL("headless did not end");
    }
    out->status = herd.exitCode();
    out->err = herd.readAllStandardError();
    out->signature = signatureOf(readEvents(dir + "/events.jsonl"));
    out->report = reportRows(dir + "/report.csv");
}

void tst_WindowCommandLine::runWindow(const QStringList &args, const QString &dir, const QSet<QString> &expected,
                                      Outcome *out)
{
    QProcess herd;
    herd.setProcessEnvironment(environment(dir));
    herd.start(m_herd, QStringList{"--events", dir + "/events.jsonl"} + substitute(args, dir));
    QVERIFY(herd.waitForStarted());
    // The window never ends by itself: wait until it has done what headless did, then
    // quit it as a logout would (SIGTERM stops every process the safe way).
    QSet<QString> seen;
    auto reached = [&] {
        seen = signatureOf(readEvents(dir + "/events.jsonl"));
        return seen.contains(expected) || herd.state() == QProcess::NotRunning;
    };
    const auto missing = [&] {
        return QStringList((expected - seen).values()).join(QLatin1String(" | ")) + QLatin1String("\nthe window did: ")
             + QStringList(seen.values()).join(QLatin1String(" | "));
    };
    QTRY_VERIFY2_WITH_TIMEOUT(reached(), qPrintable(QLatin1String("the window did not do: ") + missing()), 90000);
    ::kill(pid_t(herd.processId()), SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(herd.state() == QProcess::NotRunning, 30000);
    out->status = herd.exitCode();
    out->err = herd.readAllStandardError();
    out->signature = signatureOf(readEvents(dir + "/events.jsonl"));
    out->report = reportRows(dir + "/report.csv");
}

void tst_WindowCommandLine::compareModes(const QStringList &args)
{
    static int runs = 0;
    const QString headlessDir = m_tmp.filePath(QStringLiteral("h%1").arg(++runs));
    const QString windowDir = m_tmp.filePath(QStringLiteral("w%1").arg(runs));
    QVERIFY(QDir().mkpath(headlessDir) && QDir().mkpath(windowDir));
    // Task files a row names, in each run's folder.
    for (const QString &dir : {headlessDir, windowDir}) {
        QFile tasks(dir + "/tasks.txt");
        QVERIFY(tasks.open(QIODevice::WriteOnly));
        tasks.write("alpha\nbeta\ngamma\n");
        QFile session(dir + "/extra.herd");
        QVERIFY(session.open(QIODevice::WriteOnly));
        session.write("[process file-proc]\ncommand = true\n\n[workers]\ncount = 1\n\n[tasks]\ncount = 2\n"
                      "task = from the file\n");
    }

    Outcome headless;
    runHeadless(args, headlessDir, &headless);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(!headless.signature.isEmpty(), headless.err.constData());

    Outcome window;
    runWindow(args, windowDir, headless.signature, &window);
    if (QTest::currentTestFailed())
        return;
    const QSet<QString> missing = headless.signature - window.signature;
    QVERIFY2(missing.isEmpty(), qPrintable("the window did not do: " + QStringList(missing.values()).join(" | ")
                                           + "\nwindow stderr: " + QString::fromLocal8Bit(window.err)));
    // Nothing the window did that headless did not, apart from how a worker ended: once
    // the last task has ended, headless closes the queue and may stop a worker that the
    // window's task watchdog stops instead (both are right).
    QSet<QString> extra = window.signature - headless.signature;
    for (auto it = extra.begin(); it != extra.end();) {
        if (it->startsWith(QLatin1String("exited Worker-")))
            it = extra.erase(it);
        else
            ++it;
    }
    QVERIFY2(extra.isEmpty(), qPrintable("the window also did: " + QStringList(extra.values()).join(" | ")));
    QCOMPARE(window.status, 0);
    if (args.contains("--report"))
        QCOMPARE(window.report, headless.report);
}

void tst_WindowCommandLine::sameWorkAsHeadless_data()
{
    QTest::addColumn<QStringList>("args");
    // One row per option that describes work (--events is in every row).
    QTest::newRow("--run") << QStringList{"--run", "named=true", "--run", "sh -c 'exit 4'"};
    QTest::newRow("--workers") << QStringList{"--workers", "2", "--tasks", "4"};
    QTest::newRow("--tasks") << QStringList{"--workers", "1", "--tasks", "3", "--report", "@DIR@/report.csv"};
    QTest::newRow("--tasks-from") << QStringList{"--workers", "1", "--tasks-from", "@DIR@/tasks.txt", "--report",
                                                 "@DIR@/report.csv"};
    QTest::newRow("--work-ms") << QStringList{"--workers", "1", "--tasks", "2", "--work-ms", "300", "--report",
                                              "@DIR@/report.csv"};
    QTest::newRow("--exec") << QStringList{"--workers", "1", "--tasks", "4", "--exec", "test {} -lt 3", "--report",
                                           "@DIR@/report.csv"};
    QTest::newRow("--worker-command") << QStringList{"--workers", "2", "--worker-command", "@WORKER@ --work-ms 50",
                                                     "--tasks", "4", "--report", "@DIR@/report.csv"};
    QTest::newRow("--timeout") << QStringList{"--timeout", "1", "--run", "napper=sleep 77"};
    QTest::newRow("--grace") << QStringList{"--timeout", "0.5", "--grace", "1", "--run", "stubborn=@CHILD@ ignore-term"};
    QTest::newRow("--daemon") << QStringList{"--daemon", "--run", "bg=sleep 60", "--workers", "1", "--tasks", "2"};
    QTest::newRow("--task-timeout") << QStringList{"--workers", "1", "--tasks", "1", "--exec", "sleep 60",
                                                   "--task-timeout", "0.5", "--grace", "0", "--max-attempts", "1",
                                                   "--report", "@DIR@/report.csv"};
    QTest::newRow("--max-attempts") << QStringList{"--workers", "1", "--tasks", "1", "--exec", "sleep 60",
                                                   "--task-timeout", "0.5", "--grace", "0", "--max-attempts", "2",
                                                   "--report", "@DIR@/report.csv"};
    // Fails twice, then succeeds: restarted after 1 s, then after 2 s.
    QTest::newRow("--restart") << QStringList{"--restart", "on-failure", "--run",
                                              "flaky=sh -c 'test -e @DIR@/b && exit 0; test -e @DIR@/a && touch @DIR@/b; "
                                              "touch @DIR@/a; exit 3'"};
    QTest::newRow("--restart workers") << QStringList{"--restart", "never", "--workers", "1", "--tasks", "1",
                                                      "--exec", "sleep 60", "--task-timeout", "0.5", "--grace", "0",
                                                      "--report", "@DIR@/report.csv"};
    QTest::newRow("session file and options")
        << QStringList{"@DIR@/extra.herd", "--tasks", "2", "--tasks-from", "@DIR@/tasks.txt", "--run", "opt=true",
                       "--max-attempts", "5", "--report", "@DIR@/report.csv"};
}

void tst_WindowCommandLine::sameWorkAsHeadless()
{
    QFETCH(QStringList, args);
    compareModes(args);
}

// The README's headless examples ("herd --headless ..." in its sh blocks), run as they are.
void tst_WindowCommandLine::readmeExamplesRunInTheWindow_data()
{
    QTest::addColumn<QStringList>("args");
    QFile readme(herd::test::sourceDir() + "/README.md");
    QVERIFY2(readme.open(QIODevice::ReadOnly), "README.md not found");
    const QString text = QString::fromUtf8(readme.readAll());
    static const QRegularExpression block(QStringLiteral("```sh\\n(.*?)```"), QRegularExpression::DotMatchesEverythingOption);
    int examples = 0;
    for (auto it = block.globalMatch(text); it.hasNext();) {
        for (const QString &line : it.next().captured(1).split('\n')) {
            if (!line.startsWith(QLatin1String("herd --headless ")))
                continue;
            const Result<QStringList> words = splitShellWords(line);
            QVERIFY2(words.ok(), qPrintable(line));
            QStringList args = words.value.mid(2); // without "herd --headless"
            QTest::newRow(qPrintable(line.left(60))) << args;
            ++examples;
        }
    }
    QVERIFY2(examples >= 2, "the README's headless examples were not found");
}

void tst_WindowCommandLine::readmeExamplesRunInTheWindow()
{
    QFETCH(QStringList, args);
    compareModes(args);
}

// Where the events or the report cannot go, the window starts nothing, and says so.
void tst_WindowCommandLine::refusedCommandLineStartsNothing()
{
    const QString dir = m_tmp.filePath("refused");
    QVERIFY(QDir().mkpath(dir));
    QProcess herd;
    herd.setProcessEnvironment(environment(dir));
    herd.start(m_herd, {"--run", "napper=sleep 77", "--workers", "1", "--tasks", "2", "--report",
                        dir + "/missing/report.csv", "--events", dir + "/events.jsonl"});
    QVERIFY(herd.waitForStarted());
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += herd.readAllStandardError()).contains("Nothing was started"), 30000);
    QVERIFY2(err.contains("the folder"), err.constData());
    ::kill(pid_t(herd.processId()), SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(herd.state() == QProcess::NotRunning, 30000);
    QVERIFY(!QFile::exists(dir + "/missing/report.csv"));
    QVERIFY2(readEvents(dir + "/events.jsonl").isEmpty(), "events were written for a refused command line");
}

// An option that would change nothing is refused in the window as in headless.
void tst_WindowCommandLine::meaninglessOptionIsRefused_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("--work-ms without --workers") << QStringList{"--run", "true", "--work-ms", "5"} << "--work-ms";
    QTest::newRow("--exec without --workers") << QStringList{"--run", "true", "--exec", "true"} << "--exec";
    QTest::newRow("--timeout without --run") << QStringList{"--workers", "1", "--timeout", "5"} << "--timeout";
    QTest::newRow("--daemon without --run") << QStringList{"--workers", "1", "--daemon"} << "--daemon";
    QTest::newRow("--grace alone") << QStringList{"--grace", "1"} << "--grace";
    QTest::newRow("--restart alone") << QStringList{"--restart", "always"} << "--restart";
}

void tst_WindowCommandLine::meaninglessOptionIsRefused()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    for (const bool headless : {false, true}) {
        QProcess herd;
        herd.setProcessEnvironment(environment(m_tmp.path()));
        herd.start(m_herd, headless ? QStringList{"--headless"} + args : args);
        QVERIFY(herd.waitForFinished(30000));
        QCOMPARE(herd.exitCode(), 2);
        const QByteArray err = herd.readAllStandardError();
        QVERIFY2(err.contains(message.toUtf8()), err.constData());
    }
}

// The window is the module herd-window.so beside herd. A herd copied without it still runs
// --headless, and asked for a window says why there is none instead of failing obscurely.
void tst_WindowCommandLine::missingWindowModuleIsSaid()
{
    const QString dir = m_tmp.filePath("alone");
    QVERIFY(QDir().mkpath(dir));
    const QString lone = dir + "/herd";
    QVERIFY(QFile::copy(m_herd, lone));
    QVERIFY(QFile::exists(QFileInfo(m_herd).dir().filePath("herd-window.so")));

    QProcess window;
    window.setProcessEnvironment(environment(dir));
    window.start(lone, {"--run", "napper=sleep 77"});
    QVERIFY(window.waitForFinished(30000));
    const QByteArray err = window.readAllStandardError();
    QCOMPARE(window.exitCode(), 2);
    QVERIFY2(err.contains("the window cannot be opened: herd-window.so is neither in " + dir.toUtf8()), err.constData());
    QVERIFY2(err.contains("use --headless"), err.constData());

    QProcess headless;
    headless.setProcessEnvironment(environment(dir));
    headless.start(lone, {"--headless", "--run", "greeter=echo hello"});
    QVERIFY(headless.waitForFinished(30000));
    QCOMPARE(headless.exitCode(), 0);
    QVERIFY(headless.readAllStandardOutput().contains("hello"));
}

QTEST_GUILESS_MAIN(tst_WindowCommandLine)
#include "tst_windowcommandline.moc"
