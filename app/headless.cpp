#include "headless.h"

#include "eventrecorder.h"
#include "runoutputs.h"

#include "process/supervisor.h"
#include "session.h"
#include "tasksource.h"
#include "unixsignalwatcher.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace herd {

namespace {
// Echoed output waiting for a slow reader: past this, lines are dropped and counted.
constexpr qsizetype kEchoBuffer = 1024 * 1024;

// Names and other text from the user reach the terminal without control characters.
QString printable(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace

HeadlessRunner::HeadlessRunner(Session *session, CommandLine options, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_options(std::move(options))
{
    // First, so that an event is written before this runner reacts to it (and may end the run).
    new EventRecorder(m_session, &m_events, this);
    auto *watcher = new UnixSignalWatcher(this);
    connect(watcher, &UnixSignalWatcher::signalReceived, this, &HeadlessRunner::onUnixSignal);
    Supervisor *sup = m_session->supervisor();
    connect(sup, &Supervisor::processSpawned, this, &HeadlessRunner::onSpawned);
    connect(sup, &Supervisor::processFinished, this, &HeadlessRunner::onFinished);
    connect(sup, &Supervisor::processOutput, this, &HeadlessRunner::onOutput);
    connect(m_session, &Session::taskEvents, this, &HeadlessRunner::onTaskEvents);
    connect(m_session, &Session::drained, this, &HeadlessRunner::checkDone);
    connect(m_session, &Session::restartSettled, this, &HeadlessRunner::checkDone);
    connect(m_session, &Session::recoverySettled, this, &HeadlessRunner::checkDone);
    connect(m_session, &Session::queueProblem, this, [this](const QString &message) { note(message); });
    connect(m_session, &Session::remoteWorkerJoined, this, [this](const RemoteWorkerInfo &w) {
        note(tr("remote worker %1 joined from %2 (pid %3)").arg(w.name, w.host).arg(w.pid));
    });
    connect(m_session, &Session::remoteWorkerLeft, this, [this](const RemoteWorkerInfo &w) {
        note(tr("remote worker %1 on %2 left after %n task(s): %3", nullptr, int(w.tasksDone)).arg(w.name, w.host, w.goneWhy));
    });
    // Said through queueProblem; tasks that were not read make the run fail.
    connect(m_session, &Session::taskSourceFailed, this, [this] { m_failed = true; });
    connect(m_session, &Session::processGaveUp, this, [this](ManagedProcess *, const QString &message) {
        note(message);
        m_failed = true;
    });
    // Events on standard output move the echo to standard error.
    const int echoFd = m_options.eventsPath == QLatin1String("-") ? STDERR_FILENO : STDOUT_FILENO;
    m_echo = std::make_unique<BoundedWriter>(echoFd, kEchoBuffer, [this] {
        QMetaObject::invokeMethod(this, &HeadlessRunner::onEchoFailed, Qt::QueuedConnection);
    });
}

HeadlessRunner::~HeadlessRunner()
{
    qDeleteAll(m_loading);
}

QString HeadlessRunner::prefix(const QString &name) const
{
    return QStringLiteral("%1 | ").arg(printable(name), -m_nameWidth);
}

void HeadlessRunner::echo(const QByteArray &text)
{
    if (!m_echoOff)
        m_echo->write(text);
}

void HeadlessRunner::note(const QString &message)
{
    echo(QStringLiteral("herd: %1\n").arg(message).toUtf8());
}

void HeadlessRunner::onEchoFailed()
{
    m_echoOff = true;
    if (m_echo->readerGone()) {
        // `herd ... | head -1`: whoever read the echo has gone. The run goes on.
        if (m_options.eventsPath != QLatin1String("-"))
            std::fprintf(stderr, "herd: %s\n",
                         qPrintable(tr("standard output was closed; output is no longer echoed")));
        return;
    }
    std::fprintf(stderr, "herd: %s\n", qPrintable(tr("cannot echo output: %1").arg(m_echo->error())));
    m_failed = true;
}

void HeadlessRunner::onEventsFailed()
{
    if (m_events.writesToStdout() && m_events.readerGone() && !m_done) {
        // Nobody reads the events any more: running on would lose every one of them.
        std::fprintf(stderr, "herd: %s\n",
                     qPrintable(tr("standard output was closed: nobody reads the events; stopping every process")));
        stopAll(128 + SIGPIPE, tr("standard output was closed"));
    }
}

Result<void> HeadlessRunner::start()
{
    using R = Result<void>;
    // The same document the window would start for this command line.
    Result<LaunchPlan> plan = buildLaunchPlan(m_options);
    if (!plan.ok())
        return R::from(plan);
    m_plan = std::move(plan.value);
    if (!m_plan.sessionFile.isEmpty()) {
        if (!m_plan.spawnsSomething() && !m_plan.hasTasks() && !m_options.demo)
            return R::failure(tr("%1 has nothing to run: no process, no workers and no tasks").arg(m_plan.sessionFile));
        if (m_plan.hasTasks() && !m_plan.spawnsSomething() && !m_options.demo)
            return R::failure(tr("%1: tasks need workers to take them: add a [workers] section").arg(m_plan.sessionFile));
    }
    if (const R outputs = checkRunOutputs(m_options.eventsPath, m_options.reportPath, m_plan.inputs()); !outputs.ok())
        return outputs;
    if (!m_options.eventsPath.isEmpty()) {
        const R opened = m_events.open(m_options.eventsPath, [this] {
            QMetaObject::invokeMethod(this, &HeadlessRunner::onEventsFailed, Qt::QueuedConnection);
        });
        if (!opened.ok())
            return opened;
    }

    const bool wantsQueue = m_plan.hasTasks() || !m_plan.document.pools.isEmpty() || m_options.demo;
    if (!m_session->queue()) {
        const R queue = openQueue(m_session, m_plan.document);
        if (!queue.ok() && wantsQueue)
            return queue;
    }
    if (const R checked = m_session->checkDocument(m_plan.document, m_plan.directory); !checked.ok())
        return m_plan.sessionFile.isEmpty() ? checked : R::failure(tr("%1: %2").arg(m_plan.sessionFile, checked.error));
    if (m_plan.document.tasks.count > 0) {
        if (const R room = m_session->checkTaskRoom(m_plan.document.tasks.count); !room.ok())
            return room;
    }

    // Task files are read whole before anything starts (a fault in one starts nothing), on
    // the event loop: a FIFO waits for its writer without blocking Herd.
    const qint64 maxPayload = m_session->queue() ? m_session->queue()->maxPayload() : TaskQueue::Options().maxPayload;
    for (const QString &file : m_plan.taskFiles()) {
        if (file == QLatin1String("-"))
            continue; // standard input is read while the run goes on
        auto *source = new TaskSource(file, maxPayload);
        m_loading << source;
        if (const R started = source->start(); !started.ok())
            return started;
        connect(source, &TaskSource::finished, this,
                [this, source](const QString &e) { onSourceFinished(source, e); });
    }
    if (!m_loading.isEmpty())
        return R::success();
    return launch();
}

void HeadlessRunner::onSourceFinished(TaskSource *source, const QString &error)
{
    Q_ASSERT(m_loading.contains(source));
    if (m_done)
        return;
    if (!error.isEmpty()) {
        refuse(tr("%1, so nothing was started").arg(error));
        return;
    }
    QList<QByteArray> lines = source->takeLines();
    if (lines.isEmpty()) {
        refuse(tr("%1 holds no tasks").arg(source->path()));
        return;
    }
    m_loadedFiles.insert(source->path(), std::move(lines));
    for (const TaskSource *s : std::as_const(m_loading))
        if (!s->isFinished())
            return;
    const Result<void> launched = launch();
    if (!launched.ok())
        refuse(launched.error);
}

void HeadlessRunner::refuse(const QString &error)
{
    std::fprintf(stderr, "herd: %s\n", qPrintable(error));
    m_session->shutdown()->stop(Shutdown::Mode::Kill);
    finish(2);
}

Result<void> HeadlessRunner::launch()
{
    m_launched = true;
    const Result<void> spawned = spawnFromOptions();
    if (!spawned.ok()) {
        m_session->shutdown()->stop(Shutdown::Mode::Kill);
        m_launched = false;
        return spawned;
    }
    checkDone();
    return Result<void>::success();
}

Result<void> HeadlessRunner::spawnFromOptions()
{
    // Without an event stream nobody reads the queue's events one by one: the ledger has it all.
    if (m_session->queue() && !m_events.isOpen())
        m_session->queue()->setEventLog(false);
    m_session->setCloseWhenDrained(true);
    m_session->setDrainInterval(2);

    const Result<void> started = m_session->startDocument(m_plan.document, m_plan.directory, &m_loadedFiles);
    m_loadedFiles.clear();
    if (!started.ok())
        return m_plan.sessionFile.isEmpty() ? started : Result<void>::failure(tr("%1: %2").arg(m_plan.sessionFile, started.error));
    if (m_options.demo)
        return m_session->startDemo();
    return Result<void>::success();
}

void HeadlessRunner::onTaskEvents(const QVector<TaskEvent> &batch)
{
    for (const TaskEvent &e : batch) {
        if (e.kind == TaskEventKind::Failed || e.kind == TaskEventKind::DeadLettered)
            m_failed = true;
    }
}

void HeadlessRunner::onSpawned(ManagedProcess *process)
{
    m_nameWidth = qMax(m_nameWidth, int(process->name().size()));
}

void HeadlessRunner::onFinished(ManagedProcess *process)
{
    const ProcessResult r = process->result();
    // Daemons that Herd stops on its way out are not failures; everything else must exit 0.
    const bool stoppedByUs = r.cause == StopCause::Quit && process->spec().daemon;
    if (!stoppedByUs && (r.state != ProcessState::Exited || r.exitCode != 0))
        m_failed = true;

    QString message = r.message;
    if (r.state == ProcessState::FailedToStart && !message.contains(process->spec().program))
        message += tr(" (%1)").arg(printable(process->spec().program)); // which program failed
    echo(prefix(process->name()).toUtf8() + message.toUtf8() + '\n');
    // The session applied the restart policy before this: say what comes next.
    const Session::RestartInfo restart = m_session->restartInfo(process->id());
    if (restart.pending && restart.nextRestartMs >= 0) {
        const qint64 delay = qMax<qint64>(0, restart.nextRestartMs - m_session->supervisor()->elapsedMs());
        echo(prefix(process->name()).toUtf8() + tr("restarting in %1 s").arg(delay / 1000.0).toUtf8() + '\n');
    }
    checkDone();
}

void HeadlessRunner::onOutput(ManagedProcess *process, const QVector<OutputLine> &lines)
{
    if (m_echoOff)
        return;
    const QByteArray head = prefix(process->name()).toUtf8();
    // "name | line\n" for each line, written into one buffer of the exact size.
    qsizetype size = 0;
    for (const OutputLine &line : lines)
        size += head.size() + line.text.size() + 1;
    QByteArray text(size, Qt::Uninitialized);
    char *out = text.data();
    for (const OutputLine &line : lines) {
        std::memcpy(out, head.constData(), size_t(head.size()));
        out += head.size();
        std::memcpy(out, line.text.constData(), size_t(line.text.size()));
        out += line.text.size();
        *out++ = '\n';
    }
    echo(text);
}

void HeadlessRunner::onUnixSignal(int sig)
{
    if (m_done)
        return;
    if (!m_launched) {
        // Still reading the task files (a FIFO may wait for a writer): nothing runs yet.
        std::fprintf(stderr, "herd: %s\n", qPrintable(tr("%1 received before anything started").arg(signalName(sig))));
        qDeleteAll(m_loading);
        m_loading.clear();
        finish(128 + sig);
        return;
    }
    stopAll(128 + sig, tr("%1 received").arg(signalName(sig)));
}

void HeadlessRunner::stopAll(int status, const QString &why)
{
    ++m_signalsSeen;
    if (m_interruptStatus == 0)
        m_interruptStatus = status;
    if (m_signalsSeen == 1)
        note(tr("%1, stopping every process (a signal again kills them)").arg(why));
    // The session's policy: SIGTERM, SIGKILL after the grace; asked again, SIGKILL now.
    // No restart brings back what is being stopped.
    m_session->shutdown()->stop(Shutdown::Mode::Terminate);
    checkDone();
}

void HeadlessRunner::checkDone()
{
    if (m_done || !m_launched)
        return;
    Supervisor *sup = m_session->supervisor();
    if (sup->aliveNonDaemonCount() > 0)
        return;
    m_session->settleReclaims(); // a death that waits for the next look: look now
    if (m_session->recoveryPending() && m_signalsSeen == 0)
        return; // the queue was replaced: its tasks and workers are on their way back
    // A process its policy will start again: the run is not over (a lone service that
    // exits is restarted, not left for dead).
    if (m_session->restartPending())
        return;
    if (sup->aliveCount() > 0) {
        // Only daemons are left: like Python, they end with the main program.
        m_session->shutdown()->stop(Shutdown::Mode::DaemonsOnly);
        return;
    }
    const TaskLedger *ledger = m_session->ledger();
    if (ledger->size() > ledger->count(TaskLedger::State::Done)) {
        m_failed = true;
        const qint64 open = ledger->size() - ledger->count(TaskLedger::State::Done)
            - ledger->count(TaskLedger::State::Failed) - ledger->count(TaskLedger::State::DeadLettered);
        if (open > 0) {
            if (m_interruptStatus != 0)
                note(tr("%n task(s) never finished: the run was interrupted", nullptr, int(open)));
            else
                note(tr("%n task(s) never finished: no worker was left to take them", nullptr, int(open)));
        }
    }
    if (!m_options.reportPath.isEmpty()) {
        const Result<void> written = writeLedgerReport(m_session->ledger(), m_options.reportPath);
        if (!written.ok()) {
            note(tr("cannot write the report: %1").arg(written.error));
            m_failed = true;
        }
    }
    const Result<void> eventsWritten = m_events.finish(QDeadlineTimer(5000));
    if (!eventsWritten.ok()) {
        std::fprintf(stderr, "herd: %s\n", qPrintable(eventsWritten.error));
        m_failed = true;
    }
    int status = m_failed ? 1 : 0;
    if (m_interruptStatus != 0)
        status = m_interruptStatus;
    finish(status);
}

void HeadlessRunner::finish(int status)
{
    if (m_done)
        return;
    m_done = true;
    if (m_echo->droppedLines() > 0 && !m_echoOff)
        std::fprintf(stderr, "herd: %s\n",
                     qPrintable(tr("%n line(s) of output were not echoed: standard output was not read fast enough",
                                   nullptr, int(m_echo->droppedLines()))));
    // Bounded: a reader that stopped reading does not keep Herd from ending.
    m_echo->flush(QDeadlineTimer(2000));
    // Queued: finished() may come before the event loop runs (nothing to run at all).
    QTimer::singleShot(0, this, [this, status] { emit finished(status); });
}

} // namespace herd
