#include "session.h"

#include <QCoreApplication>
#include <QTimer>

namespace herd {

Session::Session(QObject *parent)
    : QObject(parent)
    , m_supervisor(new Supervisor(this))
{
    connect(m_supervisor, &Supervisor::processFinished, this, &Session::onProcessFinished);
}

Session::~Session() = default;

Session::RestartInfo Session::restartInfo(quint64 processId) const
{
    return m_restarts.value(processId).info;
}

void Session::setQuitting(bool quitting)
{
    m_quitting = quitting;
    if (!quitting)
        return;
    for (RestartState &state : m_restarts) {
        if (state.timer) {
            state.timer->stop();
            state.info.pending = false;
        }
    }
}

void Session::onProcessFinished(ManagedProcess *process)
{
    RestartState &state = m_restarts[process->id()];
    state.info.lastExit = process->result().message;
    applyRestartPolicy(process);
}

void Session::applyRestartPolicy(ManagedProcess *process)
{
    const RestartPolicy &policy = process->spec().restart;
    const ProcessResult result = process->result();
    if (m_quitting || policy.mode == RestartPolicy::Mode::Never)
        return;
    // A stop the user (or Herd quitting) asked for is final; a watchdog's is not.
    if (result.cause == StopCause::User || result.cause == StopCause::Quit)
        return;
    const bool success = result.state == ProcessState::Exited && result.exitCode == 0;
    if (policy.mode == RestartPolicy::Mode::OnFailure && success)
        return;

    RestartState &state = m_restarts[process->id()];
    const qint64 now = m_supervisor->elapsedMs();
    while (!state.recent.isEmpty() && now - state.recent.first() > policy.windowMs)
        state.recent.removeFirst();
    if (state.recent.size() >= policy.maxRestarts) {
        state.info.gaveUp = true;
        state.info.pending = false;
        const QString message =
            tr("%1 keeps failing: %n restart(s) within %2 s; left stopped (last: %3)", nullptr, int(state.recent.size()))
                .arg(process->name())
                .arg(policy.windowMs / 1000.0)
                .arg(result.message);
        emit processGaveUp(process, message);
        return;
    }
    const qint64 delay = restartDelayMs(policy, int(state.recent.size()) + 1);
    state.recent << now + delay;
    state.info.pending = true;
    state.info.nextRestartMs = now + delay;
    if (!state.timer) {
        state.timer = new QTimer(this);
        state.timer->setSingleShot(true);
        const quint64 id = process->id();
        connect(state.timer, &QTimer::timeout, this, [this, id] {
            ManagedProcess *p = m_supervisor->process(id);
            RestartState &s = m_restarts[id];
            s.info.pending = false;
            s.info.nextRestartMs = -1;
            if (!p || p->isAlive() || m_quitting)
                return;
            if (p->restart().isEmpty())
                ++s.info.restarts;
        });
    }
    state.timer->start(int(delay));
    emit restartScheduled(process, delay);
}

QString Session::restartProcess(ManagedProcess *process)
{
    if (process->isAlive())
        return tr("%1 is still running; stop it first").arg(process->name());
    RestartState &state = m_restarts[process->id()];
    if (state.timer)
        state.timer->stop();
    state.info.gaveUp = false;
    state.info.pending = false;
    state.recent.clear();
    return process->restart();
}

QString Session::startDocument(const SessionDocument &document, const QString &directory)
{
    // Check everything first, so a document with any fault starts nothing.
    QStringList names;
    for (const ProcessSpec &spec : document.processes) {
        ProcessSpec resolved = spec;
        resolved.workingDirectory = resolveSessionPath(directory, spec.workingDirectory);
        const QString error = validateSpec(resolved);
        if (!error.isEmpty())
            return tr("%1: %2").arg(spec.name.isEmpty() ? spec.program : spec.name, error);
        if (!spec.name.isEmpty()) {
            if (m_supervisor->findByName(spec.name) || names.contains(spec.name))
                return tr("the name \"%1\" is already taken in this session").arg(spec.name);
            names << spec.name;
        }
    }
    for (const ProcessSpec &spec : document.processes) {
        ProcessSpec resolved = spec;
        resolved.workingDirectory = resolveSessionPath(directory, spec.workingDirectory);
        m_supervisor->spawn(resolved);
    }
    return {};
}

SessionDocument Session::toDocument() const
{
    SessionDocument doc;
    for (ManagedProcess *p : m_supervisor->processes()) {
        if (p->spec().kind == ProcessKind::Worker)
            continue;
        doc.processes << p->spec();
    }
    return doc;
}

SessionDocument Session::demoDocument()
{
    SessionDocument doc;
    ProcessSpec named;
    named.name = QStringLiteral("test");
    named.program = QStringLiteral("printenv");
    named.arguments = QStringList{QStringLiteral("HERD_PROCESS_NAME")};
    doc.processes << named;

    ProcessSpec unnamed = named;
    unnamed.name.clear();
    doc.processes << unnamed;

    ProcessSpec ticker;
    ticker.name = QStringLiteral("ticker");
    ticker.program = QStringLiteral("sh");
    ticker.arguments = QStringList{QStringLiteral("-c"),
                                   QStringLiteral("while :; do echo running; sleep 1; done")};
    ticker.timeoutMs = 5000;
    doc.processes << ticker;

    ProcessSpec background;
    background.name = QStringLiteral("background");
    background.program = QStringLiteral("sh");
    background.arguments = QStringList{QStringLiteral("-c"),
                                       QStringLiteral("for i in 1 2 3 4 5 6 7 8 9 10; do echo background; sleep 1; done")};
    background.daemon = true;
    doc.processes << background;

    WorkerPoolSpec pool;
    pool.count = 2;
    pool.workMs = 1000;
    doc.pools << pool;
    doc.tasks.count = 10;
    return doc;
}

} // namespace herd
