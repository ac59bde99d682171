#include "headless.h"

#include "process/supervisor.h"
#include "session.h"
#include "tasksource.h"
#include "unixsignalwatcher.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

namespace herd {

namespace {
// Echoed output waiting for a slow reader: past this, lines are dropped and counted.
constexpr qsizetype kEchoBuffer = 1024 * 1024;

// A file as the kernel knows it, so "r.csv" and "./r.csv" (or a hard link) are one file.
struct FileIdentity {
    bool exists = false;
    bool device = false;
    dev_t dev = 0;
    ino_t ino = 0;
    QString path;
    bool operator==(const FileIdentity &o) const
    {
        if (exists && o.exists)
            return dev == o.dev && ino == o.ino;
        return path == o.path;
    }
};

FileIdentity identify(const QString &path)
{
    FileIdentity id;
    id.path = QFileInfo(path).absoluteFilePath();
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) == 0) {
        id.exists = true;
        id.device = S_ISCHR(st.st_mode);
        id.dev = st.st_dev;
        id.ino = st.st_ino;
    }
    return id;
}

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

// What the user typed, quoted in a message: printable and at most a line long.
QString quoted(const QString &text)
{
    constexpr int kMax = 80;
    if (text.size() <= kMax)
        return printable(text);
    return printable(text.left(kMax)) + QStringLiteral("… (%1 characters)").arg(text.size());
}
} // namespace

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
    connect(m_session, &Session::restartSettled, this, &HeadlessRunner::checkDone);
    connect(m_session, &Session::queueProblem, this, [this](const QString &message) { note(message); });
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
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    m_clockOriginNs = qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec - sup->elapsedMs() * 1000000;
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

QString HeadlessRunner::checkOutputs() const
{
    QVector<QPair<QString, QString>> outputs; // what, path
    if (!m_options.eventsPath.isEmpty() && m_options.eventsPath != QLatin1String("-"))
        outputs << qMakePair(tr("events"), m_options.eventsPath);
    if (!m_options.reportPath.isEmpty())
        outputs << qMakePair(tr("report"), m_options.reportPath);
    QStringList inputs;
    if (!m_options.sessionFile.isEmpty())
        inputs << m_options.sessionFile;
    if (!m_options.tasksFrom.isEmpty() && m_options.tasksFrom != QLatin1String("-"))
        inputs << m_options.tasksFrom;
    if (m_hasDocument && !m_document.tasks.file.isEmpty() && m_document.tasks.file != QLatin1String("-"))
        inputs << resolveSessionPath(m_documentDir, m_document.tasks.file);

    for (int i = 0; i < outputs.size(); ++i) {
        const QString &what = outputs.at(i).first;
        const QString &path = outputs.at(i).second;
        const QFileInfo info(path);
        if (info.exists()) {
            if (info.isDir())
                return tr("cannot write the %1 to %2: it is a folder").arg(what, path);
            if (!info.isWritable())
                return tr("cannot write the %1 to %2: permission denied").arg(what, path);
            if (what == tr("report") && !info.isFile() && !identify(path).device)
                return tr("cannot write the report to %1: it is neither a file nor a device").arg(path);
        } else {
            const QFileInfo dir(info.absolutePath());
            if (!dir.exists())
                return tr("cannot write the %1 to %2: the folder %3 does not exist").arg(what, path, dir.filePath());
            if (!dir.isDir())
                return tr("cannot write the %1 to %2: %3 is not a folder").arg(what, path, dir.filePath());
            if (!dir.isWritable())
                return tr("cannot write the %1 to %2: the folder %3 is not writable").arg(what, path, dir.filePath());
        }
        const FileIdentity id = identify(path);
        if (id.device)
            continue; // /dev/null may well take both
        for (int j = i + 1; j < outputs.size(); ++j)
            if (identify(outputs.at(j).second) == id)
                return tr("the %1 and the %2 cannot go to the same file %3").arg(what, outputs.at(j).first, path);
        for (const QString &input : std::as_const(inputs))
            if (identify(input) == id)
                return tr("the %1 would overwrite %2, which Herd reads").arg(what, input);
    }
    return {};
}

