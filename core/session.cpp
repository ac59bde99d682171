#include "session.h"

#include "durations.h"
#include "process/orphanreaper.h"
#include "queuelayout.h"
#include "shellwords.h"
#include "queueprotocol.h"
#include "queue/redistaskqueue.h"
#include "tasksource.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include <unistd.h>

namespace herd {

Session::Session(QObject *parent)
    : QObject(parent)
    , m_supervisor(new Supervisor(this))
    , m_shutdown(new Shutdown(m_supervisor, this))
    , m_tick(new QTimer(this))
    , m_reclaimTimer(new QTimer(this))
    , m_ledger(std::make_unique<TaskLedger>([this](qint64 pid) { return nameOfPid(pid); }))
{
    connect(m_supervisor, &Supervisor::processFinished, this, &Session::onProcessFinished);
    connect(m_supervisor, &Supervisor::processStateChanged, this, [this](ManagedProcess *p) {
        if (p->pid() > 0) {
            m_pidNames.insert(p->pid(), p->name());
            // Should a take have come before (a pid the ledger could not name), its rows,
            // tallies and history take the name now.
            m_ledger->learnName(p->pid(), p->name());
        }
    });
    m_tick->setSingleShot(true);
    connect(m_tick, &QTimer::timeout, this, &Session::tick);
    m_reclaimTimer->setSingleShot(true);
    connect(m_reclaimTimer, &QTimer::timeout, this, [this] {
        if (m_queue)
            retryReclaims();
    });
    // No restart policy brings back what is being stopped.
    connect(m_shutdown, &Shutdown::started, this, [this] { setQuitting(true); });
}

QString Session::nameOfPid(qint64 pid) const
{
    if (pid <= 0)
        return {};
    const auto it = m_pidNames.constFind(pid);
    if (it != m_pidNames.cend())
        return *it;
    // The supervisor has the pid as soon as the fork returns, while processStateChanged
    // (Running) waits for the event loop: a worker can take a task in between, and its
    // take must be credited to its name, not to "pid N" (the race of issue 11).
    if (!m_supervisor)
        return {};
    if (const ManagedProcess *p = m_supervisor->findByPid(pid))
        return p->name();
    const QVector<ManagedProcess *> &all = m_supervisor->processes();
    for (auto p = all.crbegin(); p != all.crend(); ++p) {
        if ((*p)->pid() == pid)
            return (*p)->name();
    }
    // A worker on another machine, known to the queue by the name it took tasks under.
    return m_queue ? m_queue->workerName(pid) : QString();
}

Session::~Session()
{
    // Children first: the supervisor kills whatever is still alive without waiting, and the
    // queue goes after, so no worker is left blocked on it.
    delete m_supervisor;
    m_supervisor = nullptr;
}

Result<void> Session::open(const TaskQueue::Options &options)
{
    if (m_queue)
        return Result<void>::failure(tr("the task queue is already open"));
    QString error;
    std::unique_ptr<TaskQueue> queue = TaskQueue::create(options, &error);
    if (!queue)
        return Result<void>::failure(tr("cannot create the task queue: %1").arg(error));
    attachQueue(std::move(queue));
    return Result<void>::success();
}

Result<void> Session::openRedis(const QString &url, qint64 leaseMs, const TaskQueue::Options &options)
{
    if (m_queue)
        return Result<void>::failure(tr("the task queue is already open"));
    RedisTaskQueue::Options redisOptions;
    static_cast<QueueLimits &>(redisOptions) = options; // what limits any queue
    redisOptions.leaseMs = leaseMs;
    QString error;
    std::unique_ptr<RedisTaskQueue> queue = RedisTaskQueue::create(url, redisOptions, &error);
    if (!queue)
        return Result<void>::failure(error);
    attachQueue(std::move(queue));
    return Result<void>::success();
}

void Session::attachQueue(std::unique_ptr<TaskQueueInterface> queue)
{
    m_queue = std::move(queue);
    // The queue records straight into the ledger as it drains: cheaper than building events
    // and applying them after.
    m_queue->setLedger(m_ledger.get());
    QStringList env = m_supervisor->baseEnvironment();
    env << m_queue->environmentEntry();
    m_supervisor->setBaseEnvironment(env);
    scheduleTick();
}

TaskQueue *Session::sharedMemoryQueue() const
{
    return dynamic_cast<TaskQueue *>(m_queue.get());
}

QString Session::workerProgram() const
{
    if (!m_workerProgram.isEmpty())
        return m_workerProgram;
    const QString fromEnv = qEnvironmentVariable("HERD_WORKER_BIN");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/herd-worker");
    if (QFileInfo(beside).isExecutable())
        return beside;
    return QStringLiteral("herd-worker");
}

Result<ManagedProcess *> Session::spawnWorker(const WorkerPoolSpec &pool, const QString &name)
{
    if (!m_queue)
        return Result<ManagedProcess *>::failure(tr("there is no task queue for workers to take tasks from"));
    ProcessSpec spec;
    spec.name = name;
    spec.kind = ProcessKind::Worker;
    spec.program = workerProgram();
    if (!pool.command.isEmpty()) {
        // Any program can be a worker: a pool of it, named and restarted as stock workers.
        const Result<QStringList> words = splitShellWords(pool.command);
        if (!words.ok() || words.value.isEmpty())
            return Result<ManagedProcess *>::failure(tr("the worker command \"%1\" cannot be split into words").arg(pool.command));
        spec.program = words.value.first();
        spec.arguments = words.value.mid(1);
    } else if (!pool.exec.isEmpty())
        spec.arguments = QStringList{QStringLiteral("--exec"), pool.exec};
    else if (pool.workMs > 0)
        spec.arguments = QStringList{QStringLiteral("--work-ms"), QString::number(pool.workMs)};
    spec.timeoutMs = pool.timeoutMs;
    spec.graceMs = pool.graceMs;
    spec.restart = pool.restart;
    return m_supervisor->spawn(spec);
}

Result<void> Session::spawnPool(const WorkerPoolSpec &pool)
{
    if (pool.count < 1)
        return Result<void>::failure(tr("a pool needs at least one worker"));
    for (int i = 0; i < pool.count; ++i) {
        const Result<ManagedProcess *> r = spawnWorker(pool);
        if (!r.ok())
            return Result<void>::from(r);
    }
    WorkerPoolSpec recorded = pool;
    for (WorkerPoolSpec &p : m_pools) {
        recorded.count = p.count;
        if (p == recorded) {
            p.count += pool.count;
            return Result<void>::success();
        }
    }
    m_pools << pool;
    return Result<void>::success();
}

Result<void> Session::enqueueCount(qint64 count)
{
    if (!m_queue)
        return Result<void>::failure(tr("there is no task queue"));
    if (m_queue->isClosed())
        return Result<void>::failure(tr("the task queue is closed"));
    if (count <= 0)
        return Result<void>::failure(tr("the number of tasks must be at least 1"));
    addToBacklog(count, {});
    m_sources.count += count;
    m_drained = false;
    feedQueue();
    scheduleTick();
    return Result<void>::success();
}

Result<void> Session::enqueuePayloads(const QList<QByteArray> &payloads)
{
    if (!m_queue)
        return Result<void>::failure(tr("there is no task queue"));
    if (m_queue->isClosed())
        return Result<void>::failure(tr("the task queue is closed"));
    if (payloads.isEmpty())
        return Result<void>::failure(tr("there are no tasks to enqueue"));
    for (int i = 0; i < payloads.size(); ++i) {
        if (quint64(payloads.at(i).size()) > m_queue->maxPayload())
            return Result<void>::failure(tr("task %1 is %2 bytes; a task holds at most %3 bytes, so nothing was enqueued")
                .arg(i + 1)
                .arg(payloads.at(i).size())
                .arg(m_queue->maxPayload()));
    }
    addToBacklog(payloads.size(), payloads);
    for (const QByteArray &p : payloads)
        m_sources.payloads << QString::fromUtf8(p);
    feedQueue();
    scheduleTick();
    return Result<void>::success();
}

Result<void> Session::enqueueFile(const QString &path)
{
    if (!m_queue)
        return Result<void>::failure(tr("there is no task queue"));
    if (path != QLatin1String("-")) {
        const Result<TaskSource::FileLines> file = TaskSource::readRegularFile(path, m_queue->maxPayload());
        if (!file.ok())
            return Result<void>::failure(tr("%1, so nothing was enqueued").arg(file.error));
        if (!file.value.notRegular)
            return enqueueLines(path, file.value.lines);
    } else {
        for (const TaskSource *source : std::as_const(m_streams))
            if (source->path() == path)
                return Result<void>::failure(tr("standard input is already being read"));
    }
    // Standard input, a FIFO or a device may stay open for as long as its writer likes:
    // read it as it comes, without blocking.
    auto *source = new TaskSource(path, m_queue->maxPayload(), this);
    const Result<void> started = source->start();
    if (!started.ok()) {
        delete source;
        return started;
    }
    connect(source, &TaskSource::linesRead, this, [this, source] { readStream(source); });
    connect(source, &TaskSource::finished, this, [this, source](const QString &error) {
        readStream(source);
        m_streams.removeOne(source);
        source->deleteLater();
        if (!error.isEmpty()) {
            // Said where every queue problem is said (the window's status bar, headless's
            // output), and flagged for whoever counts it as a failure.
            const QString message = tr("%1: the tasks after it were not read").arg(error);
            emit queueProblem(message);
            emit taskSourceFailed(message);
        }
        scheduleTick();
    });
    m_streams << source;
    m_drained = false;
    if (!m_sources.files.contains(path))
        m_sources.files << path;
    scheduleTick();
    return Result<void>::success();
}

Result<void> Session::enqueueLines(const QString &path, const QList<QByteArray> &lines)
{
    if (lines.isEmpty())
        return Result<void>::failure(tr("%1 holds no tasks").arg(path));
    const Result<void> room = checkTaskRoom(lines.size());
    if (!room.ok())
        return room;
    const QStringList before = m_sources.payloads;
    const Result<void> enqueued = enqueuePayloads(lines);
    m_sources.payloads = before; // recorded as the file, not line by line
    if (enqueued.ok() && !m_sources.files.contains(path))
        m_sources.files << path;
    return enqueued;
}

Result<void> Session::checkTaskRoom(qint64 more) const
{
    if (more > kMaxSessionTasks - tasksEnqueued())
        return Result<void>::failure(tr("a session holds at most %1 tasks; %2 more do not fit, so nothing was enqueued")
            .arg(kMaxSessionTasks)
            .arg(more));
    return Result<void>::success();
}

void Session::readStream(TaskSource *source)
{
    const QList<QByteArray> lines = source->takeLines();
    if (lines.isEmpty() || !m_queue)
        return;
    addToBacklog(lines.size(), lines);
    feedQueue();
    scheduleTick();
}

void Session::addToBacklog(qint64 count, const QList<QByteArray> &payloads)
{
    PendingSource source;
    source.firstId = m_nextTaskId;
    source.count = count;
    source.payloads = payloads;
    m_backlog.push_back(source);
    m_backlogCount += count;
    m_nextTaskId += count;
    m_drained = false;
}

qint64 Session::backlog() const
{
    return m_backlogCount;
}

bool Session::sourcesOpen() const
{
    return !m_streams.isEmpty();
}

Result<void> Session::setTaskTimeout(qint64 ms)
{
    if (ms < 0)
        return Result<void>::failure(tr("the task timeout cannot be negative (0 means none)"));
    if (ms > kMaxTimeoutMs)
        return Result<void>::failure(tr("the task timeout is too long: at most %1 seconds").arg(kMaxTimeoutMs / 1000));
    m_taskTimeoutMs = ms;
    return Result<void>::success();
}

void Session::setDrainInterval(int ms)
{
    m_drainIntervalMs = qBound(1, ms, 1000);
}

void Session::scheduleTick()
{
    if (!m_queue)
        return;
    // Fast while there is work in flight; slow when idle, so an idle window costs nothing.
    // Work arriving during a slow tick brings it forward, or the first drain would wait.
    const bool busy = m_backlogCount > 0 || m_queue->outstanding() > 0 || !m_reclaims.isEmpty()
        || !m_moved.empty();
    const int interval = busy ? m_drainIntervalMs : kIdleTickMs;
    if (m_tick->isActive() && m_tick->remainingTime() <= interval)
        return;
    m_tick->start(interval);
}

void Session::feedQueue()
{
    if (!m_queue || m_queue->isClosed() || m_queue->isDamaged())
        return;
    if (!feedMoved() || m_backlog.empty())
        return;
    const qint64 room = qint64(m_queue->capacity()) - qint64(m_queue->outstanding());
    if (room <= 0)
        return;
    qint64 want = qMin<qint64>(room, m_backlogCount);
    EnqueueResult r = EnqueueResult::Ok;
    // Source by source, in order. Only what the queue took leaves the backlog; the rest
    // waits, in order.
    while (want > 0 && !m_backlog.empty()) {
        PendingSource &front = m_backlog.front();
        const int n = int(qMin(want, front.count - front.done));
        int accepted = 0;
        if (front.payloads.isEmpty()) {
            r = m_queue->enqueueCounted(quint64(front.firstId + front.done), n, &accepted);
        } else {
            m_feedIds.clear();
            m_feedPayloads.clear();
            for (int i = 0; i < n; ++i) {
                m_feedIds << quint64(front.firstId + front.done + i);
                m_feedPayloads << QByteArrayView(front.payloads.at(int(front.done) + i));
            }
            r = m_queue->enqueueBatch(m_feedIds.constData(), m_feedPayloads.constData(), n, &accepted);
        }
        front.done += accepted;
        m_backlogCount -= accepted;
        want -= accepted;
        if (front.done == front.count)
            m_backlog.pop_front();
        if (r != EnqueueResult::Ok)
            break;
    }
    if (r == EnqueueResult::TooLarge || r == EnqueueResult::Closed)
        emit queueProblem(enqueueResultMessage(r));
}

Session::RestartInfo Session::restartInfo(quint64 processId) const
{
    return m_restarts.value(processId).info;
}

bool Session::restartPending() const
{
    for (auto it = m_restarts.cbegin(); it != m_restarts.cend(); ++it) {
        if (!it->info.pending)
            continue;
        const ManagedProcess *p = m_supervisor->process(it.key());
        if (p && !p->spec().daemon)
            return true;
    }
    return false;
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
    // Any process may have used the queue (a Python worker is a plain process): whatever it
    // held goes back once it is reaped and nothing it started still runs.
    if (m_queue && process->result().state != ProcessState::FailedToStart && process->pid() > 0) {
        const qint64 pid = process->pid();
        // Its takes may still be in the event ring: drain them first, so it is known
        // whether it held a task.
        m_queue->drainEventsInto(&m_batch);
        const bool worker = process->spec().kind == ProcessKind::Worker || m_queue->holdsTasks(pid);
        // A worker's descendants must not outlive it (its task may run again elsewhere):
        // SIGKILL its group now, while the group id is still surely its own.
        if (worker)
            process->killGroupRemnants();
        Reclaim r;
        r.pid = pid;
        r.reason = process->result().message;
        r.mark = QByteArray::number(pid) + '@' + m_queue->address().toUtf8();
        r.group = worker ? pid : 0;
        r.sinceMs = m_supervisor->elapsedMs();
        m_reclaims << r;
        reclaimSoon();
    }
    // A worker that left because the queue was damaged may end before the damage is
    // noticed by the tick: look now, so that the run is known not to be over.
    if (m_queue) {
        m_queue->audit();
        if (m_queue->isDamaged())
            recoverFromDamage();
    }
    if (m_respawnAfterDamage.remove(process->id())) {
        // Stopped because its queue was damaged: back on the new queue (the supervisor's
        // environment now names it), whatever its restart policy.
        respawnSoon(process->id());
        return;
    }
    applyRestartPolicy(process);
}

void Session::respawnSoon(quint64 id)
{
    // Not from inside the handler of its own finished(): on the next turn of the loop.
    ++m_respawnsScheduled;
    QTimer::singleShot(0, this, [this, id] {
        --m_respawnsScheduled;
        ManagedProcess *p = m_supervisor->process(id);
        if (p && !p->isAlive() && !m_quitting) {
            const Result<void> restarted = p->restart(); // refused only while it runs
            Q_ASSERT(restarted.ok());
            Q_UNUSED(restarted);
        }
        if (!recoveryPending())
            settleRecoveryLater();
    });
}

namespace {
// Deaths that come close together share one look through /proc, which reads every
// process's stat: a run's end can bring hundreds in a second.
constexpr qint64 kLeftoverWalkGapMs = 20;
} // namespace

void Session::reclaimSoon()
{
    if (m_reclaimTimer->isActive())
        return; // this death joins the look already planned
    const qint64 since = m_supervisor->elapsedMs() - m_lastLeftoverWalkMs;
    if (since >= kLeftoverWalkGapMs)
        retryReclaims(); // the first of a burst is looked into at once
    else
        m_reclaimTimer->start(int(kLeftoverWalkGapMs - since));
}

void Session::settleReclaims()
{
    if (m_reclaimTimer->isActive() && m_queue) {
        m_reclaimTimer->stop();
        retryReclaims();
    }
}

void Session::checkLeftovers(const QVector<Reclaim *> &reclaims)
{
    QVector<Reclaim *> asked;
    QVector<OrphanReaper::WorkerLeftovers> leftovers;
    for (Reclaim *r : reclaims) {
        if (!leftoversGone(*r)) {
            asked << r;
            leftovers << OrphanReaper::WorkerLeftovers{r->mark, r->group, 0};
        }
    }
    if (asked.isEmpty())
        return;
    m_lastLeftoverWalkMs = m_supervisor->elapsedMs();
    OrphanReaper::killWorkerLeftovers(leftovers);
    bool someGone = false;
    QStringList problems;
    const qint64 now = m_supervisor->elapsedMs();
    for (int i = 0; i < asked.size(); ++i) {
        Reclaim &r = *asked.at(i);
        const int living = leftovers.at(i).living;
        if (living == 0) {
            r.mark.clear();
            r.group = 0; // once empty, the group id is never looked at again (it could be reused)
            someGone = someGone || r.killed;
            continue;
        }
        r.killed = true;
        if (!r.reported && now - r.sinceMs >= 5000) {
            r.reported = true;
            problems << tr("the task of %1 waits: %n process(es) it started still run after SIGKILL",
                           nullptr, living).arg(describePid(r.pid));
        }
    }
    // Killed descendants that were re-parented to Herd are its zombies now: reap them. (What
    // had already ended by itself is reaped by the supervisor's sweep after every end.)
    if (someGone)
        OrphanReaper::sweep();
    // Last: whoever is told may change what the pointers point into.
    for (const QString &problem : std::as_const(problems))
        emit queueProblem(problem);
}

void Session::retryReclaims()
{
    m_reclaimTimer->stop(); // this look answers for every death so far
    const bool hadReclaims = !m_reclaims.isEmpty();
    QVector<Reclaim *> all;
    for (Reclaim &r : m_reclaims)
        all << &r;
    checkLeftovers(all);
    // In order of death; one whose leftovers still run does not hold up the others.
    for (int i = 0; i < m_reclaims.size();) {
        const Reclaim &r = m_reclaims.at(i);
        if (!leftoversGone(r)) {
            ++i;
            continue;
        }
        if (m_queue->reclaimWorker(r.pid, r.reason, &m_batch) == ReclaimStatus::Busy)
            break; // the lock is held by a worker; the next tick tries again
        m_reclaims.removeAt(i);
    }
    // Said at once, not at the next tick: the death that caused it may be what ends a run
    // (the last worker died holding a task), and its requeue belongs in the record.
    if (!m_batch.isEmpty()) {
        emit taskEvents(m_batch);
        m_batch.clear();
    }
    if (hadReclaims && !recoveryPending())
        settleRecoveryLater();
    scheduleTick();
}

void Session::settleRecoveryLater()
{
    // From the event loop: whoever is told may end the run, and the death or move that
    // settled it is still being handled by others now.
    QMetaObject::invokeMethod(this, [this] {
        if (!recoveryPending())
            emit recoverySettled();
    }, Qt::QueuedConnection);
}

QString Session::describePid(qint64 pid) const
{
    if (pid <= 0)
        return tr("an unknown process");
    const QString name = nameOfPid(pid);
    return name.isEmpty() ? tr("pid %1").arg(pid) : tr("%1 (pid %2)").arg(name).arg(pid);
}

void Session::sweepGoneWorkers()
{
    // Workers that are not Herd's children (behind a wrapper that does not exec, under
    // timeout(1), started by hand with --queue) are never reaped by Herd: they are found
    // here, by their registration (pid + start time) and by the tasks they hold.
    const TaskQueue *shm = sharedMemoryQueue();
    if (!shm)
        return; // a remote queue's silent workers are claimed back by their lease
    // Herd's own live children are not looked up in /proc (hundreds of reads, twice a
    // second): their reap reclaims what they held.
    QSet<qint64> children;
    for (const ManagedProcess *p : m_supervisor->processes()) {
        if (p->isAlive() && p->pid() > 0)
            children.insert(p->pid());
    }
    for (const TaskQueue::GoneWorker &g : shm->goneWorkers(children)) {
        if (ManagedProcess *p = m_supervisor->findByPid(g.pid); p && p->isAlive())
            continue; // Herd's own child: its reap reclaims it, after its group is killed
        bool known = false;
        for (const Reclaim &r : std::as_const(m_reclaims))
            known = known || r.pid == g.pid;
        if (known)
            continue;
        Reclaim r;
        r.pid = g.pid;
        r.reason = tr("its worker (pid %1) is gone").arg(g.pid);
        r.mark = QByteArray::number(g.pid) + '@' + m_queue->address().toUtf8();
        r.sinceMs = m_supervisor->elapsedMs();
        m_reclaims << r;
    }
}

void Session::recoverFromDamage()
{
    if (!sharedMemoryQueue())
        return; // only a shared-memory segment can be damaged by a worker
    std::unique_ptr<TaskQueue> old(static_cast<TaskQueue *>(m_queue.release()));
    const QString oldAddress = old->address();
    const qint64 suspect = old->suspectPid();
    const QString what = old->damage();
    const QVector<TaskQueue::Unfinished> unfinished = old->unfinished();
    const QVector<qint64> registered = old->registeredPids();
    QSet<qint64> takers;
    for (const TaskQueue::Unfinished &u : unfinished) {
        if (u.takerPid > 0)
            takers.insert(u.takerPid);
    }

    // Stop every process of ours that is attached to it: they restart on the new queue.
    // Workers that are not ours see the damage themselves and leave (Worker::ownerGone).
    // Workers the damage already made leave (an error from the queue) start again too.
    for (ManagedProcess *p : m_supervisor->processes()) {
        if (!p->isAlive()) {
            const StopCause cause = p->result().cause;
            if (p->spec().kind == ProcessKind::Worker && cause != StopCause::User && cause != StopCause::Quit
                && !restartInfo(p->id()).gaveUp && !m_quitting)
                respawnSoon(p->id());
            continue;
        }
        if (p->spec().kind == ProcessKind::Worker || registered.contains(p->pid()) || takers.contains(p->pid())) {
            m_respawnAfterDamage.insert(p->id());
            p->kill(StopCause::QueueDamaged);
        }
    }

    TaskQueue::Options options;
    options.capacity = old->capacity();
    options.maxPayload = old->maxPayload();
    options.maxAttempts = old->maxAttempts();
    options.firstTicket = old->nextTicket();
    QString error;
    m_queue = TaskQueue::create(options, &error);
    QStringList env = m_supervisor->baseEnvironment();
    env.removeIf([](const QString &entry) { return entry.startsWith(QLatin1String("HERD_QUEUE=")); });
    if (m_queue) {
        m_queue->setLedger(m_ledger.get());
        m_queue->setEventLog(old->eventLogOn());
        env << m_queue->environmentEntry();
    }
    m_supervisor->setBaseEnvironment(env);

    // Every unfinished task goes to the new queue; a taken one only once its taker and
    // everything that taker started are gone. The ledger holds every payload.
    const quint64 now = monotonicNs();
    const QString reason = tr("its queue was damaged");
    // A death not yet looked into (or whose group still had members) passes its group on
    // to the moved task: a plain worker's children carry no mark, only the group finds them.
    QHash<qint64, qint64> deadGroups;
    for (const Reclaim &r : std::as_const(m_reclaims)) {
        if (r.group > 0)
            deadGroups.insert(r.pid, r.group);
    }
    int moved = 0;
    for (const TaskQueue::Unfinished &u : unfinished) {
        MovedTask t;
        t.ticket = u.ticket;
        t.taskId = u.taskId;
        t.attempts = u.attempt;
        if (u.takerPid > 0) {
            const bool dead = u.attempt >= old->maxAttempts();
            TaskEvent e;
            e.kind = dead ? TaskEventKind::DeadLettered : TaskEventKind::Requeued;
            e.ticket = u.ticket;
            e.taskId = u.taskId;
            e.slot = u.slot;
            e.attempt = u.attempt;
            e.workerPid = u.takerPid;
            e.timeNs = qint64(now);
            e.text = reason;
            m_ledger->recordEnded(e.kind, e.ticket, e.slot, 0, e.text, e.timeNs);
            m_batch << e;
            if (dead)
                continue;
            t.taker.pid = u.takerPid;
            t.taker.reason = reason;
            t.taker.mark = QByteArray::number(u.takerPid) + '@' + oldAddress.toUtf8();
            t.taker.group = deadGroups.value(u.takerPid, 0);
            t.taker.sinceMs = m_supervisor->elapsedMs();
            t.takerStart = processStartTime(int(u.takerPid));
        }
        m_moved.push_back(t);
        ++moved;
    }
    m_reclaims.clear(); // they were the old queue's; its tasks are all in m_moved now
    m_lockBusySinceMs = -1;
    m_killedLockHolder = 0;
    old.reset(); // closes it and wakes its sleepers; its name is already gone

    QString message;
    if (suspect > 0)
        message = tr("the task queue was damaged by %1 (%2); %n unfinished task(s) moved to a new queue",
                     nullptr, moved).arg(describePid(suspect), what);
    else
        message = tr("the task queue was damaged (%1); %n unfinished task(s) moved to a new queue",
                     nullptr, moved).arg(what);
    if (!m_queue)
        message += QLatin1String("; ") + tr("but a new queue could not be created: %1").arg(error);
    emit queueProblem(message);
    emit queueReplaced(message, suspect, moved);
}

bool Session::feedMoved()
{
    // Tasks moved from a damaged queue go first: they were enqueued before the backlog.
    while (!m_moved.empty()) {
        if (const MovedTask &t = m_moved.front(); t.taker.pid > 0) {
            ManagedProcess *p = m_supervisor->findByPid(t.taker.pid);
            const bool takerAlive = p ? p->isAlive() : processAlive(int(t.taker.pid), t.takerStart);
            if (takerAlive)
                return false; // in order: what waits behind it waits too
            // On a copy: checkLeftovers() may tell of a wait, and whoever is told may change
            // m_moved.
            const quint64 ticket = t.ticket;
            Reclaim taker = t.taker;
            checkLeftovers({&taker});
            if (m_moved.empty() || m_moved.front().ticket != ticket)
                return false; // changed meanwhile: the next tick looks again
            m_moved.front().taker = taker;
            if (!leftoversGone(taker))
                return false;
        }
        const MovedTask &t = m_moved.front();
        const qint64 row = m_ledger->rowOfTicket(t.ticket);
        const QByteArray payload = m_ledger->payload(row);
        TaskQueue *shm = sharedMemoryQueue();
        if (!shm)
            return false;
        const EnqueueResult r = shm->enqueueMoved(t.ticket, t.taskId, payload, t.attempts);
        if (r != EnqueueResult::Ok)
            return false;
        m_moved.pop_front();
        if (m_moved.empty() && !recoveryPending())
            settleRecoveryLater();
    }
    return true;
}

void Session::tick()
{
    if (!m_queue)
        return;
    for (const QString &notice : m_queue->takeNotices())
        emit queueProblem(notice);
    reportRemoteChanges();
    const qint64 nowMs = m_supervisor->elapsedMs();
    if (nowMs - m_lastAuditMs >= 100) {
        m_lastAuditMs = nowMs;
        m_queue->audit();
    }
    if (!m_queue->isDamaged() && nowMs - m_lastSweepMs >= 500) {
        m_lastSweepMs = nowMs;
        sweepGoneWorkers();
    }
    if (!m_reclaims.isEmpty())
        reclaimSoon(); // a leftover still dying: looked at again, at most every 20 ms
    m_queue->drainEventsInto(&m_batch);
    if (m_queue->isDamaged()) {
        recoverFromDamage();
        if (!m_queue) {
            if (!m_batch.isEmpty())
                emit taskEvents(m_batch);
            m_batch.clear();
            return;
        }
    }
    feedQueue();
    m_queue->drainEventsInto(&m_batch); // the Enqueued events of what was just fed
    if (!m_batch.isEmpty()) {
        emit taskEvents(m_batch);
        m_batch.clear();
    }
    checkTaskTimeouts();
    checkLockHolder();
    checkDrained();
    scheduleTick();
}

bool Session::isOwnWorker(const RemoteWorkerInfo &info) const
{
    // Herd's own workers join the queue like any other, and have their rows already.
    if (!info.local || info.pid <= 0 || info.pid >= TaskQueueInterface::kRemoteWorkerBase)
        return false;
    if (m_pidNames.contains(info.pid) || m_supervisor->findByPid(info.pid))
        return true;
    for (const ManagedProcess *p : m_supervisor->processes()) {
        if (p->pid() == info.pid)
            return true;
    }
    return false;
}

QVector<RemoteWorkerInfo> Session::remoteWorkers() const
{
    QVector<RemoteWorkerInfo> out;
    if (!m_queue)
        return out;
    for (const RemoteWorkerInfo &info : m_queue->remoteWorkers()) {
        if (!isOwnWorker(info))
            out << info;
    }
    return out;
}

bool Session::stopRemoteWorker(quint64 key)
{
    return m_queue && m_queue->stopRemoteWorker(key);
}

bool Session::killRemoteWorker(quint64 key)
{
    if (!m_queue || !m_queue->killRemoteWorker(key))
        return false;
    reportRemoteChanges();
    return true;
}

void Session::reportRemoteChanges()
{
    for (const RemoteWorkerChange &change : m_queue->takeRemoteChanges()) {
        if (isOwnWorker(change.info))
            continue;
        if (change.joined)
            emit remoteWorkerJoined(change.info);
        else
            emit remoteWorkerLeft(change.info);
    }
}

void Session::checkTaskTimeouts()
{
    if (m_taskTimeoutMs <= 0 || m_ledger->inFlightCount() == 0)
        return;
    const qint64 now = qint64(monotonicNs());
    for (const TaskLedger::InFlight &f : m_ledger->inFlight()) {
        if (now - f.takenNs < m_taskTimeoutMs * 1000000)
            continue;
        const QPair<qint64, quint32> take(f.row, f.attempt);
        if (m_timedOutTakes.contains(take))
            continue;
        m_timedOutTakes.insert(take);
        // Stop the worker (with its grace); its task is recovered when it is reaped.
        if (ManagedProcess *p = m_supervisor->findByPid(f.workerPid))
            p->terminate(StopCause::TaskWatchdog);
        else // a worker Herd did not start: the queue takes the task back and tells it
            m_queue->abandonTask(f.taskId, f.workerPid, f.attempt,
                                 tr("ran past its task timeout (%1)").arg(formatSeconds(m_taskTimeoutMs)));
    }
}

void Session::checkLockHolder()
{
    const qint64 now = m_supervisor->elapsedMs();
    if (now - m_lastLockCheckMs < 500)
        return;
    m_lastLockCheckMs = now;
    TaskQueue *shm = sharedMemoryQueue();
    if (!shm)
        return; // no lock shared with workers
    // A lock that no probe could take for long is wedged, whoever the holder word names
    // (a worker may have written any value there, or died between locking and saying so).
    if (shm->lockIsFree()) {
        m_lockBusySinceMs = -1;
        m_killedLockHolder = 0;
    } else if (m_lockBusySinceMs < 0) {
        m_lockBusySinceMs = now;
    } else if (now - m_lockBusySinceMs >= kLockWedgedMs) {
        const LockHolder h = shm->lockHolder();
        shm->markDamaged(tr("its lock could not be taken for %1 (the lock says pid %2 holds it)")
                             .arg(formatSeconds(now - m_lockBusySinceMs))
                             .arg(h.pid),
                         h.pid);
        return;
    }
    const LockHolder holder = shm->lockHolder();
    ManagedProcess *p = m_supervisor->findByPid(holder.pid);
    if (holder.pid != 0 && !holder.stopped && p && p->isAlive() && m_lockBusySinceMs >= 0
        && now - m_lockBusySinceMs >= kLockHolderKillMs && m_killedLockHolder != holder.pid) {
        // Running, yet holding a lock that is held for microseconds: stuck in a loop.
        m_killedLockHolder = holder.pid;
        emit queueProblem(tr("killed %1: it held the queue's lock for %2 s")
                              .arg(describePid(holder.pid))
                              .arg(formatSeconds(now - m_lockBusySinceMs)));
        p->kill(StopCause::TaskWatchdog);
        return;
    }
    if (holder.pid == 0 || !holder.stopped || holder.heldForMs < 1000) {
        m_reportedLockPid = 0;
        return;
    }
    const QString who = p ? QStringLiteral("%1 (pid %2)").arg(p->name()).arg(holder.pid)
                          : QStringLiteral("pid %1").arg(holder.pid);
    if (m_reportedLockPid != holder.pid) {
        m_reportedLockPid = holder.pid;
        emit queueProblem(tr("the queue's lock is held by stopped process %1; workers are waiting").arg(who));
    }
    // A stopped holder would freeze every worker for good: after a while, kill it. The next
    // locker repairs the step it left half-done, and its task is recovered.
    if (holder.heldForMs >= kLockHolderKillMs && p && p->isAlive()) {
        emit queueProblem(tr("killed %1: it held the queue's lock stopped for %2 s")
                              .arg(who)
                              .arg(formatSeconds(holder.heldForMs)));
        p->kill(StopCause::TaskWatchdog);
    }
}

void Session::checkDrained()
{
    if (m_drained || m_backlogCount > 0 || sourcesOpen() || m_queue->outstanding() > 0 || !m_reclaims.isEmpty()
        || !m_moved.empty())
        return;
    if (m_nextTaskId == 1 && !m_closeWhenDrained)
        return; // nothing was ever enqueued in the window: not worth a signal
    m_drained = true;
    if (m_closeWhenDrained)
        m_queue->close();
    emit drained();
}

void Session::applyRestartPolicy(ManagedProcess *process)
{
    const RestartPolicy &policy = process->spec().restart;
    const ProcessResult result = process->result();
    if (m_quitting || policy.mode == RestartPolicy::Mode::Never)
        return;
    // A worker that left a closed queue has nothing more to do.
    if (process->spec().kind == ProcessKind::Worker && (!m_queue || m_queue->isClosed()))
        return;
    // A stop the user (or Herd quitting) asked for is final; a watchdog's is not. One for a
    // damaged queue is followed by a restart of its own (onProcessFinished).
    if (result.cause == StopCause::User || result.cause == StopCause::Quit
        || result.cause == StopCause::QueueDamaged)
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
            Q_ASSERT(m_restarts.contains(id)); // the timer lives in its entry
            RestartState &s = m_restarts[id];
            s.info.pending = false;
            s.info.nextRestartMs = -1;
            if (p && !p->isAlive() && !m_quitting && p->restart().ok())
                ++s.info.restarts;
            emit restartSettled();
        });
    }
    state.timer->start(int(delay));
    emit restartScheduled(process, delay);
}

