#include "queuepanel.h"

#include "historyplot.h"

#include "distributionview.h"
#include "processtablemodel.h"
#include "queueprotocol.h"
#include "session.h"
#include "statebadgedelegate.h"
#include "taskfilterproxymodel.h"
#include "tasktablemodel.h"
#include "timelineview.h"
#include "units.h"
#include "workeractivity.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QScrollArea>
#include <QTabWidget>
#include <QTimer>
#include <QTableView>
#include <QVBoxLayout>


namespace herd {

namespace {

QScrollArea *scrolled(QWidget *inner)
{
    auto *area = new QScrollArea;
    area->setWidget(inner);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}
} // namespace

QueuePanel::QueuePanel(Session *session, ProcessTableModel *processes, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_processes(processes)
    , m_tasks(new TaskTableModel(session, this))
    , m_proxy(new TaskFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_distribution(new DistributionView)
    , m_timeline(new TimelineView(session))
    , m_tabs(new QTabWidget(this))
    , m_counts(new QLabel(this))
    , m_health(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_filterText(new QLineEdit(this))
    , m_filterWorker(new QComboBox(this))
    , m_filterState(new QComboBox(this))
    , m_timer(new QTimer(this))
    , m_depthPlot(new HistoryPlot)
    , m_throughputPlot(new HistoryPlot)
{
    setObjectName(QStringLiteral("queuePanel"));
    auto *title = new QLabel(tr("Task queue"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_counts->setObjectName(QStringLiteral("queueCounts"));
    m_counts->setTextFormat(Qt::RichText);
    m_health->setObjectName(QStringLiteral("queueHealth"));
    m_health->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setObjectName(QStringLiteral("queueProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_progress->setObjectName(QStringLiteral("queueProgress"));
    m_progress->setTextVisible(true);
    // Room for "10,000 of 50,000 · 1,234 tasks/s" and no more: at 1024 px the counts beside
    // it and the details panel need the rest.
    m_progress->setMinimumWidth(m_progress->fontMetrics().averageCharWidth() * 30);
    m_progress->setMaximumWidth(m_progress->fontMetrics().averageCharWidth() * 52);

    m_proxy->setSourceModel(m_tasks);
    m_view->setObjectName(QStringLiteral("taskView"));
    m_view->setModel(m_proxy);
    // A table view, not a tree: it keeps nothing per row, so a million tasks cost nothing
    // until they are scrolled into sight.
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setItemDelegateForColumn(TaskTableModel::State, new StateBadgeDelegate(m_view));
    m_view->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics fm(font());
    m_view->setColumnWidth(TaskTableModel::Id, fm.horizontalAdvance(QStringLiteral("0000000")) + 16);
    m_view->setColumnWidth(TaskTableModel::Payload, fm.horizontalAdvance(QStringLiteral("payload payload")) + 16);
    m_view->setColumnWidth(TaskTableModel::State, fm.horizontalAdvance(QStringLiteral("dead-lettered")) + 40);
    m_view->setColumnWidth(TaskTableModel::Worker, fm.horizontalAdvance(QStringLiteral("Worker-000")) + 16);
    m_view->setColumnWidth(TaskTableModel::Attempt, fm.horizontalAdvance(QStringLiteral("Attempt")) + 16);
    m_view->setColumnWidth(TaskTableModel::Wait, fm.horizontalAdvance(QStringLiteral("000.00 ms")) + 16);
    m_view->setColumnWidth(TaskTableModel::Run, fm.horizontalAdvance(QStringLiteral("000.00 ms")) + 16);

    m_filterText->setPlaceholderText(tr("Filter by task, payload or result"));
    m_filterText->setClearButtonEnabled(true);
    m_filterWorker->setObjectName(QStringLiteral("workerFilter"));
    m_filterWorker->addItem(tr("All workers"), QString());
    m_filterState->addItem(tr("All states"), -1);
    for (TaskLedger::State s : {TaskLedger::State::Queued, TaskLedger::State::Taken, TaskLedger::State::Done,
                                TaskLedger::State::Failed, TaskLedger::State::DeadLettered})
        m_filterState->addItem(TaskTableModel::stateText(s), int(s));
    // Filtering a million tasks takes a moment: filter once typing pauses, not per key.
    auto *textDelay = new QTimer(this);
    textDelay->setSingleShot(true);
    textDelay->setInterval(250);
    connect(m_filterText, &QLineEdit::textChanged, textDelay, qOverload<>(&QTimer::start));
    connect(textDelay, &QTimer::timeout, this, [this] { m_proxy->setTextFilter(m_filterText->text()); });
    connect(m_filterWorker, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setWorkerFilter(m_filterWorker->currentData().toString()); });
    connect(m_filterState, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setStateFilter(m_filterState->currentData().toInt()); });

    auto *tasksPage = new QWidget;
    auto *tasksLayout = new QVBoxLayout(tasksPage);
    tasksLayout->setContentsMargins(0, 4, 0, 0);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_filterText, 1);
    filters->addWidget(m_filterWorker);
    filters->addWidget(m_filterState);
    tasksLayout->addLayout(filters);
    tasksLayout->addWidget(m_view, 1);
    m_tabs->setObjectName(QStringLiteral("queueTabs"));
    m_tabs->addTab(tasksPage, tr("Tasks"));
    m_tabs->addTab(scrolled(m_distribution), tr("Distribution"));
    m_tabs->addTab(scrolled(m_timeline), tr("Timeline"));
    auto *historyPage = new QWidget;
    auto *historyLayout = new QVBoxLayout(historyPage);
    historyLayout->setContentsMargins(0, 4, 0, 0);
    const QLocale locale;
    m_depthPlot->setTitle(tr("Queue"));
    m_depthPlot->setLines({{tr("waiting"), QColor(0x7f, 0x8c, 0x8d), 0}, {tr("running"), QColor(0x2e, 0x86, 0xde), 1}},
                         [locale](double v) -> QString { return locale.toString(qRound64(v)); });
    m_throughputPlot->setTitle(tr("Throughput"));
    m_throughputPlot->setLines({{tr("done/s"), QColor(0x27, 0xae, 0x60), 2}, {tr("failed/s"), QColor(0xc0, 0x39, 0x2b), 3}},
                              [locale](double v) -> QString { return locale.toString(v, 'f', v < 10 && v != 0 ? 1 : 0); });
    historyLayout->addWidget(m_depthPlot, 1);
    historyLayout->addWidget(m_throughputPlot, 1);
    m_tabs->addTab(historyPage, tr("History"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == m_tabs->count() - 1) {
            m_depthPlot->setSamples(m_history);
            m_throughputPlot->setSamples(m_history);
        }
    });
    m_tabs->setDocumentMode(true);

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addSpacing(12);
    header->addWidget(m_counts);
    // The progress bar takes the room there is, up to what its longest text needs, and
    // gives it back first in a narrow window.
    header->addStretch(1);
    header->addWidget(m_progress, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_health);
    layout->addWidget(m_problem);
    layout->addWidget(m_tabs, 1);

    connect(session, &Session::taskEvents, m_timeline, &TimelineView::addEvents);
    connect(session, &Session::taskEvents, this, [this](const QVector<TaskEvent> &batch) {
        // A requeued task is waiting again, maybe behind the oldest-waiting cursor.
        for (const TaskEvent &e : batch) {
            if (e.kind == TaskEventKind::Requeued)
                m_oldestCursor = qMin(m_oldestCursor, m_session->ledger()->rowOfTicket(e.ticket));
        }
    });
    connect(session, &Session::queueProblem, this, [this](const QString &message) {
        m_problem->setText(message);
        m_problem->show();
    });
    connect(session, &Session::drained, this, [this] { m_problem->hide(); });
    m_timer->setInterval(250);
    connect(m_timer, &QTimer::timeout, this, &QueuePanel::refresh);
    refresh();
}

void QueuePanel::setDisplayTick(DisplayTick *tick)
{
    m_tick = tick;
    m_timer->stop();
    if (!m_tick && isVisible())
        m_timer->start();
}

void QueuePanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    if (!m_tick)
        m_timer->start();
}

void QueuePanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

void QueuePanel::refresh()
{
    // Workers whose first take came before Herd knew their pid get their names now, if they
    // were not pushed already; the table, distribution, timeline and filter then all say them.
    TaskLedger *ledger = m_session->ledger();
    if (ledger->unnamedWorkers() > 0)
        ledger->resolveNames();
    m_timeline->resolveNames();
    m_tasks->refresh();
    refreshStats();
    refreshWorkers();
    QStringList workers;
    for (ManagedProcess *p : m_session->supervisor()->processes())
        if (p->spec().kind == ProcessKind::Worker)
            workers << p->name();
    m_distribution->update(m_session->ledger(), workers);
    if (m_tabs->currentWidget() && m_tabs->currentIndex() == 2)
        m_timeline->update();
}

qint64 QueuePanel::oldestWaitingAgeMs()
{
    const TaskLedger *ledger = m_session->ledger();
    // Rows are in enqueue order, and a row leaves the Queued state for good except when it
    // is requeued (which moves the cursor back): the cursor only ever passes each row once.
    m_oldestCursor = qMax<qint64>(0, m_oldestCursor);
    while (m_oldestCursor < ledger->size() && ledger->state(m_oldestCursor) != TaskLedger::State::Queued)
        ++m_oldestCursor;
    if (m_oldestCursor >= ledger->size())
        return -1;
    return (qint64(monotonicNs()) - ledger->task(m_oldestCursor).enqueuedNs) / 1000000;
}

void QueuePanel::refreshStats()
{
    const TaskLedger *ledger = m_session->ledger();
    const qint64 queued = ledger->count(TaskLedger::State::Queued);
    const qint64 running = ledger->count(TaskLedger::State::Taken);
    const qint64 done = ledger->count(TaskLedger::State::Done);
    const qint64 failed = ledger->count(TaskLedger::State::Failed);
    const qint64 dead = ledger->count(TaskLedger::State::DeadLettered);
    const qint64 backlog = m_session->backlog();
    const qint64 total = ledger->size() + backlog;
    const qint64 finished = done + failed + dead;
    const QLocale locale;

    auto chip = [&](const QString &label, qint64 n, const char *color) {
        return QStringLiteral("<span style='color:%1'>●</span> %2 <b>%3</b>").arg(QLatin1String(color), label, locale.toString(n));
    };
    m_counts->setText(QStringList{chip(tr("queued"), queued + backlog, "#7f8c8d"), chip(tr("running"), running, "#2e86de"),
                                  chip(tr("done"), done, "#27ae60"), chip(tr("failed"), failed, "#c0392b"),
                                  chip(tr("dead-lettered"), dead, "#8e44ad")}
                          .join(QStringLiteral("&nbsp;&nbsp;&nbsp;")));

    const qint64 now = qint64(monotonicNs());
    // Tasks/s over the last 5 s (at least half a second of it), so the figure and the ETA
    // do not jump with each refresh.
    m_samples.emplace_back(now, finished);
    while (m_samples.size() > 2 && now - m_samples.front().first > 5000000000LL)
        m_samples.pop_front();
    const qint64 spanNs = now - m_samples.front().first;
    if (spanNs >= 500000000LL)
        m_rate = double(finished - m_samples.front().second) * 1e9 / double(spanNs);

    sampleHistory(now / 1000000, queued + backlog, running, done, failed + dead);

    m_progress->setRange(0, 1000);
    m_progress->setValue(total > 0 ? int(1000 * finished / total) : 0);
    QString progress = total > 0 ? tr("%1 of %2").arg(locale.toString(finished), locale.toString(total)) : tr("no tasks yet");
    if (m_rate >= 0.5)
        progress += tr(" · %1 tasks/s").arg(locale.toString(m_rate, 'f', m_rate < 10 ? 1 : 0));
    if (m_rate >= 0.5 && finished < total)
        progress += tr(" · ETA %1").arg(formatClock(qint64(double(total - finished) / m_rate * 1000.0)));
    m_progress->setFormat(progress);

    QStringList health;
    if (const TaskQueueInterface *q = m_session->queue()) {
        const QueueStats st = q->stats();
        m_highWater = qMax(m_highWater, st.queued);
        health << tr("depth %1 of %2 (high-water %3)").arg(locale.toString(st.queued), locale.toString(st.capacity), locale.toString(m_highWater));
        const qint64 oldest = oldestWaitingAgeMs();
        if (oldest >= 0)
            health << tr("oldest waiting %1").arg(humanDuration(oldest));
        if (backlog > 0)
            health << tr("%1 waiting for room").arg(locale.toString(backlog));
        if (st.sleepingWorkers > 0)
            health << tr("%n worker(s) idle", nullptr, int(st.sleepingWorkers));
        if (st.recoveries > 0)
            health << tr("%n lock recovery(ies)", nullptr, int(st.recoveries));
        // A queue on a server says where, and whether Herd reaches it (never a password).
        if (q->isRemote())
            health << (q->lastError().isEmpty() ? tr("in Redis at %1").arg(q->displayAddress())
                                                : tr("Redis unreachable, retrying: tasks wait in Herd"));
    } else {
        health << tr("no task queue");
    }
    m_health->setText(health.join(QStringLiteral(" · ")));
}

void QueuePanel::sampleHistory(qint64 nowMs, qint64 waiting, qint64 running, qint64 done, qint64 failed)
{
    // One sample a second, whatever the refresh rate; rates over the time since the last.
    if (m_lastHistoryMs >= 0 && nowMs - m_lastHistoryMs < 1000)
        return;
    double doneRate = 0, failedRate = 0;
    if (m_lastHistoryMs >= 0) {
        const double seconds = double(nowMs - m_lastHistoryMs) / 1000.0;
        doneRate = double(qMax<qint64>(0, done - m_lastDone)) / seconds;
        failedRate = double(qMax<qint64>(0, failed - m_lastFailed)) / seconds;
    }
    m_lastHistoryMs = nowMs;
    m_lastDone = done;
    m_lastFailed = failed;
    m_history.add(nowMs, {double(waiting), double(running), doneRate, failedRate});
    if (m_tabs->currentIndex() == m_tabs->count() - 1) {
        m_depthPlot->setSamples(m_history);
        m_throughputPlot->setSamples(m_history);
    }
}

void QueuePanel::refreshWorkers()
{
    const TaskLedger *ledger = m_session->ledger();
    QHash<QString, quint64> doneByName;
    const QVector<TaskLedger::WorkerTally> tallies = ledger->workers();
    for (const TaskLedger::WorkerTally &t : tallies)
        doneByName[t.name] += quint64(t.done + t.failed);
    QHash<qint64, qint64> busy; // pid -> task id
    for (const TaskLedger::InFlight &f : ledger->inFlight())
        busy.insert(f.workerPid, qint64(f.taskId));
    Supervisor *sup = m_session->supervisor();
    for (ManagedProcess *p : sup->processes()) {
        if (p->spec().kind != ProcessKind::Worker && !doneByName.contains(p->name()))
            continue;
        WorkerActivity a;
        a.known = p->isAlive() || doneByName.contains(p->name());
        a.currentTask = p->isAlive() ? busy.value(p->pid(), -1) : -1;
        a.tasksDone = doneByName.value(p->name());
        if (m_processes && m_processes->workerActivity(p->id()) != a)
            m_processes->setWorkerActivity(p->id(), a);
    }
    if (tallies.size() != m_knownWorkers || ledger->namesRevision() != m_namesRevision) {
        m_knownWorkers = int(tallies.size());
        m_namesRevision = ledger->namesRevision();
        refreshWorkerFilter();
    }
}

void QueuePanel::refreshWorkerFilter()
{
    const QString current = m_filterWorker->currentData().toString();
    QStringList names;
    for (const DistributionView::Bar &b : m_distribution->bars())
        names << b.name;
    for (const TaskLedger::WorkerTally &t : m_session->ledger()->workers())
        if (!names.contains(t.name) && !t.name.isEmpty())
            names << t.name;
    m_filterWorker->blockSignals(true);
    while (m_filterWorker->count() > 1)
        m_filterWorker->removeItem(1);
    for (const QString &n : names)
        m_filterWorker->addItem(n, n);
    const int index = m_filterWorker->findData(current);
    m_filterWorker->setCurrentIndex(index < 0 ? 0 : index);
    m_filterWorker->blockSignals(false);
}

} // namespace herd
