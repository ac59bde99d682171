#include "distributionview.h"

#include "queue/taskledger.h"
#include "workercolors.h"

#include <QCollator>
#include <QMap>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace herd {

namespace {
constexpr int kRowHeight = 22;
constexpr int kGap = 6;
} // namespace

DistributionView::DistributionView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("distributionView"));
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

QVector<DistributionView::Bar> DistributionView::computeBars() const
{
    if (!m_ledger)
        return {};
    QMap<QString, Bar> byName;
    for (const QString &name : m_alsoShow)
        byName[name].name = name;
    for (const TaskLedger::WorkerTally &t : m_ledger->workers()) {
        const QString name = t.name.isEmpty() ? tr("pid %1").arg(t.pid) : t.name;
        Bar &b = byName[name];
        b.name = name;
        b.done += t.done;
        b.failed += t.failed;
        b.lost += t.lost;
    }
    QVector<Bar> bars = byName.values().toVector();
    QCollator collator;
    collator.setNumericMode(true);
    std::sort(bars.begin(), bars.end(), [&](const Bar &a, const Bar &b) { return collator.compare(a.name, b.name) < 0; });
    return bars;
}

const QVector<DistributionView::Bar> &DistributionView::bars() const
{
    m_bars = computeBars();
    return m_bars;
}

void DistributionView::update(const TaskLedger *ledger, const QStringList &alsoShow)
{
    m_ledger = ledger;
    m_alsoShow = alsoShow;
    const QVector<Bar> now = bars();
    const bool changed = now.size() != m_announced.size()
        || !std::equal(now.cbegin(), now.cend(), m_announced.cbegin(), [](const Bar &a, const Bar &b) {
               return a.name == b.name && a.done == b.done && a.failed == b.failed && a.lost == b.lost;
           });
    if (!changed)
        return;
    const bool grew = now.size() != m_announced.size();
    m_announced = now;
    if (grew)
        updateGeometry();
    QWidget::update();
}

QSize DistributionView::sizeHint() const
{
    return QSize(400, qMax(3, int(m_bars.size())) * (kRowHeight + kGap) + 2 * kGap);
}

QSize DistributionView::minimumSizeHint() const
{
    return QSize(200, kRowHeight + 2 * kGap);
}

void DistributionView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    bars(); // as the ledger stands at this paint
    if (m_bars.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No worker has taken a task yet."));
        return;
    }
    const QFontMetrics fm(font());
    int nameWidth = 0;
    qint64 most = 1;
    qint64 total = 0;
    for (const Bar &b : m_bars) {
        nameWidth = qMax(nameWidth, fm.horizontalAdvance(b.name));
        most = qMax(most, b.done + b.failed + b.lost);
        total += b.done;
    }
    QStringList labels;
    int labelWidth = 0;
    for (const Bar &b : m_bars) {
        QString label = total > 0 ? QStringLiteral("%1 (%2 %)").arg(b.done).arg(100.0 * double(b.done) / double(total), 0, 'f', 0)
                                  : QString::number(b.done);
        if (b.failed > 0)
            label += tr(" · %1 failed").arg(b.failed);
        if (b.lost > 0)
            label += tr(" · %1 lost").arg(b.lost);
        labels << label;
        labelWidth = qMax(labelWidth, fm.horizontalAdvance(label));
    }
    const int countWidth = labelWidth + 2 * kGap;
    const int left = kGap + nameWidth + 2 * kGap;
    const int barSpace = qMax(20, width() - left - countWidth - kGap);
    int y = kGap;
    for (int i = 0; i < m_bars.size(); ++i) {
        const Bar &b = m_bars.at(i);
        const QColor color = workerColor(b.name);
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QRect(kGap, y, nameWidth, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft, b.name);
        // The track, then done, failed and lost segments.
        const QRectF track(left, y + 4, barSpace, kRowHeight - 8);
        p.setPen(Qt::NoPen);
        QColor trackColor = pal.color(QPalette::Mid);
        trackColor.setAlpha(50);
        p.setBrush(trackColor);
        p.drawRoundedRect(track, 3, 3);
        double x = track.left();
        auto segment = [&](qint64 n, const QColor &c) {
            if (n <= 0)
                return;
            const double w = qMax(2.0, track.width() * double(n) / double(most));
            p.setBrush(c);
            p.drawRoundedRect(QRectF(x, track.top(), w, track.height()), 3, 3);
            x += w;
        };
        segment(b.done, color);
        segment(b.failed, color.darker(170));
        segment(b.lost, QColor(0x88, 0x88, 0x88));
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QRect(left + barSpace + kGap, y, countWidth, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft, labels.at(i));
        y += kRowHeight + kGap;
    }
}

} // namespace herd
