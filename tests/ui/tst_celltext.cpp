// The tables' text, shaped once and kept (CellText, TextDelegate): a cell must look exactly
// as the style paints it, be elided to its width, and the kept texts must stay bounded.

#include "celltext.h"

#include <QApplication>
#include <QDir>
#include <QFontMetrics>
#include <QHeaderView>
#include <QImage>
#include <QItemSelectionModel>
#include <QPainter>
#include <QStandardItemModel>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTest>

using namespace herd;

class tst_CellText : public QObject
{
    Q_OBJECT

private slots:
    void paintsAsTheStyleDoes_data();
    void paintsAsTheStyleDoes();
    void elidesToTheCell();
    void leftOfTheTextStaysEmpty();
};

namespace {

// A size that is wider than a whole number of pixels: the cell that shows it is made as wide
// as that number, so the text passes it by less than a pixel and must be elided.
const QString kSize = QStringLiteral("1,234.5 MiB");

// A table of the kinds of cells Herd's tables show: plain, right-aligned numbers, a long
// command that must be elided, a coloured bold name, a text in Chinese (its glyphs from a
// fallback font, taller than the table's), an empty cell, two lines (left to the style), a
// size just too wide for its cell, a selected row.
QStandardItemModel *makeModel(QObject *parent)
{
    auto *model = new QStandardItemModel(0, 5, parent);
    const QStringList first = {QStringLiteral("Worker-1"), QStringLiteral("Process-2"),
                               QStringLiteral("正在处理任务 7"), QStringLiteral("a\nb"), QString()};
    for (int r = 0; r < first.size(); ++r) {
        QList<QStandardItem *> row;
        row << new QStandardItem(first.at(r));
        auto *number = new QStandardItem(QString::number(1000 + r * 37));
        number->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row << number;
        row << new QStandardItem(QStringLiteral("/usr/bin/sh -c 'while :; do echo running; sleep 1; done' %1").arg(r));
        auto *worker = new QStandardItem(QStringLiteral("Worker-%1").arg(r + 1));
        QFont bold;
        bold.setBold(true);
        worker->setFont(bold);
        worker->setForeground(QColor(0xc0, 0x60, 0x10));
        worker->setTextAlignment(Qt::AlignCenter);
        row << worker;
        auto *size = new QStandardItem(kSize);
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row << size;
        model->appendRow(row);
    }
    return model;
}

struct Look {
    bool wordWrap = false;
    bool focus = false;
    Qt::LayoutDirection direction = Qt::LeftToRight;
};

QImage render(QAbstractItemDelegate *delegate, QAbstractItemModel *model, const Look &look)
{
    QTableView view;
    view.setWordWrap(look.wordWrap);
    view.setLayoutDirection(look.direction);
    view.setModel(model);
    if (delegate)
        view.setItemDelegate(delegate);
    view.horizontalHeader()->resizeSection(0, 90);
    view.horizontalHeader()->resizeSection(1, 60);
    view.horizontalHeader()->resizeSection(2, 140); // the command does not fit
    view.horizontalHeader()->resizeSection(3, 100);
    // The size's cell: the text's whole pixels plus the style's margins on both sides.
    const int margin = view.style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, &view) + 1;
    const qreal natural = QFontMetricsF(view.font()).horizontalAdvance(kSize);
    view.horizontalHeader()->resizeSection(4, int(natural) + 2 * margin);
    view.verticalHeader()->setDefaultSectionSize(22);
    view.resize(560, 200);
    view.selectionModel()->select(model->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    if (look.focus) {
        view.show();
        view.activateWindow();
        if (!QTest::qWaitForWindowActive(&view))
            qWarning("the view did not become active");
        view.setFocus();
        view.setCurrentIndex(model->index(2, 2));
    }
    return view.viewport()->grab().toImage();
}

} // namespace

void tst_CellText::paintsAsTheStyleDoes_data()
{
    QTest::addColumn<bool>("wordWrap");
    QTest::addColumn<bool>("focus");
    QTest::addColumn<bool>("rightToLeft");
    QTest::addRow("elided") << false << false << false; // as Herd's tables are
    QTest::addRow("wrapped") << true << false << false; // a text that does not fit is the style's
    QTest::addRow("focused") << false << true << false; // the focus frame is drawn over the text
    QTest::addRow("right to left") << false << false << true;
}

void tst_CellText::paintsAsTheStyleDoes()
{
    QFETCH(bool, wordWrap);
    QFETCH(bool, focus);
    QFETCH(bool, rightToLeft);
    const Look look{wordWrap, focus, rightToLeft ? Qt::RightToLeft : Qt::LeftToRight};
    QStandardItemModel *model = makeModel(this);
    const QImage style = render(nullptr, model, look);
    TextDelegate delegate;
    const QImage shaped = render(&delegate, model, look);
    QCOMPARE(shaped.size(), style.size());
    // Glyphs drawn from a kept layout land on the same pixels as the style's own layout.
    int differing = 0;
    for (int y = 0; y < style.height(); ++y)
        for (int x = 0; x < style.width(); ++x)
            differing += style.pixel(x, y) != shaped.pixel(x, y);
    if (differing > 0) {
        style.save(QDir::temp().filePath(QStringLiteral("celltext-style.png")));
        shaped.save(QDir::temp().filePath(QStringLiteral("celltext-shaped.png")));
    }
    QCOMPARE(differing, 0);
}

void tst_CellText::elidesToTheCell()
{
    const QFont font;
    const QString text = QStringLiteral("/usr/bin/python3 -u worker.py --queue herd-1234 --verbose");
    const int whole = CellText::advance(text, font);
    QCOMPARE(whole, QFontMetrics(font).horizontalAdvance(text));
    const CellText::Shaped fits = CellText::shape(text, font, whole);
    QCOMPARE(fits.width, whole);
    QCOMPARE(fits.text->text(), text);
    const CellText::Shaped cut = CellText::shape(text, font, whole / 2);
    QVERIFY(cut.width <= whole / 2);
    QVERIFY(cut.width > 0);
    QVERIFY(cut.text->text().endsWith(QChar(0x2026)));
    QCOMPARE(cut.text->text(), QFontMetrics(font).elidedText(text, Qt::ElideRight, whole / 2));
    // Asked again, the same kept layout.
    const QStaticText *kept = cut.text;
    QCOMPARE(CellText::shape(text, font, whole / 2).text, kept);
    // Another font is another layout.
    QFont bold = font;
    bold.setBold(true);
    QCOMPARE(CellText::advance(text, bold), QFontMetrics(bold).horizontalAdvance(text));
}

void tst_CellText::leftOfTheTextStaysEmpty()
{
    // Right-aligned text ends at the rectangle's right edge and draws nothing left of it.
    QImage image(200, 30, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setPen(Qt::black);
    const int width = CellText::draw(&painter, QRectF(0, 0, 200, 30), QStringLiteral("12345"),
                                     Qt::AlignRight | Qt::AlignVCenter);
    painter.end();
    QVERIFY(width > 0);
    int leftmost = image.width();
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixel(x, y) != qRgb(255, 255, 255))
                leftmost = qMin(leftmost, x);
    QVERIFY2(leftmost >= 200 - width - 1, qPrintable(QStringLiteral("ink at x=%1, text %2 wide").arg(leftmost).arg(width)));
    QVERIFY(leftmost < 200);
}

QTEST_MAIN(tst_CellText)
#include "tst_celltext.moc"
