#pragma once

#include "outputring.h"
#include "processtypes.h"
#include "timeseries.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>

class QProcess;
class QSocketNotifier;
class QTimer;

namespace herd {

class PipeReader;
class Supervisor;

// One named process managed by Herd: a QProcess in its own process group, with a
// watchdog, a stop that escalates from SIGTERM to SIGKILL, a bounded output ring and
// live figures. A ManagedProcess outlives its run, so the record stays visible; restart()
// begins a new run under the same name and id.
class ManagedProcess final : public QObject
{
    Q_OBJECT

public:
    ~ManagedProcess() override;

    quint64 id() const { return m_id; } // stable handle, never reused in a session
    QString name() const { return m_spec.name; }
    const ProcessSpec &spec() const { return m_spec; }
    ProcessState state() const { return m_state; }
    bool isAlive() const { return isLiveState(m_state); }
    qint64 pid() const { return m_pid; }  // of the current/last run; 0 before start
    int runCount() const { return m_runCount; } // 1 for the first run
    qint64 startedMs() const { return m_startedMs; } // session clock; -1 before started
    qint64 endedMs() const { return m_timeline.reapedMs; }
    ProcessResult result() const { return m_result; } // meaningful in an end state
    StopTimeline timeline() const { return m_timeline; }
    ProcessSample sample() const { return m_sample; }
    // When the current run was last seen stopped by a signal (SIGSTOP, SIGTSTP, a
    // debugger) and, after that, running again (SIGCONT): session clock, -1 when not.
    qint64 stoppedSinceMs() const { return m_stoppedSinceMs; }
    qint64 continuedAtMs() const { return m_continuedAtMs; }
    // CPU % (series 0) and resident memory in MiB (series 1) at each sample, on the session
    // clock, over the last minutes of its runs.
    const TimeSeries &history() const { return m_history; }
    const OutputRing &output() const { return m_output; }
    OutputRing &output() { return m_output; }

    // Remaining watchdog time in ms; -1 when no watchdog is armed.
    qint64 watchdogRemainingMs() const;
    // Changes the watchdog of a live process (0 disarms), or says why the value is refused.
    Result<void> setTimeout(qint64 timeoutMs);

    // SIGTERM (+SIGCONT) to the whole process group, SIGKILL after the grace period.
    // Non-blocking; a no-op (NotRunning) on an ended process. While a stop is already in
    // progress it sends nothing more: Sent during the grace period, NotRunning once
    // SIGKILL has gone out.
    SignalResult terminate(StopCause cause = StopCause::User);
    // SIGKILL to the whole process group at once. NotRunning (nothing sent) on an ended
    // process or when SIGKILL was already sent; an unkillable process gets SIGKILL again
    // by itself every grace period.
    SignalResult kill(StopCause cause = StopCause::User);
    // Any signal to the process group, as Send signal… does. Does not change the state.
    SignalResult sendSignal(int sig);
    // Starts a new run with the same spec; only in an end state (else it fails, saying so).
    Result<void> restart();
    // SIGKILL to what is left of the process group of the run that just ended, for a
    // process whose descendants must not outlive it (a worker that held a task). Acts only
    // when called from a handler of finished(); does nothing anywhere else.
    void killGroupRemnants();