QString HeadlessRunner::start()
{
    if (!m_options.sessionFile.isEmpty()) {
        const SessionFileResult file = readSessionFile(m_options.sessionFile);
        if (!file.ok())
            return file.describe(m_options.sessionFile);
        m_document = file.document;
        m_documentDir = file.directory;
        m_hasDocument = true;
        const SessionDocument &d = m_document;
        const bool runsSomething = !d.processes.isEmpty() || !d.pools.isEmpty() || d.tasks.count > 0
            || !d.tasks.file.isEmpty() || !d.tasks.payloads.isEmpty();
        if (!runsSomething && m_options.runs.isEmpty() && m_options.workers == 0 && !m_options.demo)
            return tr("%1 has nothing to run: no process, no workers and no tasks").arg(m_options.sessionFile);
        const bool hasTasks = d.tasks.count > 0 || !d.tasks.file.isEmpty() || !d.tasks.payloads.isEmpty()
            || m_options.tasks > 0 || !m_options.tasksFrom.isEmpty();
        if (hasTasks && d.pools.isEmpty() && d.processes.isEmpty() && m_options.workers == 0
            && m_options.runs.isEmpty() && !m_options.demo)
            return tr("%1: tasks need workers to take them: add a [workers] section").arg(m_options.sessionFile);
    }
    QString error = checkOutputs();
    if (!error.isEmpty())
        return error;
    if (!m_options.eventsPath.isEmpty()) {
        error = m_events.open(m_options.eventsPath, [this] {
            QMetaObject::invokeMethod(this, &HeadlessRunner::onEventsFailed, Qt::QueuedConnection);
        });
        if (!error.isEmpty())
            return error;
    }

    const bool wantsQueue = m_options.workers > 0 || m_options.tasks > 0 || !m_options.tasksFrom.isEmpty()
        || m_options.demo || m_hasDocument;
    if (!m_session->queue()) {
        TaskQueue::Options queueOptions;
        // The session file's [queue] max-attempts applies, unless the command line says otherwise.
        queueOptions.maxAttempts = quint32(m_hasDocument && !m_options.maxAttemptsSet ? m_document.maxAttempts
                                                                                      : m_options.maxAttempts);
        if (m_hasDocument)
            m_document.maxAttempts = int(queueOptions.maxAttempts);
        const QString queueError = m_session->open(queueOptions);
        if (!queueError.isEmpty() && wantsQueue)
            return queueError;
    }
    if (m_hasDocument) {
        error = m_session->checkDocument(m_document, m_documentDir);
        if (!error.isEmpty())
            return tr("%1: %2").arg(m_options.sessionFile, error);
    }
    if (m_options.tasks > 0 && !(error = m_session->checkTaskRoom(m_options.tasks + m_document.tasks.count)).isEmpty())
        return error;

    // Task files are read whole before anything starts (a fault in one starts nothing), on
    // the event loop: a FIFO waits for its writer without blocking Herd.
    QStringList files;
    if (!m_options.tasksFrom.isEmpty() && m_options.tasksFrom != QLatin1String("-"))
        files << m_options.tasksFrom;
    if (m_hasDocument && !m_document.tasks.file.isEmpty() && m_document.tasks.file != QLatin1String("-"))
        files << resolveSessionPath(m_documentDir, m_document.tasks.file);
    const qint64 maxPayload = m_session->queue() ? m_session->queue()->maxPayload() : TaskQueue::Options().maxPayload;
    for (int i = 0; i < files.size(); ++i) {
        auto *source = new TaskSource(files.at(i), maxPayload);
        m_loading << source;
        error = source->start();
        if (!error.isEmpty())
            return error;
        connect(source, &TaskSource::finished, this,
                [this, source](const QString &e) { onSourceFinished(source, e); });
    }
    if (!m_loading.isEmpty())
        return {};
    return launch();
}

void HeadlessRunner::onSourceFinished(TaskSource *source, const QString &error)
{
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
    // The first source is --tasks-from when there is one.
    const bool isTasksFrom = source == m_loading.first() && !m_options.tasksFrom.isEmpty()
        && m_options.tasksFrom != QLatin1String("-");
    (isTasksFrom ? m_tasksFromLines : m_documentLines) = std::move(lines);
    for (const TaskSource *s : std::as_const(m_loading))
        if (!s->isFinished())
            return;
    const QString launchError = launch();
    if (!launchError.isEmpty())
        refuse(launchError);
}

