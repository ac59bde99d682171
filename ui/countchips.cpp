#include "countchips.h"

#include <QEvent>
#include <QPainter>

namespace herd {

namespace {

const QString &dot()
{
    static const QString d(QChar(0x25CF)); // ●
    return d;
}

QFont boldOf(const QFont &font)
{
    QFont bold = font;
    bold.setBold(true);
    return bold;
}

} // namespace

CountChips::CountChips(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void CountChips::setChips(const QVector<Chip> &chips)
{
    if (chips == m_chips)
        return;
    m_chips = chips;
    setAccessibleName(text());
    const int width = contentWidth();
    if (width != m_width) {
        m_width = width;
        updateGeometry();
    }
    update();
}

QString CountChips::text() const
{
    QStringList parts;
    for (const Chip &c : m_chips)
        parts << c.label + QLatin1Char(' ') + c.count;
    return parts.join(QStringLiteral(" · "));
}

int CountChips::contentWidth() const
{
    // As the label it replaces laid it out: "● name count" and three spaces between chips.
    const QFontMetrics fm(font());
    const QFontMetrics bold(boldOf(font()));
    const int space = fm.horizontalAdvance(QLatin1Char(' '));
    int x = 0;
    for (int i = 0; i < m_chips.size(); ++i) {
        const Chip &c = m_chips.at(i);
        if (i > 0)
            x += 3 * space;
        x += fm.horizontalAdvance(dot()) + space + fm.horizontalAdvance(c.label) + space + bold.horizontalAdvance(c.count);
    }
    return x;
}

QSize CountChips::sizeHint() const
{
    const QMargins m = contentsMargins();
    return {m_width + m.left() + m.right(), fontMetrics().height() + m.top() + m.bottom()};
}

QSize CountChips::minimumSizeHint() const
{
    return sizeHint();
}

void CountChips::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QRect area = contentsRect();
    const QFont normal = font();
    const QFont bold = boldOf(normal);
    const QFontMetrics fm(normal);
    const QFontMetrics boldMetrics(bold);
    const int space = fm.horizontalAdvance(QLatin1Char(' '));
    const int baseline = area.top() + (area.height() - fm.height()) / 2 + fm.ascent();
    const QColor textColor = palette().color(QPalette::WindowText);
    int x = area.left();
    for (int i = 0; i < m_chips.size(); ++i) {
        const Chip &c = m_chips.at(i);
        if (i > 0)
            x += 3 * space;
        p.setFont(normal);
        p.setPen(c.color);
        p.drawText(QPoint(x, baseline), dot());
        x += fm.horizontalAdvance(dot()) + space;
        p.setPen(textColor);
        p.drawText(QPoint(x, baseline), c.label);
        x += fm.horizontalAdvance(c.label) + space;
        p.setFont(bold);
        p.drawText(QPoint(x, baseline), c.count);
        x += boldMetrics.horizontalAdvance(c.count);
    }
}

void CountChips::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        m_width = contentWidth();
        updateGeometry();
    }
}

} // namespace herd
