// BoundedWriter: Herd's thread never blocks on a reader that stops reading.

#include "boundedwriter.h"

#include <QtTest>

#include <QElapsedTimer>

#include <atomic>
#include <chrono>
#include <thread>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

using namespace herd;

class tst_BoundedWriter final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void writesEverythingToAReader();
    void aReaderThatPausesLosesNothing();
    void dropsAndCountsWhenNobodyReads();
    void readerGoneIsSaid();
    void fullDeviceIsAnError();
};

void tst_BoundedWriter::initTestCase()
{
    // As in Herd (UnixSignalWatcher): a closed pipe is EPIPE from write(), not a fatal signal.
    ::signal(SIGPIPE, SIG_IGN);
}

void tst_BoundedWriter::writesEverythingToAReader()
{
    int fds[2];
    QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
    QByteArray expected;
    {
        BoundedWriter writer(fds[1], 1 << 20);
        for (int i = 0; i < 1000; ++i) {
            const QByteArray line = "line " + QByteArray::number(i) + '\n';
            expected += line;
            QVERIFY(writer.write(line));
        }
        QVERIFY(writer.flush(QDeadlineTimer(10000)));
        QCOMPARE(writer.droppedLines(), 0);
        QVERIFY(writer.error().isEmpty());
    }
    ::close(fds[1]);
    QByteArray got;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
        got.append(buffer, n);
    ::close(fds[0]);
    QCOMPARE(got, expected);
}

void tst_BoundedWriter::aReaderThatPausesLosesNothing()
{
    // The reader pauses (for less than the 250 ms that mean "stopped") while 400 KiB of lines
    // come at once, far more than the pipe (64 KiB) and the buffer's capacity (64 KiB) hold:
    // the buffer takes them (it may hold 16 times its capacity while the reader keeps
    // reading), and every line arrives, in order. Before, whatever found the buffer at its
    // capacity was dropped: an echo to /dev/null lost lines whenever a busy machine kept the
    // writer's thread off the CPU for a moment.
    int fds[2];
    QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
    QByteArray got;
    std::atomic<bool> burstDone{false};
    std::thread reader([&] {
        for (int i = 0; i < 200 && !burstDone; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        char buffer[4096];
        for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
            got.append(buffer, n);
    });
    QByteArray expected;
    qint64 dropped = 0;
    {
        BoundedWriter writer(fds[1], 64 * 1024);
        for (int i = 0; i < 4000; ++i) {
            const QByteArray line = QByteArray::number(i).leftJustified(99, '.') + '\n';
            expected += line;
            if (!writer.write(line))
                ++dropped;
        }
        burstDone = true;
        QVERIFY(writer.flush(QDeadlineTimer(30000)));
        QCOMPARE(writer.droppedLines(), 0);
    }
    ::close(fds[1]);
    reader.join();
    ::close(fds[0]);
    QCOMPARE(dropped, 0);
    QCOMPARE(got.size(), expected.size());
    QVERIFY(got == expected);
}

void tst_BoundedWriter::dropsAndCountsWhenNobodyReads()
{
    int fds[2];
    QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
    {
        BoundedWriter writer(fds[1], 64 * 1024);
        const QByteArray line(99, 'x');
        QElapsedTimer clock;
        clock.start();
        int dropped = 0;
        // Far more than the pipe (64 KiB) and the buffer (64 KiB, and the 1 MiB it may hold
        // while the reader keeps reading) hold: the caller never waits.
        for (int round = 0; round < 2; ++round) {
            for (int i = 0; i < 20000; ++i)
                dropped += writer.write(line + '\n') ? 0 : 1;
            // The first round may all fit in the pipe once the thread has written it.
            if (round == 0)
                writer.flush(QDeadlineTimer(200));
        }
        qInfo("40000 writes with nobody reading took %lld ms", clock.elapsed());
        QVERIFY(dropped > 0);
        QCOMPARE(writer.droppedLines(), dropped);
        // The deadline is honoured even though the writer thread is stuck in write().
        QVERIFY(!writer.flush(QDeadlineTimer(200)));
        // The reader goes away: the thread is released, and the destructor returns.
        ::close(fds[0]);
    }
    ::close(fds[1]);
}

void tst_BoundedWriter::readerGoneIsSaid()
{
    int fds[2];
    QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
    ::close(fds[0]);
    std::atomic<int> failures{0};
    BoundedWriter writer(fds[1], 1024, [&failures] { ++failures; });
    writer.write("one\n");
    QTRY_VERIFY_WITH_TIMEOUT(writer.readerGone(), 5000);
    QCOMPARE(failures.load(), 1);
    QVERIFY(!writer.write("two\n"));
    QVERIFY(writer.error().contains("pipe", Qt::CaseInsensitive));
    ::close(fds[1]);
}

void tst_BoundedWriter::fullDeviceIsAnError()
{
    const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        QSKIP("no /dev/full");
    BoundedWriter writer(fd, 1024);
    writer.write("lost\n");
    QVERIFY(!writer.flush(QDeadlineTimer(5000)));
    QVERIFY(!writer.readerGone());
    QVERIFY2(writer.error().contains("space", Qt::CaseInsensitive), qPrintable(writer.error()));
    ::close(fd);
}

QTEST_GUILESS_MAIN(tst_BoundedWriter)
#include "tst_boundedwriter.moc"
