#pragma once

#include <QObject>

class QTimer;

namespace herd {

// One display clock for a whole window. Every panel refreshes on the same tick, in one
// handler, so what they show is the same instant: the task table, the distribution, the
// process table's Tasks column and the details never disagree for a moment (which separate
// timers let them do). A change that should be seen at once (a state change) asks for an
// early tick with soon(), which the next tick then serves for everyone. The output pane's
// lines are no instant of the queue's: they are laid out in the turn after the tick.
class DisplayTick final : public QObject
{
    Q_OBJECT

public:
    explicit DisplayTick(QObject *parent = nullptr);
    ~DisplayTick() override;

    // The period (default 250 ms).
    void setInterval(int ms);
    int interval() const;
    // Paused while nobody looks (a minimised window); resuming ticks at once.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    // Runs until stopped; a paused clock does not tick.
    void start();
    void stop();
    bool isActive() const;

    // One tick within a frame (16 ms), shared by everything that asks before it.
    void soon();
    // A tick now.
    void tickNow();
    // True while tick()'s receivers run.
    bool isTicking() const { return m_ticking; }
    quint64 count() const { return m_count; }

signals:
    // Refresh now: every panel, in one handler.
    void tick();
    // After tick()'s receivers ran: every panel shows the same instant.
    void shown();

private:
    QTimer *m_timer;
    QTimer *m_soon;
    bool m_paused = false;
    bool m_running = false;
    bool m_ticking = false;
    quint64 m_count = 0;
};

} // namespace herd
