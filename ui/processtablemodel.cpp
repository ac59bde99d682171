#include "processtablemodel.h"

#include "process/managedprocess.h"
#include "process/supervisor.h"
#include "session.h"
#include "shellwords.h"
#include "units.h"

#include <QIcon>
#include <QTimer>

#include <climits>
#include <limits>

namespace herd {

namespace {

constexpr quint32 kAllColumns = (1u << ProcessTableModel::ColumnCount) - 1;
constexpr quint32 kRowLevelBit = 1u << ProcessTableModel::ColumnCount;

QString commandLineOf(const ProcessSpec &spec)
{
    QStringList words;
    words << spec.program << spec.arguments;
    return joinShellWords(words);
}

} // namespace

ProcessTableModel::ProcessTableModel(Supervisor *supervisor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_supervisor(supervisor)
    , m_timer(new QTimer(this))
    , m_soon(new QTimer(this))
{
    m_timer->setInterval(m_interval);
    connect(m_timer, &QTimer::timeout, this, &ProcessTableModel::refresh);
    // State changes arrive in bursts (Kill all, quitting); one refresh a frame later shows
    // them all at once instead of one dataChanged per process.
    m_soon->setSingleShot(true);
    m_soon->setInterval(16);
    connect(m_soon, &QTimer::timeout, this, &ProcessTableModel::refresh);

    if (!supervisor)
        return;
    for (ManagedProcess *p : supervisor->processes())
        addProcess(p);
    connect(supervisor, &Supervisor::processSpawned, this, [this](ManagedProcess *p) {
        const int row = int(m_rows.size());
        beginInsertRows(QModelIndex(), row, row);
        addProcess(p);
        endInsertRows();
        updateTimer();
    });
    connect(supervisor, &Supervisor::processStateChanged, this, &ProcessTableModel::markDirty);
    connect(supervisor, &Supervisor::processFinished, this, &ProcessTableModel::markDirty);
    connect(supervisor, &Supervisor::sampled, this, &ProcessTableModel::markAllLiveDirty);
    connect(supervisor, &QObject::destroyed, this, &ProcessTableModel::onSupervisorDestroyed);
    updateTimer();
}

ProcessTableModel::~ProcessTableModel() = default;

int ProcessTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProcessTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProcessTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Row &row = m_rows.at(index.row());
    const Cell &cell = row.cells[size_t(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        return cell.display;
    case Qt::ToolTipRole:
        return cell.toolTip.isEmpty() ? QVariant() : QVariant(cell.toolTip);
    case UnderlyingDataRole:
        return cell.sortKey;
    case ProcessIdRole:
        return QVariant::fromValue<quint64>(row.id);
    case BadgeToneRole:
        return int(row.tone);
    case AliveRole:
        return row.alive;
    case ProblemRole:
        return row.problem;
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case Pid:
        case Uptime:
        case Cpu:
        case Memory:
        case Watchdog:
        case TasksDone:
        case ExitCode:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        case Kill:
            return QVariant(Qt::AlignCenter);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case Qt::DecorationRole:
        if (index.column() == Name && row.process) {
            static const QIcon worker(QStringLiteral(":/icons/worker.svg"));
            static const QIcon process(QStringLiteral(":/icons/process.svg"));
            return row.process->spec().kind == ProcessKind::Worker ? worker : process;
        }
        return QVariant();
    case Qt::AccessibleTextRole:
        if (index.column() == Kill)
            return row.alive ? tr("Kill %1").arg(row.cells[Name].display) : QString();
        return cell.display;
    default:
        return QVariant();
    }
}

QVariant ProcessTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QVariant();
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case Name: return tr("Name");
        case Pid: return tr("PID");
        case State: return tr("State");
        case Uptime: return tr("Uptime");
        case Cpu: return tr("CPU");
        case Memory: return tr("Memory");
        case Watchdog: return tr("Watchdog");
        case TasksDone: return tr("Tasks");
        case ExitCode: return tr("Exit");
        case Command: return tr("Command");
        case Kill: return QString();
        case ColumnCount: break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case Name: return tr("The process's name; it reaches the child as HERD_PROCESS_NAME.");
        case Pid: return tr("Process id, which is also its process group id: Herd signals the whole group.");
        case State: return tr("Where the process is in its life, and how it ended.");
        case Uptime: return tr("How long the current (or last) run has lasted.");
        case Cpu: return tr("CPU use as a share of one core.");
        case Memory: return tr("Resident memory (RSS).");
        case Watchdog: return tr("Time left before the watchdog stops the process.");
        case TasksDone: return tr("Tasks a worker has completed.");
        case ExitCode: return tr("Exit code in Python's convention: 0 success, > 0 error status, -N killed by signal N.");
        case Command: return tr("The program and its arguments, exactly as passed (no shell).");
        case Kill: return tr("Kill button: SIGKILL to the process group at once.");
        case ColumnCount: break;
        }
    } else if (role == Qt::TextAlignmentRole) {
        switch (Column(section)) {
        case Pid:
        case Uptime:
        case Cpu:
        case Memory:
        case Watchdog:
        case TasksDone:
        case ExitCode:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    return QVariant();
}

Qt::ItemFlags ProcessTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

quint64 ProcessTableModel::processId(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

int ProcessTableModel::rowOf(quint64 processId) const
{
    return m_rowById.value(processId, -1);
}

QModelIndex ProcessTableModel::indexOf(quint64 processId, int column) const
{
    const int row = rowOf(processId);
    return row < 0 ? QModelIndex() : index(row, column);
}

void ProcessTableModel::setWorkerActivity(quint64 processId, const WorkerActivity &activity)
{
    WorkerActivity &current = m_activity[processId];
    if (current == activity)
        return;
    current = activity;
    const int row = rowOf(processId);
    if (row >= 0) {
        m_rows[row].dirty = true;
        scheduleSoon();
    }
}

WorkerActivity ProcessTableModel::workerActivity(quint64 processId) const
{
    return m_activity.value(processId);
}


void ProcessTableModel::setRefreshInterval(int ms)
{
    m_interval = qBound(16, ms, 60 * 1000);
    m_timer->setInterval(m_interval);
}

void ProcessTableModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (paused) {
        m_timer->stop();
        m_soon->stop();
    } else {
        refresh();
    }
}

void ProcessTableModel::addProcess(ManagedProcess *process)
{
    Row row;
    row.id = process->id();
    row.process = process;
    rebuild(row, m_supervisor ? m_supervisor->elapsedMs() : 0);
    row.dirty = false;
    m_rowById.insert(row.id, int(m_rows.size()));
    m_rows.append(row);
}

void ProcessTableModel::markDirty(ManagedProcess *process)
{
    const int row = process ? rowOf(process->id()) : -1;
    if (row < 0)
        return;
    m_rows[row].dirty = true;
    scheduleSoon();
}

void ProcessTableModel::markAllLiveDirty()
{
    // The sampler updated CPU and memory of every live process; the next tick shows them.
    for (Row &row : m_rows) {
        if (row.alive)
            row.dirty = true;
    }
    updateTimer();
}

void ProcessTableModel::scheduleSoon()
{
    if (!m_paused && !m_soon->isActive())
        m_soon->start();
}

void ProcessTableModel::updateTimer()
{
    if (m_paused)
        return;
    bool needed = false;
    for (const Row &row : m_rows) {
        if (row.alive || row.dirty) {
            needed = true;
            break;
        }
    }
    if (needed && !m_timer->isActive())
        m_timer->start();
    else if (!needed)
        m_timer->stop();
}

void ProcessTableModel::refresh()
{
    m_soon->stop();
    if (m_rows.isEmpty() || !m_supervisor) {
        updateTimer();
        return;
    }
    const qint64 now = m_supervisor->elapsedMs();
    QVector<quint32> masks(m_rows.size(), 0);
    int changedRows = 0;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        if (!row.alive && !row.dirty)
            continue;
        masks[i] = rebuild(row, now);
        row.dirty = false;
        if (masks[i])
            ++changedRows;
    }

    if (changedRows > 0) {
        const QList<int> cellRoles{Qt::DisplayRole, Qt::ToolTipRole, UnderlyingDataRole};
        QList<int> rowRoles = cellRoles;
        rowRoles << BadgeToneRole << AliveRole << ProblemRole << Qt::DecorationRole << Qt::AccessibleTextRole;
        if (changedRows * 2 > m_rows.size()) {
            // Most rows changed: one range for the whole table is cheaper for every view.
            bool rowLevel = false;
            for (quint32 m : masks)
                rowLevel = rowLevel || (m & kRowLevelBit);
            emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1),
                             rowLevel ? rowRoles : cellRoles);
        } else {
            // Contiguous runs of changed rows, each spanning the columns that changed in it.
            int i = 0;
            while (i < m_rows.size()) {
                if (!masks[i]) {
                    ++i;
                    continue;
                }
                const int first = i;
                quint32 run = 0;
                while (i < m_rows.size() && masks[i])
                    run |= masks[i++];
                const int last = i - 1;
                if (run & kRowLevelBit)
                    run = kAllColumns | kRowLevelBit;
                int left = 0;
                while (!(run & (1u << left)))
                    ++left;
                int right = ColumnCount - 1;
                while (!(run & (1u << right)))
                    --right;
                emit dataChanged(index(first, left), index(last, right),
                                 (run & kRowLevelBit) ? rowRoles : cellRoles);
            }
        }
        emit refreshed();
    }
    updateTimer();
}

