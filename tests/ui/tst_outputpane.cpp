#include "outputpane.h"
#include "workercolors.h"
#include "session.h"
#include "testsupport.h"

#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTest>
#include <QTextBlock>

using namespace herd;
using namespace herd::test;

class tst_OutputPane : public QObject
{
    Q_OBJECT

private slots:
    void showsEveryProcessPrefixedByName();
    void showsTheSelectedProcessOnly();
    void clearKeepsOldLinesAway();
    void floodStaysBounded();
    void searchFindsAndWraps();
    void copyTakesEverythingWithoutSelection();
    void namesHaveTheWorkersColour();
};

void tst_OutputPane::showsEveryProcessPrefixedByName()
{
    Session session;
    OutputPane pane(session.supervisor());
    QVERIFY(session.supervisor()->spawn(childSpec({QStringLiteral("lines"), QStringLiteral("3")}, QStringLiteral("one"))).ok());
    QVERIFY(session.supervisor()->spawn(childSpec({QStringLiteral("stderr-lines"), QStringLiteral("2")}, QStringLiteral("two"))).ok());
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(pane.text().contains(QStringLiteral("two │ line 2")), 5000);
    const QString text = pane.text();
    QVERIFY2(text.contains(QStringLiteral("one │ line 1")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("one │ line 3")));
    QVERIFY(text.contains(QStringLiteral("two │ line 1")));
}

void tst_OutputPane::showsTheSelectedProcessOnly()
{
    Session session;
    OutputPane pane(session.supervisor());
    ManagedProcess *one = session.supervisor()->spawn(childSpec({QStringLiteral("lines"), QStringLiteral("2")}, QStringLiteral("one"))).value;
    QVERIFY(session.supervisor()->spawn(childSpec({QStringLiteral("lines"), QStringLiteral("2")}, QStringLiteral("two"))).ok());
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
    pane.setProcess(one->id());
    QCOMPARE(pane.shownProcess(), one->id());
    // Reloaded from the process's output ring, without the name prefix.
    QCOMPARE(pane.text(), QStringLiteral("line 1\nline 2"));
    pane.setShowAll(true);
    QCOMPARE(pane.shownProcess(), quint64(0));
    QCOMPARE(pane.text().count(QLatin1String("line 1")), 2);
}

void tst_OutputPane::clearKeepsOldLinesAway()
{
    Session session;
    OutputPane pane(session.supervisor());
    ManagedProcess *p = session.supervisor()->spawn(childSpec({QStringLiteral("tick"), QStringLiteral("20")})).value;
    pane.setProcess(p->id());
    QTRY_VERIFY_WITH_TIMEOUT(pane.text().contains(QLatin1String("tick 3")), 5000);
    pane.clear();
    QVERIFY(!pane.text().contains(QLatin1String("tick 3")));
    // New lines still arrive; old ones do not come back when the view reloads.
    QTRY_VERIFY_WITH_TIMEOUT(!pane.text().isEmpty(), 5000);
    pane.setProcess(0);
    pane.setProcess(p->id());
    QVERIFY(!pane.text().split(QLatin1Char('\n')).contains(QStringLiteral("tick 1")));
    p->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
}

void tst_OutputPane::floodStaysBounded()
{
    Session session;
    OutputPane pane(session.supervisor());
    pane.setMaxLines(500);
    auto *text = pane.findChild<QPlainTextEdit *>(QStringLiteral("outputText"));
    QVERIFY(text);
    ManagedProcess *p = session.supervisor()->spawn(childSpec({QStringLiteral("flood")})).value;
    QTRY_VERIFY_WITH_TIMEOUT(p->output().totalLines() > 20000, 10000);
    pane.flush();
    QVERIFY(text->document()->blockCount() <= 500);
    QVERIFY(text->document()->blockCount() > 100);
    p->kill();
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
}

void tst_OutputPane::searchFindsAndWraps()
{
    Session session;
    OutputPane pane(session.supervisor());
    ManagedProcess *p = session.supervisor()->spawn(childSpec({QStringLiteral("lines"), QStringLiteral("5")})).value;
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
    pane.setProcess(p->id());
    auto *search = pane.findChild<QLineEdit *>();
    auto *text = pane.findChild<QPlainTextEdit *>(QStringLiteral("outputText"));
    QVERIFY(search && text);
    search->setText(QStringLiteral("line 4"));
    pane.findNext();
    QCOMPARE(text->textCursor().selectedText(), QStringLiteral("line 4"));
    QVERIFY(!pane.followTail()); // reading a match stops following the end
    search->setText(QStringLiteral("line"));
    pane.findNext(); // line 5
    pane.findNext(); // wraps to line 1
    QCOMPARE(text->textCursor().block().text(), QStringLiteral("line 1"));
}

void tst_OutputPane::copyTakesEverythingWithoutSelection()
{
    Session session;
    OutputPane pane(session.supervisor());
    ManagedProcess *p = session.supervisor()->spawn(childSpec({QStringLiteral("lines"), QStringLiteral("2")})).value;
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 5000);
    pane.setProcess(p->id());
    pane.copy();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("line 1\nline 2"));
}

void tst_OutputPane::namesHaveTheWorkersColour()
{
    // One colour per worker everywhere: the name in the output has the colour the task
    // table, the distribution bars and the timeline give that worker.
    Session session;
    OutputPane pane(session.supervisor());
    QVERIFY(session.supervisor()->spawn(childSpec({QStringLiteral("lines"), QStringLiteral("1")}, QStringLiteral("Worker-5"))).ok());
    QTRY_VERIFY_WITH_TIMEOUT(pane.text().contains(QStringLiteral("Worker-5 │ line 1")), 5000);
    const auto *edit = pane.findChild<QPlainTextEdit *>();
    QVERIFY(edit);
    for (QTextBlock b = edit->document()->begin(); b.isValid(); b = b.next()) {
        if (!b.text().startsWith(QStringLiteral("Worker-5"))) continue;
        const QTextCharFormat f = b.begin().fragment().charFormat();
        QCOMPARE(f.foreground().color(), workerColor(QStringLiteral("Worker-5")));
        return;
    }
    QFAIL("no line of Worker-5");
}

QTEST_MAIN(tst_OutputPane)
#include "tst_outputpane.moc"
