#include "testsupport.h"
#include "sessionfile.h"

#include <QtTest>

#include <sys/stat.h>

using namespace herd;

class tst_SessionFile final : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void defaultsAreImplicit();
    void faults_data();
    void faults();
    void readmeExampleParses();
    void fileErrors();
    void relativePathsResolveAgainstTheFile();
};

static SessionDocument richDocument()
{
    SessionDocument doc;
    doc.maxAttempts = 4;
    doc.taskTimeoutMs = 2500;
    doc.queueUrl = QStringLiteral("redis://worker:pw@redis.lan:6380/jobs");
    doc.leaseMs = 4500;
    ProcessSpec named;
    named.name = QStringLiteral("test");
    named.program = QStringLiteral("printenv");
    named.arguments = QStringList{QStringLiteral("HERD_PROCESS_NAME")};
    doc.processes << named;
    ProcessSpec unnamed;
    unnamed.program = QStringLiteral("sh");
    unnamed.arguments = QStringList{"-c", "while :; do echo '子进程在运行'; sleep 1; done"};
    unnamed.timeoutMs = 5000;
    unnamed.graceMs = 250;
    unnamed.workingDirectory = QStringLiteral("/tmp");
    unnamed.environment = QStringList{"A=1", "B=two words"};
    doc.processes << unnamed;
    ProcessSpec daemon;
    daemon.name = QStringLiteral("后台");
    daemon.program = QStringLiteral("sleep");
    daemon.arguments = QStringList{"10"};
    daemon.daemon = true;
    daemon.restart.mode = RestartPolicy::Mode::OnFailure;
    daemon.restart.maxRestarts = 3;
    daemon.restart.windowMs = 30000;
    daemon.restart.backoffMs = 500;
    daemon.restart.maxBackoffMs = 8000;
    doc.processes << daemon;
    WorkerPoolSpec pool;
    pool.count = 2;
    pool.workMs = 1000;
    pool.restart.mode = RestartPolicy::Mode::Always;
    doc.pools << pool;
    WorkerPoolSpec execPool;
    execPool.count = 1;
    execPool.exec = QStringLiteral("convert {} -resize 50% 'out dir/{}'");
    execPool.timeoutMs = 60000;
    doc.pools << execPool;
    WorkerPoolSpec programPool; // any program is a worker
    programPool.count = 3;
    programPool.command = QStringLiteral("python3 -m herd_worker --exec 'gzip -k {}'");
    doc.pools << programPool;
    doc.tasks.count = 10;
    doc.tasks.files = QStringList{"more tasks.txt", "/abs/even more.txt"};
    doc.tasks.payloads = QStringList{"alpha", "with = sign", "任务"};
    return doc;
}

void tst_SessionFile::roundTrip()
{
    const SessionDocument doc = richDocument();
    const QString text = formatSessionFile(doc);
    const SessionFileResult back = parseSessionFile(text);
    QVERIFY2(back.ok(), qPrintable(back.describe("roundtrip") + "\n" + text));
    QVERIFY2(back.document == doc, qPrintable(text));
    // And the text itself is stable.
    QCOMPARE(formatSessionFile(back.document), text);

    QTemporaryDir dir;
    const QString path = dir.filePath("s.herd");
    QCOMPARE(writeSessionFile(path, doc).error, QString());
    const SessionFileResult fromDisk = readSessionFile(path);
    QVERIFY(fromDisk.ok());
    QVERIFY(fromDisk.document == doc);
    // Its queue address holds a password: only its owner may read the file.
    QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
}

