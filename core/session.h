#pragma once

#include "process/supervisor.h"
#include "sessionfile.h"

#include <QHash>
#include <QObject>

class QTimer;

namespace herd {

// One Herd session: the supervisor of its processes and the task queue they drain. The
// window and the headless runner both drive a Session, so neither rewires the parts; a
// worker's death is turned into the recovery of its task here, and restart policies are
// applied here.
class Session final : public QObject
{
    Q_OBJECT

public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    Supervisor *supervisor() const { return m_supervisor; }

    // What the restart policy has done for a process so far.
    struct RestartInfo {
        int restarts = 0;          // runs started by the policy
        bool gaveUp = false;       // crash-looping: left stopped
        bool pending = false;      // a restart is scheduled
        qint64 nextRestartMs = -1; // when, on the session clock
        QString lastExit;          // the message of the last run that ended
    };
    RestartInfo restartInfo(quint64 processId) const;

    // Restart a process by hand (the window's Restart): clears a "gave up" mark.
    QString restartProcess(ManagedProcess *process);

    // Starts everything a session document describes. Returns "" or why nothing started
    // (the document is checked as a whole first). `directory` resolves relative paths.
    QString startDocument(const SessionDocument &document, const QString &directory = {});
    // What is running now, as a document that startDocument recreates.
    SessionDocument toDocument() const;

    // The seed's scenarios: a named process, an unnamed one (Process-N), a process stopped
    // by its 5 s watchdog, a daemon, and two workers draining ten tasks.
    static SessionDocument demoDocument();

    // Stop scheduling restarts (Herd is quitting).
    void setQuitting(bool quitting);
    bool isQuitting() const { return m_quitting; }

signals:
    // A restart is scheduled after delayMs.
    void restartScheduled(herd::ManagedProcess *process, qint64 delayMs);
    // The policy gave up on a crash-looping process; message says why, in words.
    void processGaveUp(herd::ManagedProcess *process, const QString &message);

private:
    void onProcessFinished(ManagedProcess *process);
    void applyRestartPolicy(ManagedProcess *process);

    struct RestartState {
        RestartInfo info;
        QVector<qint64> recent; // session-clock times of policy restarts within the window
        QTimer *timer = nullptr;
    };

    Supervisor *m_supervisor;
    QHash<quint64, RestartState> m_restarts;
    bool m_quitting = false;
};

} // namespace herd
