#pragma once

#include "queue/queuetypes.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QVector>

// An independent check of the queue's promises, fed with every drained event: each task
// goes queued -> taken -> (requeued -> taken)* -> one end (done, failed, dead-lettered),
// never two takers at once, never anything after its end.
class TaskTracker final
{
public:
    void apply(const QVector<herd::TaskEvent> &events);
    // "" when every one of tasks enqueued tasks has ended exactly once and nothing broke the
    // order above; else the first problem.
    QString check(int tasks) const;

    int ended() const { return m_ended; }
    int done() const { return m_done; }
    int deadLettered() const { return m_dead; }
    int failed() const { return m_failed; }
    int takes() const { return m_takes; }
    int requeues() const { return m_requeues; }
    QHash<qint64, int> doneByWorker() const { return m_doneByWorker; }
    QString firstProblem() const { return m_problem; }

private:
    enum class State : quint8 {
        Queued,
        Taken,
        Ended,
    };
    struct Track {
        State state = State::Queued;
        qint64 taker = 0;
        int takes = 0;
        int ends = 0;
    };

    void problem(const QString &text);

    QHash<quint64, Track> m_tracks;
    QHash<qint64, int> m_doneByWorker;
    int m_ended = 0;
    int m_done = 0;
    int m_dead = 0;
    int m_failed = 0;
    int m_takes = 0;
    int m_requeues = 0;
    QString m_problem;
};
