#pragma once

#include "processtext.h"

#include <QColor>
#include <QStyledItemDelegate>

class QPalette;

namespace herd {

// Paints the State column as a coloured pill with a dot ("running", "killed by SIGKILL",
// "timed out", ...). The tone comes from ProcessTableModel::BadgeToneRole; the colours are
// derived from the view's palette so the text stays readable on light and dark themes.
class StateBadgeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    struct Colors {
        QColor background;
        QColor text;
        QColor dot;
    };

    explicit StateBadgeDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The badge colours for a tone on a palette; the text has a contrast ratio of at
    // least 4.5:1 against the background (WCAG AA).
    static Colors colors(BadgeTone tone, const QPalette &palette);
    // The base hue of a tone, the same on every palette.
    static QColor toneColor(BadgeTone tone);
    // WCAG contrast ratio between two opaque colours (1 to 21).
    static double contrastRatio(const QColor &a, const QColor &b);
    // The width of a badge with that text, from the metrics of the font it is painted in;
    // cellWidth() adds the margins of a table cell around it.
    static int badgeWidth(const QString &text, const QFont &font);
    static int cellWidth(const QString &text, const QFont &font);
    // Paints one badge into rect (left-aligned, vertically centred); returns its width.
    static int paintBadge(QPainter *painter, const QRect &rect, const QString &text, BadgeTone tone,
                          const QPalette &palette, const QFont &font);
};

} // namespace herd
