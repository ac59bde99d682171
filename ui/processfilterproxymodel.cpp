#include "processfilterproxymodel.h"

#include "processtablemodel.h"

namespace herd {

namespace {

// Compares text the way people read names with numbers: runs of digits by value
// (Worker-9 before Worker-10), the rest case-insensitively.
int naturalCompare(const QString &a, const QString &b)
{
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
        if (a.at(i).isDigit() && b.at(j).isDigit()) {
            int ei = i;
            int ej = j;
            while (ei < a.size() && a.at(ei).isDigit())
                ++ei;
            while (ej < b.size() && b.at(ej).isDigit())
                ++ej;
            // Compare the runs as numbers of any length: skip leading zeros, then the
            // longer run is larger, then digit by digit.
            int si = i;
            int sj = j;
            while (si < ei - 1 && a.at(si) == QLatin1Char('0'))
                ++si;
            while (sj < ej - 1 && b.at(sj) == QLatin1Char('0'))
                ++sj;
            if (ei - si != ej - sj)
                return (ei - si) < (ej - sj) ? -1 : 1;
            const int c = QStringView(a).mid(si, ei - si).compare(QStringView(b).mid(sj, ej - sj));
            if (c != 0)
                return c;
            i = ei;
            j = ej;
        } else {
            const int c = QStringView(a).mid(i, 1).compare(QStringView(b).mid(j, 1), Qt::CaseInsensitive);
            if (c != 0)
                return c;
            ++i;
            ++j;
        }
    }
    if (i < a.size() || j < b.size())
        return i < a.size() ? 1 : -1;
    return 0;
}

} // namespace

ProcessFilterProxyModel::ProcessFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
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
    // A value a process does not have (no CPU figure yet, no exit code while it runs) sorts
    // last in both orders: a new row appears at the bottom, not among the figures.
    if (a.isValid() != b.isValid())
        return sortOrder() == Qt::AscendingOrder ? a.isValid() : !a.isValid();
    if (!a.isValid()) {
        // both missing: spawn order, below
    } else if (a.userType() == QMetaType::QString && b.userType() == QMetaType::QString) {
        const int c = naturalCompare(a.toString(), b.toString());
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