quint32 ProcessTableModel::rebuild(Row &row, qint64 now) const
{
    const ManagedProcess *p = row.process.data();
    if (!p) {
        // The supervisor let go of the process: keep its last values, it is no longer live.
        const bool changed = row.alive;
        row.alive = false;
        return changed ? kAllColumns | kRowLevelBit : 0;
    }
    const ProcessSpec &spec = p->spec();
    const ProcessState state = p->state();
    const bool alive = isLiveState(state);
    const WorkerActivity activity = m_activity.value(row.id);
    const bool gaveUp = !alive && m_session && m_session->restartInfo(row.id).gaveUp;
    const ProcessStatus status = processStatus(*p, activity, gaveUp);
    const bool isWorker = spec.kind == ProcessKind::Worker;

    std::array<Cell, ColumnCount> c;

    c[Name].display = p->name();
    c[Name].sortKey = p->name();
    {
        QStringList traits;
        traits << (isWorker ? tr("worker") : tr("process"));
        if (spec.daemon)
            traits << tr("daemon");
        if (p->runCount() > 1)
            traits << tr("run %1").arg(p->runCount());
        c[Name].toolTip = QStringLiteral("%1 (%2)").arg(p->name(), traits.join(QStringLiteral(", ")));
    }

    const qint64 pid = p->pid();
    c[Pid].display = pid > 0 ? QString::number(pid) : QString();
    c[Pid].sortKey = pid;
    if (pid > 0)
        c[Pid].toolTip = alive ? tr("Process %1, leader of its own process group").arg(pid)
                               : tr("Process %1 (ended)").arg(pid);

    c[State].display = status.badge;
    c[State].sortKey = int(state) * 16 + int(status.tone);
    c[State].toolTip = status.detail;

    const qint64 started = p->startedMs();
    if (started >= 0) {
        const qint64 end = alive ? now : (p->endedMs() >= 0 ? p->endedMs() : now);
        const qint64 uptime = qMax<qint64>(0, end - started);
        c[Uptime].display = formatClock(uptime);
        c[Uptime].sortKey = uptime / 1000;
        c[Uptime].toolTip = alive ? tr("Running for %1").arg(humanDuration(uptime))
                                  : tr("Ran for %1").arg(humanDuration(uptime));
    } else {
        c[Uptime].sortKey = qint64(-1);
    }

    const ProcessSample sample = p->sample();
    if (alive && state != ProcessState::Starting) {
        c[Cpu].display = formatPercent(sample.cpuPercent);
        c[Cpu].sortKey = qRound64(sample.cpuPercent * 10.0);
        c[Memory].display = sample.rssBytes > 0 ? formatBytes(sample.rssBytes) : QString();
        c[Memory].sortKey = sample.rssBytes;
    } else {
        c[Cpu].sortKey = qint64(-1);
        c[Memory].sortKey = qint64(-1);
    }

    if (alive) {
        const qint64 remaining = p->watchdogRemainingMs();
        if (remaining >= 0) {
            c[Watchdog].display = formatCountdown(remaining);
            c[Watchdog].sortKey = (remaining + 99) / 100;
            c[Watchdog].toolTip = tr("The watchdog stops this process in %1.").arg(humanDuration(remaining));
        } else {
            c[Watchdog].sortKey = std::numeric_limits<qint64>::max();
            c[Watchdog].toolTip = tr("No watchdog. Set timeout… adds one.");
        }
    } else if (state == ProcessState::TimedOut) {
        c[Watchdog].display = formatCountdown(0);
        c[Watchdog].sortKey = qint64(0);
        c[Watchdog].toolTip = tr("The watchdog stopped this process.");
    } else {
        c[Watchdog].sortKey = std::numeric_limits<qint64>::max();
    }

    if (isWorker) {
        c[TasksDone].display = QString::number(activity.tasksDone);
        c[TasksDone].sortKey = qint64(activity.tasksDone);
        c[TasksDone].toolTip = activity.tasksDone == 1 ? tr("1 task completed")
                                                       : tr("%1 tasks completed").arg(activity.tasksDone);
    } else {
        c[TasksDone].sortKey = qint64(-1);
    }

    const QString exitText = exitCodeText(*p);
    c[ExitCode].display = exitText;
    if (exitText.isEmpty()) {
        c[ExitCode].sortKey = std::numeric_limits<qint64>::min();
        if (state == ProcessState::FailedToStart)
            c[ExitCode].toolTip = tr("No exit code: the program never ran.");
    } else {
        c[ExitCode].sortKey = qint64(p->result().exitCode);
        c[ExitCode].toolTip = exitCodeMeaning(p->result().exitCode) + QLatin1Char('\n') + exitCodeConvention();
    }

    const QString command = commandLineOf(spec);
    c[Command].display = command;
    c[Command].sortKey = command;
    c[Command].toolTip = spec.workingDirectory.isEmpty()
        ? command
        : tr("%1\nin %2").arg(command, spec.workingDirectory);

    c[Kill].sortKey = alive ? 1 : 0;
    if (alive)
        c[Kill].toolTip = tr("Kill %1: SIGKILL to its whole process group, at once").arg(p->name());

    quint32 mask = 0;
    for (int col = 0; col < ColumnCount; ++col) {
        const Cell &a = row.cells[size_t(col)];
        const Cell &b = c[size_t(col)];
        if (a.display != b.display || a.toolTip != b.toolTip || a.sortKey != b.sortKey)
            mask |= 1u << col;
    }
    if (row.alive != alive || row.problem != status.problem || row.tone != status.tone)
        mask |= kRowLevelBit;
    row.cells = std::move(c);
    row.alive = alive;
    row.problem = status.problem;
    row.tone = status.tone;
    return mask;
}

void ProcessTableModel::onSupervisorDestroyed()
{
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    endResetModel();
    m_timer->stop();
    m_soon->stop();
}

} // namespace herd
