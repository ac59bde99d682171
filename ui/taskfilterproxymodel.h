#pragma once

#include <QSortFilterProxyModel>

namespace herd {

// Sorts the task table by raw values and filters it by worker, by state and by text
// (task id, payload or result). Rows are never sorted unless the user asks: a million tasks
// stay in enqueue order for free.
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

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_worker;
    int m_state = -1;
    QString m_text;
};

} // namespace herd
