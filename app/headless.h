#pragma once

#include "boundedwriter.h"
#include "commandline.h"
#include "eventstream.h"
#include "launchplan.h"

#include <QHash>

#include <QObject>

#include <memory>

namespace herd {

class ManagedProcess;
class Session;
class TaskSource;
struct OutputLine;
struct TaskEvent;

// `herd --headless`: drives a Session without a window. Echoes every line a child prints
// prefixed with its name (as Procfile runners do), writes the event stream, and ends when
// every non-daemon process has ended and no restart is pending, with status 0 only if all
// of them exited with 0. Every signal that would end Herd (SIGINT, SIGTERM, SIGHUP, SIGUSR1,
// ...) stops the children the safe way first; a second one kills them.
//
// Herd's thread never blocks on I/O: task files are read as data arrives (a FIFO with no
// writer waits, yet a signal still ends Herd), and the echo and the events are written by
// threads of their own through bounded buffers (echoed lines are dropped and counted rather
// than stalling when nobody reads standard output; a closed standard output stops the echo).
// Everything is checked before anything starts: options, the session file, the task
// sources (read whole first) and where the report and the events go.
class HeadlessRunner final : public QObject
{
    Q_OBJECT

public:
    HeadlessRunner(Session *session, CommandLine options, QObject *parent = nullptr);
    ~HeadlessRunner() override;

    // Checks everything, reads the task sources, then spawns what the options ask for.
    // Fails with why nothing could start. A fault found later (while reading a task
    // source) is printed and ends the run with status 2, nothing started.
    Result<void> start();

signals:
    // The run is over: every process has ended. status is the process exit status.
    void finished(int status);

private:
    void onSpawned(ManagedProcess *process);
    void onFinished(ManagedProcess *process);
    void onOutput(ManagedProcess *process, const QVector<OutputLine> &lines);
    void onUnixSignal(int sig);
    void onTaskEvents(const QVector<TaskEvent> &batch);
    void checkDone();
    Result<void> launch();
    void onSourceFinished(TaskSource *source, const QString &error);
    void refuse(const QString &error);
    void finish(int status);
    void stopAll(int status, const QString &why);
    void note(const QString &message);
    void echo(const QByteArray &text);
    void onEchoFailed();
    void onEventsFailed();
    Result<void> spawnFromOptions();
    QString prefix(const QString &name) const;

    Session *m_session;
    CommandLine m_options;
    EventStream m_events;
    // Standard output, or standard error when events go to standard output.
    std::unique_ptr<BoundedWriter> m_echo;
    bool m_echoOff = false;
    LaunchPlan m_plan;                  // what the command line asks for, as one document
    QVector<TaskSource *> m_loading;    // task files being read before anything starts
    QHash<QString, QList<QByteArray>> m_loadedFiles; // their lines, read whole, by path
    bool m_launched = false;
    int m_nameWidth = 0;
    int m_signalsSeen = 0;
    bool m_failed = false;
    bool m_done = false;
    int m_interruptStatus = 0;
};

} // namespace herd
