#include "processfilterproxymodel.h"

#include "processtablemodel.h"

namespace herd {

ProcessFilterProxyModel::ProcessFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
    setSortRole(ProcessTableModel::UnderlyingDataRole);
    setDynamicSortFilter(true);
}

void ProcessFilterProxyModel::setTextFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

void ProcessFilterProxyModel::setStateFilter(StateFilter filter)
{
    if (filter == m_state)
        return;
    m_state = filter;
    invalidateFilter();
}

bool ProcessFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    const QModelIndex first = model->index(sourceRow, ProcessTableModel::Name, sourceParent);
    switch (m_state) {
    case StateFilter::All:
        break;
    case StateFilter::Live:
        if (!first.data(ProcessTableModel::AliveRole).toBool())
            return false;
        break;
    case StateFilter::Ended:
        if (first.data(ProcessTableModel::AliveRole).toBool())
            return false;
        break;
    case StateFilter::Problems:
        if (!first.data(ProcessTableModel::ProblemRole).toBool())
            return false;
        break;
    }
    if (m_text.isEmpty())
        return true;
    for (int column : {int(ProcessTableModel::Name), int(ProcessTableModel::Pid),
                       int(ProcessTableModel::Command), int(ProcessTableModel::State)}) {
        const QString text = model->index(sourceRow, column, sourceParent).data().toString();
        if (text.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool ProcessFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a.userType() == QMetaType::QString && b.userType() == QMetaType::QString) {
        const int c = m_collator.compare(a.toString(), b.toString());
        if (c != 0)
            return c < 0;
    } else {
        const QPartialOrdering order = QVariant::compare(a, b);
        if (order == QPartialOrdering::Less)
            return true;
        if (order == QPartialOrdering::Greater)
            return false;
    }
    // Equal keys: spawn order, in the same direction for both sort orders.
    const quint64 ia = left.data(ProcessTableModel::ProcessIdRole).toULongLong();
    const quint64 ib = right.data(ProcessTableModel::ProcessIdRole).toULongLong();
    return sortOrder() == Qt::AscendingOrder ? ia < ib : ia > ib;
}

} // namespace herd
