#pragma once

#include "displaytick.h"
#include "itemroles.h"
#include "process/supervisor.h"
#include "processtext.h"
#include "workeractivity.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QPointer>
#include <QVector>

#include <array>
#include <limits>

namespace herd {

class Session;

// Every process of a session, one row each in spawn order, and a row for each worker that
// joined the session's queue by itself (Session::remoteWorkers: on another machine, or
// started by hand), added when it is first seen; such a row has no CPU, memory or watchdog ("—"),
// says its host and last heartbeat in the Command column, and RemoteRole is true on it. Rows are bound to the process
// id; nothing outside should remember a row number. Live figures (uptime, CPU, memory,
// the watchdog countdown) are refreshed on the window's display clock (DisplayTick: whoever
// owns it calls refresh() on each tick; the model keeps no timer of its own) and announced
// as contiguous dataChanged ranges carrying only the roles that changed; data() returns
// what was last announced, so a view never sees a value it was not told about.
class ProcessTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Name,
        Pid,
        State,
        Uptime,
        Cpu,
        Memory,
        Watchdog,
        TasksDone,
        ExitCode,
        Command,
        Kill,
        ColumnCount
    };
    Q_ENUM(Column)

    // The roles it provides (itemroles.h has them all).
    enum Role {
        UnderlyingDataRole = ItemRole::UnderlyingData,
        ProcessIdRole = ItemRole::ProcessId,
        BadgeToneRole = ItemRole::BadgeTone,
        AliveRole = ItemRole::Alive,
        ProblemRole = ItemRole::Problem,
        DaemonRole = ItemRole::Daemon,
        RemoteRole = ItemRole::Remote,
    };

    explicit ProcessTableModel(Supervisor *supervisor, QObject *parent = nullptr);
    ~ProcessTableModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    Supervisor *supervisor() const { return m_supervisor; }
    quint64 processId(int row) const;          // 0 when out of range
    int rowOf(quint64 processId) const;        // -1 when unknown
    QModelIndex indexOf(quint64 processId, int column = Name) const;

    // Filled by the task queue: what each worker is doing and how many tasks it finished.
    void setWorkerActivity(quint64 processId, const WorkerActivity &activity);
    WorkerActivity workerActivity(quint64 processId) const;
    // The session whose restart policies the badges follow ("crash-looping, gave up"), and
    // whose remote workers get rows.
    void setSession(const Session *session) { m_session = session; }
    // A remote worker's row: what was last shown of it (key 0 when id is no such row).
    bool isRemote(quint64 id) const { return TaskQueueInterface::isRemoteRow(id); }
    RemoteWorkerInfo remoteWorker(quint64 id) const;

    // Removes the rows of processes that have ended for good — given up on by their restart
    // policy included, never a live one nor one whose policy will start it again — that
    // ended at or before endedByMs on the session clock (by default: whenever). The supervisor, the
    // report and the event stream keep them; a removed process that runs again gets its row
    // back. Returns how many rows went.
    int clearEnded(qint64 endedByMs = std::numeric_limits<qint64>::max());
    // Clears ended rows on its own this long after their process ended (0: never).
    void setAutoClearAfter(qint64 ms);
    qint64 autoClearAfter() const { return m_autoClearMs; }

    // Applies every pending change now and emits the dataChanged ranges.
    void refresh();
    // The language changed: headers and every cell are said again in the new words.
    void retranslate();
    // The display clock whose owner calls refresh() on each tick; a state change asks it for
    // an early tick. Paused with the clock (a minimised window), caught up when it resumes.
    // Without a clock the model changes only when refresh() is called.
    void setDisplayTick(DisplayTick *tick);
    DisplayTick *displayTick() const { return m_tick; }

signals:
    // After each refresh that changed something.
    void refreshed();

private:
    struct Cell {
        QString display;
        QVariant sortKey;
        QString toolTip;
    };
    struct Row {
        quint64 id = 0;
        QPointer<ManagedProcess> process;
        // A bit per column to compute again at the next refresh (a live row's clock columns
        // are computed at every refresh anyway).
        quint32 stale = (1u << ColumnCount) - 1;
        qint64 builtMs = 0;        // when the row was last refreshed, on the session clock
        WorkerActivity activity;   // the worker's activity as of then
        bool alive = false;
        bool problem = false;
        bool daemon = false;
        bool remote = false;
        RemoteWorkerInfo info; // a remote worker's row
        qint64 remoteEndedMs = -1; // when it was seen gone, on the session clock
        BadgeTone tone = BadgeTone::Neutral;
        std::array<Cell, ColumnCount> cells;
    };

    void addProcess(ManagedProcess *process);
    void insertRow(ManagedProcess *process);
    void reindex();
    void markDirty(ManagedProcess *process);
    void markAllLiveDirty();
    void scheduleSoon();
    // What a cell shows, how it sorts (UnderlyingDataRole) and its tooltip, one column
    // at a time from facts gathered once per row.
    struct RowFacts;
    static QString displayValue(const RowFacts &facts, int column);
    static QVariant sortValue(const RowFacts &facts, int column);
    static QString toolTipValue(const RowFacts &facts, int column);
    static qint64 uptimeOf(const RowFacts &facts);
    static bool hasSample(const RowFacts &facts);
    // Rebuilds the given columns of one row; returns a bit per column whose display, tooltip
    // or sort key changed (bit ColumnCount: the row-level roles changed).
    quint32 rebuild(Row &row, qint64 now, quint32 columns) const;
    QString lazyToolTip(const Row &row, int column) const;
    quint32 rebuildRemote(Row &row) const;
    // New remote workers get rows; the others their latest record.
    void syncRemoteWorkers();
    void onSupervisorDestroyed();

    QPointer<Supervisor> m_supervisor;
    QVector<Row> m_rows;
    QHash<quint64, int> m_rowById;
    QHash<quint64, WorkerActivity> m_activity;
    const Session *m_session = nullptr;
    QPointer<DisplayTick> m_tick;
    quint64 m_refreshedAtTick = 0; // the display tick of the last refresh()
    qint64 m_autoClearMs = 0;
    QSet<quint64> m_clearedRemote; // remote rows removed by clearEnded: never shown again
};

} // namespace herd
