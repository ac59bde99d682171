#include "commandline.h"
#include "launchplan.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace herd;

class tst_CommandLine final : public QObject
{
    Q_OBJECT

private slots:
    void runRequests();
    void durations_data();
    void durations();
    void errors_data();
    void errors();
    void helpAndVersion();
    void launchPlanCombinesOptionsAndFile();
};

static CommandLineOutcome parse(const QStringList &args)
{
    return parseCommandLine(QStringList{QStringLiteral("herd")} + args);
}

void tst_CommandLine::runRequests()
{
    const CommandLineOutcome out = parse({"--headless", "--run", "test=printenv HERD_PROCESS_NAME",
                                          "--run", "sh -c 'echo \"a b\"; exit 3'", "--grace", "0.5",
                                          "--timeout", "5", "--daemon"});
    QCOMPARE(out.kind, CommandLineOutcome::Kind::Run);
    const CommandLine &o = out.options;
    QVERIFY(o.headless);
    QCOMPARE(o.runs.size(), 2);
    QCOMPARE(o.runs[0].name, QStringLiteral("test"));
    QCOMPARE(o.runs[0].program, QStringLiteral("printenv"));
    QCOMPARE(o.runs[0].arguments, QStringList{"HERD_PROCESS_NAME"});
    QCOMPARE(o.runs[1].name, QString());
    QCOMPARE(o.runs[1].program, QStringLiteral("sh"));
    QCOMPARE(o.runs[1].arguments, (QStringList{"-c", "echo \"a b\"; exit 3"}));
    QCOMPARE(o.graceMs, 500);
    QCOMPARE(o.timeoutMs, 5000);
    QVERIFY(o.daemon);
    QVERIFY(!o.restartSet);

    // Any program can be a worker: a pool of it, and a --run process may take tasks too.
    const CommandLineOutcome pool = parse({"--headless", "--workers", "3", "--worker-command", "python3 'my worker.py' -v", "--tasks", "9"});
    QCOMPARE(pool.kind, CommandLineOutcome::Kind::Run);
    QCOMPARE(pool.options.workerCommand, QStringLiteral("python3 'my worker.py' -v"));
    const SessionDocument doc = documentFromOptions(pool.options);
    QCOMPARE(doc.pools.size(), 1);
    QCOMPARE(doc.pools.first().command, QStringLiteral("python3 'my worker.py' -v"));
    QCOMPARE(doc.pools.first().count, 3);
    QCOMPARE(parse({"--headless", "--run", "w=python3 worker.py", "--tasks", "5"}).kind, CommandLineOutcome::Kind::Run);

    const CommandLineOutcome restart = parse({"--headless", "--run", "svc=true", "--restart", "always"});
    QCOMPARE(restart.kind, CommandLineOutcome::Kind::Run);
    QVERIFY(restart.options.restartSet);
    QCOMPARE(restart.options.restart, RestartPolicy::Mode::Always);
}

void tst_CommandLine::durations_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("zero means none") << "0" << qint64(0);
    QTest::newRow("fraction") << "0.25" << qint64(250);
    QTest::newRow("suffix") << "1.5s" << qint64(1500);
    QTest::newRow("tutorial's five seconds") << "5" << qint64(5000);
}

void tst_CommandLine::durations()
{
    QFETCH(QString, value);
    QFETCH(qint64, ms);
    const CommandLineOutcome out = parse({"--headless", "--run", "true", "--timeout", value});
    QCOMPARE(out.kind, CommandLineOutcome::Kind::Run);
    QCOMPARE(out.options.timeoutMs, ms);
}

