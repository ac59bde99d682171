#include "celltext.h"

#include <QApplication>
#include <QCache>
#include <QCoreApplication>
#include <QFontMetrics>
#include <QHashFunctions>
#include <QPainter>
#include <QPaintDevice>
#include <QScreen>
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
    qreal natural = 0;
    int height = 0;
};

QCache<Key, Entry> &cache()
{
    static QCache<Key, Entry> texts(CellText::kCapacity);
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
    const QFontMetricsF metrics(font);
    const QString shown = width < 0 ? text : metrics.elidedText(text, elide, width);
    made->text.setTextFormat(Qt::PlainText);
    made->text.setText(shown);
    made->text.prepare(QTransform(), font);
    made->natural = metrics.horizontalAdvance(shown);
    // A line's height as QTextLine gives it, rounded up: a glyph from a fallback font (a
    // Chinese name in a Latin font) makes the line taller than the font's own height.
    made->height = int(std::ceil(made->text.size().height()));
    cache().insert(std::move(key), made);
    return made;
}

// The text as it fits in room pixels: whole, or elided as the style elides it (when the
// exact width passes the room).
const Entry *fitted(const QString &text, const QFont &font, int room, Qt::TextElideMode elide)
{
    const Entry *whole = entry(text, font, -1, elide);
    if (whole->natural <= room || elide == Qt::ElideNone)
        return whole;
    return entry(text, font, qMax(0, room), elide);
}

CellText::Shaped shapedFrom(const Entry *e)
{
    return {&e->text, qRound(e->natural), e->natural, e->height};
}

// The layouts are made for the screen; a printer or an image of another resolution gets
// the text laid out for it, uncached.
bool onScreenResolution(const QPainter *painter)
{
    const QPaintDevice *device = painter->device();
    const QScreen *screen = QGuiApplication::primaryScreen();
    return !device || !screen || device->logicalDpiY() == qRound(screen->logicalDotsPerInchY());
}

} // namespace

CellText::Shaped CellText::shape(const QString &text, const QFont &font, int width, Qt::TextElideMode elide)
{
    return shapedFrom(fitted(text, font, width, elide));
}

qreal CellText::naturalWidth(const QString &text, const QFont &font)
{
    return entry(text, font, -1, Qt::ElideNone)->natural;
}

int CellText::advance(const QString &text, const QFont &font)
{
    return qRound(naturalWidth(text, font));
}

int CellText::draw(QPainter *painter, const QRectF &rect, const QString &text, Qt::Alignment alignment,
                   Qt::TextElideMode elide)
{
    if (text.isEmpty())
        return 0;
    const int room = int(std::floor(rect.width()));
    if (!onScreenResolution(painter)) {
        const QFontMetricsF metrics(painter->font(), painter->device());
        const QString shown = metrics.horizontalAdvance(text) > room ? metrics.elidedText(text, elide, room) : text;
        painter->drawText(rect, int(alignment) | Qt::TextSingleLine, shown);
        return int(std::ceil(metrics.horizontalAdvance(shown)));
    }
    const Shaped shaped = shape(text, painter->font(), room, elide);
    draw(painter, rect, shaped, alignment);
    return shaped.width;
}

void CellText::draw(QPainter *painter, const QRectF &rect, const Shaped &shaped, Qt::Alignment alignment)
{
    if (!shaped.text)
        return;
    // Placed as QCommonStyle places an item's line: aligned within the line by its exact
    // width, and centred vertically in whole pixels.
    const int room = int(std::floor(rect.width()));
    qreal x = rect.left();
    if (alignment & Qt::AlignRight)
        x = rect.left() + room - shaped.natural;
    else if (alignment & Qt::AlignHCenter)
        x = rect.left() + (room - shaped.natural) / 2.0;
    const int top = int(std::floor(rect.top()));
    const int height = int(std::floor(rect.height()));
    int y = top + (height - shaped.height) / 2;
    if (alignment & Qt::AlignTop)
        y = top;
    else if (alignment & Qt::AlignBottom)
        y = top + height - shaped.height;
    painter->drawStaticText(QPointF(x, y), *shaped.text);
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
    // Wrapping changes nothing for a text that fits on its line. The focus frame is drawn
    // over the text, and a right-to-left line is ordered by the layout's direction: both
    // are the style's to draw.
    const bool wraps = (opt.features & QStyleOptionViewItem::WrapText)
                       && CellText::naturalWidth(opt.text, opt.font) > textRect.width();
    if (wraps || (opt.features & others) || (opt.state & (QStyle::State_Editing | QStyle::State_HasFocus))
        || opt.direction == Qt::RightToLeft
        || opt.text.contains(QLatin1Char('\n')) || opt.text.contains(QChar::LineSeparator)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QString text = opt.text;
    opt.text.clear();
    opt.features &= ~QStyleOptionViewItem::HasDisplay;
    // The cell's panel and selection, as the style paints them; then the text.
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
