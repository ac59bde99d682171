#include "supervisor.h"

#include "childsetup.h"
#include "orphanreaper.h"
#include "pipereader.h"
#include "procsampler.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <unistd.h>

namespace herd {

namespace {

// Sweeps for orphans after one was killed, and while living orphans remain.
constexpr int kOrphanFollowUpMs = 100;
constexpr int kOrphanRecheckMs = 5000;
// How long a supervisor that goes away waits for the orphans it killed, to reap them.
constexpr int kOrphanReapAtExitMs = 100;

void insertAll(QProcessEnvironment &env, const QStringList &keyValues)
{
    for (const QString &entry : keyValues) {
        const qsizetype eq = entry.indexOf(u'=');
        if (eq > 0)
            env.insert(entry.left(eq), entry.mid(eq + 1));
    }
}

// The program as an absolute path, so a later change of PATH or of the working directory
// cannot change what runs. A name that is not found stays as given: starting it then
// fails with "No such file or directory", reported like any other failure to start.
QString resolveProgram(const QString &program)
{
    if (program.contains(u'/'))
        return QFileInfo(program).absoluteFilePath();
    const QString found = QStandardPaths::findExecutable(program);
    return found.isEmpty() ? program : found;
}

} // namespace

Supervisor::Supervisor(QObject *parent)
    : QObject(parent)
    , m_sampler(new ProcSampler)
    , m_pipes(new PipeReader(this))
{
    m_clock.start();
    // Each child costs Herd a few descriptors (pipes, the forkfd); the usual soft limit of
    // 1024 would stop at a few hundred children. Children get the original limit back.
    ChildSetup::raiseFileLimit();
    // Descendants that outlive a managed process come to Herd instead of init, so a stop
    // can still reach a grandchild that left the process group (see OrphanReaper).
    OrphanReaper::enable();

    qRegisterMetaType<herd::ProcessState>();
    qRegisterMetaType<herd::ProcessResult>();
    qRegisterMetaType<herd::OutputLine>();
    qRegisterMetaType<QVector<herd::OutputLine>>();

    m_sampleTimer = new QTimer(this);
    m_sampleTimer->setInterval(1000);
    connect(m_sampleTimer, &QTimer::timeout, this, &Supervisor::sampleNow);

    m_orphanTimer = new QTimer(this);
    m_orphanTimer->setSingleShot(true);
    connect(m_orphanTimer, &QTimer::timeout, this, &Supervisor::sweepOrphans);
}

Supervisor::~Supervisor()
{
    // Descendants that left their process group are found while the parent links still
    // lead to their managed process; then SIGKILL to every live group at once. No
    // QProcess is waited for (see ManagedProcess::abandon()).
    QVector<qint64> leaders;
    for (const ManagedProcess *process : std::as_const(m_processes)) {
        if (process->processRunning())
            leaders.append(process->pid());
    }
    OrphanReaper::killStrayDescendants(leaders);
    for (ManagedProcess *process : std::as_const(m_processes))
        process->abandon();
    // Orphans of this session's processes go too: nothing a process started may outlive
    // the session. They are Herd's children: wait a moment for them to die and reap them,
    // or their zombies would pass to init (which, in a container, may never reap them).
    const QDeadlineTimer deadline(kOrphanReapAtExitMs);
    for (;;) {
        bool living = false;
        for (const OrphanReaper::Orphan &orphan : OrphanReaper::sweep()) {
            if (orphan.owner.isEmpty() || m_byName.contains(orphan.owner)) {
                OrphanReaper::kill(orphan);
                living = true;
            }
        }
        if (!living || deadline.hasExpired())
            break;
        ::usleep(2000);
    }
    delete m_sampler;
}

Result<ManagedProcess *> Supervisor::spawn(ProcessSpec spec)
{
    if (QThread::currentThread() != thread()) {
        // The child's PR_SET_PDEATHSIG is bound to the thread that forks it: a child forked
        // from a short-lived thread would be killed when that thread ends. So the fork
        // always happens on the supervisor's own thread, which must run an event loop.
        Result<ManagedProcess *> result;
        QMetaObject::invokeMethod(this, [this, &result, &spec] { result = spawn(std::move(spec)); },
                                  Qt::BlockingQueuedConnection);
        return result;
    }

    using R = Result<ManagedProcess *>;
    if (const Result<void> valid = validateSpec(spec); !valid.ok())
        return R::failure(valid.error);

    const bool blankName = spec.name.trimmed().isEmpty();
    if (!blankName && m_byName.contains(spec.name))
        return R::failure(tr("the name “%1” is already taken by another process").arg(spec.name));
    if (!spec.workingDirectory.isEmpty()) {
        const QFileInfo dir(spec.workingDirectory);
        if (!dir.isDir())
            return R::failure(tr("the working directory %1 does not exist").arg(spec.workingDirectory));
        spec.workingDirectory = dir.absoluteFilePath();
    }
    spec.program = resolveProgram(spec.program);

    // Python's rule: every process counts towards Process-N, named or not.
    ++m_processCounter;
    const bool worker = spec.kind == ProcessKind::Worker;
    if (worker)
        ++m_workerCounter;
    if (blankName) {
        const QString pattern = worker ? QStringLiteral("Worker-%1") : QStringLiteral("Process-%1");
        int &counter = worker ? m_workerCounter : m_processCounter;
        spec.name = pattern.arg(counter);
        // Only a name chosen by the user can be in the way.
        while (m_byName.contains(spec.name))
            spec.name = pattern.arg(++counter);
    }

    auto *process = new ManagedProcess(m_nextId++, std::move(spec), this);
    connect(process, &ManagedProcess::stateChanged, this, [this, process] { onProcessStateChanged(process); });
    connect(process, &ManagedProcess::finished, this, [this, process] {
        // Its descendants that left its process group are looked for once this burst of
        // events is handled, so a thousand ends cost one scan of /proc.
        if (!m_orphanTimer->isActive())
            m_orphanTimer->start(0);
        emit processFinished(process);
        if (aliveCount() == 0) {
            m_sampleTimer->stop();
            emit allEnded();
        }
    });
    connect(process, &ManagedProcess::outputLines, this, [this, process](const QVector<OutputLine> &lines) {
        emit processOutput(process, lines);
    });
    connect(process, &ManagedProcess::timelineChanged, this, [this, process] {
        emit processTimelineChanged(process);
    });
    m_processes.append(process);
    m_byName.insert(process->name(), process);
    emit processSpawned(process);

    process->start();
    if (!m_sampleTimer->isActive())
        m_sampleTimer->start();
    return R::success(process);
}

Result<ManagedProcess *> Supervisor::addRecorded(const ProcessRecord &record)
{
    using R = Result<ManagedProcess *>;
    Q_ASSERT(QThread::currentThread() == thread());
    if (const Result<void> valid = validateSpec(record.spec); !valid.ok())
        return R::failure(valid.error);
    if (record.spec.name.trimmed().isEmpty())
        return R::failure(tr("a recorded process needs its name"));
    if (m_byName.contains(record.spec.name))
        return R::failure(tr("the name “%1” is already taken by another process").arg(record.spec.name));
    ++m_processCounter;
    if (record.spec.kind == ProcessKind::Worker)
        ++m_workerCounter;
    auto *process = new ManagedProcess(m_nextId++, record.spec, this);
    process->restore(record);
    m_processes.append(process);
    m_byName.insert(process->name(), process);
    emit processSpawned(process);
    return R::success(process);
}

void Supervisor::onProcessStateChanged(ManagedProcess *process)
{
    if (process->isAlive() && !m_sampleTimer->isActive())
        m_sampleTimer->start(); // a restart
    emit processStateChanged(process);
}

QProcessEnvironment Supervisor::environmentFor(const ProcessSpec &spec) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    insertAll(env, m_baseEnvironment);
    insertAll(env, spec.environment);
    env.insert(QStringLiteral("HERD_PROCESS_NAME"), spec.name);
    env.insert(QString::fromLatin1(OrphanReaper::kInstanceVariable), QString::fromLatin1(OrphanReaper::instanceMark()));
    return env;
}

