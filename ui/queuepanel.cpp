#include "queuepanel.h"

#include "celltext.h"
#include "countchips.h"
#include "historyplot.h"

#include "distributionview.h"
#include "processtablemodel.h"
#include "queueprotocol.h"
#include "session.h"
#include "statebadgedelegate.h"
#include "steadybox.h"
#include "taskfilterproxymodel.h"
#include "tasktablemodel.h"
#include "timelineview.h"
#include "units.h"
#include "workeractivity.h"

#include <QComboBox>
#include <QIcon>
#include <QEvent>
#include <QToolButton>
#include <QScrollBar>
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

#include <cmath>


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
    , m_counts(new CountChips(this))
    , m_health(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_filterText(new QLineEdit(this))
    , m_filterWorker(new QComboBox(this))
    , m_filterState(new QComboBox(this))
    , m_followButton(new QToolButton(this))
    , m_placeholder(new QLabel(m_view->viewport()))
    , m_timer(new QTimer(this))
    , m_depthPlot(new HistoryPlot)
    , m_throughputPlot(new HistoryPlot)
{
    setObjectName(QStringLiteral("queuePanel"));
    auto *title = new QLabel(this);
    m_texts.add([title] { title->setText(tr("Task queue")); });
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_counts->setObjectName(QStringLiteral("queueCounts"));
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
    m_view->setItemDelegate(new TextDelegate(m_view));
    m_view->setItemDelegateForColumn(TaskTableModel::State, new StateBadgeDelegate(m_view));
    m_view->horizontalHeader()->setStretchLastSection(true); // Result takes what is left
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->horizontalHeader()->setMinimumSectionSize(24);
    {
        // Preferred and minimum widths, measured on samples and the (translated) titles.
        const QFontMetrics fm(font());
        auto text = [&fm](const QString &sample) { return fm.horizontalAdvance(sample) + 16; };
        auto title = [this, &fm](int column) {
            return fm.horizontalAdvance(m_tasks->headerData(column, Qt::Horizontal).toString()) + 16;
        };
        int widestState = 0;
        for (TaskLedger::State st : {TaskLedger::State::Queued, TaskLedger::State::Taken, TaskLedger::State::Done,
                                     TaskLedger::State::Failed, TaskLedger::State::DeadLettered})
            widestState = qMax(widestState, StateBadgeDelegate::cellWidth(TaskTableModel::stateText(st), font()));
        m_preferredWidths.fill(0, TaskTableModel::ColumnCount);
        m_minimumWidths.fill(0, TaskTableModel::ColumnCount);
        auto column = [this](int c, int preferred, int minimum) {
            m_preferredWidths[c] = qMax(preferred, minimum);
            m_minimumWidths[c] = minimum;
        };
        column(TaskTableModel::Id, qMax(text(QStringLiteral("0000000")), title(TaskTableModel::Id)), text(QStringLiteral("00000")));
        column(TaskTableModel::Payload, qMax(text(QStringLiteral("payload payload")), title(TaskTableModel::Payload)),
               text(QStringLiteral("payl")));
        column(TaskTableModel::State, qMax(widestState, title(TaskTableModel::State)), widestState);
        column(TaskTableModel::Worker, qMax(text(QStringLiteral("Worker-000")), title(TaskTableModel::Worker)),
               text(QStringLiteral("Worker-0")));
        column(TaskTableModel::Attempt, title(TaskTableModel::Attempt), text(QStringLiteral("00")));
        column(TaskTableModel::Wait, qMax(text(QStringLiteral("000.00 ms")), title(TaskTableModel::Wait)),
               text(QStringLiteral("00.0 s")));
        column(TaskTableModel::Run, qMax(text(QStringLiteral("000.00 ms")), title(TaskTableModel::Run)),
               text(QStringLiteral("00.0 s")));
        column(TaskTableModel::Result, qMax(text(QStringLiteral("exit 0")), title(TaskTableModel::Result)),
               text(QStringLiteral("exit 0")));
        // Result takes what is left, down to its minimum: the stretched last section keeps the
        // size it had when stretching began as its least, so that size is the minimum.
        m_view->horizontalHeader()->setStretchLastSection(false);
        for (int c = 0; c < TaskTableModel::ColumnCount; ++c)
            m_view->setColumnWidth(c, c == TaskTableModel::Result ? m_minimumWidths.at(c) : m_preferredWidths.at(c));
        m_view->horizontalHeader()->setStretchLastSection(true);
        // A width the user sets by hand becomes that column's preferred width.
        connect(m_view->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int logical, int, int size) {
            if (!m_fitting && logical >= 0 && logical < TaskTableModel::Result)
                m_preferredWidths[logical] = size;
        });
    }

    m_filterText->setObjectName(QStringLiteral("taskFilter"));
    m_texts.add([this] { m_filterText->setPlaceholderText(tr("Filter by task, payload or result")); });
    m_filterText->setClearButtonEnabled(true);
    m_filterWorker->setObjectName(QStringLiteral("workerFilter"));
    m_filterWorker->addItem(QString(), QString());
    m_filterState->addItem(QString(), -1);
    for (TaskLedger::State s : {TaskLedger::State::Queued, TaskLedger::State::Taken, TaskLedger::State::Done,
                                TaskLedger::State::Failed, TaskLedger::State::DeadLettered})
        m_filterState->addItem(QString(), int(s));
    m_texts.add([this] {
        m_filterWorker->setItemText(0, tr("All workers"));
        m_filterState->setItemText(0, tr("All states"));
        for (int i = 1; i < m_filterState->count(); ++i)
            m_filterState->setItemText(i, TaskTableModel::stateText(TaskLedger::State(m_filterState->itemData(i).toInt())));
    });
    // Filtering a million tasks takes a moment: filter once typing pauses, not per key.
    auto *textDelay = new QTimer(this);
    textDelay->setSingleShot(true);
    textDelay->setInterval(250);
    connect(m_filterText, &QLineEdit::textChanged, textDelay, qOverload<>(&QTimer::start));
    connect(textDelay, &QTimer::timeout, this, [this] {
        m_proxy->setTextFilter(m_filterText->text());
        updatePlaceholder();
    });
    connect(m_filterWorker, &QComboBox::currentIndexChanged, this,
            [this] {
                m_proxy->setWorkerFilter(m_filterWorker->currentData().toString());
                updatePlaceholder();
            });
    connect(m_filterState, &QComboBox::currentIndexChanged, this,
            [this] {
                m_proxy->setStateFilter(m_filterState->currentData().toInt());
                updatePlaceholder();
            });

    m_followButton->setObjectName(QStringLiteral("taskFollowButton"));
    m_followButton->setIcon(QIcon(QStringLiteral(":/icons/follow.svg")));
    m_followButton->setIconSize(QSize(16, 16));
    m_followButton->setAutoRaise(true);
    m_followButton->setCheckable(true);
    m_followButton->setChecked(m_follow);
    m_followButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_texts.add([this] {
        m_followButton->setText(tr("Follow"));
        m_followButton->setToolTip(tr("Keep the newest running task in view (scrolling away turns this off)"));
    });
    connect(m_followButton, &QToolButton::toggled, this, &QueuePanel::setFollow);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        if (m_scrolling)
            return;
        // The user scrolled: away turns following off, to the very end turns it back on.
        const QScrollBar *bar = m_view->verticalScrollBar();
        const bool atEnd = bar->maximum() > 0 && bar->value() >= bar->maximum();
        if (m_follow && !atEnd)
            setFollow(false);
        else if (!m_follow && atEnd)
            setFollow(true);
    });

    m_placeholder->setObjectName(QStringLiteral("taskPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false); // the palette's muted text
    m_placeholder->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_placeholder->hide();
    m_view->viewport()->installEventFilter(this);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &QueuePanel::updatePlaceholder);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &QueuePanel::updatePlaceholder);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &QueuePanel::updatePlaceholder);

    auto *tasksPage = new QWidget;
    auto *tasksLayout = new QVBoxLayout(tasksPage);
    tasksLayout->setContentsMargins(0, 4, 0, 0);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_filterText, 1);
    filters->addWidget(m_filterWorker);
    filters->addWidget(m_filterState);
    filters->addWidget(m_followButton);
    tasksLayout->addLayout(filters);
    tasksLayout->addWidget(m_view, 1);
    m_tabs->setObjectName(QStringLiteral("queueTabs"));
    m_tabs->addTab(tasksPage, QString());
    m_tabs->addTab(scrolled(m_distribution), QString());
    m_tabs->addTab(scrolled(m_timeline), QString());
    auto *historyPage = new QWidget;
    auto *historyLayout = new QVBoxLayout(historyPage);
    historyLayout->setContentsMargins(0, 4, 0, 0);
    m_texts.add([this] {
        const QLocale locale;
        m_depthPlot->setTitle(tr("Queue"));
        m_depthPlot->setLines({{tr("waiting"), QColor(0x7f, 0x8c, 0x8d), 0}, {tr("running"), QColor(0x2e, 0x86, 0xde), 1}},
                             [locale](double v) -> QString { return locale.toString(qRound64(v)); });
        m_throughputPlot->setTitle(tr("Throughput"));
        m_throughputPlot->setLines({{tr("done/s"), QColor(0x27, 0xae, 0x60), 2}, {tr("failed/s"), QColor(0xc0, 0x39, 0x2b), 3}},
                                  [locale](double v) -> QString { return locale.toString(v, 'f', v < 10 && v != 0 ? 1 : 0); });
        m_depthPlot->setSamples(m_history);
        m_throughputPlot->setSamples(m_history);
    });
    historyLayout->addWidget(m_depthPlot, 1);
    historyLayout->addWidget(m_throughputPlot, 1);
    m_tabs->addTab(historyPage, QString());
    m_texts.add([this] {
        m_tabs->setTabText(0, tr("Tasks"));
        m_tabs->setTabText(1, tr("Distribution"));
        m_tabs->setTabText(2, tr("Timeline"));
        m_tabs->setTabText(3, tr("History"));
    });
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
    // The counts and the health change at every tick: in steady boxes, so a new figure does
    // not lay out the whole window again.
    header->addWidget(new SteadyBox(m_counts, this));
    // The progress bar takes the room there is, up to what its longest text needs, and
    // gives it back first in a narrow window.
    header->addStretch(1);
    header->addWidget(m_progress, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(new SteadyBox(m_health, this));
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

void QueuePanel::setQuitting(bool quitting)
{
    if (m_quitting == quitting)
        return;
    m_quitting = quitting;
    refreshStats();
}

void QueuePanel::setFollow(bool follow)
{
    if (m_follow == follow)
        return;
    m_follow = follow;
    {
        const QSignalBlocker quiet(m_followButton);
        m_followButton->setChecked(follow);
    }
    if (follow)
        followNewest();
    emit followChanged(follow);
}

void QueuePanel::followNewest()
{
    if (!m_follow || m_proxy->rowCount() == 0)
        return;
    // The task taken last that still runs; with none running, the newest task.
    QModelIndex target;
    qint64 newestTaken = -1;
    for (const TaskLedger::InFlight &f : m_session->ledger()->inFlight()) {
        if (f.takenNs <= newestTaken || f.row < 0 || f.row >= m_tasks->rowCount())
            continue;
        const QModelIndex shown = m_proxy->mapFromSource(m_tasks->index(int(f.row), 0));
        if (shown.isValid()) {
            newestTaken = f.takenNs;
            target = shown;
        }
    }
    if (!target.isValid()) {
        // The newest task: the last row in enqueue order, wherever sorting put it.
        for (int row = m_tasks->rowCount() - 1; row >= 0 && !target.isValid(); --row)
            target = m_proxy->mapFromSource(m_tasks->index(row, 0));
    }
    if (!target.isValid())
        return;
    m_scrolling = true;
    m_view->scrollTo(target, QAbstractItemView::PositionAtCenter);
    m_scrolling = false;
}

void QueuePanel::updatePlaceholder()
{
    QString text;
    if (m_proxy->rowCount() == 0)
        text = m_tasks->rowCount() > 0 ? tr("No matching tasks") : tr("No tasks yet");
    if (m_placeholder->text() != text)
        m_placeholder->setText(text);
    m_placeholder->setGeometry(m_view->viewport()->rect());
    m_placeholder->setVisible(!text.isEmpty());
}

void QueuePanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void QueuePanel::retranslateUi()
{
    m_texts.apply();
    m_tasks->retranslate();
    updatePlaceholder();
    refreshStats();
}

bool QueuePanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize) {
        m_placeholder->setGeometry(m_view->viewport()->rect());
        fitTaskColumns();
    }
    return QWidget::eventFilter(watched, event);
}

