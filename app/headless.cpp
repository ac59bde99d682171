#include "headless.h"

#include "process/supervisor.h"
#include "session.h"
#include "unixsignalwatcher.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <QFileInfo>

#include <csignal>
#include <cstdio>
#include <time.h>

namespace herd {

HeadlessRunner::HeadlessRunner(Session *session, CommandLine options, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_options(std::move(options))
{
    auto *watcher = new UnixSignalWatcher(this);
    connect(watcher, &UnixSignalWatcher::signalReceived, this, &HeadlessRunner::onUnixSignal);
    Supervisor *sup = m_session->supervisor();
    connect(sup, &Supervisor::processSpawned, this, &HeadlessRunner::onSpawned);
    connect(sup, &Supervisor::processStateChanged, this, &HeadlessRunner::onStateChanged);
    connect(sup, &Supervisor::processFinished, this, &HeadlessRunner::onFinished);
    connect(sup, &Supervisor::processOutput, this, &HeadlessRunner::onOutput);
    connect(m_session, &Session::taskEvents, this, &HeadlessRunner::onTaskEvents);
    connect(m_session, &Session::drained, this, &HeadlessRunner::checkDone);
    connect(m_session, &Session::queueProblem, this, [this](const QString &message) {
        m_echo.write(QStringLiteral("herd: %1\n").arg(message).toUtf8());
        m_echo.flush();
    });
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    m_clockOriginNs = qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec - sup->elapsedMs() * 1000000;
}

HeadlessRunner::~HeadlessRunner()
{
    m_events.flush();
    m_echo.flush();
}

QString HeadlessRunner::start()
{
    if (!m_options.eventsPath.isEmpty()) {
        const QString error = m_events.open(m_options.eventsPath);
        if (!error.isEmpty())
            return error;
    }
    if (!m_echo.open(m_events.writesToStdout() ? stderr : stdout, QIODevice::WriteOnly))
        return tr("cannot write to the terminal");

    const QString error = spawnFromOptions();
    if (!error.isEmpty()) {
        m_session->supervisor()->killAll(StopCause::Quit);
        return error;
    }
    checkDone();
    return {};
}

QString HeadlessRunner::spawnFromOptions()
{
    Supervisor *sup = m_session->supervisor();
    const bool wantsQueue = m_options.workers > 0 || m_options.tasks > 0 || !m_options.tasksFrom.isEmpty()
        || m_options.demo || !m_options.sessionFile.isEmpty();
    if (!m_session->queue()) {
        TaskQueue::Options queueOptions;
        queueOptions.maxAttempts = quint32(m_options.maxAttempts);
        const QString queueError = m_session->open(queueOptions);
        if (!queueError.isEmpty() && wantsQueue)
            return queueError;
    }
    // Without an event stream nobody reads the queue's events one by one: the ledger has it all.
    if (m_session->queue() && !m_events.isOpen())
        m_session->queue()->setEventLog(false);
    m_session->setCloseWhenDrained(true);
    m_session->setDrainInterval(2);
    QString error = m_session->setTaskTimeout(m_options.taskTimeoutMs);
    if (!error.isEmpty())
        return error;

    if (!m_options.sessionFile.isEmpty()) {
        const SessionFileResult file = readSessionFile(m_options.sessionFile);
        if (!file.ok())
            return file.describe(m_options.sessionFile);
        error = m_session->startDocument(file.document, file.directory);
        if (!error.isEmpty())
            return tr("%1: %2").arg(m_options.sessionFile, error);
    }
    if (m_options.demo) {
        error = m_session->startDemo();
        if (!error.isEmpty())
            return error;
    }
    for (const RunRequest &run : std::as_const(m_options.runs)) {
        ProcessSpec spec;
        spec.name = run.name;
        spec.program = run.program;
        spec.arguments = run.arguments;
        spec.timeoutMs = m_options.timeoutMs;
        spec.graceMs = m_options.graceMs;
        spec.daemon = m_options.daemon;
        const Supervisor::SpawnResult result = sup->spawn(spec);
        if (!result.ok())
            return tr("cannot run %1: %2").arg(run.name.isEmpty() ? run.program : run.name, result.error);
    }
    if (m_options.workers > 0) {
        WorkerPoolSpec pool;
        pool.count = m_options.workers;
        pool.workMs = m_options.workMs;
        pool.exec = m_options.exec;
        pool.graceMs = m_options.graceMs;
        error = m_session->spawnPool(pool);
        if (!error.isEmpty())
            return tr("cannot spawn workers: %1").arg(error);
    }
    if (m_options.tasks > 0 && !(error = m_session->enqueueCount(m_options.tasks)).isEmpty())
        return error;
    if (!m_options.tasksFrom.isEmpty() && !(error = m_session->enqueueFile(m_options.tasksFrom)).isEmpty())
        return error;
    return {};
}

void HeadlessRunner::onTaskEvents(const QVector<TaskEvent> &batch)
{
    for (const TaskEvent &e : batch) {
        if (e.kind == TaskEventKind::Failed || e.kind == TaskEventKind::DeadLettered)
            m_failed = true;
        if (!m_events.isOpen())
            continue;
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
        m_events.write(o);
    }
    m_events.flush();
}

void HeadlessRunner::emitEvent(const QJsonObject &event)
{
    m_events.write(event);
}

void HeadlessRunner::onSpawned(ManagedProcess *process)
{
    m_nameWidth = qMax(m_nameWidth, int(process->name().size()));
}

void HeadlessRunner::onStateChanged(ManagedProcess *process)
{
    if (process->state() != ProcessState::Running)
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
    emitEvent(e);
    m_events.flush();
}

void HeadlessRunner::onFinished(ManagedProcess *process)
{
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
    emitEvent(e);
    m_events.flush();

    // Daemons that Herd stops on its way out are not failures; everything else must exit 0.
    const bool stoppedByUs = r.cause == StopCause::Quit && process->spec().daemon;
    if (!stoppedByUs && (r.state != ProcessState::Exited || r.exitCode != 0))
        m_failed = true;

    const QString line = QStringLiteral("%1 | %2\n")
                             .arg(process->name(), -m_nameWidth)
                             .arg(r.message);
    m_echo.write(line.toUtf8());
    m_echo.flush();
    checkDone();
}

void HeadlessRunner::onOutput(ManagedProcess *process, const QVector<OutputLine> &lines)
{
    const QByteArray prefix = QStringLiteral("%1 | ").arg(process->name(), -m_nameWidth).toUtf8();
    QByteArray text;
    for (const OutputLine &line : lines) {
        text += prefix;
        text += line.text;
        text += '\n';
    }
    m_echo.write(text);
    m_echo.flush();
}

void HeadlessRunner::onUnixSignal(int sig)
{
    ++m_signalsSeen;
    m_interruptStatus = 128 + sig;
    Supervisor *sup = m_session->supervisor();
    if (m_signalsSeen == 1) {
        m_echo.write(tr("herd: %1 received, stopping every process (again to kill them)\n")
                         .arg(signalName(sig)).toUtf8());
        m_echo.flush();
        m_stopping = true;
        sup->terminateAll(StopCause::Quit);
    } else {
        sup->killAll(StopCause::Quit);
    }
    checkDone();
}

void HeadlessRunner::checkDone()
{
    if (m_done)
        return;
    Supervisor *sup = m_session->supervisor();
    if (sup->aliveNonDaemonCount() > 0)
        return;
    if (m_session->recoveryPending() && m_signalsSeen == 0)
        return; // the queue was replaced: its tasks and workers are on their way back
    if (sup->aliveCount() > 0) {
        // Only daemons are left: like Python, they end with the main program.
        if (!m_stopping) {
            m_stopping = true;
            sup->terminateAll(StopCause::Quit, true);
        }
        return;
    }
    m_done = true;
    const TaskLedger *ledger = m_session->ledger();
    if (ledger->size() > ledger->count(TaskLedger::State::Done)) {
        m_failed = true;
        const qint64 open = ledger->size() - ledger->count(TaskLedger::State::Done)
            - ledger->count(TaskLedger::State::Failed) - ledger->count(TaskLedger::State::DeadLettered);
        if (open > 0)
            m_echo.write(tr("herd: %n task(s) never finished: no worker was left to take them\n", nullptr, int(open)).toUtf8());
    }
    if (!m_options.reportPath.isEmpty()) {
        QString error;
        if (!ledger->writeCsv(m_options.reportPath, &error)) {
            m_echo.write(tr("herd: cannot write the report: %1\n").arg(error).toUtf8());
            m_failed = true;
        }
    }
    m_events.flush();
    m_echo.flush();
    int status = m_failed ? 1 : 0;
    if (m_interruptStatus != 0)
        status = m_interruptStatus;
    emit finished(status);
}

} // namespace herd
