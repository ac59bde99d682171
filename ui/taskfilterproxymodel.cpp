#include "taskfilterproxymodel.h"

#include "tasktablemodel.h"

namespace herd {

TaskFilterProxyModel::TaskFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(TaskTableModel::UnderlyingDataRole);
}

void TaskFilterProxyModel::setWorkerFilter(const QString &workerName)
{
    if (m_worker == workerName)
        return;
    m_worker = workerName;
    invalidateRowsFilter();
}

void TaskFilterProxyModel::setStateFilter(int state)
{
    if (m_state == state)
        return;
    m_state = state;
    invalidateRowsFilter();
}

void TaskFilterProxyModel::setTextFilter(const QString &text)
{
    if (m_text == text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

bool TaskFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_worker.isEmpty() && m_state < 0 && m_text.isEmpty())
        return true;
    const QAbstractItemModel *m = sourceModel();
    if (m_state >= 0 && m->index(sourceRow, TaskTableModel::State, sourceParent).data(TaskTableModel::TaskStateRole).toInt() != m_state)
        return false;
    if (!m_worker.isEmpty()
        && m->index(sourceRow, TaskTableModel::Worker, sourceParent).data(TaskTableModel::WorkerNameRole).toString() != m_worker)
        return false;
    if (!m_text.isEmpty()) {
        for (int column : {int(TaskTableModel::Id), int(TaskTableModel::Payload), int(TaskTableModel::Result)}) {
            if (m->index(sourceRow, column, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }
    return true;
}

bool TaskFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(TaskTableModel::UnderlyingDataRole);
    const QVariant r = right.data(TaskTableModel::UnderlyingDataRole);
    const QPartialOrdering order = QVariant::compare(l, r);
    if (order == QPartialOrdering::Less)
        return true;
    if (order == QPartialOrdering::Greater)
        return false;
    return left.row() < right.row(); // ties keep enqueue order
}

} // namespace herd
