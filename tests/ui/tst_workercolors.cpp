#include "workercolors.h"

#include <QTest>

using namespace herd;

// A worker keeps one colour everywhere: Worker-N the N-th of the palette, cycling after ten;
// any other name one picked by its hash, the same each time.
class tst_WorkerColors : public QObject
{
    Q_OBJECT

private slots:
    void numberedNamesTakeTheirTurn();
    void otherNamesAreStable_data();
    void otherNamesAreStable();
};

void tst_WorkerColors::numberedNamesTakeTheirTurn()
{
    QCOMPARE(workerColor(QStringLiteral("Worker-1")), QColor(0x4e, 0x79, 0xa7));
    QCOMPARE(workerColor(QStringLiteral("Worker-2")), QColor(0xf2, 0x8e, 0x2b));
    QCOMPARE(workerColor(QStringLiteral("Worker-10")), QColor(0xba, 0xb0, 0xac));
    // After ten the palette starts again; the prefix does not matter.
    QCOMPARE(workerColor(QStringLiteral("Worker-11")), workerColor(QStringLiteral("Worker-1")));
    QCOMPARE(workerColor(QStringLiteral("gzip-pool-12")), workerColor(QStringLiteral("Worker-2")));
    QCOMPARE(workerColor(QString()), QColor(Qt::gray));
}

void tst_WorkerColors::otherNamesAreStable_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("no number") << QStringLiteral("builder");
    QTest::newRow("number without dash") << QStringLiteral("node7");
    QTest::newRow("dash without number") << QStringLiteral("Worker-");
    QTest::newRow("zero") << QStringLiteral("Worker-0");
    QTest::newRow("too large") << QStringLiteral("Worker-99999999999999999999");
    QTest::newRow("not ASCII digits") << QStringLiteral("Worker-\u0663");
}

void tst_WorkerColors::otherNamesAreStable()
{
    QFETCH(QString, name);
    static const QColor palette[] = {
        QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0x59, 0xa1, 0x4f), QColor(0xe1, 0x57, 0x59),
        QColor(0x76, 0xb7, 0xb2), QColor(0xed, 0xc9, 0x48), QColor(0xb0, 0x7a, 0xa1), QColor(0xff, 0x9d, 0xa7),
        QColor(0x9c, 0x75, 0x5f), QColor(0xba, 0xb0, 0xac),
    };
    // By the hash of the whole name, as a name without a number.
    QCOMPARE(workerColor(name), palette[qHash(name) % 10]);
    QCOMPARE(workerColor(name), workerColor(QString(name)));
}

QTEST_GUILESS_MAIN(tst_WorkerColors)
#include "tst_workercolors.moc"
