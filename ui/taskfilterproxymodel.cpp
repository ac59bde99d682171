#include "taskfilterproxymodel.h"

#include "tasktablemodel.h"

namespace herd {

namespace {

// The value a numeric column sorts by; false for the text columns.
bool numericKey(const TaskLedger::Brief &t, int column, double *key)
{
    switch (column) {
    case TaskTableModel::Id:
        *key = double(t.id);
        return true;
    case TaskTableModel::State:
        *key = int(t.state);
        return true;
    case TaskTableModel::Attempt:
        *key = t.attempts;
        return true;
    case TaskTableModel::Wait:
        *key = t.waitMs;
        return true;
    case TaskTableModel::Run:
        *key = t.runMs;
        return true;
    default:
        return false;
    }
}

bool textMatches(const TaskLedger::Task &t, const QString &text)
{
    return QString::number(t.id).contains(text, Qt::CaseInsensitive)
        || TaskTableModel::payloadText(t.payload.left(200)).contains(text, Qt::CaseInsensitive)
        || t.result.contains(text, Qt::CaseInsensitive)
        || (t.result.isEmpty() && (t.state == TaskLedger::State::Done || t.state == TaskLedger::State::Failed)
            && TaskTableModel::tr("exit %1").arg(t.resultCode).contains(text, Qt::CaseInsensitive));
}

} // namespace

TaskFilterProxyModel::TaskFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(TaskTableModel::UnderlyingDataRole);
}

const TaskTableModel *TaskFilterProxyModel::tasks() const
{
    return qobject_cast<const TaskTableModel *>(sourceModel());
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

void TaskFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    const TaskTableModel *model = tasks();
    double key = 0;
    if (model && column >= 0 && numericKey(TaskLedger::Brief(), column, &key)) {
        const int rows = model->rowCount();
        m_keys.resize(size_t(rows));
        for (int row = 0; row < rows; ++row)
            numericKey(model->briefAt(row), column, &m_keys[size_t(row)]);
    }
    QSortFilterProxyModel::sort(column, order);
    m_keys.clear();
    m_keys.shrink_to_fit();
}

bool TaskFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_worker.isEmpty() && m_state < 0 && m_text.isEmpty())
        return true;
    const QAbstractItemModel *m = sourceModel();
    if (const TaskTableModel *model = tasks()) {
        const TaskLedger::Brief b = model->briefAt(sourceRow);
        return (m_state < 0 || int(b.state) == m_state) && (m_worker.isEmpty() || b.workerName == m_worker)
            && (m_text.isEmpty() || textMatches(model->taskAt(sourceRow), m_text));
    }
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
    const size_t l = size_t(left.row());
    const size_t r = size_t(right.row());
    if (l < m_keys.size() && r < m_keys.size()) {
        if (m_keys[l] != m_keys[r])
            return m_keys[l] < m_keys[r];
        return l < r; // ties keep enqueue order
    }
    if (const TaskTableModel *model = tasks()) {
        const TaskLedger::Brief a = model->briefAt(left.row());
        const TaskLedger::Brief b = model->briefAt(right.row());
        double ka = 0;
        double kb = 0;
        if (numericKey(a, left.column(), &ka) && numericKey(b, left.column(), &kb)) {
            if (ka != kb)
                return ka < kb;
            return l < r;
        }
    }
    const QVariant lv = left.data(TaskTableModel::UnderlyingDataRole);
    const QVariant rv = right.data(TaskTableModel::UnderlyingDataRole);
    const QPartialOrdering order = QVariant::compare(lv, rv);
    if (order == QPartialOrdering::Less)
        return true;
    if (order == QPartialOrdering::Greater)
        return false;
    return l < r; // ties keep enqueue order
}

} // namespace herd
