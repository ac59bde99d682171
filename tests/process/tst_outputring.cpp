#include "process/outputring.h"

#include <QtTest>

using namespace herd;

namespace {
QList<QByteArray> texts(const QVector<OutputLine> &lines)
{
    QList<QByteArray> result;
    for (const OutputLine &line : lines)
        result.append(line.text);
    return result;
}
} // namespace

class tst_OutputRing final : public QObject
{
    Q_OBJECT

private slots:
    void splitsLines_data();
    void splitsLines();
    void keepsChannelsApart();
    void flushesPartialLine();
    void boundsLineCount();
    void boundsBytes();
    void cutsLongLines();
    void floodStaysBounded();
    void keepsNewestInOrder_data();
    void keepsNewestInOrder();
    void linesHandedOutStayAsTheyWere();
    void clear();
};

void tst_OutputRing::splitsLines_data()
{
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::addColumn<QByteArray>("pending");

    QTest::newRow("one line") << QList<QByteArray>{"hello\n"} << QList<QByteArray>{"hello"} << QByteArray();
    QTest::newRow("two in one chunk") << QList<QByteArray>{"a\nb\n"} << QList<QByteArray>{"a", "b"} << QByteArray();
    QTest::newRow("split across chunks") << QList<QByteArray>{"hel", "lo\nwor", "ld\n"}
                                         << QList<QByteArray>{"hello", "world"} << QByteArray();
    QTest::newRow("crlf") << QList<QByteArray>{"dos\r\n"} << QList<QByteArray>{"dos"} << QByteArray();
    QTest::newRow("crlf split") << QList<QByteArray>{"dos\r", "\n"} << QList<QByteArray>{"dos"} << QByteArray();
    QTest::newRow("empty lines kept") << QList<QByteArray>{"\n\nx\n"} << QList<QByteArray>{"", "", "x"}
                                      << QByteArray();
    QTest::newRow("no newline yet") << QList<QByteArray>{"abc"} << QList<QByteArray>{} << QByteArray("abc");
    QTest::newRow("bytes kept") << QList<QByteArray>{QByteArray("\xff\x00z\n", 4)}
                                << QList<QByteArray>{QByteArray("\xff\x00z", 3)} << QByteArray();
}

void tst_OutputRing::splitsLines()
{
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QList<QByteArray>, expected);
    QFETCH(QByteArray, pending);

    OutputRing ring;
    QList<QByteArray> returned;
    for (const QByteArray &chunk : chunks)
        returned += texts(ring.feed(OutputChannel::Stdout, chunk, 7));
    QCOMPARE(returned, expected);
    QCOMPARE(texts(ring.lines()), expected);
    QCOMPARE(ring.pendingBytes(), qint64(pending.size()));
    QCOMPARE(ring.totalLines(), quint64(expected.size()));
    for (const OutputLine &line : ring.lines()) {
        QCOMPARE(line.t, qint64(7));
        QCOMPARE(line.channel, OutputChannel::Stdout);
    }
}

void tst_OutputRing::keepsChannelsApart()
{
    OutputRing ring;
    ring.feed(OutputChannel::Stdout, "out-", 1);
    ring.feed(OutputChannel::Stderr, "err-", 2);
    ring.feed(OutputChannel::Stderr, "line\n", 3);
    ring.feed(OutputChannel::Stdout, "line\n", 4);
    const QVector<OutputLine> lines = ring.lines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).text, QByteArray("err-line"));
    QCOMPARE(lines.at(0).channel, OutputChannel::Stderr);
    QCOMPARE(lines.at(1).text, QByteArray("out-line"));
    QCOMPARE(lines.at(1).channel, OutputChannel::Stdout);
}

