#include "timelineview.h"

#include "queueprotocol.h"
#include "session.h"
#include "workercolors.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <iterator>


namespace herd {

namespace {
constexpr int kLaneHeight = 20;
constexpr int kAxisHeight = 22;
constexpr size_t kMaxSpansPerLane = 4000;

} // namespace

TimelineView::TimelineView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("timelineView"));
    setMouseTracking(true);
}

void TimelineView::setWindowSeconds(int seconds)
{
    m_windowNs = qint64(qMax(1, seconds)) * 1000000000;
    update();
}

void TimelineView::ensureLane(const QString &lane)
{
    laneSpans(lane);
}

std::deque<TimelineView::Span> &TimelineView::laneSpans(const QString &lane)
{
    auto it = m_lanes.find(lane);
    if (it == m_lanes.end()) {
        it = m_lanes.insert(lane, {});
        m_labelWidth = qMax(m_labelWidth, fontMetrics().horizontalAdvance(lane) + 16);
        updateGeometry();
    }
    return it.value();
}

QString TimelineView::laneFor(qint64 pid)
{
    QString lane = m_session->nameOfPid(pid);
    if (lane.isEmpty())
        lane = m_session->ledger()->nameOf(pid);
    if (lane.isEmpty()) {
        lane = tr("pid %1").arg(pid);
        m_unnamed.insert(pid, lane);
    }
    return lane;
}

void TimelineView::resolveNames()
{
    for (auto it = m_unnamed.begin(); it != m_unnamed.end();) {
        QString name = m_session->nameOfPid(it.key());
        if (name.isEmpty())
            name = m_session->ledger()->nameOf(it.key());
        if (name.isEmpty()) {
            ++it;
            continue;
        }
        renameLane(it.value(), name);
        it = m_unnamed.erase(it);
    }
}

void TimelineView::renameLane(const QString &from, const QString &to)
{
    const auto found = m_lanes.find(from);
    if (found == m_lanes.end() || from == to)
        return;
    const std::deque<Span> moved = std::move(found.value());
    m_lanes.erase(found);
    ensureLane(to);
    // Both lanes hold finished spans in the order they ended: merge by end time.
    std::deque<Span> &lane = m_lanes[to];
    std::deque<Span> merged;
    std::merge(lane.cbegin(), lane.cend(), moved.cbegin(), moved.cend(), std::back_inserter(merged),
               [](const Span &a, const Span &b) { return a.endNs < b.endNs; });
    while (merged.size() > kMaxSpansPerLane)
        merged.pop_front();
    lane = std::move(merged);
    for (Open &open : m_open) {
        if (open.lane == from)
            open.lane = to;
    }
    updateGeometry();
    update();
}

void TimelineView::addEvents(const QVector<TaskEvent> &batch)
{
    if (!m_unnamed.isEmpty())
        resolveNames();
    // Each worker's lane is looked up once per batch, not once per event: a batch holds
    // hundreds of events of a few hundred workers at most. The pointers hold for the batch:
    // only this loop adds lanes meanwhile, and adding one moves no other (the first
    // non-const access has already given m_lanes to this view alone).
    QHash<qint64, std::pair<QString, std::deque<Span> *>> byPid;
    QHash<QString, std::deque<Span> *> byLane;
    for (const TaskEvent &e : batch) {
        switch (e.kind) {
        case TaskEventKind::Enqueued:
            break;
        case TaskEventKind::Taken: {
            if (m_firstNs == 0)
                m_firstNs = e.timeNs;
            auto lane = byPid.constFind(e.workerPid);
            if (lane == byPid.cend()) {
                const QString name = laneFor(e.workerPid);
                lane = byPid.insert(e.workerPid, {name, &laneSpans(name)});
            }
            m_open.insert(e.ticket, Open{lane->first, Span{e.taskId, e.timeNs, 0, Outcome::Running}});
            break;
        }
        case TaskEventKind::Done:
        case TaskEventKind::Failed:
        case TaskEventKind::Requeued:
        case TaskEventKind::DeadLettered: {
            auto it = m_open.find(e.ticket);
            if (it == m_open.end())
                break;
            Span span = it->span;
            span.endNs = qMax(e.timeNs, span.startNs);
            span.outcome = e.kind == TaskEventKind::Done ? Outcome::Done
                : e.kind == TaskEventKind::Failed        ? Outcome::Failed
                                                         : Outcome::Lost;
            std::deque<Span> *&spans = byLane[it->lane];
            if (!spans)
                spans = &laneSpans(it->lane);
            std::deque<Span> &lane = *spans;
            lane.push_back(span);
            const qint64 oldest = span.endNs - m_windowNs;
            while (!lane.empty() && (lane.size() > kMaxSpansPerLane || lane.front().endNs < oldest))
                lane.pop_front();
            m_open.erase(it);
            break;
        }
        }
    }
    if (isVisible())
        update();
}

QSize TimelineView::sizeHint() const
{
    return QSize(600, kAxisHeight + qMax(2, int(m_lanes.size())) * kLaneHeight + 8);
}

