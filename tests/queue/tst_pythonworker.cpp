// The Python example worker (core/worker/python, ctypes over libherd_worker.so) as a real
// worker process against a real queue: every task done by it, failures reported as such.
#include "childprocesses.h"
#include "tasktracker.h"

#include "queue/taskledger.h"
#include "queue/taskqueue.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace herd;

class tst_PythonWorker final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void drainsQueue();
    void refusesWithoutQueue();

private:
    QStringList pythonEnv() const;
    QString m_python;
    QString m_example;
    QTemporaryDir m_dir;
};

QStringList tst_PythonWorker::pythonEnv() const
{
    QStringList env{QStringLiteral("HERD_WORKER_LIB=" HERD_WORKER_LIB), QStringLiteral("PYTHONDONTWRITEBYTECODE=1")};
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
    m_example = qEnvironmentVariable("HERD_SOURCE_DIR") + QStringLiteral("/core/worker/python/herd_worker_example.py");
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

QTEST_GUILESS_MAIN(tst_PythonWorker)
#include "tst_pythonworker.moc"
