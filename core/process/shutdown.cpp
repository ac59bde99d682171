#include "shutdown.h"

#include "supervisor.h"

#include <QTimer>

namespace herd {

namespace {

// SIGKILL reaches a process within microseconds, yet a loaded machine may take a while to
// schedule its exit and the reap: give SIGKILL this long before calling a process stuck.
constexpr int kReapAfterKillMs = 1000;
// The safety-net SIGKILL comes this long after the longest grace, so each process's own
// escalation (at exactly its grace) goes first and says "SIGKILL after G s".
constexpr int kEscalateAfterGraceMs = 200;

} // namespace

Shutdown::Shutdown(Supervisor *supervisor, QObject *parent)
    : QObject(parent)
    , m_supervisor(supervisor)
    , m_escalate(new QTimer(this))
    , m_giveUp(new QTimer(this))
{
    Q_ASSERT(supervisor);
    m_escalate->setSingleShot(true);
    connect(m_escalate, &QTimer::timeout, this, [this] {
        if (m_supervisor && m_supervisor->aliveCount() > 0)
            m_supervisor->killAll(StopCause::Quit);
    });
    m_giveUp->setSingleShot(true);
    connect(m_giveUp, &QTimer::timeout, this, &Shutdown::finishSoon);
    connect(supervisor, &Supervisor::allEnded, this, &Shutdown::check);
}

Shutdown::~Shutdown() = default;

void Shutdown::stop(Mode mode)
{
    if (mode == Mode::None || !m_supervisor)
        return;
    if (mode == Mode::Terminate && m_mode >= Mode::Terminate)
        mode = Mode::Kill; // asked again: no more waiting
    if (mode <= m_mode && mode != Mode::Kill)
        return;
    const bool first = m_mode == Mode::None;
    m_mode = mode;
    if (first)
        emit started();

    switch (mode) {
    case Mode::None:
        break;
    case Mode::DaemonsOnly:
        m_supervisor->terminateAll(StopCause::Quit, true);
        break;
    case Mode::Terminate: {
        // The longest grace among what is still alive bounds the stop.
        qint64 grace = 0;
        for (const ManagedProcess *p : m_supervisor->processes()) {
            if (p->isAlive())
                grace = qMax(grace, p->spec().graceMs);
        }
        m_supervisor->terminateAll(StopCause::Quit);
        m_escalate->start(int(qMin<qint64>(grace + kEscalateAfterGraceMs, kMaxGraceMs)));
        m_giveUp->start(int(qMin<qint64>(grace + kReapAfterKillMs, kMaxGraceMs + kReapAfterKillMs)));
        break;
    }
    case Mode::Kill:
        m_escalate->stop();
        m_supervisor->killAll(StopCause::Quit);
        if (!m_giveUp->isActive() || m_giveUp->remainingTime() > kReapAfterKillMs)
            m_giveUp->start(kReapAfterKillMs);
        break;
    }
    check();
}

void Shutdown::check()
{
    if (isActive() && !m_finished && (!m_supervisor || m_supervisor->aliveCount() == 0))
        finishSoon();
}

void Shutdown::finishSoon()
{
    // From the event loop, never from inside the supervisor's signal: the receiver may
    // close a window or end the application.
    if (m_finishQueued || m_finished)
        return;
    m_finishQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_finishQueued = false;
        if (m_finished)
            return;
        const int alive = m_supervisor ? m_supervisor->aliveCount() : 0;
        if (alive > 0 && m_giveUp->isActive())
            return; // something started again in between; allEnded or the give-up decides
        if (alive > 0 && m_mode == Mode::DaemonsOnly)
            return; // the others are still ending on their own
        m_finished = true;
        m_escalate->stop();
        m_giveUp->stop();
        emit finished(alive);
    });
}

} // namespace herd