void HeadlessRunner::refuse(const QString &error)
{
    std::fprintf(stderr, "herd: %s\n", qPrintable(error));
    m_session->shutdown()->stop(Shutdown::Mode::Kill);
    finish(2);
}

QString HeadlessRunner::launch()
{
    m_launched = true;
    const QString error = spawnFromOptions();
    if (!error.isEmpty()) {
        m_session->shutdown()->stop(Shutdown::Mode::Kill);
        m_launched = false;
        return error;
    }
    checkDone();
    return {};
}

QString HeadlessRunner::spawnFromOptions()
{
    Supervisor *sup = m_session->supervisor();
    // Without an event stream nobody reads the queue's events one by one: the ledger has it all.
    if (m_session->queue() && !m_events.isOpen())
        m_session->queue()->setEventLog(false);
    m_session->setCloseWhenDrained(true);
    m_session->setDrainInterval(2);
    QString error = m_session->setTaskTimeout(m_options.taskTimeoutMs);
    if (!error.isEmpty())
        return error;

    if (m_hasDocument) {
        const bool loaded = !m_document.tasks.file.isEmpty() && m_document.tasks.file != QLatin1String("-");
        error = m_session->startDocument(m_document, m_documentDir, loaded ? &m_documentLines : nullptr);
        m_documentLines.clear();
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
        spec.restart.mode = m_options.restartSet ? m_options.restart : RestartPolicy::Mode::Never;
        const Supervisor::SpawnResult result = sup->spawn(spec);
        if (!result.ok())
            return tr("cannot run %1: %2").arg(quoted(run.name.isEmpty() ? run.program : run.name), result.error);
    }
    if (m_options.workers > 0) {
        WorkerPoolSpec pool;
        pool.count = m_options.workers;
        pool.workMs = m_options.workMs;
        pool.exec = m_options.exec;
        pool.graceMs = m_options.graceMs;
        if (m_options.restartSet)
            pool.restart.mode = m_options.restart;
        error = m_session->spawnPool(pool);
        if (!error.isEmpty())
            return tr("cannot spawn workers: %1").arg(error);
    }
    if (m_options.tasks > 0 && !(error = m_session->enqueueCount(m_options.tasks)).isEmpty())
        return error;
    if (m_options.tasksFrom == QLatin1String("-") && !(error = m_session->enqueueFile(m_options.tasksFrom)).isEmpty())
        return error;
    if (!m_tasksFromLines.isEmpty()) {
        error = m_session->enqueueLines(m_options.tasksFrom, m_tasksFromLines);
        m_tasksFromLines.clear();
        if (!error.isEmpty())
            return error;
    }
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
    QByteArray text;
    for (const OutputLine &line : lines) {
        text += head;
        text += line.text;
        text += '\n';
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
        const QString error = writeReport();
        if (!error.isEmpty()) {
            note(tr("cannot write the report: %1").arg(error));
            m_failed = true;
        }
    }
    const QString eventsError = m_events.finish(QDeadlineTimer(5000));
    if (!eventsError.isEmpty()) {
        std::fprintf(stderr, "herd: %s\n", qPrintable(eventsError));
        m_failed = true;
    }
    int status = m_failed ? 1 : 0;
    if (m_interruptStatus != 0)
        status = m_interruptStatus;
    finish(status);
}

QString HeadlessRunner::writeReport() const
{
    const QString &path = m_options.reportPath;
    const TaskLedger *ledger = m_session->ledger();
    QString error;
    if (identify(path).device) {
        // /dev/null, /dev/full: written in place, and a failed write is an error.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return tr("cannot write %1: %2").arg(path, file.errorString());
        if (!ledger->writeCsv(&file, &error))
            return tr("cannot write %1: %2").arg(path, error);
        if (!file.flush() || file.error() != QFileDevice::NoError)
            return tr("cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("cannot write %1: %2").arg(path, file.errorString());
    if (!ledger->writeCsv(&file, &error)) {
        file.cancelWriting();
        return tr("cannot write %1: %2").arg(path, error);
    }
    if (!file.commit())
        return tr("cannot write %1: %2").arg(path, file.errorString());
    return {};
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
