#include "statebadgedelegate.h"

#include "celltext.h"

#include "processtablemodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <cmath>

namespace herd {

namespace {

constexpr int kHPadding = 8;   // inside the pill, left and right of the text
constexpr int kDotSize = 6;
constexpr int kDotGap = 5;
constexpr int kCellMargin = 4; // between the cell edge and the pill

double channel(double c)
{
    c /= 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &c)
{
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
}

QColor blend(const QColor &over, const QColor &under, double alpha)
{
    return QColor::fromRgbF(float(over.redF() * alpha + under.redF() * (1 - alpha)),
                            float(over.greenF() * alpha + under.greenF() * (1 - alpha)),
                            float(over.blueF() * alpha + under.blueF() * (1 - alpha)));
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QFont badgeFont(const QFont &base)
{
    QFont f = base;
    f.setWeight(QFont::DemiBold);
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * 0.92);
    return f;
}

} // namespace

StateBadgeDelegate::StateBadgeDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QColor StateBadgeDelegate::toneColor(BadgeTone tone)
{
    switch (tone) {
    case BadgeTone::Neutral: return QColor(0x7b, 0x86, 0x98); // slate
    case BadgeTone::Info: return QColor(0x25, 0x7c, 0xe8);    // blue
    case BadgeTone::Active: return QColor(0x1f, 0xa8, 0x55);  // green
    case BadgeTone::Success: return QColor(0x11, 0x95, 0x8a); // teal
    case BadgeTone::Warning: return QColor(0xd9, 0x8a, 0x06); // amber
    case BadgeTone::Timeout: return QColor(0xe8, 0x62, 0x14); // orange
    case BadgeTone::Danger: return QColor(0xdc, 0x2f, 0x2f);  // red
    case BadgeTone::Signal: return QColor(0xa1, 0x3f, 0xd6);  // purple
    case BadgeTone::Paused: return QColor(0x4a, 0x5a, 0xc4);  // indigo
    }
    return QColor(Qt::gray);
}

double StateBadgeDelegate::contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

StateBadgeDelegate::Colors StateBadgeDelegate::colors(BadgeTone tone, const QPalette &palette)
{
    const QColor hue = toneColor(tone);
    const QColor base = palette.color(QPalette::Base);
    const bool dark = isDark(palette);
    Colors c;
    c.background = blend(hue, base, dark ? 0.26 : 0.14);
    c.dot = hue;
    // Start from the hue and move its lightness away from the background until the text
    // reads comfortably (4.5:1).
    QColor text = dark ? hue.lighter(135) : hue.darker(140);
    float h, s, l, a;
    text.getHslF(&h, &s, &l, &a);
    for (int i = 0; i < 40 && contrastRatio(text, c.background) < 4.5; ++i) {
        l = dark ? qMin(1.0f, l + 0.025f) : qMax(0.0f, l - 0.025f);
        text = QColor::fromHslF(h, s, l);
    }
    c.text = text;
    return c;
}

int StateBadgeDelegate::badgeWidth(const QString &text, const QFont &font)
{
    // One pixel more than the advance: antialiased glyph edges may reach past it.
    return 2 * kHPadding + kDotSize + kDotGap + QFontMetrics(badgeFont(font)).horizontalAdvance(text) + 1;
}

int StateBadgeDelegate::cellWidth(const QString &text, const QFont &font)
{
    return badgeWidth(text, font) + 2 * kCellMargin;
}

int StateBadgeDelegate::paintBadge(QPainter *painter, const QRect &rect, const QString &text, BadgeTone tone,
                                   const QPalette &palette, const QFont &font)
{
    if (text.isEmpty())
        return 0;
    const Colors c = colors(tone, palette);
    const QFont f = badgeFont(font);
    const QFontMetrics fm(f);
    const int height = qMin(rect.height() - 4, fm.height() + 4);
    const int maxTextWidth = rect.width() - 2 * kHPadding - kDotSize - kDotGap;
    if (maxTextWidth < CellText::advance(QStringLiteral("m"), f))
        return 0;
    const CellText::Shaped shown = CellText::shape(text, f, maxTextWidth);
    const int width = 2 * kHPadding + kDotSize + kDotGap + shown.width;
    const QRectF pill(rect.left() + 0.5, rect.top() + (rect.height() - height) / 2.0 + 0.5, width - 1.0, height - 1.0);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    QPainterPath path;
    path.addRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
    painter->fillPath(path, c.background);
    QColor border = c.dot;
    border.setAlphaF(0.35f);
    painter->setPen(QPen(border, 1.0));
    painter->drawPath(path);

    const QRectF dot(pill.left() + kHPadding, pill.center().y() - kDotSize / 2.0, kDotSize, kDotSize);
    painter->setPen(Qt::NoPen);
    painter->setBrush(c.dot);
    painter->drawEllipse(dot);

    painter->setFont(f);
    painter->setPen(c.text);
    const QRectF textRect(dot.right() + kDotGap, pill.top(), maxTextWidth, pill.height());
    CellText::draw(painter, textRect, shown);
    painter->restore();
    return width;
}

void StateBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const auto tone = BadgeTone(index.data(ProcessTableModel::BadgeToneRole).toInt());
    const QRect area = opt.rect.adjusted(kCellMargin, 1, -kCellMargin, -1);
    paintBadge(painter, area, text, tone, opt.palette, opt.font);
}

QSize StateBadgeDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics fm(badgeFont(option.font));
    size.setWidth(qMax(size.width(), cellWidth(index.data(Qt::DisplayRole).toString(), option.font)));
    size.setHeight(qMax(size.height(), fm.height() + 8));
    return size;
}

} // namespace herd
