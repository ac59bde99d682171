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

    // Re-reads the per-worker tallies (workers that ran under one name are summed). Workers
    // named in `alsoShow` get a bar even before their first task.
    void update(const TaskLedger *ledger, const QStringList &alsoShow = {});
    const QVector<Bar> &bars() const { return m_bars; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QVector<Bar> m_bars;
};

} // namespace herd