    // Updated by the supervisor's sampler.
    void setSample(const ProcessSample &sample);
    // The current run as it stands now.
    ProcessRecord record() const;
    // Made by Supervisor::addRecorded(): shows a run that happened elsewhere. It has no
    // QProcess, so no signal can ever reach the pid it names.
    bool isRecorded() const { return m_recorded; }

signals:
    // Emitted on every state change, including into the end state.
    void stateChanged(herd::ProcessState state);
    // Emitted once per run, when the run reaches its end state (after stateChanged),
    // including FailedToStart.
    void finished(const herd::ProcessResult &result);
    // Emitted in Starting/Running/Stopping with the lines each read completed.
    void outputLines(const QVector<herd::OutputLine> &lines);
    // Emitted when timeline() changes while stopping: SIGTERM sent, SIGKILL sent, or the
    // process flagged unkillable (the state itself stays Stopping).
    void timelineChanged();

private:
    static constexpr int kHistorySamples = 180; // three minutes at the default sample rate
    // Read from a pipe per turn of the event loop (a flood waits for the next turn), and at
    // the end of a run (what the pipe holds, or what a descendant still writes).
    static constexpr qsizetype kRoundBytes = 256 * 1024;
    static constexpr qsizetype kDrainBytes = 4 * 1024 * 1024;
    friend class Supervisor;
    ManagedProcess(quint64 id, ProcessSpec spec, Supervisor *supervisor);
    void start();
    void onStarted();
    void onErrorOccurred(int error);
    void onFinished(int exitCode, int exitStatus);
    void onReadyRead(int channel);
    void onGraceExpired();
    void onWatchdogExpired();
    void finish(ProcessResult result);
    void setState(ProcessState state);
    int killGroup(int sig); // 0 or errno
    bool processRunning() const;
    void failToStart(const QString &errorString);
    void releaseProcess();
    void abandon();
    // Reads what the channel has now (at most maxBytes from an own pipe) into the ring.
    void readChannel(OutputChannel channel, qsizetype maxBytes = kDrainBytes);
    bool openPipes(int writeEnds[2]); // the write ends, for the child
    void closePipes();
    void narrowOutputPipe(); // gives a widened m_pipe[0]'s share of the budget back
    // QProcess watches its child's pidfd with a notifier of its own, which puts one more
    // descriptor in every poll() of the event loop: with hundreds of workers, a quarter of
    // Herd's time. While the child runs, the pidfd is in the PipeReader's epoll set
    // instead and QProcess's notifier is off; when the child ends, the notifier is turned
    // back on and QProcess reaps it as usual, on the next turn of the loop.
    void watchDeathInEpoll();
    void restoreDeathNotifier();
    void noteStderr(const QVector<OutputLine> &lines);
    void scheduleWatchdog();
    void restore(const ProcessRecord &record);

    quint64 m_id;
    ProcessSpec m_spec;
    Supervisor *m_supervisor;
    QProcess *m_process = nullptr;
    // The read ends of the run's stdout and stderr pipes, watched by the supervisor's
    // PipeReader; -1 when closed (or when QProcess reads them itself, if pipes could not
    // be made).
    int m_pipe[2] = {-1, -1};
    quint64 m_pipeHandle[2] = {0, 0};
    int m_widenedFrom = 0; // m_pipe[0] was widened for a chatty child from this size; 0: not
    bool m_ownPipes = false; // this run's output comes through m_pipe, not QProcess
    QPointer<PipeReader> m_pipes;
    QPointer<QSocketNotifier> m_deathNotifier; // QProcess's, turned off while in the epoll set
    quint64 m_deathHandle = 0;
    ProcessState m_state = ProcessState::Starting;
    qint64 m_pid = 0;
    int m_runCount = 0;
    qint64 m_startedMs = -1;
    ProcessResult m_result;
    StopTimeline m_timeline;
    ProcessSample m_sample;
    qint64 m_stoppedSinceMs = -1;
    qint64 m_continuedAtMs = -1;
    TimeSeries m_history{2, kHistorySamples};
    OutputRing m_output;
    QTimer *m_watchdog = nullptr;
    QTimer *m_grace = nullptr;
    QDeadlineTimer m_watchdogDeadline = QDeadlineTimer::Forever;
    QString m_setupFailure; // what the child's setup reported, if it failed
    bool m_escalated = false;
    bool m_stderrSeen = false;
    bool m_inStart = false;
    bool m_inFinish = false; // finished() is being emitted
    bool m_recorded = false;
};

} // namespace herd
