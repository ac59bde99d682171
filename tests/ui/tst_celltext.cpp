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
    void keptTextsAreBounded();
    void leftOfTheTextStaysEmpty();
};

namespace {

// A table of the kinds of cells Herd's tables show: plain, right-aligned numbers, a long
// command that must be elided, a coloured bold name, an empty cell, two lines (left to the
// style), a selected row.
QStandardItemModel *makeModel(QObject *parent)
{
    auto *model = new QStandardItemModel(0, 4, parent);
    const QStringList first = {QStringLiteral("Worker-1"), QStringLiteral("Process-2"), QStringLiteral("ticker"),
                               QStringLiteral("a\nb"), QString()};
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
        model->appendRow(row);
    }
    return model;
}

QImage render(QAbstractItemDelegate *delegate, QAbstractItemModel *model, bool wordWrap)
{
    QTableView view;
    view.setWordWrap(wordWrap);
    view.setModel(model);
    if (delegate)
        view.setItemDelegate(delegate);
    view.horizontalHeader()->resizeSection(0, 90);
    view.horizontalHeader()->resizeSection(1, 60);
    view.horizontalHeader()->resizeSection(2, 140); // the command does not fit
    view.horizontalHeader()->resizeSection(3, 100);
    view.verticalHeader()->setDefaultSectionSize(22);
    view.resize(480, 200);
    view.selectionModel()->select(model->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    return view.viewport()->grab().toImage();
}

} // namespace

void tst_CellText::paintsAsTheStyleDoes_data()
{
    QTest::addColumn<bool>("wordWrap");
    QTest::addRow("elided") << false; // as Herd's tables are
    QTest::addRow("wrapped") << true; // a text that does not fit is left to the style
}

void tst_CellText::paintsAsTheStyleDoes()
{
    QFETCH(bool, wordWrap);
    QStandardItemModel *model = makeModel(this);
    const QImage style = render(nullptr, model, wordWrap);
    TextDelegate delegate;
    const QImage shaped = render(&delegate, model, wordWrap);
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

void tst_CellText::keptTextsAreBounded()
{
    // Uptimes and CPU figures change at every refresh: old texts must not pile up.
    const QFont font;
    for (int i = 0; i < 20000; ++i)
        CellText::advance(QStringLiteral("%1 s").arg(i), font);
    QVERIFY2(CellText::cachedCount() <= 4096, qPrintable(QString::number(CellText::cachedCount())));
    QVERIFY(CellText::cachedCount() > 0);
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