void tst_SessionFile::defaultsAreImplicit()
{
    const SessionFileResult r = parseSessionFile("[process]\ncommand = true\n");
    QVERIFY(r.ok());
    QCOMPARE(r.document.processes.size(), 1);
    const ProcessSpec &spec = r.document.processes.first();
    QVERIFY(spec.name.isEmpty());
    QCOMPARE(spec.graceMs, 5000);
    QCOMPARE(spec.timeoutMs, 0);
    QVERIFY(!spec.daemon);
    QCOMPARE(spec.restart.mode, RestartPolicy::Mode::Never);
    QCOMPARE(r.document.maxAttempts, 3);

    // Stock workers restart on failure unless the file says otherwise, and that round-trips.
    const SessionFileResult pools = parseSessionFile("[workers]\ncount = 1\n[workers]\ncount = 2\nrestart = never\n");
    QVERIFY(pools.ok());
    QCOMPARE(pools.document.pools.at(0).restart.mode, RestartPolicy::Mode::OnFailure);
    QCOMPARE(pools.document.pools.at(1).restart.mode, RestartPolicy::Mode::Never);
    const QString text = formatSessionFile(pools.document);
    QVERIFY2(!text.contains("on-failure"), qPrintable(text));
    QCOMPARE(parseSessionFile(text).document, pools.document);
}

void tst_SessionFile::faults_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("misspelt key") << "[process a]\ncommand = true\ntimout = 5\n" << 3 << "timout" << "did you mean \"timeout\"";
    QTest::newRow("negative timeout") << "[process a]\ncommand = true\ntimeout = -1\n" << 3 << "timeout" << "cannot be negative";
    QTest::newRow("not a number") << "[process a]\ncommand = true\ngrace = soon\n" << 3 << "grace" << "is not a duration";
    QTest::newRow("no command") << "# x\n[process a]\ndaemon = yes\n[process b]\ncommand = true\n" << 2 << "[process a]" << "has no command";
    QTest::newRow("no command at end") << "[process a]\n" << 1 << "[process a]" << "has no command";
    QTest::newRow("duplicate name") << "[process a]\ncommand = true\n[process a]\ncommand = true\n" << 3 << "[process a]" << "used twice";
    QTest::newRow("unknown section") << "[proces a]\n" << 1 << "[proces a]" << "unknown section";
    QTest::newRow("key before section") << "command = true\n" << 1 << "command" << "before any [section]";
    QTest::newRow("no equals") << "[process a]\ncommand true\n" << 2 << "" << "key = value";
    QTest::newRow("unclosed quote") << "[process a]\ncommand = echo 'oops\n" << 2 << "command" << "not closed";
    QTest::newRow("bad restart") << "[process a]\ncommand = true\nrestart = sometimes\n" << 3 << "restart" << "never, on-failure or always";
    QTest::newRow("worker command and exec") << "[workers]\ncount = 2\ncommand = python3 w.py\nexec = true\n" << 4 << "exec" << "command names the worker program";
    QTest::newRow("empty worker command") << "[workers]\ncount = 2\ncommand =\n" << 3 << "command" << "command is empty";
    QTest::newRow("bad daemon") << "[process a]\ncommand = true\ndaemon = maybe\n" << 3 << "daemon" << "yes or no";
    QTest::newRow("bad env") << "[process a]\ncommand = true\nenv = NOVALUE\n" << 3 << "env" << "KEY=VALUE";
    QTest::newRow("twice") << "[process a]\ncommand = true\ncommand = false\n" << 3 << "command" << "given twice";
    QTest::newRow("workers without count") << "[workers]\nwork-ms = 5\n" << 1 << "[workers]" << "count";
    QTest::newRow("zero workers") << "[workers]\ncount = 0\n" << 2 << "count" << "whole number from 1";
    QTest::newRow("exec and work") << "[workers]\ncount = 1\nwork-ms = 5\nexec = true\n" << 4 << "exec" << "cannot be combined";
    QTest::newRow("tasks twice") << "[tasks]\ncount = 1\n[tasks]\n" << 3 << "[tasks]" << "appears twice";
    QTest::newRow("attempts") << "[queue]\nmax-attempts = 0\n" << 2 << "max-attempts" << "whole number from 1";
    QTest::newRow("queue not redis") << "[queue]\nqueue = /dev/shm/x\n" << 2 << "queue" << "redis://HOST:PORT/NAME";
    QTest::newRow("lease zero") << "[queue]\nlease = 0\n" << 2 << "lease" << "at least 0.1";
    QTest::newRow("named workers") << "[workers pool]\ncount = 1\n" << 1 << "[workers pool]" << "takes no name";
    QTest::newRow("tasks that cannot fit") << "[tasks]\ncount = 1000000000\n" << 2 << "count" << "from 0 to 10000000";
    // What the file says is quoted clipped and with its control characters shown, not sent
    // to the terminal as it is (a 10 kB line, an escape sequence).
    QTest::newRow("long line clipped") << "[process a]\n" + QString(10000, 'x') + "\n" << 2 << "" << " characters)";
    QTest::newRow("escape shown") << "[process a]\ncommand = true\n\x1b[31m = 1\n" << 3 << "\\x1b[31m" << "\\x1b[31m";
}

