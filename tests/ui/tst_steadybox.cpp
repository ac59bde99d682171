#include "countchips.h"
#include "steadybox.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QTest>

using namespace herd;

// A live label in a steady box: its text is always shown whole, and a change that needs no
// more room does not lay the window out again.
class tst_SteadyBox : public QObject
{
    Q_OBJECT

private slots:
    void sameWidthNeedsNoNewLayout();
    void widerTextGetsTheRoomItNeeds();
    void muchShorterTextGivesRoomBack();
    void countChipsSayTheirCounts();
    void countChipsWidenForLongerCounts();
};

namespace {

struct Window {
    QWidget top;
    QLabel *label = new QLabel;
    SteadyBox *box = nullptr;
    explicit Window(const QString &text)
    {
        label->setText(text);
        box = new SteadyBox(label);
        auto *layout = new QHBoxLayout(&top);
        layout->addWidget(box);
        layout->addStretch(1);
        top.show();
        top.resize(top.sizeHint());
    }
    // The label shows its whole text: it is at least as wide as the text needs.
    bool whole() const { return label->width() >= label->sizeHint().width(); }
};

} // namespace

void tst_SteadyBox::sameWidthNeedsNoNewLayout()
{
    Window w(QStringLiteral("done 10,000"));
    QVERIFY(QTest::qWaitForWindowExposed(&w.top));
    QTRY_VERIFY_WITH_TIMEOUT(w.whole(), 5000);
    const int before = w.box->relayouts();
    const QRect geometry = w.box->geometry();
    // Digits of the same width: the figure changes, the layout does not.
    for (const char *text : {"done 10,001", "done 10,002", "done 10,000", "done 10,003"}) {
        w.label->setText(QString::fromLatin1(text));
        QCoreApplication::sendPostedEvents();
        QCOMPARE(w.box->relayouts(), before);
        QCOMPARE(w.label->text(), QString::fromLatin1(text));
    }
    QCOMPARE(w.box->geometry(), geometry);
    QVERIFY(w.whole());
}

void tst_SteadyBox::widerTextGetsTheRoomItNeeds()
{
    Window w(QStringLiteral("done 9"));
    QVERIFY(QTest::qWaitForWindowExposed(&w.top));
    const int narrow = w.box->width();
    const int before = w.box->relayouts();
    w.label->setText(QStringLiteral("done 9 · 1,234,567 waiting for room · 12 workers idle"));
    QTRY_VERIFY_WITH_TIMEOUT(w.box->relayouts() > before, 5000);
    w.top.resize(w.top.sizeHint());
    QTRY_VERIFY_WITH_TIMEOUT(w.box->width() > narrow, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(w.whole(), 5000);
}

void tst_SteadyBox::muchShorterTextGivesRoomBack()
{
    Window w(QStringLiteral("depth 65,536 of 65,536 (high-water 65,536) · oldest waiting 12 s"));
    QVERIFY(QTest::qWaitForWindowExposed(&w.top));
    const int wide = w.box->sizeHint().width();
    w.label->setText(QStringLiteral("no task queue"));
    QTRY_VERIFY_WITH_TIMEOUT(w.box->sizeHint().width() < wide / 2, 5000);
    QVERIFY(w.box->sizeHint().width() >= w.label->sizeHint().width());
}

void tst_SteadyBox::countChipsSayTheirCounts()
{
    CountChips chips;
    chips.setChips({{QStringLiteral("queued"), QStringLiteral("12"), Qt::gray},
                    {QStringLiteral("done"), QStringLiteral("1,024"), Qt::green}});
    QCOMPARE(chips.text(), QStringLiteral("queued 12 · done 1,024"));
    QCOMPARE(chips.accessibleName(), chips.text());
    chips.setChips({{QStringLiteral("queued"), QStringLiteral("0"), Qt::gray},
                    {QStringLiteral("done"), QStringLiteral("1,036"), Qt::green}});
    QCOMPARE(chips.text(), QStringLiteral("queued 0 · done 1,036"));
}

void tst_SteadyBox::countChipsWidenForLongerCounts()
{
    QWidget top;
    auto *chips = new CountChips;
    auto *layout = new QHBoxLayout(&top);
    layout->addWidget(new SteadyBox(chips));
    layout->addStretch(1);
    chips->setChips({{QStringLiteral("done"), QStringLiteral("9"), Qt::green}});
    top.show();
    QVERIFY(QTest::qWaitForWindowExposed(&top));
    const int narrow = chips->sizeHint().width();
    chips->setChips({{QStringLiteral("done"), QStringLiteral("9,999,999"), Qt::green}});
    QVERIFY(chips->sizeHint().width() > narrow);
    top.resize(top.sizeHint());
    // Room for every chip whole, in the new width.
    QTRY_VERIFY_WITH_TIMEOUT(chips->width() >= chips->sizeHint().width(), 5000);
}

QTEST_MAIN(tst_SteadyBox)
#include "tst_steadybox.moc"
