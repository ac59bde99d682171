#include "tasktracker.h"

using namespace herd;

void TaskTracker::problem(const QString &text)
{
    if (m_problem.isEmpty())
        m_problem = text;
}

void TaskTracker::apply(const QVector<herd::TaskEvent> &events)
{
    for (const TaskEvent &e : events) {
        if (e.kind == TaskEventKind::Enqueued) {
            if (m_tracks.contains(e.ticket))
                problem(QStringLiteral("ticket %1 enqueued twice").arg(e.ticket));
            m_tracks.insert(e.ticket, Track());
            continue;
        }
        auto it = m_tracks.find(e.ticket);
        if (it == m_tracks.end()) {
            problem(QStringLiteral("event %1 for unknown ticket %2").arg(taskEventKindName(e.kind)).arg(e.ticket));
            continue;
        }
        Track &t = *it;
        const QString what = QStringLiteral("task %1 (ticket %2): %3").arg(e.taskId).arg(e.ticket).arg(taskEventKindName(e.kind));
        if (t.state == State::Ended) {
            problem(what + QStringLiteral(" after its end"));
            continue;
        }
        switch (e.kind) {
        case TaskEventKind::Taken:
            if (t.state != State::Queued)
                problem(what + QStringLiteral(" while already taken by %1").arg(t.taker));
            if (int(e.attempt) != t.takes + 1)
                problem(what + QStringLiteral(" with attempt %1 after %2 takes").arg(e.attempt).arg(t.takes));
            t.state = State::Taken;
            t.taker = e.workerPid;
            ++t.takes;
            ++m_takes;
            break;
        case TaskEventKind::Requeued:
            if (t.state != State::Taken)
                problem(what + QStringLiteral(" while not taken"));
            t.state = State::Queued;
            ++m_requeues;
            break;
        case TaskEventKind::Done:
        case TaskEventKind::Failed:
            if (t.state != State::Taken || e.workerPid != t.taker)
                problem(what + QStringLiteral(" by %1, not its taker %2").arg(e.workerPid).arg(t.taker));
            Q_FALLTHROUGH();
        case TaskEventKind::DeadLettered:
            t.state = State::Ended;
            ++t.ends;
            ++m_ended;
            if (e.kind == TaskEventKind::Done) {
                ++m_done;
                ++m_doneByWorker[e.workerPid];
            } else if (e.kind == TaskEventKind::Failed) {
                ++m_failed;
            } else {
                ++m_dead;
            }
            break;
        case TaskEventKind::Enqueued:
            break;
        }
    }
}

QString TaskTracker::check(int tasks) const
{
    if (!m_problem.isEmpty())
        return m_problem;
    if (m_tracks.size() != tasks)
        return QStringLiteral("%1 tasks enqueued, expected %2").arg(m_tracks.size()).arg(tasks);
    for (auto it = m_tracks.cbegin(); it != m_tracks.cend(); ++it) {
        if (it->ends != 1)
            return QStringLiteral("ticket %1 ended %2 times").arg(it.key()).arg(it->ends);
    }
    return {};
}
