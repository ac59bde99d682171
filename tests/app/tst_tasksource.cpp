// TaskSource and LineSplitter: task sources read line by line, bounded, never blocking.

#include "tasksource.h"

#include <QtTest>

#include <QSignalSpy>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace herd;

class tst_TaskSource final : public QObject
{
    Q_OBJECT

private slots:
    void splitsLines();
    void faults_data();
    void faults();
    void readsAFifoAsItsWriterWrites();
    void regularFileIsBoundedBeforeReading();
};

void tst_TaskSource::splitsLines()
{
    LineSplitter splitter("t", 10);
    QList<QByteArray> lines;
    // Lines cut anywhere across chunks; CRLF; an empty line; a last line without newline.
    QVERIFY(splitter.feed("al", 2, &lines));
    QVERIFY(splitter.feed("pha\r\nbe", 7, &lines));
    QVERIFY(splitter.feed("ta\n\nlast", 8, &lines));
    QVERIFY(splitter.finish(&lines));
    QCOMPARE(lines, (QList<QByteArray>{"alpha", "beta", "", "last"}));
    QCOMPARE(splitter.lines(), 4);
}

void tst_TaskSource::faults_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("too long") << QByteArray("ok\n0123456789A\n") << "line 2 of t is longer than 10 bytes";
    QTest::newRow("too long, no newline yet") << QByteArray(100, 'x') << "line 1 of t is longer";
    QTest::newRow("NUL") << QByteArray("ok\nfine\nb\0d\n", 12) << "line 3 of t contains a NUL byte";
}

void tst_TaskSource::faults()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, fragment);
    LineSplitter splitter("t", 10);
    QList<QByteArray> lines;
    QVERIFY(!splitter.feed(input.constData(), input.size(), &lines) || !splitter.finish(&lines));
    QVERIFY2(splitter.error().contains(fragment), qPrintable(splitter.error()));
    // After a fault, nothing more is taken.
    QVERIFY(!splitter.feed("more\n", 5, &lines));
}

void tst_TaskSource::readsAFifoAsItsWriterWrites()
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath("f");
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    TaskSource source(fifo, 4096);
    QSignalSpy finished(&source, &TaskSource::finished);
    // No writer yet: start() returns at once (open() does not block), and nothing ends
    // while the event loop polls the FIFO (a read there would say EOF).
    QCOMPARE(source.start().error, QString());
    for (int i = 0; i < 10; ++i)
        QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    QFile writer(fifo);
    QVERIFY(writer.open(QIODevice::WriteOnly));
    writer.write("one\ntwo\n");
    writer.flush();
    QList<QByteArray> got;
    QTRY_COMPARE_WITH_TIMEOUT((got += source.takeLines(), got), (QList<QByteArray>{"one", "two"}), 5000);
    QCOMPARE(finished.count(), 0); // still open: it ended neither before the writer came nor after
    writer.write("three");
    writer.close();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QCOMPARE(finished.first().first().toString(), QString());
    QCOMPARE(source.takeLines(), QList<QByteArray>{"three"});
}

void tst_TaskSource::regularFileIsBoundedBeforeReading()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("sparse");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QVERIFY(f.resize(kMaxSourceBytes + 1));
    f.close();
    const Result<TaskSource::FileLines> huge = TaskSource::readRegularFile(path, 4096);
    QVERIFY2(huge.error.contains("at most 64 MiB"), qPrintable(huge.error));
    QVERIFY(huge.value.lines.isEmpty());
    const Result<TaskSource::FileLines> device = TaskSource::readRegularFile("/dev/zero", 4096);
    QVERIFY2(device.ok(), qPrintable(device.error));
    QVERIFY(device.value.notRegular); // a device is read as a stream, not here
    QVERIFY(device.value.lines.isEmpty());
}

QTEST_GUILESS_MAIN(tst_TaskSource)
#include "tst_tasksource.moc"
