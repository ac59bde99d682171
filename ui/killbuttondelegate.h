#pragma once

#include <QIcon>
#include <QPointer>
#include <QStyledItemDelegate>

class QAbstractItemView;

namespace herd {

// Paints a kill button in every live row's Kill cell and turns a click on it into
// killRequested(processId). A click is a press and a release on the button of the same
// process: if the rows move between the two (the table re-sorted), the release lands on
// another process's button and nothing is killed. No widget per row.
class KillButtonDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    // Serves the Kill column of view (and is owned by it).
    explicit KillButtonDelegate(QAbstractItemView *view);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

    // Where the button sits inside a cell.
    static QRect buttonRect(const QRect &cellRect);

signals:
    void killRequested(quint64 processId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QPointer<QAbstractItemView> m_view;
    QIcon m_icon;
    quint64 m_pressedId = 0; // process whose button is held down; 0 when none
    quint64 m_pressSerial = 0; // counts presses, so a late disarm never hits a newer press
};

} // namespace herd