Result<void> Session::restartProcess(ManagedProcess *process)
{
    if (process->isAlive())
        return Result<void>::failure(tr("%1 is still running; stop it first").arg(process->name()));
    RestartState &state = m_restarts[process->id()];
    if (state.timer)
        state.timer->stop();
    state.info.gaveUp = false;
    state.info.pending = false;
    state.recent.clear();
    return process->restart();
}

namespace {
// A name or program the user gave, quoted in a message: printable and at most a line long.
QString quotedInMessage(const QString &text)
{
    constexpr int kMax = 80;
    QString out;
    for (const QChar c : text.left(kMax)) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    if (text.size() > kMax)
        out += QStringLiteral("… (%1 characters)").arg(text.size());
    return out;
}
} // namespace

Result<void> Session::checkDocument(const SessionDocument &document, const QString &directory) const
{
    const bool needsQueue = !document.pools.isEmpty() || !document.tasks.isEmpty();
    if (needsQueue && !m_queue)
        return Result<void>::failure(tr("this session has workers or tasks but there is no task queue"));
    if (document.maxAttempts < 1 || document.maxAttempts > int(kQueueMaxAttemptsLimit))
        return Result<void>::failure(tr("the attempts per task must be from 1 to %1").arg(kQueueMaxAttemptsLimit));
    if (document.tasks.count > 0) {
        const Result<void> room = checkTaskRoom(document.tasks.count + document.tasks.payloads.size());
        if (!room.ok())
            return room;
    }
    int standardInputs = 0;
    for (const QString &file : document.tasks.files) {
        if (file == QLatin1String("-")) {
            if (++standardInputs > 1)
                return Result<void>::failure(tr("standard input can be a task source only once"));
            continue;
        }
        const QString path = resolveSessionPath(directory, file);
        const QFileInfo info(path);
        if (info.isDir())
            return Result<void>::failure(tr("the task file %1 is a folder").arg(path));
        if (!info.exists())
            return Result<void>::failure(tr("cannot read the task file %1: it does not exist").arg(path));
        if (!info.isReadable())
            return Result<void>::failure(tr("cannot read the task file %1: permission denied").arg(path));
    }
    QStringList names;
    for (const ProcessSpec &spec : document.processes) {
        ProcessSpec resolved = spec;
        resolved.workingDirectory = resolveSessionPath(directory, spec.workingDirectory);
        const QString who = quotedInMessage(spec.name.isEmpty() ? spec.program : spec.name);
        const Result<void> valid = validateSpec(resolved);
        if (!valid.ok())
            return Result<void>::failure(tr("%1: %2").arg(who, valid.error));
        if (!resolved.workingDirectory.isEmpty()) {
            const QFileInfo dir(resolved.workingDirectory);
            if (!dir.exists())
                return Result<void>::failure(tr("%1: the directory %2 does not exist").arg(who, resolved.workingDirectory));
            if (!dir.isDir())
                return Result<void>::failure(tr("%1: %2 is not a directory").arg(who, resolved.workingDirectory));
        }
        if (!spec.name.isEmpty()) {
            if (m_supervisor->findByName(spec.name) || names.contains(spec.name))
                return Result<void>::failure(tr("the name \"%1\" is already taken in this session").arg(spec.name));
            names << spec.name;
        }
    }
    if (document.taskTimeoutMs < 0 || document.taskTimeoutMs > kMaxTimeoutMs)
        return Result<void>::failure(tr("the task timeout must be from 0 to %1 seconds").arg(kMaxTimeoutMs / 1000));
    return Result<void>::success();
}