void tst_CommandLine::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "frobnicate";
    QTest::newRow("negative timeout") << QStringList{"--headless", "--run", "true", "--timeout", "-1"} << "cannot be negative";
    QTest::newRow("absurd timeout") << QStringList{"--headless", "--run", "true", "--timeout", "1e12"} << "too long";
    QTest::newRow("not a number") << QStringList{"--headless", "--run", "true", "--grace", "soon"} << "is not a duration";
    QTest::newRow("missing value") << QStringList{"--headless", "--run"} << "run";
    QTest::newRow("empty command") << QStringList{"--headless", "--run", "  "} << "needs a command";
    QTest::newRow("unclosed quote") << QStringList{"--headless", "--run", "echo 'oops"} << "not closed";
    QTest::newRow("nothing to run") << QStringList{"--headless"} << "needs something to run";
    QTest::newRow("tasks without any process") << QStringList{"--headless", "--tasks", "5"} << "needs something to run";
    QTest::newRow("worker-command with exec") << QStringList{"--headless", "--workers", "2", "--worker-command", "w", "--exec", "true"} << "--worker-command worker";
    QTest::newRow("worker-command without workers") << QStringList{"--headless", "--run", "true", "--worker-command", "w"} << "--worker-command is";
    QTest::newRow("empty worker-command") << QStringList{"--headless", "--workers", "1", "--worker-command", ""} << "needs a program";
    QTest::newRow("bad worker count") << QStringList{"--headless", "--workers", "many"} << "whole number";
    QTest::newRow("exec and work-ms") << QStringList{"--headless", "--workers", "2", "--work-ms", "5", "--exec", "true {}"} << "cannot be combined";
    QTest::newRow("two session files") << QStringList{"a.herd", "b.herd"} << "only one session file";
    QTest::newRow("tasks that cannot fit") << QStringList{"--headless", "--workers", "1", "--tasks", "1000000000"} << "from 0 to 10000000";
    QTest::newRow("max-attempts 0") << QStringList{"--headless", "--workers", "1", "--max-attempts", "0"} << "from 1 to 1000";
    QTest::newRow("negative grace") << QStringList{"--headless", "--run", "true", "--grace", "-1"} << "SIGKILL at once";
    QTest::newRow("work-ms herd-worker refuses") << QStringList{"--headless", "--workers", "1", "--work-ms", "86400001"} << "86400000";
    QTest::newRow("bad restart") << QStringList{"--headless", "--run", "true", "--restart", "sometimes"} << "on-failure";
    QTest::newRow("empty report") << QStringList{"--headless", "--run", "true", "--report", ""} << "--report needs";
    QTest::newRow("empty events") << QStringList{"--headless", "--run", "true", "--events", ""} << "--events needs";
    // Options that would change nothing are refused, in either mode.
    QTest::newRow("work-ms without workers") << QStringList{"--run", "true", "--work-ms", "5"} << "--work-ms describes";
    QTest::newRow("exec without workers") << QStringList{"x.herd", "--exec", "true"} << "--exec describes";
    QTest::newRow("timeout without run") << QStringList{"--headless", "--workers", "1", "--timeout", "5"} << "--timeout is";
    QTest::newRow("daemon without run") << QStringList{"--workers", "1", "--daemon"} << "--daemon applies";
    QTest::newRow("grace alone") << QStringList{"x.herd", "--grace", "1"} << "--grace applies";
    QTest::newRow("restart alone") << QStringList{"--restart", "always"} << "--restart applies";
    QTest::newRow("queue not redis") << QStringList{"--workers", "1", "--queue", "/dev/shm/q"} << "redis://HOST:PORT/NAME";
    QTest::newRow("lease without queue") << QStringList{"--workers", "1", "--lease", "5"} << "add --queue";
    QTest::newRow("lease too short") << QStringList{"--workers", "1", "--queue", "redis://h/q", "--lease", "0"} << "at least 0.1";
}

