#include "commandline.h"

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
    QTest::newRow("not a number") << QStringList{"--headless", "--run", "true", "--grace", "soon"} << "number of seconds";
    QTest::newRow("missing value") << QStringList{"--headless", "--run"} << "run";
    QTest::newRow("empty command") << QStringList{"--headless", "--run", "  "} << "needs a command";
    QTest::newRow("unclosed quote") << QStringList{"--headless", "--run", "echo 'oops"} << "not closed";
    QTest::newRow("nothing to run") << QStringList{"--headless"} << "needs something to run";
    QTest::newRow("tasks without workers") << QStringList{"--headless", "--run", "true", "--tasks", "5"} << "need workers";
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
                               "--tasks-from", "--work-ms", "--exec", "--task-timeout", "--events", "--report"})
        QVERIFY2(help.text.contains(QLatin1String(option)), option);
    const CommandLineOutcome version = parse({"--version"});
    QCOMPARE(version.kind, CommandLineOutcome::Kind::Version);
    QVERIFY(version.text.startsWith(QLatin1String("herd ")));
}

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
