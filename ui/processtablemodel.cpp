#include "processtablemodel.h"

#include "displaytick.h"
#include "process/managedprocess.h"
#include "process/supervisor.h"
#include "session.h"
#include "shellwords.h"
#include "units.h"

#include <QIcon>

#include <climits>

namespace herd {

namespace {

constexpr quint32 kAllColumns = (1u << ProcessTableModel::ColumnCount) - 1;
constexpr quint32 kRowLevelBit = 1u << ProcessTableModel::ColumnCount;
constexpr quint32 bit(ProcessTableModel::Column column)
{
    return 1u << column;
}
// What changes with the clock alone, with a new /proc sample, and with the worker's activity.
constexpr quint32 kClockColumns = bit(ProcessTableModel::State) | bit(ProcessTableModel::Uptime)
                                  | bit(ProcessTableModel::Watchdog);
constexpr quint32 kSampleColumns = bit(ProcessTableModel::Cpu) | bit(ProcessTableModel::Memory);
constexpr quint32 kActivityColumns = bit(ProcessTableModel::State) | bit(ProcessTableModel::TasksDone);

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
{
    if (!supervisor)
        return;
    for (ManagedProcess *p : supervisor->processes())
        addProcess(p);
    connect(supervisor, &Supervisor::processSpawned, this, &ProcessTableModel::insertRow);
    connect(supervisor, &Supervisor::processStateChanged, this, &ProcessTableModel::markDirty);
    connect(supervisor, &Supervisor::processFinished, this, &ProcessTableModel::markDirty);
    connect(supervisor, &Supervisor::sampled, this, &ProcessTableModel::markAllLiveDirty);
    connect(supervisor, &QObject::destroyed, this, &ProcessTableModel::onSupervisorDestroyed);
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
    Q_ASSERT(index.column() >= 0 && index.column() < ColumnCount);
    const Cell &cell = row.cells[size_t(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        return cell.display;
    case Qt::ToolTipRole: {
        // A live process's tooltips are said when asked, from the moment of its last refresh;
        // only the State column's, which comes with the badge, is kept. An ended row (and a
        // remote worker's) keeps them all, so they outlive the process.
        const bool asked = row.alive && !row.remote && index.column() != State;
        const QString tip = asked ? lazyToolTip(row, index.column()) : cell.toolTip;
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
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
    case DaemonRole:
        return row.daemon;
    case RemoteRole:
        return row.remote;
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
        if (index.column() == Name && row.remote) {
            static const QIcon remote(QStringLiteral(":/icons/remote.svg"));
            return remote;
        }
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
    const int row = m_rowById.value(processId, -1);
    // The id index and the rows move together; a stale entry would aim a kill elsewhere.
    Q_ASSERT(row < 0 || (row < m_rows.size() && m_rows.at(row).id == processId));
    return row;
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
        m_rows[row].stale |= kActivityColumns;
        // Told during a tick before this model's refresh (the queue panel's, in the window),
        // that refresh shows it: asking for another tick would have every tick of a busy
        // pool ask for the next, its workers' tasks changing all the time.
        const bool shownThisTick = m_tick && m_tick->isTicking() && m_refreshedAtTick != m_tick->count();
        if (!shownThisTick)
            scheduleSoon();
    }
}

WorkerActivity ProcessTableModel::workerActivity(quint64 processId) const
{
    return m_activity.value(processId);
}


void ProcessTableModel::addProcess(ManagedProcess *process)
{
    Row row;
    row.id = process->id();
    row.process = process;
    rebuild(row, m_supervisor ? m_supervisor->elapsedMs() : 0, kAllColumns);
    row.stale = 0;
    m_rowById.insert(row.id, int(m_rows.size()));
    m_rows.append(row);
}

void ProcessTableModel::insertRow(ManagedProcess *process)
{
    const int row = int(m_rows.size());
    beginInsertRows(QModelIndex(), row, row);
    addProcess(process);
    endInsertRows();
}

void ProcessTableModel::reindex()
{
    m_rowById.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows.at(i).id, i);
}

int ProcessTableModel::clearEnded(qint64 endedByMs)
{
    QVector<int> doomed;
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        const ManagedProcess *p = row.process.data();
        if (row.remote) {
            // A remote worker's row goes once it is gone; it comes back if the worker does.
            if (row.alive || (endedByMs != std::numeric_limits<qint64>::max() && row.remoteEndedMs > endedByMs))
                continue;
            doomed << i;
            continue;
        }
        if (p && isLiveState(p->state()))
            continue;
        if (p && m_session && m_session->restartInfo(row.id).pending)
            continue; // its policy starts it again: the run is not over
        if (p && endedByMs != std::numeric_limits<qint64>::max() && (p->endedMs() < 0 || p->endedMs() > endedByMs))
            continue;
        doomed << i;
    }
    // Contiguous runs, from the end, so the rows before each run keep their numbers.
    int k = int(doomed.size()) - 1;
    while (k >= 0) {
        const int last = doomed.at(k);
        int first = last;
        while (k > 0 && doomed.at(k - 1) == first - 1)
            first = doomed.at(--k);
        --k;
        beginRemoveRows(QModelIndex(), first, last);
        for (int i = first; i <= last; ++i) {
            if (m_rows.at(i).remote)
                m_clearedRemote.insert(m_rows.at(i).id);
        }
        m_rows.remove(first, last - first + 1);
        reindex();
        endRemoveRows();
    }
    return int(doomed.size());
}

void ProcessTableModel::setAutoClearAfter(qint64 ms)
{
    m_autoClearMs = qMax<qint64>(0, ms);
}

void ProcessTableModel::markDirty(ManagedProcess *process)
{
    if (!process)
        return;
    const int row = rowOf(process->id());
    if (row < 0) {
        // Cleared, and running again (a restart through the session): it gets its row back.
        if (process->isAlive() && m_supervisor && m_supervisor->process(process->id()) == process)
            insertRow(process);
        return;
    }
    m_rows[row].stale = kAllColumns;
    scheduleSoon();
}

void ProcessTableModel::markAllLiveDirty()
{
    // The sampler updated CPU and memory of every live process; the next tick shows them.
    for (Row &row : m_rows) {
        if (row.alive)
            row.stale |= kSampleColumns;
    }
}

void ProcessTableModel::retranslate()
{
    for (Row &row : m_rows)
        row.stale = kAllColumns;
    refresh();
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void ProcessTableModel::setDisplayTick(DisplayTick *tick)
{
    m_tick = tick;
}

void ProcessTableModel::scheduleSoon()
{
    // State changes arrive in bursts (Kill all, quitting): one early tick shows them all at
    // once instead of one dataChanged per process.
    if (m_tick)
        m_tick->soon();
}

void ProcessTableModel::refresh()
{
    if (m_tick)
        m_refreshedAtTick = m_tick->count();
    syncRemoteWorkers();
    if (m_rows.isEmpty() || !m_supervisor)
        return;
    const qint64 now = m_supervisor->elapsedMs();
    if (m_autoClearMs > 0 && clearEnded(now - m_autoClearMs) > 0 && m_rows.isEmpty())
        return;
    QVector<quint32> masks(m_rows.size(), 0);
    int changedRows = 0;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        if (!row.alive && !row.stale)
            continue;
        masks[i] = rebuild(row, now, row.stale | (row.alive ? kClockColumns : 0));
        row.stale = 0;
        if (masks[i])
            ++changedRows;
    }

    if (changedRows > 0) {
        const QList<int> cellRoles{Qt::DisplayRole, Qt::ToolTipRole, UnderlyingDataRole};
        QList<int> rowRoles = cellRoles;
        rowRoles << BadgeToneRole << AliveRole << ProblemRole << DaemonRole << RemoteRole << Qt::DecorationRole
                 << Qt::AccessibleTextRole;
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
}

// What every column of a row is computed from, gathered once per rebuild.
struct ProcessTableModel::RowFacts {
    const ManagedProcess &process;
    const ProcessSpec &spec;
    ProcessState state;
    bool alive;
    WorkerActivity activity;
    ProcessStatus status;
    qint64 now;
};

QString ProcessTableModel::displayValue(const RowFacts &f, int column)
{
    const ManagedProcess &p = f.process;
    switch (Column(column)) {
    case Name:
        return p.name();
    case Pid:
        return p.pid() > 0 && f.state != ProcessState::FailedToStart ? QString::number(p.pid()) : QString();
    case State:
        return f.status.badge;
    case Uptime:
        return p.startedMs() >= 0 ? formatClock(uptimeOf(f)) : QString();
    case Cpu:
        return hasSample(f) ? formatPercent(p.sample().cpuPercent) : QString();
    case Memory:
        return hasSample(f) && p.sample().rssBytes > 0 ? formatBytes(p.sample().rssBytes) : QString();
    case Watchdog:
        if (f.alive) {
            const qint64 remaining = p.watchdogRemainingMs();
            return remaining >= 0 ? formatCountdown(remaining) : QString();
        }
        return f.state == ProcessState::TimedOut ? tr("fired") : QString();
    case TasksDone:
        return f.spec.kind == ProcessKind::Worker ? QString::number(f.activity.tasksDone) : QString();
    case ExitCode:
        return exitCodeText(p);
    case Command:
        return commandLineOf(f.spec);
    case Kill:
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ProcessTableModel::sortValue(const RowFacts &f, int column)
{
    // A value the process does not have (yet) is an invalid QVariant: the proxy sorts those
    // last in either order, so a new row waits at the bottom until it has a figure.
    const ManagedProcess &p = f.process;
    switch (Column(column)) {
    case Name:
        return p.name();
    case Pid:
        return f.state == ProcessState::FailedToStart || p.pid() <= 0 ? QVariant() : QVariant(p.pid());
    case State:
        return int(f.state) * 16 + int(f.status.tone);
    case Uptime:
        return p.startedMs() >= 0 ? QVariant(uptimeOf(f) / 1000) : QVariant();
    case Cpu:
        return hasSample(f) ? QVariant(qRound64(p.sample().cpuPercent * 10.0)) : QVariant();
    case Memory:
        return hasSample(f) && p.sample().rssBytes > 0 ? QVariant(p.sample().rssBytes) : QVariant();
    case Watchdog:
        if (f.alive) {
            const qint64 remaining = p.watchdogRemainingMs();
            return remaining >= 0 ? QVariant((remaining + 99) / 100) : QVariant();
        }
        return f.state == ProcessState::TimedOut ? QVariant(qint64(0)) : QVariant();
    case TasksDone:
        return f.spec.kind == ProcessKind::Worker ? QVariant(qint64(f.activity.tasksDone)) : QVariant();
    case ExitCode:
        return exitCodeText(p).isEmpty() ? QVariant() : QVariant(qint64(p.result().exitCode));
    case Command:
        return commandLineOf(f.spec);
    case Kill:
        return f.alive ? 1 : 0;
    case ColumnCount:
        break;
    }
    return {};
}

QString ProcessTableModel::toolTipValue(const RowFacts &f, int column)
{
    const ManagedProcess &p = f.process;
    switch (Column(column)) {
    case Name: {
        QStringList traits;
        traits << (f.spec.kind == ProcessKind::Worker ? tr("worker") : tr("process"));
        if (f.spec.daemon)
            traits << tr("daemon");
        if (p.runCount() > 1)
            traits << tr("run %1").arg(p.runCount());
        const QString name = QStringLiteral("%1 (%2)").arg(p.name(), traits.join(QStringLiteral(", ")));
        return f.spec.daemon ? name + QLatin1Char('\n') + tr("A daemon: stopped without asking when Herd quits, and it dies if Herd is killed.")
                             : name;
    }
    case Pid:
        if (p.pid() <= 0 || f.state == ProcessState::FailedToStart)
            return {};
        return f.alive ? tr("Process %1, leader of its own process group").arg(p.pid())
                       : tr("Process %1 (ended)").arg(p.pid());
    case State:
        return f.status.detail;
    case Uptime:
        if (p.startedMs() < 0)
            return {};
        return f.alive ? tr("Running for %1").arg(humanDuration(uptimeOf(f)))
                       : tr("Ran for %1").arg(humanDuration(uptimeOf(f)));
    case Cpu:
    case Memory:
        return {};
    case Watchdog:
        if (f.alive) {
            const qint64 remaining = p.watchdogRemainingMs();
            return remaining >= 0 ? tr("The watchdog stops this process in %1.").arg(humanDuration(remaining))
                                  : tr("No watchdog. Set timeout… adds one.");
        }
        return f.state == ProcessState::TimedOut ? tr("The watchdog stopped this process.") : QString();
    case TasksDone:
        if (f.spec.kind != ProcessKind::Worker)
            return {};
        return f.activity.tasksDone == 1 ? tr("1 task completed") : tr("%1 tasks completed").arg(f.activity.tasksDone);
    case ExitCode:
        if (exitCodeText(p).isEmpty())
            return f.state == ProcessState::FailedToStart ? tr("No exit code: the program never ran.") : QString();
        return exitCodeMeaning(p.result().exitCode) + QLatin1Char('\n') + exitCodeConvention();
    case Command: {
        const QString command = commandLineOf(f.spec);
        return f.spec.workingDirectory.isEmpty() ? command : tr("%1\nin %2").arg(command, f.spec.workingDirectory);
    }
    case Kill:
        return f.alive ? tr("Kill %1: SIGKILL to its whole process group, at once").arg(p.name()) : QString();
    case ColumnCount:
        break;
    }
    return {};
}

qint64 ProcessTableModel::uptimeOf(const RowFacts &f)
{
    const qint64 started = f.process.startedMs();
    const qint64 end = f.alive ? f.now : (f.process.endedMs() >= 0 ? f.process.endedMs() : f.now);
    return qMax<qint64>(0, end - started);
}

bool ProcessTableModel::hasSample(const RowFacts &f)
{
    return f.alive && f.state != ProcessState::Starting;
}

quint32 ProcessTableModel::rebuild(Row &row, qint64 now, quint32 columns) const
{
    if (row.remote) {
        const bool wasAlive = row.alive;
        const quint32 mask = rebuildRemote(row);
        if (wasAlive && !row.alive)
            row.remoteEndedMs = now;
        return mask;
    }
    const ManagedProcess *p = row.process.data();
    if (!p) {
        // The supervisor let go of the process: keep its last values, it is no longer live.
        const bool changed = row.alive;
        row.alive = false;
        return changed ? kAllColumns | kRowLevelBit : 0;
    }
    const ProcessState state = p->state();
    const bool alive = isLiveState(state);
    const WorkerActivity activity = m_activity.value(row.id);
    const bool gaveUp = !alive && m_session && m_session->restartInfo(row.id).gaveUp;
    const RowFacts facts{*p, p->spec(), state, alive, activity, processStatus(*p, activity, gaveUp, now), now};
    row.builtMs = now;
    row.activity = activity;
    // An ended row keeps its tooltips (the process may go away); a live one says them when
    // asked. Either change redoes every column.
    if (row.alive != alive)
        columns = kAllColumns;

    quint32 mask = 0;
    for (int col = 0; col < ColumnCount; ++col) {
        if (!(columns & (1u << col)))
            continue;
        Cell cell{displayValue(facts, col), sortValue(facts, col),
                  !alive || col == State ? toolTipValue(facts, col) : QString()};
        Cell &old = row.cells[size_t(col)];
        if (old.display != cell.display || old.toolTip != cell.toolTip || old.sortKey != cell.sortKey) {
            mask |= 1u << col;
            old = std::move(cell);
        }
    }
    if (row.alive != alive || row.problem != facts.status.problem || row.tone != facts.status.tone
        || row.daemon != facts.spec.daemon)
        mask |= kRowLevelBit;
    row.alive = alive;
    row.problem = facts.status.problem;
    row.daemon = facts.spec.daemon;
    row.tone = facts.status.tone;
    return mask;
}

QString ProcessTableModel::lazyToolTip(const Row &row, int column) const
{
    const ManagedProcess *p = row.process.data();
    if (!p)
        return QString();
    // The State column's tooltip is kept with its badge; the others need no status.
    const RowFacts facts{*p, p->spec(), p->state(), row.alive, row.activity, ProcessStatus(), row.builtMs};
    return toolTipValue(facts, column);
}

RemoteWorkerInfo ProcessTableModel::remoteWorker(quint64 id) const
{
    const int row = rowOf(id);
    return row >= 0 && m_rows.at(row).remote ? m_rows.at(row).info : RemoteWorkerInfo();
}

void ProcessTableModel::syncRemoteWorkers()
{
    if (!m_session)
        return;
    QVector<RemoteWorkerInfo> fresh;
    for (const RemoteWorkerInfo &info : m_session->remoteWorkers()) {
        const int row = rowOf(info.key);
        if (row >= 0) {
            m_rows[row].info = info;
            m_rows[row].stale = kAllColumns;
            continue;
        }
        if (m_clearedRemote.contains(info.key)) {
            if (info.state == RemoteWorkerState::Gone)
                continue;
            m_clearedRemote.remove(info.key); // cleared while gone, and back
        }
        fresh << info;
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(fresh.size()) - 1);
    for (const RemoteWorkerInfo &info : std::as_const(fresh)) {
        Row row;
        row.id = info.key;
        row.remote = true;
        row.info = info;
        rebuildRemote(row);
        row.stale = 0;
        if (!row.alive)
            row.remoteEndedMs = m_supervisor ? m_supervisor->elapsedMs() : 0;
        m_rowById.insert(row.id, int(m_rows.size()));
        m_rows.append(row);
    }
    endInsertRows();
}

quint32 ProcessTableModel::rebuildRemote(Row &row) const
{
    const RemoteWorkerInfo &w = row.info;
    const ProcessStatus status = remoteWorkerStatus(w);
    const bool alive = w.state != RemoteWorkerState::Gone;
    const QString none = tr("—");
    const QString noFigure = tr("Herd measures only the processes of its own machine that it started.");
    const QString where = w.local ? tr("on this machine (%1)").arg(w.host) : tr("on %1").arg(w.host);
    const QString heartbeat = tr("last heartbeat %1").arg(heartbeatAge(w.silentMs));
    std::array<Cell, ColumnCount> cells;
    cells[Name] = {w.name, w.name,
                   tr("%1 (remote worker %2)").arg(w.name, where) + QLatin1Char('\n')
                       + tr("It joined the queue by itself; Terminate asks it to finish its task and leave, Kill to "
                            "leave at once.")};
    cells[Pid] = {w.pid > 0 ? QString::number(w.pid) : QString(), w.pid > 0 ? QVariant(w.pid) : QVariant(),
                  w.pid > 0 ? tr("Process %1 %2").arg(w.pid).arg(where) : QString()};
    cells[State] = {status.badge, int(w.state) * 16 + int(status.tone), status.detail};
    cells[Uptime] = {none, QVariant(), tr("Herd does not know when it started.")};
    cells[Cpu] = {none, QVariant(), noFigure};
    cells[Memory] = {none, QVariant(), noFigure};
    cells[Watchdog] = {none, QVariant(), tr("No watchdog: it is not a process Herd started.")};
    cells[TasksDone] = {QString::number(w.tasksDone), QVariant(qint64(w.tasksDone)),
                        w.tasksDone == 1 ? tr("1 task completed") : tr("%1 tasks completed").arg(w.tasksDone)};
    cells[ExitCode] = {QString(), QVariant(), QString()};
    const QString command = alive ? tr("remote worker %1, %2").arg(where, heartbeat) : tr("remote worker %1").arg(where);
    cells[Command] = {command, w.host, alive ? command : tr("%1\n%2").arg(command, status.detail)};
    cells[Kill] = {QString(), alive ? 1 : 0,
                   alive ? tr("Kill %1: it leaves at once, and its task goes back to the queue").arg(w.name) : QString()};

    quint32 mask = 0;
    for (int col = 0; col < ColumnCount; ++col) {
        Cell &old = row.cells[size_t(col)];
        Cell &cell = cells[size_t(col)];
        if (old.display != cell.display || old.toolTip != cell.toolTip || old.sortKey != cell.sortKey) {
            mask |= 1u << col;
            old = std::move(cell);
        }
    }
    if (row.alive != alive || row.problem != status.problem || row.tone != status.tone || row.daemon)
        mask |= kRowLevelBit;
    row.alive = alive;
    row.problem = status.problem;
    row.daemon = false;
    row.tone = status.tone;
    return mask;
}

void ProcessTableModel::onSupervisorDestroyed()
{
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    endResetModel();
}

} // namespace herd
