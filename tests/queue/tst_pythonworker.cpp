// The Python example worker (core/worker/python, ctypes over libherd_worker.so) as a real
// worker process against a real queue: every task done by it, failures reported as such.
#include "testsupport.h"
#include "childprocesses.h"
#include "tasktracker.h"

#include "queue/taskledger.h"
#include "queue/taskqueue.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "queueprotocol.h"

#include <csignal>

using namespace herd;

class tst_PythonWorker final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void drainsQueue();
    void refusesWithoutQueue();
    void moduleStockWorkerRunsCommands();
    void moduleHandlerThatRaisesFailsTheTask();
    void moduleWorkerKilledMidTaskLeavesNothingRunning();
    void modulePoolUnderHerdSurvivesAKill();

private:
    QStringList pythonEnv() const;
    QString m_python;
    QString m_example;
    QTemporaryDir m_dir;
};

QStringList tst_PythonWorker::pythonEnv() const
{
    QStringList env{QStringLiteral("HERD_WORKER_LIB=" HERD_WORKER_LIB), QStringLiteral("PYTHONDONTWRITEBYTECODE=1"),
                    QStringLiteral("PYTHONPATH=") + herd::test::sourceDir()
                        + QStringLiteral("/core/worker/python")};
#ifdef HERD_PYTHON_PRELOAD
    // An AddressSanitizer build of the library needs the sanitizer runtimes loaded first.
    env << QStringLiteral("LD_PRELOAD=" HERD_PYTHON_PRELOAD)
        << QStringLiteral("ASAN_OPTIONS=detect_leaks=0");
#endif
    return env;
}

void tst_PythonWorker::initTestCase()
{
    m_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    QVERIFY2(!m_python.isEmpty(), "python3 is needed for the Python worker's test");
    m_example = herd::test::sourceDir() + QStringLiteral("/core/worker/python/herd_worker_example.py");
    QVERIFY2(QFile::exists(m_example), qPrintable(m_example));
    QVERIFY(QFile::exists(QStringLiteral(HERD_WORKER_LIB)));
    QVERIFY(m_dir.isValid());
}