ManagedProcess *Supervisor::process(quint64 id) const
{
    // Ids count from 1 in spawn order and no process is ever removed: the id is the row.
    if (id == 0 || id > quint64(m_processes.size()))
        return nullptr;
    ManagedProcess *process = m_processes.at(qsizetype(id - 1));
    Q_ASSERT(process->id() == id);
    return process;
}

ManagedProcess *Supervisor::findByName(const QString &name) const
{
    return m_byName.value(name, nullptr);
}

ManagedProcess *Supervisor::findByPid(qint64 pid) const
{
    if (pid <= 0)
        return nullptr;
    for (ManagedProcess *process : m_processes) {
        if (process->isAlive() && process->pid() == pid)
            return process;
    }
    return nullptr;
}

int Supervisor::aliveCount() const
{
    int count = 0;
    for (const ManagedProcess *process : m_processes)
        count += process->isAlive() ? 1 : 0;
    return count;
}

int Supervisor::aliveNonDaemonCount() const
{
    int count = 0;
    for (const ManagedProcess *process : m_processes)
        count += process->isAlive() && !process->spec().daemon ? 1 : 0;
    return count;
}

void Supervisor::terminateAll(StopCause cause, bool daemonsOnly)
{
    // Every SIGTERM goes out now and each process runs its own grace timer, so N stubborn
    // processes take one grace period in all, not N.
    const QVector<ManagedProcess *> processes = m_processes;
    for (ManagedProcess *process : processes) {
        if (process->isAlive() && (!daemonsOnly || process->spec().daemon))
            process->terminate(cause);
    }
}

