#include "eventrecorder.h"

#include "eventstream.h"
#include "process/supervisor.h"
#include "session.h"

#include <QJsonObject>

#include <time.h>

namespace herd {

EventRecorder::EventRecorder(Session *session, EventStream *stream, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_stream(stream)
{
    Supervisor *sup = m_session->supervisor();
    connect(sup, &Supervisor::processStateChanged, this, &EventRecorder::onStateChanged);
    connect(sup, &Supervisor::processFinished, this, &EventRecorder::onFinished);
    connect(m_session, &Session::taskEvents, this, &EventRecorder::onTaskEvents);
    connect(m_session, &Session::queueReplaced, this, [this](const QString &message, qint64 suspect, int moved) {
        if (!m_stream->isOpen())
            return;
        QJsonObject e{
            {QStringLiteral("event"), QStringLiteral("queue-damaged")},
            {QStringLiteral("t"), m_session->supervisor()->elapsedMs()},
            {QStringLiteral("message"), message},
            {QStringLiteral("moved"), moved},
        };
        if (suspect > 0) {
            e.insert(QStringLiteral("suspect_pid"), suspect);
            const QString name = m_session->nameOfPid(suspect);
            if (!name.isEmpty())
                e.insert(QStringLiteral("suspect"), name);
        }
        m_stream->write(e);
        m_stream->flush();
    });
    // Workers that joined the queue by themselves (on other machines, or started by hand).
    auto remote = [this](const RemoteWorkerInfo &info, bool joined) {
        if (!m_stream->isOpen())
            return;
        QJsonObject e{
            {QStringLiteral("event"), joined ? QStringLiteral("worker-joined") : QStringLiteral("worker-left")},
            {QStringLiteral("t"), m_session->supervisor()->elapsedMs()},
            {QStringLiteral("name"), info.name},
            {QStringLiteral("host"), info.host},
            {QStringLiteral("pid"), info.pid},
            {QStringLiteral("remote"), true},
        };
        if (!joined) {
            e.insert(QStringLiteral("tasks_done"), qint64(info.tasksDone));
            e.insert(QStringLiteral("why"), info.goneWhy);
        }
        m_stream->write(e);
        m_stream->flush();
    };
    connect(m_session, &Session::remoteWorkerJoined, this,
            [remote](const RemoteWorkerInfo &info) { remote(info, true); });
    connect(m_session, &Session::remoteWorkerLeft, this,
            [remote](const RemoteWorkerInfo &info) { remote(info, false); });
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    m_clockOriginNs = qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec - sup->elapsedMs() * 1000000;
}

void EventRecorder::onStateChanged(ManagedProcess *process)
{
    if (!m_stream->isOpen() || process->state() != ProcessState::Running)
        return;
    QJsonObject e{
        {QStringLiteral("event"), QStringLiteral("spawned")},
        {QStringLiteral("name"), process->name()},
        {QStringLiteral("pid"), process->pid()},
        // When it was started (its watchdog counts from there), not when this was noticed.
        {QStringLiteral("t"), process->startedMs()},
    };
    if (process->spec().daemon)
        e.insert(QStringLiteral("daemon"), true);
    if (process->spec().kind == ProcessKind::Worker)
        e.insert(QStringLiteral("worker"), true);
    m_stream->write(e);
    m_stream->flush();
}

void EventRecorder::onFinished(ManagedProcess *process)
{
    if (!m_stream->isOpen())
        return;
    const ProcessResult r = process->result();
    QJsonObject e{
        {QStringLiteral("event"), QStringLiteral("exited")},
        {QStringLiteral("name"), process->name()},
        {QStringLiteral("t"), process->endedMs() >= 0 ? process->endedMs() : m_session->supervisor()->elapsedMs()},
        {QStringLiteral("reason"), endReasonName(r.reason)},
        {QStringLiteral("message"), r.message},
    };
    if (r.state == ProcessState::FailedToStart) {
        e.insert(QStringLiteral("pid"), QJsonValue::Null);
        e.insert(QStringLiteral("exitcode"), QJsonValue::Null);
    } else {
        e.insert(QStringLiteral("pid"), process->pid());
        e.insert(QStringLiteral("exitcode"), r.exitCode);
    }
    if (r.cause != StopCause::None)
        e.insert(QStringLiteral("stopped_by"), stopCauseName(r.cause));
    m_stream->write(e);
    m_stream->flush();
}

void EventRecorder::onTaskEvents(const QVector<TaskEvent> &batch)
{
    if (!m_stream->isOpen())
        return;
    for (const TaskEvent &e : batch) {
        QJsonObject o{
            {QStringLiteral("event"), taskEventKindName(e.kind)},
            {QStringLiteral("task"), qint64(e.taskId)},
            {QStringLiteral("t"), (e.timeNs - m_clockOriginNs) / 1000000},
        };
        switch (e.kind) {
        case TaskEventKind::Enqueued:
            // The queue records into the session's ledger, so the payload is read from there.
            o.insert(QStringLiteral("payload"),
                     QString::fromUtf8(m_session->ledger()->payload(m_session->ledger()->rowOfTicket(e.ticket))));
            break;
        case TaskEventKind::Taken:
            o.insert(QStringLiteral("worker"), m_session->nameOfPid(e.workerPid));
            // A worker on another machine has no pid here: its name says where it runs.
            if (TaskQueueInterface::isRemoteWorker(e.workerPid))
                o.insert(QStringLiteral("pid"), QJsonValue::Null);
            else
                o.insert(QStringLiteral("pid"), e.workerPid);
            o.insert(QStringLiteral("attempt"), qint64(e.attempt));
            break;
        case TaskEventKind::Done:
        case TaskEventKind::Failed:
            o.insert(QStringLiteral("worker"), m_session->nameOfPid(e.workerPid));
            o.insert(QStringLiteral("attempt"), qint64(e.attempt));
            o.insert(QStringLiteral("result"), e.resultCode);
            if (!e.text.isEmpty())
                o.insert(QStringLiteral("text"), e.text);
            break;
        case TaskEventKind::Requeued:
        case TaskEventKind::DeadLettered:
            if (e.workerPid > 0)
                o.insert(QStringLiteral("worker"), m_session->nameOfPid(e.workerPid));
            o.insert(QStringLiteral("attempt"), qint64(e.attempt));
            o.insert(QStringLiteral("reason"), e.text);
            break;
        }
        m_stream->write(o);
    }
    m_stream->flush();
}

} // namespace herd