void QueuePanel::fitTaskColumns()
{
    const int available = m_view->viewport()->width();
    if (available <= 0 || m_preferredWidths.size() != TaskTableModel::ColumnCount)
        return;
    QVector<int> widths = m_preferredWidths;
    int total = 0;
    for (int c = 0; c < TaskTableModel::ColumnCount; ++c)
        total += c == TaskTableModel::Result ? m_minimumWidths.at(c) : widths.at(c);
    // The least important first: the times, the attempt, then the payload and the worker;
    // the id and the state badge last.
    static const int order[] = {TaskTableModel::Wait,    TaskTableModel::Run,    TaskTableModel::Attempt,
                                TaskTableModel::Payload, TaskTableModel::Worker, TaskTableModel::Id,
                                TaskTableModel::State};
    for (int c : order) {
        if (total <= available)
            break;
        const int cut = qMin(total - available, qMax(0, widths.at(c) - m_minimumWidths.at(c)));
        widths[c] -= cut;
        total -= cut;
    }
    QHeaderView *header = m_view->horizontalHeader();
    m_fitting = true;
    for (int c = 0; c < TaskTableModel::ColumnCount - 1; ++c) {
        if (header->sectionSize(c) != widths.at(c))
            header->resizeSection(c, widths.at(c));
    }
    m_fitting = false;
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
    followNewest();
    updatePlaceholder();
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

    auto chip = [&](const QString &label, qint64 n, QRgb color) {
        return CountChips::Chip{label, locale.toString(n), QColor(color)};
    };
    m_counts->setChips({chip(tr("queued"), queued + backlog, 0x7f8c8d), chip(tr("running"), running, 0x2e86de),
                        chip(tr("done"), done, 0x27ae60), chip(tr("failed"), failed, 0xc0392b),
                        chip(tr("dead-lettered"), dead, 0x8e44ad)});

    const qint64 now = qint64(monotonicNs());
    // A run of work starts when something runs after nothing did; the rate is this run's.
    if (running == 0) {
        m_runStartNs = -1;
    } else if (m_runStartNs < 0) {
        m_runStartNs = now;
        m_samples.clear();
        m_smoothRate = -1;
    }
    // Tasks/s over the last 10 s: the slope between the oldest and newest sample, steady
    // however often refresh() runs.
    m_samples.emplace_back(now, finished);
    while (m_samples.size() > 2 && now - m_samples.front().first > 10000000000LL)
        m_samples.pop_front();
    const qint64 spanNs = now - m_samples.front().first;
    const qint64 doneInWindow = finished - m_samples.front().second;
    if (spanNs >= 500000000LL)
        m_rate = double(doneInWindow) * 1e9 / double(spanNs);
    // The ETA's rate is that one smoothed once more (time constant 4 s), so one slow or fast
    // second does not swing it; it starts once the window holds enough completions.
    const bool enoughData = m_runStartNs >= 0 && now - m_runStartNs >= kEtaMinSpanMs * 1000000LL
        && doneInWindow >= kEtaMinDone;
    if (!enoughData) {
        m_smoothRate = -1;
    } else if (m_smoothRate < 0) {
        m_smoothRate = m_rate;
    } else {
        const double alpha = 1.0 - std::exp(-double(now - m_lastRateNs) / 4e9);
        m_smoothRate += alpha * (m_rate - m_smoothRate);
    }
    m_lastRateNs = now;

    sampleHistory(now / 1000000, queued + backlog, running, done, failed + dead);

    m_progress->setRange(0, 1000);
    // QProgressBar::setValue() paints the bar at once, apart from the display tick's one
    // paint of the window (and what lies under the bar with it); with updates off, the
    // bar is only marked for that paint.
    m_progress->setUpdatesEnabled(false);
    m_progress->setValue(total > 0 ? int(1000 * finished / total) : 0);
    m_progress->setUpdatesEnabled(true);
    QString progress = total > 0 ? tr("%1 of %2").arg(locale.toString(finished), locale.toString(total)) : tr("no tasks yet");
    if (m_rate >= 0.05 && running > 0)
        progress += tr(" · %1 tasks/s").arg(locale.toString(m_rate, 'f', m_rate < 10 ? 1 : 0));
    // No ETA when nothing runs (no worker is at it), nothing waits, or Herd is quitting.
    const bool quitting = m_quitting || m_session->isQuitting();
    m_etaMs = -1;
    if (m_smoothRate > 0.01 && running > 0 && queued + backlog > 0 && !quitting && finished < total)
        m_etaMs = qint64(double(total - finished) / m_smoothRate * 1000.0);
    if (m_etaMs >= 0)
        progress += tr(" · ETA %1").arg(formatClock(m_etaMs));
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
