#pragma once

#include "processtypes.h"

#include <QObject>
#include <QPointer>

class QTimer;

namespace herd {

class Supervisor;

// How Herd stops every process when it ends: the one policy the window and the headless
// runner share (each keeps only how it asks: a question, a signal, the end of the work).
//
// - Daemons stop without asking: DaemonsOnly sends them SIGTERM and lets the other
//   processes end on their own.
// - Terminate sends SIGTERM (+SIGCONT) to every live process group at once; each process
//   escalates to SIGKILL after its own grace, and this policy sends SIGKILL to whatever
//   outlived the longest grace (+200 ms) as a safety net.
// - Asked to terminate a second time (a second SIGTERM or Ctrl+C), it kills at once.
// - started() comes before the first signal goes out, so nothing restarts what is being
//   stopped; finished() comes once, from the event loop, when every process is gone, or
//   when the longest grace + 1 s has passed after SIGKILL and some could still not be
//   reaped (stuck in the kernel, "unkillable"): finished(n) then says how many.
//
// Every stop is asynchronous (timers and the supervisor's signals), so the caller's thread
// never waits; see ManagedProcess for how a single process is stopped on Linux.
class Shutdown final : public QObject
{
    Q_OBJECT

public:
    enum class Mode {
        None,        // nothing asked yet
        DaemonsOnly, // stop the daemons; the others may end on their own
        Terminate,   // SIGTERM to everything, SIGKILL after the grace
        Kill,        // SIGKILL to everything now
    };
    Q_ENUM(Mode)

    explicit Shutdown(Supervisor *supervisor, QObject *parent = nullptr);
    ~Shutdown() override;

    // Asks for a stop. A weaker mode than one already asked for changes nothing;
    // Terminate asked again becomes Kill.
    void stop(Mode mode);

    Mode mode() const { return m_mode; }
    bool isActive() const { return m_mode != Mode::None; }
    bool isFinished() const { return m_finished; }

signals:
    // The first stop was asked (emitted before any signal is sent).
    void started();
    // Every process is gone (unreaped == 0), or the stop gave up on unreaped processes.
    void finished(int unreaped);

private:
    void check();
    void finishSoon();

    QPointer<Supervisor> m_supervisor;
    Mode m_mode = Mode::None;
    bool m_finished = false;
    bool m_finishQueued = false;
    QTimer *m_escalate = nullptr; // SIGKILL for whatever outlived the longest grace
    QTimer *m_giveUp = nullptr;   // finish even if something could not be reaped
};

} // namespace herd
