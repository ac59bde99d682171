#include "spawnform.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace herd;

Q_DECLARE_METATYPE(herd::SpawnForm)

// The Spawn dialog's rules on data: each row is a form as typed and what it must give,
// a number of specs or the words of the refusal.
class tst_SpawnForm final : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void commandIsSplitLikeAShellAndResolved();
    void workerSpecs();
    void namesCountAndTakenNames();
};

namespace {

SpawnForm command(const QString &text)
{
    SpawnForm form;
    form.command = text;
    return form;
}

} // namespace

void tst_SpawnForm::parse_data()
{
    QTest::addColumn<SpawnForm>("form");
    QTest::addColumn<int>("specs");
    QTest::addColumn<QString>("error"); // a part of the refusal; empty: accepted

    QTest::newRow("a command") << command(QStringLiteral("sleep 5")) << 1 << QString();
    QTest::newRow("nothing typed") << command(QString()) << 0 << QStringLiteral("Enter the program");
    QTest::newRow("open quote") << command(QStringLiteral("echo 'oops")) << 0 << QStringLiteral("cannot be read");
    {
        SpawnForm f = command(QStringLiteral("true"));
        f.count = 3;
        QTest::newRow("three of them") << f << 3 << QString();
    }
    {
        SpawnForm f = command(QStringLiteral("true"));
        f.timeout = QStringLiteral("-3");
        QTest::newRow("negative timeout") << f << 0 << QStringLiteral("cannot be negative");
    }
    {
        SpawnForm f = command(QStringLiteral("true"));
        f.timeout = QStringLiteral("30 d");
        QTest::newRow("timeout too long") << f << 0 << QStringLiteral("too long");
    }
    {
        SpawnForm f = command(QStringLiteral("true"));
        f.grace = QStringLiteral("soon");
        QTest::newRow("grace not a duration") << f << 0 << QStringLiteral("is not a duration");
    }
    {
        SpawnForm f = command(QStringLiteral("true"));
        f.restart = RestartPolicy::Mode::OnFailure;
        f.backoff = QStringLiteral("2 fortnights");
        QTest::newRow("backoff with an unknown unit") << f << 0 << QStringLiteral("unknown unit");
    }
    {
        SpawnForm f = command(QStringLiteral("true"));
        f.backoff = QStringLiteral("2 fortnights");
        QTest::newRow("backoff ignored without a restart policy") << f << 1 << QString();
    }
    {
        SpawnForm f = command(QStringLiteral("true"));
        f.directory = QStringLiteral("/nonexistent/herd-test-dir");
        QTest::newRow("missing directory") << f << 0 << QStringLiteral("does not exist");
    }
    {
        SpawnForm f = command(QStringLiteral("true"));
        f.directory = QStringLiteral("/etc/hostname");
        QTest::newRow("directory is a file") << f << 0 << QStringLiteral("is not a directory");
    }
    {
        SpawnForm f = command(QStringLiteral("true"));
        f.environment = QStringLiteral("A=1\n\nB_2=two words\n");
        QTest::newRow("environment") << f << 1 << QString();
    }
    {
        SpawnForm f = command(QStringLiteral("true"));
        f.environment = QStringLiteral("A=1\nnot a line");
        QTest::newRow("environment line without =") << f << 0 << QStringLiteral("line 2");
    }
    {
        SpawnForm f = command(QStringLiteral("true"));
        f.environment = QStringLiteral("1A=x");
        QTest::newRow("environment bad name") << f << 0 << QStringLiteral("is not a variable name");
    }
    {
        SpawnForm f;
        f.worker = true;
        QTest::newRow("worker without herd-worker") << f << 0 << QStringLiteral("herd-worker");
    }
    {
        SpawnForm f;
        f.worker = true;
        f.workerProgram = QStringLiteral("/usr/bin/true");
        f.workerRunsCommand = true;
        QTest::newRow("worker command missing") << f << 0 << QStringLiteral("command each task runs");
    }
}

void tst_SpawnForm::parse()
{
    QFETCH(SpawnForm, form);
    QFETCH(int, specs);
    QFETCH(QString, error);
    const Result<SpawnForm::Parsed> parsed = form.parse();
    if (error.isEmpty())
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    else
        QVERIFY2(parsed.error.contains(error), qPrintable(parsed.error));
    QCOMPARE(parsed.value.specs.size(), specs);
}

