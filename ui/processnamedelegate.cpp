#include "processnamedelegate.h"

#include "celltext.h"
#include "itemroles.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPixmapCache>

namespace herd {

namespace {

constexpr int kTagPadding = 5; // inside the tag, left and right of its text
constexpr int kTagGap = 6;     // between the name and the tag
const QColor kDaemonColor(0x4a, 0x5a, 0xc4);
const QColor kRemoteColor(0x0f, 0x8f, 0x86);

QFont tagFont(const QFont &base)
{
    QFont f = base;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * 0.85);
    return f;
}

} // namespace

ProcessNameDelegate::ProcessNameDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString ProcessNameDelegate::daemonTag()
{
    return tr("daemon");
}

QString ProcessNameDelegate::remoteTag()
{
    return tr("remote");
}

int ProcessNameDelegate::tagWidth(const QFont &font, const QString &tag)
{
    return QFontMetrics(tagFont(font)).horizontalAdvance(tag.isNull() ? daemonTag() : tag) + 2 * kTagPadding;
}

QPixmap ProcessNameDelegate::decoration(const QIcon &icon, const QSize &size, qreal dpr, bool selected, bool daemon,
                                        const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QString key = QStringLiteral("herd-name-%1-%2x%3-%4-%5%6-%7")
                            .arg(icon.cacheKey())
                            .arg(size.width())
                            .arg(size.height())
                            .arg(dpr)
                            .arg(int(selected))
                            .arg(int(daemon))
                            .arg(base.rgba());
    QPixmap pixmap;
    if (QPixmapCache::find(key, &pixmap))
        return pixmap;
    pixmap = QPixmap(size * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing, true);
    const QRectF whole(QPointF(0, 0), QSizeF(size));
    QRectF iconRect = whole;
    if (selected) {
        // The icon's own colours on the view's base colour: visible on any selection colour.
        QPainterPath backdrop;
        backdrop.addRoundedRect(whole, 3, 3);
        p.fillPath(backdrop, base);
        iconRect = whole.adjusted(1, 1, -1, -1);
    }
    icon.paint(&p, iconRect.toAlignedRect(), Qt::AlignCenter, QIcon::Normal, QIcon::Off);
    if (daemon) {
        // An indigo crescent moon at the bottom right, on a disc of the base colour that sets
        // it off from the icon: "lives and dies with Herd".
        const qreal d = qMax<qreal>(7, size.width() * 0.62);
        const QRectF disc(whole.right() - d, whole.bottom() - d, d, d);
        p.setPen(Qt::NoPen);
        p.setBrush(base);
        p.drawEllipse(disc);
        const QRectF moon = disc.adjusted(d * 0.08, d * 0.08, -d * 0.08, -d * 0.08);
        QPainterPath crescent;
        crescent.addEllipse(moon);
        QPainterPath bite;
        bite.addEllipse(moon.translated(moon.width() * 0.38, -moon.height() * 0.22));
        p.fillPath(crescent.subtracted(bite), kDaemonColor);
    }
    p.end();
    QPixmapCache::insert(key, pixmap);
    return pixmap;
}

void ProcessNameDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const bool selected = opt.state & QStyle::State_Selected;
    const bool daemon = index.data(ItemRole::Daemon).toBool();
    const bool remote = !daemon && index.data(ItemRole::Remote).toBool();
    const QString tagText = daemon ? daemonTag() : remote ? remoteTag() : QString();
    const QColor tagColor = remote ? kRemoteColor : kDaemonColor;
    if (!opt.icon.isNull()) {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : qApp->devicePixelRatio();
        const QPixmap shown = decoration(opt.icon, opt.decorationSize, dpr, selected, daemon, opt.palette);
        QIcon icon;
        icon.addPixmap(shown, QIcon::Normal);
        icon.addPixmap(shown, QIcon::Selected);
        opt.icon = icon;
    }
    const QString text = opt.text;
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    opt.text = text;
    QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    textRect.adjust(3, 0, -3, 0); // the style's own text margin
    // The tag, when it leaves room for at least a few letters of the name.
    const int tag = tagText.isEmpty() ? 0 : tagWidth(opt.font, tagText);
    const bool withTag = !tagText.isEmpty()
                         && textRect.width() >= tag + kTagGap
                                                    + qMin(CellText::advance(text, opt.font),
                                                           CellText::advance(QStringLiteral("Work"), opt.font));
    const int nameRoom = withTag ? textRect.width() - tag - kTagGap : textRect.width();
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(CellText::color(opt));
    const int nameWidth = CellText::draw(painter, QRect(textRect.left(), textRect.top(), nameRoom, textRect.height()),
                                         text);
    if (withTag) {
        const QFont f = tagFont(opt.font);
        const QFontMetrics tfm(f);
        const int height = qMin(textRect.height() - 2, tfm.height() + 2);
        const QRectF pill(textRect.left() + nameWidth + kTagGap + 0.5,
                          textRect.top() + (textRect.height() - height) / 2.0 + 0.5, tag - 1.0, height - 1.0);
        painter->setRenderHint(QPainter::Antialiasing, true);
        QPainterPath path;
        path.addRoundedRect(pill, 3, 3);
        painter->fillPath(path, selected ? opt.palette.color(QPalette::Base) : tagColor.lighter(185));
        painter->setPen(tagColor.darker(120));
        painter->setFont(f);
        CellText::draw(painter, pill, tagText, Qt::AlignCenter);
    }
    painter->restore();
}

QSize ProcessNameDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.data(ItemRole::Daemon).toBool())
        size.rwidth() += tagWidth(option.font) + kTagGap;
    else if (index.data(ItemRole::Remote).toBool())
        size.rwidth() += tagWidth(option.font, remoteTag()) + kTagGap;
    return size;
}

} // namespace herd
