#pragma once

#include <QObject>
#include <QVector>

namespace herd {

class EventStream;
class ManagedProcess;
class Session;
struct TaskEvent;

// Turns what happens in a Session into the event stream's JSON Lines: one object per
// spawn ("spawned"), exit ("exited"), and task event ("enqueued", "taken", "done",
// "failed", "requeued", "dead-lettered") and the replacement of a damaged queue
// ("queue-damaged": message, moved, suspect_pid and suspect when known), a worker that joined
// the queue by itself or left it ("worker-joined", "worker-left": name, host, pid; on
// leaving also tasks_done and why), with "t" in ms on
// the session's clock. The one
// place the format is made, for the window and --headless alike. Writes nothing while the
// stream is not open. Construct it before anything else connects to the session, so an
// event is written before whoever reacts to it (and may end the run) sees it.
class EventRecorder final : public QObject
{
    Q_OBJECT

public:
    EventRecorder(Session *session, EventStream *stream, QObject *parent = nullptr);

private:
    void onStateChanged(ManagedProcess *process);
    void onFinished(ManagedProcess *process);
    void onTaskEvents(const QVector<TaskEvent> &batch);

    Session *m_session;
    EventStream *m_stream;
    qint64 m_clockOriginNs = 0; // CLOCK_MONOTONIC at the session clock's zero
};

} // namespace herd