Result<void> Session::startDocument(const SessionDocument &document, const QString &directory,
                                    const QHash<QString, QList<QByteArray>> *loadedFiles)
{
    // Check everything first, so a document with any fault starts nothing: the task files
    // too, read before the first process starts (unless one is a stream, read as it comes).
    if (const Result<void> checked = checkDocument(document, directory); !checked.ok())
        return checked;
    struct File {
        QString path;
        QList<QByteArray> lines;
        bool stream = false;
    };
    QVector<File> files;
    qint64 lineCount = 0;
    for (const QString &name : document.tasks.files) {
        File file;
        file.path = resolveSessionPath(directory, name);
        if (loadedFiles && loadedFiles->contains(file.path)) {
            file.lines = loadedFiles->value(file.path);
        } else if (file.path != QLatin1String("-")) {
            const Result<TaskSource::FileLines> read = TaskSource::readRegularFile(file.path, m_queue->maxPayload());
            if (!read.ok())
                return Result<void>::failure(tr("%1, so nothing was started").arg(read.error));
            file.lines = read.value.lines;
            file.stream = read.value.notRegular;
            if (!file.stream && file.lines.isEmpty())
                return Result<void>::failure(tr("%1 holds no tasks").arg(file.path));
        } else {
            file.stream = true;
        }
        lineCount += file.lines.size();
        files << file;
    }
    if (lineCount > 0) {
        if (const Result<void> room = checkTaskRoom(document.tasks.count + lineCount); !room.ok())
            return room;
    }
    if (const Result<void> set = setTaskTimeout(document.taskTimeoutMs); !set.ok())
        return set;
    if (m_queue)
        m_queue->setMaxAttempts(quint32(document.maxAttempts));
    for (const ProcessSpec &spec : document.processes) {
        ProcessSpec resolved = spec;
        resolved.workingDirectory = resolveSessionPath(directory, spec.workingDirectory);
        const Result<ManagedProcess *> r = m_supervisor->spawn(resolved);
        if (!r.ok())
            return Result<void>::failure(tr("%1: %2").arg(quotedInMessage(spec.name.isEmpty() ? spec.program : spec.name), r.error));
    }
    for (const WorkerPoolSpec &pool : document.pools) {
        if (const Result<void> spawned = spawnPool(pool); !spawned.ok())
            return spawned;
    }
    if (document.tasks.count > 0) {
        if (const Result<void> enqueued = enqueueCount(document.tasks.count); !enqueued.ok())
            return enqueued;
    }
    for (const File &file : std::as_const(files)) {
        if (!file.lines.isEmpty()) {
            if (const Result<void> enqueued = enqueueLines(file.path, file.lines); !enqueued.ok())
                return enqueued;
        }
        if (file.stream) {
            if (const Result<void> enqueued = enqueueFile(file.path); !enqueued.ok())
                return enqueued;
        }
    }
    if (!document.tasks.payloads.isEmpty()) {
        QList<QByteArray> payloads;
        for (const QString &p : document.tasks.payloads)
            payloads << p.toUtf8();
        if (const Result<void> enqueued = enqueuePayloads(payloads); !enqueued.ok())
            return enqueued;
    }
    return Result<void>::success();
}

Result<void> Session::startDemo()
{
    return startDocument(demoDocument());
}

SessionDocument Session::toDocument() const
{
    SessionDocument doc;
    for (ManagedProcess *p : m_supervisor->processes()) {
        if (p->spec().kind == ProcessKind::Worker)
            continue;
        doc.processes << p->spec();
    }
    doc.pools = m_pools;
    doc.tasks = m_sources;
    if (m_queue)
        doc.maxAttempts = int(m_queue->maxAttempts());
    if (const auto *redis = dynamic_cast<const RedisTaskQueue *>(m_queue.get())) {
        doc.queueUrl = redis->address();
        doc.leaseMs = redis->leaseMs();
    }
    doc.taskTimeoutMs = m_taskTimeoutMs;
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
