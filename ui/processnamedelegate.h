#pragma once

#include <QStyledItemDelegate>

namespace herd {

// Paints the process table's Name column: the kind icon (process or worker), the name and,
// for a daemon, a marker on the icon and a small "daemon" tag after the name when the
// column has room for it ("remote" for a worker that joined the queue by itself). On a selected row the icon keeps its own colours on a small
// backdrop in the view's base colour, so a blue worker icon never melts into the
// selection's blue.
class ProcessNameDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ProcessNameDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The daemon tag's text (and a remote worker's tag) and the width a tag takes in a view
    // of that font (the daemon tag's when tag is null).
    static QString daemonTag();
    static QString remoteTag();
    static int tagWidth(const QFont &font, const QString &tag = QString());
    // The icon as painted: on a backdrop when selected, with the daemon marker for a daemon.
    static QPixmap decoration(const QIcon &icon, const QSize &size, qreal dpr, bool selected, bool daemon,
                              const QPalette &palette);
};

} // namespace herd
