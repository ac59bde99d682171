#include "headless.h"

#include "process/supervisor.h"
#include "session.h"
#include "unixsignalwatcher.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <csignal>
#include <cstdio>

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
    return {};
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
        {QStringLiteral("t"), m_session->supervisor()->elapsedMs()},
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
        {QStringLiteral("t"), m_session->supervisor()->elapsedMs()},
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
    if (sup->aliveCount() > 0) {
        // Only daemons are left: like Python, they end with the main program.
        if (!m_stopping) {
            m_stopping = true;
            sup->terminateAll(StopCause::Quit, true);
        }
        return;
    }
    m_done = true;
    m_events.flush();
    m_echo.flush();
    int status = m_failed ? 1 : 0;
    if (m_interruptStatus != 0)
        status = m_interruptStatus;
    emit finished(status);
}

} // namespace herd
