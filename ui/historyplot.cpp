#include "historyplot.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace herd {

double niceCeiling(double value)
{
    if (!(value > 1))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * magnitude >= value * (1 - 1e-9))
            return step * magnitude;
    }
    return 10 * magnitude;
}

HistoryPlot::HistoryPlot(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void HistoryPlot::setLines(const QVector<Line> &lines, Formatter format)
{
    m_lines = lines;
    m_format = std::move(format);
    update();
}

void HistoryPlot::setSamples(const TimeSeries &samples)
{
    m_samples = samples;
    m_data = &*m_samples;
    update();
}

void HistoryPlot::clearSamples()
{
    m_samples.reset();
    m_data = nullptr;
    update();
}

void HistoryPlot::setTitle(const QString &title)
{
    m_title = title;
    update();
}

double HistoryPlot::axisMax() const
{
    if (!m_data || m_data->isEmpty())
        return 1;
    const qint64 since = m_data->lastTime() - m_windowMs;
    double top = 0;
    for (const Line &line : m_lines)
        top = qMax(top, m_data->max(line.series, since));
    return niceCeiling(top);
}

QString HistoryPlot::legendText() const
{
    QStringList parts;
    for (const Line &line : m_lines) {
        QString value = QStringLiteral("–");
        if (m_data && !m_data->isEmpty()) {
            const double v = m_data->value(m_data->size() - 1, line.series);
            value = m_format ? m_format(v) : QString::number(v);
        }
        parts << QStringLiteral("%1 %2").arg(line.label, value);
    }
    return parts.join(QStringLiteral(" · "));
}

QSize HistoryPlot::sizeHint() const
{
    const int line = fontMetrics().height();
    return {320, line * 6};
}

QSize HistoryPlot::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return {160, line * 4};
}

void HistoryPlot::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QFontMetrics fm = fontMetrics();
    const int textH = fm.height();

    // Title and legend on one line above the plot area.
    QRect area = rect().adjusted(2, 2, -2, -2);
    int x = area.left();
    if (!m_title.isEmpty()) {
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QPoint(x, area.top() + fm.ascent()), m_title);
        x += QFontMetrics(bold).horizontalAdvance(m_title) + 12;
        p.setFont(font());
    }
    for (const Line &line : m_lines) {
        QString value = QStringLiteral("–");
        if (m_data && !m_data->isEmpty()) {
            const double v = m_data->value(m_data->size() - 1, line.series);
            value = m_format ? m_format(v) : QString::number(v);
        }
        const QString text = QStringLiteral("%1 %2").arg(line.label, value);
        p.fillRect(QRect(x, area.top() + textH / 2 - 4, 8, 8), line.color);
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QPoint(x + 12, area.top() + fm.ascent()), text);
        x += 12 + fm.horizontalAdvance(text) + 12;
    }

    const double top = axisMax();
    const QString topLabel = m_format ? m_format(top) : QString::number(top);
    QRect plot = area.adjusted(0, textH + 4, -(fm.horizontalAdvance(topLabel) + 6), 0);
    if (plot.height() < 8 || plot.width() < 16)
        return;
    p.fillRect(plot, pal.color(QPalette::Base));
    QColor grid = pal.color(QPalette::Mid);
    grid.setAlpha(90);
    p.setPen(QPen(grid, 1, Qt::DotLine));
    for (int i = 0; i <= 2; ++i) {
        const int y = plot.top() + plot.height() * i / 2;
        p.drawLine(plot.left(), y, plot.right(), y);
    }
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(QPoint(plot.right() + 4, plot.top() + fm.ascent() / 2), topLabel);
    p.drawText(QPoint(plot.right() + 4, plot.bottom()), QStringLiteral("0"));
    if (!m_data || m_data->isEmpty())
        return;

    const qint64 end = m_data->lastTime();
    const qint64 begin = end - m_windowMs;
    for (const Line &line : m_lines) {
        QPainterPath path;
        bool started = false;
        for (int i = 0; i < m_data->size(); ++i) {
            const qint64 t = m_data->time(i);
            if (t < begin)
                continue;
            const double fx = double(t - begin) / double(m_windowMs);
            const double fy = qBound(0.0, m_data->value(i, line.series) / top, 1.0);
            const QPointF point(plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height());
            if (started) {
                path.lineTo(point);
            } else {
                path.moveTo(point);
                started = true;
            }
        }
        p.setPen(QPen(line.color, 1.6));
        p.drawPath(path);
    }
}

} // namespace herd
