#pragma once

#include <QSortFilterProxyModel>

namespace herd {

// Sorting and filtering over ProcessTableModel. Sorting uses the raw values of
// UnderlyingDataRole (names with numbers compare naturally: Worker-9 < Worker-10); equal
// keys fall back to spawn order so rows never swap places at random. Where a row sorts is
// predictable: by its value in the sorted column, and a row without one (a process that has
// just started has no CPU, memory or exit code yet) goes last in either order, after the
// rows that have one, in spawn order. Filtering keeps the
// rows whose name, command or pid contains the text and whose state matches.
class ProcessFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class StateFilter {
        All,
        Live,     // starting, running, stopping
        Ended,    // any end state
        Problems, // failed to start, non-zero exit, timed out, crashed, unkillable
    };
    Q_ENUM(StateFilter)

    explicit ProcessFilterProxyModel(QObject *parent = nullptr);

    void setTextFilter(const QString &text);
    QString textFilter() const { return m_text; }
    void setStateFilter(StateFilter filter);
    StateFilter stateFilter() const { return m_state; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    StateFilter m_state = StateFilter::All;
};

} // namespace herd
