#pragma once

#include "queue/queuetypes.h"

#include <QHash>
#include <QMap>
#include <QWidget>

#include <deque>

namespace herd {

class Session;

// Who did what, when: one lane per worker, each task a span from its take to its end in
// the worker's colour (failed ones darker, ones lost with a dying worker grey), running
// ones growing to "now". Shows the last minute at most and keeps a bounded number of spans
// per lane, so memory and painting stay bounded with millions of tasks.
class TimelineView final : public QWidget
{
    Q_OBJECT

public:
    enum class Outcome : quint8 {
        Running,
        Done,
        Failed,
        Lost,
    };
    struct Span {
        quint64 taskId = 0;
        qint64 startNs = 0;
        qint64 endNs = 0; // 0 while running
        Outcome outcome = Outcome::Running;
    };

    explicit TimelineView(Session *session, QWidget *parent = nullptr);

    void addEvents(const QVector<TaskEvent> &batch);
    // A worker whose take came before Herd knew its pid has a lane "pid N"; once the name
    // is known (from the session or the ledger), the lane is merged into the worker's own.
    // Called with each batch and on the display tick.
    void resolveNames();
    // Lanes by worker name with their finished spans, oldest first (for tests and tooltips).
    const QMap<QString, std::deque<Span>> &lanes() const { return m_lanes; }
    int runningCount() const { return int(m_open.size()); }
    void setWindowSeconds(int seconds);

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Open {
        QString lane;
        Span span;
    };
    void ensureLane(const QString &lane);
    // The lane's finished spans, the lane made first if it is new.
    std::deque<Span> &laneSpans(const QString &lane);
    QString laneFor(qint64 pid);
    void renameLane(const QString &from, const QString &to);
    double xOf(qint64 ns, qint64 fromNs, qint64 toNs, const QRect &area) const;
    QString spanAt(const QPoint &pos) const;

    Session *m_session;
    QMap<QString, std::deque<Span>> m_lanes;
    QHash<quint64, Open> m_open; // by ticket
    QHash<qint64, QString> m_unnamed; // pid -> its placeholder lane, until the name is known
    qint64 m_firstNs = 0;
    qint64 m_windowNs = 60LL * 1000000000;
    int m_labelWidth = 80;
};

} // namespace herd
