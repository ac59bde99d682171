#include "process/processtypes.h"
#include "units.h"

#include <QTest>

using namespace herd;

class tst_Units : public QObject
{
    Q_OBJECT

private slots:
    void parseDuration_data();
    void parseDuration();
    void parseDurationRefuses_data();
    void parseDurationRefuses();
    void inputTextReadsBack_data();
    void inputTextReadsBack();
    void countdownNeverShowsZeroEarly();
    void formats();
};

void tst_Units::parseDuration_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("empty") << "" << qint64(0);
    QTest::newRow("zero") << "0" << qint64(0);
    QTest::newRow("bare seconds") << "5" << qint64(5000);
    QTest::newRow("fraction") << "2.5" << qint64(2500);
    QTest::newRow("leading dot") << ".25" << qint64(250);
    QTest::newRow("s") << "1.5s" << qint64(1500);
    QTest::newRow("spaced s") << " 30 s " << qint64(30000);
    QTest::newRow("ms") << "500 ms" << qint64(500);
    QTest::newRow("min") << "2 min" << qint64(120000);
    QTest::newRow("m") << "1m30s" << qint64(90000);
    QTest::newRow("h and min") << "1 h 30 min" << qint64(5400000);
    QTest::newRow("upper case") << "10 MS" << qint64(10);
    QTest::newRow("the maximum") << "2147483647 ms" << kMaxTimeoutMs;
}

void tst_Units::parseDuration()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    const Result<qint64> d = herd::parseDuration(text, kMaxTimeoutMs, QStringLiteral("The timeout"));
    QVERIFY2(d.ok(), qPrintable(d.error));
    QCOMPARE(d.value, ms);
}

void tst_Units::parseDurationRefuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("words");
    QTest::newRow("negative") << "-5" << "cannot be negative";
    QTest::newRow("negative ms") << "-1 ms" << "cannot be negative";
    QTest::newRow("too long") << "30 d" << "too long";
    QTest::newRow("one past the maximum") << "2147483648 ms" << "too long";
    QTest::newRow("words") << "soon" << "not a duration";
    QTest::newRow("unknown unit") << "5 weeks" << "unknown unit";
    QTest::newRow("two bare numbers") << "5 5" << "not a duration";
    QTest::newRow("sub-millisecond") << "0.0001" << "shorter than a millisecond";
}

void tst_Units::parseDurationRefuses()
{
    QFETCH(QString, text);
    QFETCH(QString, words);
    const Result<qint64> d = herd::parseDuration(text, kMaxTimeoutMs, QStringLiteral("The timeout"));
    QVERIFY(!d.ok());
    QVERIFY2(d.error.contains(words), qPrintable(d.error));
    QVERIFY2(d.error.startsWith(QLatin1String("The timeout")), qPrintable(d.error));
}

void tst_Units::inputTextReadsBack_data()
{
    QTest::addColumn<qint64>("ms");
    for (qint64 ms : {qint64(0), qint64(1), qint64(500), qint64(1000), qint64(1500), qint64(59999), qint64(60000),
                      qint64(90000), qint64(5400000), qint64(3600000), qint64(61001), kMaxTimeoutMs})
        QTest::addRow("%lld", ms) << ms;
}

void tst_Units::inputTextReadsBack()
{
    QFETCH(qint64, ms);
    const QString text = durationInputText(ms);
    const Result<qint64> d = herd::parseDuration(text, kMaxTimeoutMs, QStringLiteral("x"));
    QVERIFY2(d.ok(), qPrintable(text + QStringLiteral(": ") + d.error));
    QCOMPARE(d.value, ms);
}

void tst_Units::countdownNeverShowsZeroEarly()
{
    QCOMPARE(formatCountdown(4800), QStringLiteral("4.8 s"));
    QCOMPARE(formatCountdown(1), QStringLiteral("0.1 s"));
    QCOMPARE(formatCountdown(0), QStringLiteral("0.0 s"));
    QCOMPARE(formatCountdown(-20), QStringLiteral("0.0 s"));
    QCOMPARE(formatCountdown(61000), QStringLiteral("1:01"));
}

void tst_Units::formats()
{
    QCOMPARE(formatClock(7000), QStringLiteral("0:07"));
    QCOMPARE(formatClock(245000), QStringLiteral("4:05"));
    QCOMPARE(formatClock(3845000), QStringLiteral("1:04:05"));
    QCOMPARE(humanDuration(850), QStringLiteral("850 ms"));
    QCOMPARE(humanDuration(5000), QStringLiteral("5 s"));
    QCOMPARE(humanDuration(2500), QStringLiteral("2.5 s"));
    QCOMPARE(humanDuration(200000), QStringLiteral("3 min 20 s"));
    QCOMPARE(formatBytes(512), QStringLiteral("512 B"));
    QCOMPARE(formatBytes(13 * 1024 * 1024), QStringLiteral("13.0 MiB"));
    QCOMPARE(formatPercent(12.34), QStringLiteral("12.3 %"));
    QCOMPARE(formatOffset(5001), QStringLiteral("+5.001 s"));
}

QTEST_GUILESS_MAIN(tst_Units)
#include "tst_units.moc"
