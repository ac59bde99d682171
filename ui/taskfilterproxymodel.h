#pragma once

#include <QSortFilterProxyModel>

#include <vector>

namespace herd {

class TaskTableModel;

// Sorts the task table by raw values and filters it by worker, by state and by text
// (task id, payload or result). Rows are never sorted unless the user asks: a million tasks
// stay in enqueue order for free. Over the task table each row is read from the ledger once
// per filter test, and a sort by a numeric column reads each row once into a key table
// before comparing, so sorting a million tasks does not read the ledger 40 million times.
class TaskFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit TaskFilterProxyModel(QObject *parent = nullptr);

    void setWorkerFilter(const QString &workerName); // "" = every worker
    void setStateFilter(int state);                   // -1 = every state, else TaskLedger::State
    void setTextFilter(const QString &text);
    QString workerFilter() const { return m_worker; }
    int stateFilter() const { return m_state; }
    QString textFilter() const { return m_text; }

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    const TaskTableModel *tasks() const;

    QString m_worker;
    int m_state = -1;
    QString m_text;
    // Numeric sort keys by source row, only while sort() runs (rows do not change then).
    std::vector<double> m_keys;
};

} // namespace herd
