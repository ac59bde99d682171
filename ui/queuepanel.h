#pragma once

#include "textsetters.h"
#include "timeseries.h"

#include <QVector>
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
class QToolButton;

namespace herd {

class CountChips;
class DistributionView;
class HistoryPlot;
class ProcessTableModel;
class Session;
class TaskFilterProxyModel;
class DisplayTick;
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
    // Queue depth (waiting, running) and throughput (done/s, failed/s) over the last minutes.
    const TimeSeries &history() const { return m_history; }
    HistoryPlot *depthPlot() const { return m_depthPlot; }
    HistoryPlot *throughputPlot() const { return m_throughputPlot; }
    double throughput() const { return m_rate; } // tasks/s, smoothed
    // The estimated time left, or -1 while it is hidden: until the rate rests on enough data
    // (kEtaMinSpanMs of completions, at least kEtaMinDone of them), and whenever nothing runs,
    // nothing waits or Herd is quitting. From the rate smoothed over the last seconds.
    qint64 etaMs() const { return m_etaMs; }
    static constexpr qint64 kEtaMinSpanMs = 3000;
    static constexpr qint64 kEtaMinDone = 3;
    // While Herd quits no ETA is shown: what is left will not be done.
    void setQuitting(bool quitting);

    // Follow: the task table keeps the newest active task in view (the one taken last, or,
    // with none running, the newest task). Scrolling away turns it off; scrolling to the end
    // or the Follow button turns it on again.
    void setFollow(bool follow);
    bool follows() const { return m_follow; }
    QToolButton *followButton() const { return m_followButton; }
    // Said over the empty task table: "No matching tasks" when the filters hide every task.
    QLabel *placeholder() const { return m_placeholder; }

    // Refreshes everything now (the timer does it four times a second).
    void refresh();
    // Refreshed by a window's display clock (refresh() on each tick) instead of its timer.
    void setDisplayTick(DisplayTick *tick);

signals:
    void followChanged(bool follow);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // Every text from tr() again, in the language installed now.
    void retranslateUi();
    void refreshStats();
    void sampleHistory(qint64 nowMs, qint64 waiting, qint64 running, qint64 done, qint64 failed);
    void refreshWorkers();
    void refreshWorkerFilter();
    qint64 oldestWaitingAgeMs();
    void followNewest();
    // Gives the task table's columns their preferred widths when there is room, else narrows
    // the least important first (down to their minimums): the table never scrolls sideways,
    // and what a column cuts is elided, whole in its tooltip.
    void fitTaskColumns();
    void updatePlaceholder();

    Session *m_session;
    ProcessTableModel *m_processes;
    TaskTableModel *m_tasks;
    TaskFilterProxyModel *m_proxy;
    QTableView *m_view;
    DistributionView *m_distribution;
    TimelineView *m_timeline;
    QTabWidget *m_tabs;
    CountChips *m_counts;
    QLabel *m_health;
    QLabel *m_problem;
    QProgressBar *m_progress;
    QLineEdit *m_filterText;
    QComboBox *m_filterWorker;
    QComboBox *m_filterState;
    QToolButton *m_followButton;
    QLabel *m_placeholder;
    QVector<int> m_preferredWidths; // by task column
    QVector<int> m_minimumWidths;
    bool m_fitting = false;
    bool m_follow = true;
    bool m_scrolling = false; // the view is being scrolled by follow, not by the user
    TextSetters m_texts;
    QTimer *m_timer;
    DisplayTick *m_tick = nullptr;
    // (time, tasks finished) at each refresh of the last few seconds: the throughput is
    // their slope, steady however often refresh() runs.
    std::deque<std::pair<qint64, qint64>> m_samples;
    double m_rate = 0;         // tasks/s over the window of samples
    double m_smoothRate = -1;  // that, smoothed over time (-1: not yet)
    qint64 m_lastRateNs = 0;
    qint64 m_runStartNs = -1;  // since when tasks have been running (-1: nothing runs)
    qint64 m_etaMs = -1;
    bool m_quitting = false;
    // One sample a second: waiting, running, done/s, failed/s.
    TimeSeries m_history{4, 600};
    qint64 m_lastHistoryMs = -1;
    qint64 m_lastDone = 0;
    qint64 m_lastFailed = 0;
    HistoryPlot *m_depthPlot;
    HistoryPlot *m_throughputPlot;
    quint64 m_highWater = 0;
    qint64 m_oldestCursor = 0;
    int m_knownWorkers = -1;
    quint64 m_namesRevision = 0; // the ledger's, when the worker filter was last filled
};

} // namespace herd
