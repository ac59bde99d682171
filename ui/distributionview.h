#pragma once

#include <QVector>
#include <QWidget>

namespace herd {

class TaskLedger;

// Who did the work: one bar per worker, in the worker's colour, as long as the tasks it
// finished (with what it failed and what was lost when it died as darker and grey tails).
// Skew is shown as it is: when tasks cost less than waking a sleeping worker, one worker
// takes nearly all of them, and the bars say so.
class DistributionView final : public QWidget
{
    Q_OBJECT

public:
    struct Bar {
        QString name;
        qint64 done = 0;
        qint64 failed = 0;
        qint64 lost = 0; // takes that ended with the worker's death
    };

    explicit DistributionView(QWidget *parent = nullptr);

    // Shows this ledger's per-worker tallies (workers that ran under one name are summed)
    // and repaints if they changed. Workers named in `alsoShow` get a bar even before their
    // first task. The ledger must outlive the view.
    void update(const TaskLedger *ledger, const QStringList &alsoShow = {});
    // The bars as the ledger stands now — what the next paint shows. Read at the same
    // instant as the task table (which reads the ledger at paint time too), the two never
    // disagree, however the ledger moved since the last update().
    const QVector<Bar> &bars() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QVector<Bar> computeBars() const;

    const TaskLedger *m_ledger = nullptr;
    QStringList m_alsoShow;
    mutable QVector<Bar> m_bars; // the latest bars() read
    QVector<Bar> m_announced;    // the bars at the last update() that repainted
};

} // namespace herd