void tst_CommandLine::launchPlanCombinesOptionsAndFile()
{
    // The options alone: --run's processes, --workers' pool, the tasks, the queue's settings.
    CommandLineOutcome out = parse({"--run", "a=sleep 5", "--timeout", "2", "--grace", "1", "--workers", "2",
                                    "--work-ms", "10", "--tasks", "3", "--tasks-from", "t.txt", "--max-attempts", "4",
                                    "--task-timeout", "7", "--restart", "always"});
    QCOMPARE(out.kind, CommandLineOutcome::Kind::Run);
    const Result<LaunchPlan> built = buildLaunchPlan(out.options);
    QCOMPARE(built.error, QString());
    LaunchPlan plan = built.value;
    QCOMPARE(plan.document.processes.size(), 1);
    const ProcessSpec &a = plan.document.processes.first();
    QCOMPARE(a.name, QString("a"));
    QCOMPARE(a.timeoutMs, 2000);
    QCOMPARE(a.graceMs, 1000);
    QCOMPARE(a.restart.mode, RestartPolicy::Mode::Always);
    QCOMPARE(plan.document.pools.size(), 1);
    QCOMPARE(plan.document.pools.first().count, 2);
    QCOMPARE(plan.document.pools.first().workMs, 10);
    QCOMPARE(plan.document.pools.first().graceMs, 1000);
    QCOMPARE(plan.document.pools.first().timeoutMs, 0); // --timeout is for --run
    QCOMPARE(plan.document.tasks.count, 3);
    QCOMPARE(plan.document.tasks.files, QStringList{QFileInfo("t.txt").absoluteFilePath()});
    QCOMPARE(plan.document.maxAttempts, 4);
    QCOMPARE(plan.document.taskTimeoutMs, 7000);

    // With a session file: the file first, then the options; given queue settings override.
    QTemporaryDir dir;
    QFile file(dir.filePath("s.herd"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[process f]\ncommand = true\ntimeout = 9\n[workers]\ncount = 1\nwork-ms = 5\n"
               "[tasks]\ncount = 2\nfile = local.txt\n[queue]\nmax-attempts = 6\ntask-timeout = 8\n");
    file.close();
    out = parse({file.fileName(), "--run", "b=true", "--workers", "3", "--tasks", "4", "--tasks-from", "-",
                 "--task-timeout", "1"});
    QCOMPARE(out.kind, CommandLineOutcome::Kind::Run);
    const Result<LaunchPlan> fromFile = buildLaunchPlan(out.options);
    QCOMPARE(fromFile.error, QString());
    plan = fromFile.value;
    QCOMPARE(plan.sessionFile, file.fileName());
    QCOMPARE(plan.document.processes.size(), 2);
    QCOMPARE(plan.document.processes.at(0).name, QString("f"));
    QCOMPARE(plan.document.processes.at(0).timeoutMs, 9000); // the file's own
    QCOMPARE(plan.document.processes.at(1).name, QString("b"));
    QCOMPARE(plan.document.pools.size(), 2);
    QCOMPARE(plan.document.pools.at(0).workMs, 5);
    QCOMPARE(plan.document.pools.at(1).count, 3);
    QCOMPARE(plan.document.tasks.count, 6);
    QCOMPARE(plan.document.tasks.files, (QStringList{"local.txt", "-"}));
    QCOMPARE(plan.taskFiles(), (QStringList{QDir(dir.path()).filePath("local.txt"), "-"}));
    QCOMPARE(plan.document.maxAttempts, 6);    // not given: the file's
    QCOMPARE(plan.document.taskTimeoutMs, 1000); // given: the option's
    QVERIFY(plan.document.queueUrl.isEmpty());   // shared memory unless a queue is named

    // A queue in Redis, from the file's [queue] or the options (which override it).
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[workers]\ncount = 1\n[queue]\nqueue = redis://db:6379/jobs\nlease = 12\n");
    file.close();
    out = parse({file.fileName(), "--tasks", "2"});
    {
        const Result<LaunchPlan> built = buildLaunchPlan(out.options);
        QCOMPARE(built.error, QString());
        plan = built.value;
    }
    QCOMPARE(plan.document.queueUrl, QString("redis://db:6379/jobs"));
    QCOMPARE(plan.document.leaseMs, 12000);
    out = parse({file.fileName(), "--queue", "redis://other:7000/q", "--lease", "2.5"});
    {
        const Result<LaunchPlan> built = buildLaunchPlan(out.options);
        QCOMPARE(built.error, QString());
        plan = built.value;
    }
    QCOMPARE(plan.document.queueUrl, QString("redis://other:7000/q"));
    QCOMPARE(plan.document.leaseMs, 2500);
    out = parse({"--workers", "2", "--queue", "redis://other:7000/q"});
    {
        const Result<LaunchPlan> built = buildLaunchPlan(out.options);
        QCOMPARE(built.error, QString());
        plan = built.value;
    }
    QCOMPARE(plan.document.queueUrl, QString("redis://other:7000/q"));
    QCOMPARE(plan.document.leaseMs, 30000);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[workers]\ncount = 1\n");
    file.close();
    out = parse({file.fileName(), "--lease", "5"});
    QVERIFY(buildLaunchPlan(out.options).error.contains(QLatin1String("--lease is for a queue in Redis")));

    // A broken file is said with its line; nothing else is planned.
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[process]\ncomand = true\n");
    file.close();
    out = parse({file.fileName(), "--run", "true"});
    QVERIFY(buildLaunchPlan(out.options).error.contains(":2:"));
}

void tst_CommandLine::errors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, fragment);
    const CommandLineOutcome out = parse(args);
    QCOMPARE(out.kind, CommandLineOutcome::Kind::Error);
    QVERIFY2(out.text.contains(fragment), qPrintable(out.text));
}

void tst_CommandLine::helpAndVersion()
{
    const CommandLineOutcome help = parse({"--help"});
    QCOMPARE(help.kind, CommandLineOutcome::Kind::Help);
    for (const char *option : {"--headless", "--run", "--timeout", "--grace", "--daemon", "--workers", "--tasks",
                               "--tasks-from", "--work-ms", "--exec", "--task-timeout", "--queue", "--lease", "--events",
                               "--report"})
        QVERIFY2(help.text.contains(QLatin1String(option)), option);
    const CommandLineOutcome version = parse({"--version"});
    QCOMPARE(version.kind, CommandLineOutcome::Kind::Version);
    QVERIFY(version.text.startsWith(QLatin1String("herd ")));
}

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
