#pragma once

#include <QStaticText>
#include <QString>
#include <QStyledItemDelegate>

class QFont;
class QPainter;
class QRectF;

namespace herd {

// Text in the tables' cells, shaped once. Painting a table is mostly laying out its text
// (shaping it, and again to elide it), and the same few hundred strings are painted again at
// every refresh; here each string is laid out once per font (and once more per width when it
// must be elided) and kept, ready to draw, in a cache of the window's thread. One line of
// plain text, placed as QCommonStyle places an item view's line of text.
class CellText
{
public:
    // How many laid-out texts are kept; the least recently drawn go first.
    static constexpr int kCapacity = 4096;

    // A text laid out in a font and elided to a width: what is drawn and how wide it is.
    // The pointer is valid until the next call into CellText (the cache may drop it then).
    struct Shaped {
        const QStaticText *text = nullptr;
        int width = 0;      // rounded, as QFontMetrics says it
        qreal natural = 0;  // exact
        int height = 0;     // of the line, fallback fonts included
    };
    static Shaped shape(const QString &text, const QFont &font, int width, Qt::TextElideMode elide = Qt::ElideRight);
    // The width the text takes in that font, unelided.
    static qreal naturalWidth(const QString &text, const QFont &font);
    static int advance(const QString &text, const QFont &font);
    // Draws the text elided (…) to the rectangle's width, with the painter's font and pen,
    // centred vertically and aligned horizontally as asked (a visual alignment: left is
    // left). Returns the width drawn. On a device of another resolution than the screen's
    // (a printer) the text is laid out for it, uncached.
    static int draw(QPainter *painter, const QRectF &rect, const QString &text,
                    Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter,
                    Qt::TextElideMode elide = Qt::ElideRight);
    // The same with a text shaped in the painter's font.
    static void draw(QPainter *painter, const QRectF &rect, const Shaped &shaped,
                     Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter);
    // The pen colour of a cell's text in that state, as the style gives it.
    static QColor color(const QStyleOptionViewItem &option);
};

// The tables' default delegate: QStyledItemDelegate, with a cell's text drawn by CellText.
// Left to QStyledItemDelegate: a cell with an icon, a check box, a line break, a text to
// wrap, the focus, or in a right-to-left layout.
class TextDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit TextDelegate(QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace herd
