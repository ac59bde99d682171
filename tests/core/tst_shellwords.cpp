#include "shellwords.h"

#include <QtTest>

using namespace herd;

class tst_ShellWords final : public QObject
{
    Q_OBJECT

private slots:
    void split_data();
    void split();
    void errors_data();
    void errors();
    void joinRoundTrips_data();
    void joinRoundTrips();
};

void tst_ShellWords::split_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("plain") << "sleep 5" << QStringList{"sleep", "5"};
    QTest::newRow("blanks") << "  a \t b  " << QStringList{"a", "b"};
    QTest::newRow("single quotes are literal") << "echo '$HOME `x` \\n'" << QStringList{"echo", "$HOME `x` \\n"};
    QTest::newRow("double quotes") << "echo \"a b\" \"c\\\"d\"" << QStringList{"echo", "a b", "c\"d"};
    QTest::newRow("no expansion") << "echo $(touch pwned) ~ *" << QStringList{"echo", "$(touch", "pwned)", "~", "*"};
    QTest::newRow("semicolon is a word") << "echo ; rm -rf ~" << QStringList{"echo", ";", "rm", "-rf", "~"};
    QTest::newRow("backslash escapes") << "a\\ b c" << QStringList{"a b", "c"};
    QTest::newRow("adjacent quotes join") << "x'y'\"z\"" << QStringList{"xyz"};
    QTest::newRow("empty quoted word") << "a '' b" << QStringList{"a", "", "b"};
    QTest::newRow("unicode") << "echo 进程 '任务 3'" << QStringList{"echo", "进程", "任务 3"};
    QTest::newRow("empty") << "   " << QStringList{};
}

void tst_ShellWords::split()
{
    QFETCH(QString, line);
    QFETCH(QStringList, words);
    const Result<QStringList> result = splitShellWords(line);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.value, words);
}

void tst_ShellWords::errors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("open single") << "echo 'abc" << "single quote";
    QTest::newRow("open double") << "echo \"abc" << "double quote";
    QTest::newRow("trailing backslash") << "echo abc\\" << "backslash";
}

void tst_ShellWords::errors()
{
    QFETCH(QString, line);
    QFETCH(QString, fragment);
    const Result<QStringList> result = splitShellWords(line);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(fragment), qPrintable(result.error));
    QVERIFY(result.value.isEmpty());
}

void tst_ShellWords::joinRoundTrips_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::newRow("plain") << QStringList{"sleep", "5"};
    QTest::newRow("hostile") << QStringList{"echo", "; rm -rf ~", "$(touch pwned)", "`id`", "it's", "a\nb", "-n", ""};
}

void tst_ShellWords::joinRoundTrips()
{
    QFETCH(QStringList, words);
    const Result<QStringList> back = splitShellWords(joinShellWords(words));
    QVERIFY2(back.ok(), qPrintable(back.error));
    QCOMPARE(back.value, words);
}

QTEST_GUILESS_MAIN(tst_ShellWords)
#include "tst_shellwords.moc"
