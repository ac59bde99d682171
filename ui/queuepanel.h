#pragma once

#include <QWidget>

#include <deque>
#include <utility>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QTabWidget;
class QTimer;
class QTableView;

namespace herd {

class DistributionView;
class ProcessTableModel;
class Session;
class TaskFilterProxyModel;
class TaskTableModel;
class TimelineView;

// The task queue, live: counts by state, progress with throughput and ETA, the queue's
// health (depth and its high-water mark, the oldest waiting task, the backlog), and three
// views — every task in a table, the distribution of work over the workers, and a
// timeline per worker. Refreshed on one display timer, only while visible; it also tells
// the process table what each worker is doing.
class QueuePanel final : public QWidget
{
    Q_OBJECT

public:
    QueuePanel(Session *session, ProcessTableModel *processes, QWidget *parent = nullptr);

    TaskTableModel *taskModel() const { return m_tasks; }
    TaskFilterProxyModel *taskProxy() const { return m_proxy; }
    QTableView *taskView() const { return m_view; }
    DistributionView *distribution() const { return m_distribution; }
    TimelineView *timeline() const { return m_timeline; }
    double throughput() const { return m_rate; } // tasks/s, smoothed

    // Refreshes everything now (the timer does it four times a second).
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refreshStats();
    void refreshWorkers();
    void refreshWorkerFilter();
    qint64 oldestWaitingAgeMs();

    Session *m_session;
    ProcessTableModel *m_processes;
    TaskTableModel *m_tasks;
    TaskFilterProxyModel *m_proxy;
    QTableView *m_view;
    DistributionView *m_distribution;
    TimelineView *m_timeline;
    QTabWidget *m_tabs;
    QLabel *m_counts;
    QLabel *m_health;
    QLabel *m_problem;
    QProgressBar *m_progress;
    QLineEdit *m_filterText;
    QComboBox *m_filterWorker;
    QComboBox *m_filterState;
    QTimer *m_timer;
    // (time, tasks finished) at each refresh of the last few seconds: the throughput is
    // their slope, steady however often refresh() runs.
    std::deque<std::pair<qint64, qint64>> m_samples;
    double m_rate = 0;
    quint64 m_highWater = 0;
    qint64 m_oldestCursor = 0;
    int m_knownWorkers = -1;
    quint64 m_namesRevision = 0; // the ledger's, when the worker filter was last filled
};

} // namespace herd