void tst_SessionFile::faults()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, key);
    QFETCH(QString, fragment);
    const SessionFileResult r = parseSessionFile(text);
    QVERIFY(!r.ok());
    QCOMPARE(r.line, line);
    QCOMPARE(r.key, key);
    QVERIFY2(r.error.contains(fragment), qPrintable(r.error));
    QVERIFY2(r.describe("s.herd").startsWith(QStringLiteral("s.herd:%1: ").arg(line)), qPrintable(r.describe("s.herd")));
    // Nothing of a broken file is kept, so nothing can start from it.
    QVERIFY(r.document.processes.isEmpty());
    QVERIFY(r.document.pools.isEmpty());
}

void tst_SessionFile::readmeExampleParses()
{
    // The README documents the format with an example that recreates the tutorial's scenarios;
    // it must stay valid.
    QFile readme(herd::test::sourceDir() + "/README.md");
    QVERIFY2(readme.open(QIODevice::ReadOnly), "README.md not found");
    const QString text = QString::fromUtf8(readme.readAll());
    const int start = text.indexOf("```ini\n# tutorial.herd");
    QVERIFY2(start >= 0, "the README has no ```ini tutorial.herd example");
    const int body = text.indexOf('\n', start) + 1;
    const int end = text.indexOf("```", body);
    const SessionFileResult r = parseSessionFile(text.mid(body, end - body));
    QVERIFY2(r.ok(), qPrintable(r.describe("README tutorial.herd")));
    QVERIFY(r.document.processes.size() >= 3);
    QCOMPARE(r.document.pools.size(), 1);
    QCOMPARE(r.document.pools.first().count, 2);
    QCOMPARE(r.document.tasks.count, 10);
}

void tst_SessionFile::fileErrors()
{
    const SessionFileResult missing = readSessionFile("/nonexistent/dir/x.herd");
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error.contains("cannot read"), qPrintable(missing.error));
    QTemporaryDir dir;
    QFile binary(dir.filePath("b.herd"));
    QVERIFY(binary.open(QIODevice::WriteOnly));
    binary.write(QByteArray("\x7f" "ELF\0\0\0", 7));
    binary.close();
    const SessionFileResult r = readSessionFile(binary.fileName());
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains("not a session file"), qPrintable(r.error));
    // A FIFO with no writer would block open() for good; /dev/zero never ends.
    const QString fifo = dir.filePath("f.herd");
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    for (const QString &path : {fifo, QStringLiteral("/dev/zero")}) {
        const SessionFileResult special = readSessionFile(path);
        QVERIFY(!special.ok());
        QVERIFY2(special.error.contains("not a regular file"), qPrintable(special.error));
    }
}

void tst_SessionFile::relativePathsResolveAgainstTheFile()
{
    QCOMPARE(resolveSessionPath("/srv/jobs", "tasks.txt"), QStringLiteral("/srv/jobs/tasks.txt"));
    QCOMPARE(resolveSessionPath("/srv/jobs", "/abs/tasks.txt"), QStringLiteral("/abs/tasks.txt"));
    QCOMPARE(resolveSessionPath("/srv/jobs", "-"), QStringLiteral("-"));
}

QTEST_GUILESS_MAIN(tst_SessionFile)
#include "tst_sessionfile.moc"