void tst_SpawnForm::commandIsSplitLikeAShellAndResolved()
{
    SpawnForm form = command(QStringLiteral("sh -c 'echo \"$0\"' '; rm -rf ~'"));
    form.timeout = QStringLiteral("1 min 30 s");
    form.grace = QStringLiteral("500 ms");
    form.daemon = true;
    const Result<SpawnForm::Parsed> parsed = form.parse();
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.value.specs.size(), 1);
    const ProcessSpec &spec = parsed.value.specs.first();
    // Looked up in PATH now: the spec carries an absolute path.
    QVERIFY2(spec.program.startsWith(QLatin1Char('/')), qPrintable(spec.program));
    QVERIFY(spec.program.endsWith(QLatin1String("/sh")));
    QCOMPARE(spec.arguments, (QStringList{QStringLiteral("-c"), QStringLiteral("echo \"$0\""), QStringLiteral("; rm -rf ~")}));
    QCOMPARE(spec.timeoutMs, qint64(90000));
    QCOMPARE(spec.graceMs, qint64(500));
    QVERIFY(spec.daemon);
    QCOMPARE(spec.kind, ProcessKind::Plain);

    // A program that is not there is spawned anyway (it fails to start, and says so), with a caution.
    const Result<SpawnForm::Parsed> missing = command(QStringLiteral("herd-no-such-program")).parse();
    QVERIFY(missing.ok());
    QVERIFY2(missing.value.warning.contains(QLatin1String("not found in PATH")), qPrintable(missing.value.warning));
}

void tst_SpawnForm::workerSpecs()
{
    SpawnForm form;
    form.worker = true;
    form.workerProgram = QStringLiteral("/opt/herd/herd-worker");
    form.workPerTask = QStringLiteral("250 ms");
    form.count = 2;
    form.restart = RestartPolicy::Mode::OnFailure;
    form.backoff = QString(); // the default
    Result<SpawnForm::Parsed> parsed = form.parse();
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.value.specs.size(), 2);
    for (const ProcessSpec &spec : parsed.value.specs) {
        QCOMPARE(spec.kind, ProcessKind::Worker);
        QCOMPARE(spec.program, form.workerProgram);
        QCOMPARE(spec.arguments, (QStringList{QStringLiteral("--work-ms"), QStringLiteral("250")}));
        QCOMPARE(spec.restart.mode, RestartPolicy::Mode::OnFailure);
        QCOMPARE(spec.restart.backoffMs, RestartPolicy().backoffMs);
        QVERIFY(spec.name.isEmpty()); // Worker-N, named by the supervisor
    }

    form.workerRunsCommand = true;
    form.taskCommand = QStringLiteral("  gzip -k {}  ");
    parsed = form.parse();
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.value.specs.first().arguments, (QStringList{QStringLiteral("--exec"), QStringLiteral("gzip -k {}")}));
}

void tst_SpawnForm::namesCountAndTakenNames()
{
    SpawnForm form = command(QStringLiteral("true"));
    form.name = QStringLiteral(" crunch ");
    Result<SpawnForm::Parsed> parsed = form.parse();
    QCOMPARE(parsed.value.specs.size(), 1);
    QCOMPARE(parsed.value.specs.first().name, QStringLiteral("crunch"));

    form.count = 3;
    parsed = form.parse();
    QStringList names;
    for (const ProcessSpec &spec : parsed.value.specs)
        names << spec.name;
    QCOMPARE(names, (QStringList{QStringLiteral("crunch-1"), QStringLiteral("crunch-2"), QStringLiteral("crunch-3")}));

    // Names are unique in a session: one taken name refuses the whole form.
    parsed = form.parse([](const QString &name) { return name == QLatin1String("crunch-2"); });
    QVERIFY(parsed.error.contains(QStringLiteral("“crunch-2” already exists")));
    QVERIFY(parsed.value.specs.isEmpty());
}

QTEST_GUILESS_MAIN(tst_SpawnForm)
#include "tst_spawnform.moc"