double TimelineView::xOf(qint64 ns, qint64 fromNs, qint64 toNs, const QRect &area) const
{
    return area.left() + double(area.width()) * double(ns - fromNs) / double(qMax<qint64>(1, toNs - fromNs));
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    if (m_lanes.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Tasks appear here as workers take them."));
        return;
    }
    const qint64 to = qint64(monotonicNs());
    // The window grows with the run up to its limit, so a short run fills the width.
    const qint64 span = qBound<qint64>(2000000000LL, to - m_firstNs, m_windowNs);
    const qint64 from = to - span;
    const QRect area(m_labelWidth, kAxisHeight, qMax(10, width() - m_labelWidth - 8), int(m_lanes.size()) * kLaneHeight);

    // Axis: ticks at a round step, labelled as seconds before now.
    p.setPen(pal.color(QPalette::PlaceholderText));
    const double seconds = double(span) / 1e9;
    double step = 1;
    for (double s : {0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0})
        if (seconds / s <= 8) {
            step = s;
            break;
        }
    QColor grid = pal.color(QPalette::Mid);
    grid.setAlpha(60);
    for (double s = 0; s <= seconds + 1e-9; s += step) {
        const double x = xOf(to - qint64(s * 1e9), from, to, area);
        p.setPen(grid);
        p.drawLine(QPointF(x, area.top() - 4), QPointF(x, area.bottom()));
        p.setPen(pal.color(QPalette::PlaceholderText));
        const QString label = s == 0 ? tr("now") : tr("−%1 s").arg(s, 0, 'g', 3);
        // "now" sits at the right edge: right-align it so it is not cut off.
        const QRectF box = s == 0 ? QRectF(x - 80, 2, 80, kAxisHeight - 6) : QRectF(x - 40, 2, 80, kAxisHeight - 6);
        p.drawText(box, (s == 0 ? Qt::AlignRight : Qt::AlignHCenter) | Qt::AlignBottom, label);
    }

    QHash<QString, QVector<Span>> running;
    for (const Open &o : m_open)
        running[o.lane] << o.span;

    int y = area.top();
    int laneIndex = 0;
    for (auto it = m_lanes.cbegin(); it != m_lanes.cend(); ++it, ++laneIndex, y += kLaneHeight) {
        if (laneIndex % 2 == 1) {
            QColor band = pal.color(QPalette::AlternateBase);
            p.fillRect(QRect(0, y, width(), kLaneHeight), band);
        }
        const QColor color = workerColor(it.key());
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QRect(6, y, m_labelWidth - 10, kLaneHeight), Qt::AlignVCenter | Qt::AlignLeft, it.key());
        const QRectF laneRect(area.left(), y + 3, area.width(), kLaneHeight - 6);
        // Spans that share a pixel are drawn once: painting stays bounded by the width.
        double lastRight = -1;
        auto draw = [&](const Span &s) {
            const qint64 end = s.endNs == 0 ? to : s.endNs;
            if (end < from)
                return;
            double x1 = qMax(laneRect.left(), xOf(s.startNs, from, to, area));
            double x2 = qMin(laneRect.right(), xOf(end, from, to, area));
            if (x2 - x1 < 1)
                x2 = x1 + 1;
            if (x2 <= lastRight + 0.5 && s.outcome == Outcome::Done)
                return;
            lastRight = qMax(lastRight, x2);
            // A pixel of gap ends each span, so back-to-back tasks stay apart.
            if (x2 - x1 > 3)
                x2 -= 1;
            QColor fill = color;
            if (s.outcome == Outcome::Failed)
                fill = color.darker(170);
            else if (s.outcome == Outcome::Lost)
                fill = QColor(0x99, 0x99, 0x99);
            else if (s.outcome == Outcome::Running)
                fill.setAlpha(150);
            p.fillRect(QRectF(x1, laneRect.top(), x2 - x1, laneRect.height()), fill);
            if (s.outcome == Outcome::Lost) {
                p.setPen(QColor(0xc0, 0x39, 0x2b));
                p.drawRect(QRectF(x1, laneRect.top(), x2 - x1, laneRect.height()));
            }
        };
        for (const Span &s : it.value())
            draw(s);
        for (const Span &s : running.value(it.key()))
            draw(s);
    }
}

QString TimelineView::spanAt(const QPoint &pos) const
{
    const int lane = (pos.y() - kAxisHeight) / kLaneHeight;
    if (pos.y() < kAxisHeight || lane < 0 || lane >= m_lanes.size() || pos.x() < m_labelWidth)
        return {};
    auto it = m_lanes.cbegin();
    std::advance(it, lane);
    const qint64 to = qint64(monotonicNs());
    const qint64 span = qBound<qint64>(2000000000LL, to - m_firstNs, m_windowNs);
    const QRect area(m_labelWidth, kAxisHeight, qMax(10, width() - m_labelWidth - 8), 1);
    const qint64 at = to - span + qint64(double(span) * double(pos.x() - area.left()) / double(area.width()));
    const qint64 slack = span / qMax(1, area.width()) * 2;
    auto describe = [&](const Span &s) {
        const qint64 end = s.endNs == 0 ? to : s.endNs;
        const QString what = s.outcome == Outcome::Running ? tr("running")
            : s.outcome == Outcome::Done                   ? tr("done")
            : s.outcome == Outcome::Failed                 ? tr("failed")
                                                           : tr("lost when its worker died");
        return tr("Task %1 · %2 · %3 ms · %4").arg(s.taskId).arg(it.key()).arg(double(end - s.startNs) / 1e6, 0, 'f', 1).arg(what);
    };
    for (const Open &o : m_open)
        if (o.lane == it.key() && at + slack >= o.span.startNs)
            return describe(o.span);
    const std::deque<Span> &spans = it.value();
    for (auto s = spans.crbegin(); s != spans.crend(); ++s)
        if (at + slack >= s->startNs && at - slack <= s->endNs)
            return describe(*s);
    return {};
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = spanAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace herd
