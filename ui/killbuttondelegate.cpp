#include "killbuttondelegate.h"

#include "processtablemodel.h"
#include "statebadgedelegate.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTimer>

namespace herd {

namespace {

constexpr int kButtonSize = 20;
constexpr int kIconSize = 14;

} // namespace

KillButtonDelegate::KillButtonDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
    , m_icon(QStringLiteral(":/icons/kill.svg"))
{
    // A release outside the Kill column never reaches this delegate; watch the viewport so
    // a button pressed and then abandoned there does not stay armed.
    view->viewport()->installEventFilter(this);
}

bool KillButtonDelegate::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseButtonRelease && m_pressedId != 0) {
        // Runs before the view hands the release to editorEvent(); disarm afterwards.
        QTimer::singleShot(0, this, [this, serial = m_pressSerial] {
            if (m_pressedId != 0 && serial == m_pressSerial) {
                m_pressedId = 0;
                if (m_view)
                    m_view->viewport()->update();
            }
        });
    }
    return QStyledItemDelegate::eventFilter(watched, event);
}

QRect KillButtonDelegate::buttonRect(const QRect &cellRect)
{
    const int size = qMin(kButtonSize, qMin(cellRect.width(), cellRect.height()) - 2);
    QRect r(0, 0, size, size);
    r.moveCenter(cellRect.center());
    return r;
}

void KillButtonDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    if (!index.data(ProcessTableModel::AliveRole).toBool())
        return;

    const QRect button = buttonRect(opt.rect);
    const quint64 id = index.data(ProcessTableModel::ProcessIdRole).toULongLong();
    const bool hovered = opt.state & QStyle::State_MouseOver;
    const bool pressed = m_pressedId != 0 && m_pressedId == id;
    const QColor red = StateBadgeDelegate::toneColor(BadgeTone::Danger);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    if (hovered || pressed) {
        QColor fill = red;
        fill.setAlphaF(pressed ? 0.34f : 0.18f);
        QColor border = red;
        border.setAlphaF(0.55f);
        QPainterPath path;
        path.addRoundedRect(QRectF(button).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        painter->fillPath(path, fill);
        painter->setPen(QPen(border, 1.0));
        painter->drawPath(path);
    }
    QRect iconRect(0, 0, kIconSize, kIconSize);
    iconRect.moveCenter(button.center());
    // QIcon renders the SVG at the painter's device pixel ratio, so it stays sharp.
    m_icon.paint(painter, iconRect, Qt::AlignCenter,
                 (opt.state & QStyle::State_Enabled) ? QIcon::Normal : QIcon::Disabled);
    painter->restore();
}

QSize KillButtonDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    return QSize(kButtonSize + 12, qMax(size.height(), kButtonSize + 4));
}

bool KillButtonDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                                     const QModelIndex &index)
{
    Q_UNUSED(model)
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() != Qt::LeftButton || !index.data(ProcessTableModel::AliveRole).toBool()
            || !buttonRect(option.rect).contains(mouse->position().toPoint()))
            return false;
        if (event->type() == QEvent::MouseButtonPress) {
            m_pressedId = index.data(ProcessTableModel::ProcessIdRole).toULongLong();
            ++m_pressSerial;
        }
        return true; // the button takes the press: no selection change, no double-click action
    }
    case QEvent::MouseButtonRelease: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() != Qt::LeftButton)
            return false;
        const quint64 pressed = m_pressedId;
        m_pressedId = 0;
        if (pressed == 0)
            return false;
        // Bound to the process, not to a row: the release must land on the button of the
        // process that was pressed. A re-sort in between moves another process under the
        // pointer, and then nothing happens.
        const bool onButton = index.isValid() && buttonRect(option.rect).contains(mouse->position().toPoint());
        const quint64 id = index.isValid() ? index.data(ProcessTableModel::ProcessIdRole).toULongLong() : 0;
        if (onButton && id == pressed && index.data(ProcessTableModel::AliveRole).toBool())
            emit killRequested(id);
        return true;
    }
    default:
        return false;
    }
}

} // namespace herd
