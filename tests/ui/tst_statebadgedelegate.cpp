#include "statebadgedelegate.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QTest>

using namespace herd;

Q_DECLARE_METATYPE(herd::BadgeTone)

class tst_StateBadgeDelegate : public QObject
{
    Q_OBJECT

private slots:
    void readableOnLightAndDark_data();
    void readableOnLightAndDark();
    void paintsSharplyAtHighDpi();

private:
    static QPalette darkPalette()
    {
        QPalette p;
        p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        return p;
    }
    static QPalette lightPalette()
    {
        QPalette p;
        p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
        p.setColor(QPalette::Base, Qt::white);
        p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf7, 0xf7));
        p.setColor(QPalette::Text, Qt::black);
        return p;
    }
};

void tst_StateBadgeDelegate::readableOnLightAndDark_data()
{
    QTest::addColumn<herd::BadgeTone>("tone");
    QTest::addColumn<bool>("dark");
    const std::pair<const char *, BadgeTone> tones[] = {
        {"neutral", BadgeTone::Neutral}, {"info", BadgeTone::Info},       {"active", BadgeTone::Active},
        {"success", BadgeTone::Success}, {"warning", BadgeTone::Warning}, {"timeout", BadgeTone::Timeout},
        {"danger", BadgeTone::Danger},   {"signal", BadgeTone::Signal},
    };
    for (const auto &t : tones) {
        QTest::addRow("%s light", t.first) << t.second << false;
        QTest::addRow("%s dark", t.first) << t.second << true;
    }
}

void tst_StateBadgeDelegate::readableOnLightAndDark()
{
    QFETCH(herd::BadgeTone, tone);
    QFETCH(bool, dark);
    const QPalette palette = dark ? darkPalette() : lightPalette();
    const StateBadgeDelegate::Colors c = StateBadgeDelegate::colors(tone, palette);
    const double ratio = StateBadgeDelegate::contrastRatio(c.text, c.background);
    QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("contrast %1:1").arg(ratio)));
    // The pill stands out from the table, but only gently.
    QVERIFY(c.background != palette.color(QPalette::Base));
    // Every tone keeps its own colour, so states stay distinguishable.
    QCOMPARE(c.dot, StateBadgeDelegate::toneColor(tone));
}

void tst_StateBadgeDelegate::paintsSharplyAtHighDpi()
{
    QImage image(QSize(200, 24) * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2.0);
    image.fill(Qt::white);
    QPainter painter(&image);
    const int width = StateBadgeDelegate::paintBadge(&painter, QRect(0, 0, 200, 24), QStringLiteral("killed by SIGKILL"),
                                                     BadgeTone::Signal, lightPalette(), QApplication::font());
    painter.end();
    QVERIFY(width > 40 && width < 200);
    // The dot is drawn in the tone's own colour at device resolution.
    const QColor dot = StateBadgeDelegate::toneColor(BadgeTone::Signal);
    bool found = false;
    for (int x = 0; x < 2 * 24 && !found; ++x) {
        const QColor c = image.pixelColor(x, 24);
        found = qAbs(c.red() - dot.red()) < 12 && qAbs(c.green() - dot.green()) < 12 && qAbs(c.blue() - dot.blue()) < 12;
    }
    QVERIFY(found);
    // Nothing is painted past the badge's width.
    for (int x = (width + 2) * 2; x < image.width(); x += 7)
        QCOMPARE(image.pixelColor(x, 24), QColor(Qt::white));
}

QTEST_MAIN(tst_StateBadgeDelegate)
#include "tst_statebadgedelegate.moc"
