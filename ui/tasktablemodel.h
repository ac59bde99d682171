#pragma once

#include "itemroles.h"
#include "queue/taskledger.h"

#include <QAbstractTableModel>

namespace herd {

class Session;
struct TaskEvent;

// Every task of the session, one row per task in enqueue order, read from the session's
// ledger. Nothing is copied per row: data() asks the ledger. New rows and changed rows are
// announced by refresh(), which the queue panel calls on its display timer — one
// beginInsertRows for all new rows and one dataChanged for the span of rows the queue
// touched since the previous refresh, never a signal per task.
class TaskTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Id,
        Payload,
        State,
        Worker,
        Attempt,
        Wait,
        Run,
        Result,
        ColumnCount
    };
    Q_ENUM(Column)

    // The roles it provides (itemroles.h has them all; the badge delegate reads BadgeTone
    // from this model and the process table alike).
    enum Role {
        UnderlyingDataRole = ItemRole::UnderlyingData,
        TaskStateRole = ItemRole::TaskState,
        BadgeToneRole = ItemRole::BadgeTone,
        WorkerNameRole = ItemRole::WorkerName,
    };

    explicit TaskTableModel(Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Announces what changed since the last call, including workers the ledger named late
    // (their rows said "pid N" until then).
    void refresh();
    // The language changed: headers and every row are said again in the new words.
    void retranslate();

    // The ledger's record of a row, read once (filters and sorting use it instead of a
    // QVariant per column).
    TaskLedger::Task taskAt(int row) const;
    // Only what sorting and filtering by state and worker need: no payload copy.
    TaskLedger::Brief briefAt(int row) const;

    static QString stateText(TaskLedger::State state);
    static QString payloadText(const QByteArray &payload);

private:
    void onTaskEvents(const QVector<TaskEvent> &batch);

    Session *m_session;
    int m_rows = 0;
    QVector<int> m_dirty; // rows changed since the last refresh (unsorted, may repeat)
    quint64 m_namesRevision = 0; // the ledger's namesRevision() at the last refresh
};

} // namespace herd