void Supervisor::killAll(StopCause cause)
{
    const QVector<ManagedProcess *> processes = m_processes;
    for (ManagedProcess *process : processes) {
        if (process->isAlive())
            process->kill(cause);
    }
}

void Supervisor::setSampleInterval(int ms)
{
    m_sampleTimer->setInterval(qMax(50, ms));
}

void Supervisor::setBaseEnvironment(const QStringList &keyValues)
{
    m_baseEnvironment = keyValues;
}

void Supervisor::sweepOrphans()
{
    // An orphan goes when the process it descends from was stopped by Herd; the orphans
    // of a process that ended by itself (a daemon it started) live on until the session
    // ends, as they would under a shell.
    bool killed = false;
    int living = 0;
    for (const OrphanReaper::Orphan &orphan : OrphanReaper::sweep()) {
        const ManagedProcess *owner = findByName(orphan.owner);
        if (owner && !owner->isAlive() && owner->result().cause != StopCause::None) {
            OrphanReaper::kill(orphan);
            killed = true;
        } else {
            ++living;
        }
    }
    // Soon again after a kill: to reap it, and to catch what it leaves behind in turn;
    // slowly while living orphans remain, for their zombies.
    if (killed)
        m_orphanTimer->start(kOrphanFollowUpMs);
    else if (living > 0)
        m_orphanTimer->start(kOrphanRecheckMs);
}

void Supervisor::sampleNow()
{
    QVector<ManagedProcess *> live;
    QVector<qint64> pids;
    for (ManagedProcess *process : std::as_const(m_processes)) {
        // Not while Starting: before exec() the child is a copy of Herd.
        const ProcessState state = process->state();
        if ((state == ProcessState::Running || state == ProcessState::Stopping) && process->pid() > 0
            && !process->isRecorded()) {
            live.append(process);
            pids.append(process->pid());
        }
    }
    const QHash<qint64, ProcessSample> samples = m_sampler->sample(pids);
    for (ManagedProcess *process : std::as_const(live))
        process->setSample(samples.value(process->pid()));
    emit sampled();
}

} // namespace herd
