#pragma once

#include "commandline.h"
#include "eventstream.h"

#include <QFile>
#include <QObject>

namespace herd {

class ManagedProcess;
class Session;
struct OutputLine;
struct TaskEvent;

// `herd --headless`: drives a Session without a window. Echoes every line a child prints
// prefixed with its name (as Procfile runners do), writes the event stream, and ends when
// every non-daemon process has ended, with status 0 only if all of them exited with 0.
// SIGINT/SIGTERM stop the children the safe way first; a second one kills them.
class HeadlessRunner final : public QObject
{
    Q_OBJECT

public:
    HeadlessRunner(Session *session, CommandLine options, QObject *parent = nullptr);
    ~HeadlessRunner() override;

    // Spawns what the options ask for. Returns "" or why nothing could start.
    QString start();

signals:
    // The run is over: every process has ended. status is the process exit status.
    void finished(int status);

private:
    void onSpawned(ManagedProcess *process);
    void onStateChanged(ManagedProcess *process);
    void onFinished(ManagedProcess *process);
    void onOutput(ManagedProcess *process, const QVector<OutputLine> &lines);
    void onUnixSignal(int sig);
    void onTaskEvents(const QVector<TaskEvent> &batch);
    void checkDone();
    void emitEvent(const QJsonObject &event);
    QString spawnFromOptions();

    Session *m_session;
    CommandLine m_options;
    EventStream m_events;
    QFile m_echo; // standard output, or standard error when events go to standard output
    int m_nameWidth = 0;
    int m_signalsSeen = 0;
    bool m_stopping = false;
    bool m_failed = false;
    bool m_done = false;
    int m_interruptStatus = 0;
    qint64 m_clockOriginNs = 0; // CLOCK_MONOTONIC at the session clock's zero
};

} // namespace herd