void tst_OutputRing::flushesPartialLine()
{
    OutputRing ring;
    ring.feed(OutputChannel::Stdout, "done", 1);
    ring.feed(OutputChannel::Stderr, "oops", 1);
    const QVector<OutputLine> flushed = ring.flush(9);
    QCOMPARE(texts(flushed), (QList<QByteArray>{"done", "oops"}));
    QCOMPARE(flushed.at(1).channel, OutputChannel::Stderr);
    QCOMPARE(flushed.at(0).t, qint64(9));
    QCOMPARE(ring.pendingBytes(), qint64(0));
    QVERIFY(ring.flush(10).isEmpty());
}

void tst_OutputRing::boundsLineCount()
{
    OutputRing ring(3);
    for (int i = 1; i <= 10; ++i)
        ring.feed(OutputChannel::Stdout, QByteArray::number(i) + '\n', i);
    QCOMPARE(texts(ring.lines()), (QList<QByteArray>{"8", "9", "10"}));
    QCOMPARE(ring.lineCount(), 3);
    QCOMPARE(ring.droppedLines(), quint64(7));
    QCOMPARE(ring.totalLines(), quint64(10));
}

void tst_OutputRing::boundsBytes()
{
    OutputRing ring(1000, 10);
    const QVector<OutputLine> returned = ring.feed(OutputChannel::Stdout, "aaaa\nbbbb\ncccc\n", 0);
    QCOMPARE(returned.size(), 3); // every completed line is returned, even if dropped again
    QCOMPARE(texts(ring.lines()), (QList<QByteArray>{"bbbb", "cccc"}));
    QCOMPARE(ring.byteCount(), qint64(8));
    QCOMPARE(ring.droppedLines(), quint64(1));
}

void tst_OutputRing::cutsLongLines()
{
    OutputRing ring(100, 1 << 20, 4);
    ring.feed(OutputChannel::Stdout, "abcdefghij", 0);
    QVERIFY(ring.pendingBytes() <= 4);
    ring.feed(OutputChannel::Stdout, "\n", 0);
    QCOMPARE(texts(ring.lines()), (QList<QByteArray>{"abcd", "efgh", "ij"}));
    // A line of exactly the limit is not followed by an empty piece.
    ring.clear();
    ring.feed(OutputChannel::Stdout, "abcd", 0);
    ring.feed(OutputChannel::Stdout, "\nx\n", 0);
    QCOMPARE(texts(ring.lines()), (QList<QByteArray>{"abcd", "x"}));
}

void tst_OutputRing::floodStaysBounded()
{
    // 16 MiB of "y\n" and 16 MiB without any newline: the ring keeps its limits.
    OutputRing ring(5000, 1 << 20, 16 * 1024);
    const QByteArray yes = QByteArray("y\n").repeated(32 * 1024);
    const QByteArray noNewline(64 * 1024, 'x');
    for (int i = 0; i < 256; ++i) {
        ring.feed(OutputChannel::Stdout, yes, i);
        ring.feed(OutputChannel::Stderr, noNewline, i);
        QVERIFY(ring.lineCount() <= 5000);
        QVERIFY(ring.byteCount() <= (1 << 20));
        QVERIFY(ring.pendingBytes() <= 2 * 16 * 1024);
    }
    QCOMPARE(ring.lineCount(), 5000);
    QVERIFY(ring.totalLines() > quint64(256) * 32 * 1024 - 1);
    QCOMPARE(ring.droppedLines(), ring.totalLines() - 5000);
}

void tst_OutputRing::keepsNewestInOrder_data()
{
    QTest::addColumn<int>("maxLines");
    QTest::addColumn<int>("maxBytes");

    QTest::newRow("line limit") << 7 << 1000000;
    QTest::newRow("byte limit") << 1000 << 60;
    QTest::newRow("both, bytes first") << 40 << 100;
    QTest::newRow("both, lines first") << 5 << 100;
    QTest::newRow("one line") << 1 << 1000;
    QTest::newRow("bytes wrap at an odd limit") << 1000 << 97;
    QTest::newRow("lines and bytes wrap together") << 9 << 61;
}