void tst_PythonWorker::drainsQueue()
{
    TaskQueue::Options o;
    o.capacity = 64;
    QString error;
    auto q = TaskQueue::create(o, &error);
    QVERIFY2(q, qPrintable(error));
    ChildProcesses children;
    const QString out = m_dir.filePath(QStringLiteral("python.out"));
    const QString err = m_dir.filePath(QStringLiteral("python.err"));
    const pid_t pid = children.spawn({m_python, m_example},
                                     pythonEnv() << q->environmentEntry() << QStringLiteral("HERD_PROCESS_NAME=Worker-1"),
                                     out, err);
    QVERIFY(pid);
    TaskLedger ledger([pid](qint64 p) { return p == pid ? QStringLiteral("Worker-1") : QString(); });
    TaskTracker tracker;
    const int total = 30;
    for (int i = 1; i <= total; ++i) {
        const QByteArray payload = i == 5 ? QByteArray("fail") : i == 6 ? QByteArray() : i == 7 ? QByteArray("a\0b", 3)
                                                                                                 : QByteArray::number(i);
        QCOMPARE(q->enqueue(quint64(i), payload), EnqueueResult::Ok);
    }
    QDeadlineTimer deadline(60000);
    while (tracker.ended() < total && !deadline.hasExpired() && children.reap().isEmpty()) {
        const QVector<TaskEvent> events = q->drainEvents();
        tracker.apply(events);
        ledger.apply(events);
        QThread::msleep(2);
    }
    if (tracker.ended() != total) {
        QFile errFile(err);
        errFile.open(QIODevice::ReadOnly);
        QFAIL(qPrintable(QStringLiteral("%1 of %2 tasks ended; worker said: %3")
                             .arg(tracker.ended()).arg(total).arg(QString::fromUtf8(errFile.readAll()))));
    }
    QCOMPARE(tracker.check(total), QString());
    QCOMPARE(tracker.done(), total - 1);
    QCOMPARE(tracker.failed(), 1);
    QCOMPARE(tracker.doneByWorker().value(pid), total - 1);
    // The worker's results made it into the ledger.
    QCOMPARE(ledger.task(4).state, TaskLedger::State::Failed);
    QCOMPARE(ledger.task(4).result, QStringLiteral("asked to fail"));
    QCOMPARE(ledger.task(5).result, QStringLiteral("0 bytes"));
    QCOMPARE(ledger.task(6).result, QStringLiteral("3 bytes"));
    QCOMPARE(ledger.task(0).workerName, QStringLiteral("Worker-1"));
    q->close();
    QVector<ChildProcesses::Ended> ended;
    QVERIFY(children.waitAll(20000, &ended));
    QCOMPARE(ended.size(), 1);
    QFile errFile(err);
    QVERIFY(errFile.open(QIODevice::ReadOnly));
    QCOMPARE(ended[0].reason + errFile.readAll(), QStringLiteral("exited with code 0"));
    QFile outFile(out);
    QVERIFY(outFile.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(outFile.readAll());
    QVERIFY2(text.contains(QStringLiteral("Worker-1 handled task 1\n")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Worker-1 failed task 5: asked to fail")));
}

void tst_PythonWorker::refusesWithoutQueue()
{
    ChildProcesses children;
    const QString err = m_dir.filePath(QStringLiteral("noqueue.err"));
    QVERIFY(children.spawn({m_python, m_example}, pythonEnv() << QStringLiteral("HERD_QUEUE="), {}, err));
    QVector<ChildProcesses::Ended> ended;
    QVERIFY(children.waitAll(20000, &ended));
    QCOMPARE(ended.first().reason, QStringLiteral("exited with code 2"));
    QFile f(err);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("HERD_QUEUE is not set"));
}

namespace {

// Drains q into ledger until `total` tasks ended, the worker died, or 60 s passed.
void drainUntil(TaskQueue *q, TaskLedger *ledger, ChildProcesses *children, qint64 total)
{
    QDeadlineTimer deadline(60000);
    while (ledger->count(TaskLedger::State::Done) + ledger->count(TaskLedger::State::Failed) < total
           && !deadline.hasExpired() && children->alive().size() > 0) {
        ledger->apply(q->drainEvents());
        children->reap();
        QThread::msleep(2);
    }
    ledger->apply(q->drainEvents());
}

QString fileText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

void tst_PythonWorker::moduleStockWorkerRunsCommands()
{
    // python3 -m herd_worker --exec: a command per task; its exit status is the result.
    QString error;
    auto q = TaskQueue::create({}, &error);
    QVERIFY2(q, qPrintable(error));
    ChildProcesses children;
    const QString out = m_dir.filePath(QStringLiteral("module.out"));
    const QString err = m_dir.filePath(QStringLiteral("module.err"));
    QVERIFY(children.spawn({m_python, "-m", "herd_worker", "--exec", "test {} != 3"},
                           pythonEnv() << q->environmentEntry() << QStringLiteral("HERD_PROCESS_NAME=Py-1"), out, err));
    TaskLedger ledger;
    for (int i = 1; i <= 5; ++i)
        QCOMPARE(q->enqueue(quint64(i), QByteArray::number(i)), EnqueueResult::Ok);
    drainUntil(q.get(), &ledger, &children, 5);
    QVERIFY2(ledger.count(TaskLedger::State::Done) == 4, qPrintable(fileText(err)));
    QCOMPARE(ledger.task(2).state, TaskLedger::State::Failed);
    QCOMPARE(ledger.task(2).result, QStringLiteral("exit status 1"));
    QCOMPARE(ledger.task(2).resultCode, 1);
    q->close();
    QVector<ChildProcesses::Ended> ended;
    QVERIFY(children.waitAll(20000, &ended));
    QCOMPARE(ended.first().reason, QStringLiteral("exited with code 0")); // the queue closed
    const QString text = fileText(out);
    QVERIFY2(text.contains("Py-1 handled task 1\n"), qPrintable(text));
    QVERIFY2(text.contains("Py-1 handled task 3 (failed: exit status 1)"), qPrintable(text));
}

void tst_PythonWorker::moduleHandlerThatRaisesFailsTheTask()
{
    // Worker.run(handler): a return value is the result, an exception fails that task and
    // the worker goes on with the next.
    QString error;
    auto q = TaskQueue::create({}, &error);
    QVERIFY2(q, qPrintable(error));
    ChildProcesses children;
    const QString err = m_dir.filePath(QStringLiteral("handler.err"));
    const QString script = QStringLiteral(
        "import herd_worker\n"
        "def handle(payload):\n"
        "    if payload == b'2':\n"
        "        raise ValueError('two is not allowed')\n"
        "    return payload.decode().upper()\n"
        "herd_worker.Worker().run(handle)\n");
    QVERIFY(children.spawn({m_python, "-c", script}, pythonEnv() << q->environmentEntry(), {}, err));
    TaskLedger ledger;
    for (const char *p : {"one", "2", "three"})
        QCOMPARE(q->enqueue(quint64(ledger.size() + q->outstanding() + 1), QByteArray(p)), EnqueueResult::Ok);
    drainUntil(q.get(), &ledger, &children, 3);
    QVERIFY2(ledger.count(TaskLedger::State::Done) == 2, qPrintable(fileText(err)));
    QCOMPARE(ledger.task(0).result, QStringLiteral("ONE"));
    QCOMPARE(ledger.task(1).state, TaskLedger::State::Failed);
    QCOMPARE(ledger.task(1).result, QStringLiteral("ValueError: two is not allowed"));
    QCOMPARE(ledger.task(2).result, QStringLiteral("THREE"));
    q->close();
    QVERIFY(children.waitAll(20000));
}

void tst_PythonWorker::moduleWorkerKilledMidTaskLeavesNothingRunning()
{
    // SIGKILL to a Python worker whose command runs: the command dies with it (parent-death
    // signal), and the task goes back to the queue exactly once.
    QString error;
    auto q = TaskQueue::create({}, &error);
    QVERIFY2(q, qPrintable(error));
    ChildProcesses children;
    const QString marker = m_dir.filePath(QStringLiteral("command-started"));
    const pid_t pid = children.spawn({m_python, "-m", "herd_worker", "--exec",
                                      QStringLiteral("sh -c 'echo $$ > %1; exec sleep 60'").arg(marker)},
                                     pythonEnv() << q->environmentEntry());
    QVERIFY(pid);
    TaskLedger ledger;
    QCOMPARE(q->enqueue(1, "x"), EnqueueResult::Ok);
    QTRY_VERIFY_WITH_TIMEOUT(!fileText(marker).trimmed().isEmpty(), 20000);
    const pid_t command = pid_t(fileText(marker).trimmed().toLongLong());
    QVERIFY(command > 0);
    ledger.apply(q->drainEvents());
    QCOMPARE(ledger.task(0).state, TaskLedger::State::Taken);
    QCOMPARE(::kill(pid, SIGKILL), 0);
    QVERIFY(children.waitAll(10000));
    // The command (sleep 60, exec'd in place of sh) is gone without anyone killing it.
    QTRY_VERIFY_WITH_TIMEOUT(herd::test::isGone(command), 10000);
    QVector<TaskEvent> events;
    QCOMPARE(q->reclaimWorker(pid, QStringLiteral("killed by SIGKILL"), &events), ReclaimStatus::Ok);
    ledger.apply(events);
    QCOMPARE(ledger.task(0).state, TaskLedger::State::Queued);
    QCOMPARE(ledger.history(0).size(), 1);
    QCOMPARE(ledger.history(0).first().outcome, TaskLedger::Outcome::Requeued);
}

void tst_PythonWorker::modulePoolUnderHerdSurvivesAKill()
{
    // A pool of `python3 -m herd_worker --exec ...` under a real herd: its worker SIGKILLed
    // while a task's command runs; Herd restarts it, the command it ran is gone before the
    // task runs again, and every task ends done.
    const QString herd = ::herd::test::herdProgram();
    if (!QFileInfo(herd).isExecutable())
        QSKIP("needs HERD_BIN");
    const QString dir = m_dir.filePath(QStringLiteral("pool"));
    QVERIFY(QDir().mkpath(dir));
    const QString command = QStringLiteral("sh -c 'if [ {} != 1 ] || [ -e %1/{}.first ]; then exit 0; fi; echo $$ > %1/{}.first; exec sleep 60'").arg(dir);
    const QString report = dir + QStringLiteral("/report.csv");
    QProcess run;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &entry : pythonEnv())
        env.insert(entry.section(QLatin1Char('='), 0, 0), entry.section(QLatin1Char('='), 1));
    run.setProcessEnvironment(env);
    run.setProcessChannelMode(QProcess::MergedChannels);
    run.start(herd, {"--headless", "--workers", "1", "--worker-command",
                     QStringLiteral("%1 -m herd_worker --exec \"%2\"").arg(m_python, command), "--tasks", "2",
                     "--report", report});
    QVERIFY(run.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(!fileText(dir + QStringLiteral("/1.first")).trimmed().isEmpty(), 20000);
    const pid_t sleeper = pid_t(fileText(dir + QStringLiteral("/1.first")).trimmed().toLongLong());
    // The worker is the sleeper's parent: a python3 process of Herd's.
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", int(sleeper));
    QFile stat(QString::fromLatin1(path));
    QVERIFY(stat.open(QIODevice::ReadOnly));
    const QList<QByteArray> fields = stat.readAll().split(')').last().trimmed().split(' ');
    const pid_t worker = pid_t(fields.value(1).toLongLong());
    QVERIFY(worker > 1);
    QCOMPARE(::kill(worker, SIGKILL), 0);
    QVERIFY(run.waitForFinished(60000));
    const QByteArray out = run.readAll();
    QVERIFY2(run.exitCode() == 0 || out.contains("killed by SIGKILL"), out.constData());
    QVERIFY(herd::test::isGone(sleeper));
    const QString csv = fileText(report);
    QVERIFY2(csv.contains(QStringLiteral("\n1,1,done,Worker-1,2,")), qPrintable(csv + QString::fromUtf8(out)));
    QVERIFY2(csv.contains(QStringLiteral("\n2,2,done,")), qPrintable(csv));
}

QTEST_GUILESS_MAIN(tst_PythonWorker)
#include "tst_pythonworker.moc"
