#include "celltext.h"

#include <QApplication>
#include <QCache>
#include <QCoreApplication>
#include <QFontMetrics>
#include <QHashFunctions>
#include <QPainter>
#include <QStyle>

#include <cmath>

namespace herd {

namespace {

struct Key {
    QString text;
    QFont font;
    int width; // -1: the whole text
    int elide;
    bool operator==(const Key &other) const
    {
        return width == other.width && elide == other.elide && text == other.text && font == other.font;
    }
};

size_t qHash(const Key &key, size_t seed = 0)
{
    return qHashMulti(seed, key.text, key.font, key.width, key.elide);
}

struct Entry {
    QStaticText text;
    int width = 0;      // rounded, as QFontMetrics says it
    qreal natural = 0;  // exact, for aligning as QTextLine does
};

// Enough for every cell of a few screens of tables; the least recently drawn go first.
constexpr int kCachedTexts = 4096;

QCache<Key, Entry> &cache()
{
    static QCache<Key, Entry> texts(kCachedTexts);
    // Emptied while the application still has its fonts (QApplication's destructor runs the
    // post routines first), not after, when the statics go.
    static const bool registered = [] {
        qAddPostRoutine([] { cache().clear(); });
        return true;
    }();
    Q_UNUSED(registered);
    return texts;
}

const Entry *entry(const QString &text, const QFont &font, int width, Qt::TextElideMode elide)
{
    Key key{text, font, width, width < 0 ? 0 : int(elide)};
    if (const Entry *found = cache().object(key))
        return found;
    auto *made = new Entry;
    const QFontMetrics metrics(font);
    const QString shown = width < 0 ? text : metrics.elidedText(text, elide, width);
    made->text.setTextFormat(Qt::PlainText);
    made->text.setText(shown);
    made->text.prepare(QTransform(), font);
    made->width = metrics.horizontalAdvance(shown);
    made->natural = QFontMetricsF(font).horizontalAdvance(shown);
    cache().insert(std::move(key), made);
    return made;
}

} // namespace

CellText::Shaped CellText::shape(const QString &text, const QFont &font, int width, Qt::TextElideMode elide)
{
    const Entry *whole = entry(text, font, -1, elide);
    if (whole->width <= width || elide == Qt::ElideNone)
        return {&whole->text, whole->width};
    const Entry *elided = entry(text, font, qMax(0, width), elide);
    return {&elided->text, elided->width};
}

int CellText::advance(const QString &text, const QFont &font)
{
    return entry(text, font, -1, Qt::ElideNone)->width;
}

int CellText::draw(QPainter *painter, const QRectF &rect, const QString &text, Qt::Alignment alignment,
                   Qt::TextElideMode elide)
{
    if (text.isEmpty())
        return 0;
    const QFont font = painter->font();
    const Entry *shown = entry(text, font, -1, elide);
    const int room = int(std::floor(rect.width()));
    if (shown->width > room && elide != Qt::ElideNone)
        shown = entry(text, font, qMax(0, room), elide);
    // Placed as QCommonStyle places an item's line: aligned within the line by its exact
    // width, and centred vertically in whole pixels.
    qreal x = rect.left();
    if (alignment & Qt::AlignRight)
        x = rect.left() + room - shown->natural;
    else if (alignment & Qt::AlignHCenter)
        x = rect.left() + (room - shown->natural) / 2.0;
    // A line's height as QTextLine gives it: the font's ascent and descent, rounded up.
    const int lineHeight = int(std::ceil(QFontMetricsF(font).height()));
    const int top = int(std::floor(rect.top()));
    const int height = int(std::floor(rect.height()));
    int y = top + (height - lineHeight) / 2;
    if (alignment & Qt::AlignTop)
        y = top;
    else if (alignment & Qt::AlignBottom)
        y = top + height - lineHeight;
    painter->drawStaticText(QPointF(x, y), shown->text);
    return shown->width;
}

QColor CellText::color(const QStyleOptionViewItem &option)
{
    // As the style does for an item's text.
    QPalette::ColorGroup group = (option.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !(option.state & QStyle::State_Active))
        group = QPalette::Inactive;
    return option.palette.color(group, (option.state & QStyle::State_Selected) ? QPalette::HighlightedText
                                                                               : QPalette::Text);
}

int CellText::cachedCount()
{
    return int(cache().size());
}

TextDelegate::TextDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

void TextDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // The style's own text margin (QCommonStyle's item text: the focus frame's margin + 1).
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect = opt.rect.adjusted(margin, 0, -margin, 0);
    constexpr auto others = QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDecoration;
    // Wrapping changes nothing for a text that fits on its line.
    const bool wraps = (opt.features & QStyleOptionViewItem::WrapText)
                       && CellText::advance(opt.text, opt.font) > textRect.width();
    if (wraps || (opt.features & others) || (opt.state & QStyle::State_Editing)
        || opt.text.contains(QLatin1Char('\n')) || opt.text.contains(QChar::LineSeparator)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QString text = opt.text;
    opt.text.clear();
    opt.features &= ~QStyleOptionViewItem::HasDisplay;
    // The cell's panel, selection and focus, as the style paints them; then the text.
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    if (text.isEmpty())
        return;
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(CellText::color(opt));
    painter->setClipRect(opt.rect, Qt::IntersectClip);
    CellText::draw(painter, textRect, text, QStyle::visualAlignment(opt.direction, opt.displayAlignment),
                   opt.textElideMode);
    painter->restore();
}

} // namespace herd