void tst_OutputRing::keepsNewestInOrder()
{
    // Lines of changing lengths, fed in chunks that cut them anywhere: whatever the limits
    // drop, the ring keeps exactly the newest lines that fit, oldest first, and its counts
    // agree with a plain list that keeps the same.
    QFETCH(int, maxLines);
    QFETCH(int, maxBytes);
    OutputRing ring(maxLines, maxBytes, 64);
    QList<QByteArray> kept;
    qint64 keptBytes = 0;
    quint64 total = 0;
    QByteArray stream;
    QList<QByteArray> all;
    for (int i = 0; i < 3000; ++i) {
        // Short and long lines in waves, so the ring fills, drains and fills again.
        const int length = (i / 100) % 2 == 0 ? 1 + i % 3 : 10 + i % 20;
        QByteArray line = QByteArray::number(i).rightJustified(length, '.', true);
        all << line;
        stream += line + '\n';
    }
    QList<QByteArray> returned;
    for (qsizetype pos = 0, step = 1; pos < stream.size(); pos += step, step = step % 97 + 13) {
        returned += texts(ring.feed(OutputChannel::Stdout, stream.mid(pos, step), 0));
        while (total < quint64(returned.size())) {
            const QByteArray &line = returned.at(qsizetype(total++));
            kept << line;
            keptBytes += line.size();
            while (kept.size() > maxLines || keptBytes > maxBytes) {
                keptBytes -= kept.takeFirst().size();
            }
        }
        QCOMPARE(texts(ring.lines()), kept);
        QCOMPARE(ring.byteCount(), keptBytes);
    }
    QCOMPARE(returned, all);
    QCOMPARE(ring.totalLines(), quint64(all.size()));
    QCOMPARE(ring.droppedLines(), quint64(all.size() - kept.size()));
    QCOMPARE(ring.lineCount(), int(kept.size()));
}

void tst_OutputRing::linesHandedOutStayAsTheyWere()
{
    // The lines returned by feed() share the chunk they came in; the ring keeps copies of
    // its own. Neither changes when the other, or the chunk, does.
    OutputRing ring(4, 64);
    QByteArray chunk("first\nsecond\r\nthird\n");
    const QVector<OutputLine> lines = ring.feed(OutputChannel::Stdout, chunk, 7);
    QCOMPARE(texts(lines), (QList<QByteArray>{"first", "second", "third"}));
    chunk.fill('x'); // the caller reuses its buffer
    QByteArray changed = lines.at(1).text;
    changed[0] = 'S'; // a consumer changes its copy
    changed.append(" and more");
    QCOMPARE(changed, QByteArray("Second and more"));
    QCOMPARE(texts(lines), (QList<QByteArray>{"first", "second", "third"}));
    QCOMPARE(QByteArray(lines.at(2).text.constData(), 5), QByteArray("third"));
    // Many more lines wrap the ring's bytes around several times; what was handed out
    // first, and what the ring kept last, are still right.
    for (int i = 0; i < 100; ++i)
        ring.feed(i % 2 ? OutputChannel::Stderr : OutputChannel::Stdout, QByteArray::number(i * 7919) + '\n', i);
    QCOMPARE(texts(lines), (QList<QByteArray>{"first", "second", "third"}));
    const QVector<OutputLine> kept = ring.lines();
    QCOMPARE(texts(kept), (QList<QByteArray>{"760224", "768143", "776062", "783981"}));
    QCOMPARE(kept.at(0).channel, OutputChannel::Stdout);
    QCOMPARE(kept.at(1).channel, OutputChannel::Stderr);
    QCOMPARE(kept.at(3).t, qint64(99));
}

void tst_OutputRing::clear()
{
    OutputRing ring;
    ring.feed(OutputChannel::Stdout, "a\nb", 0);
    ring.clear();
    QCOMPARE(ring.lineCount(), 0);
    QCOMPARE(ring.byteCount(), qint64(0));
    QCOMPARE(ring.pendingBytes(), qint64(0));
    QVERIFY(ring.flush(0).isEmpty());
}

QTEST_GUILESS_MAIN(tst_OutputRing)
#include "tst_outputring.moc"
