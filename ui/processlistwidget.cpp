#include "processlistwidget.h"

#include "celltext.h"
#include "killbuttondelegate.h"
#include "process/supervisor.h"
#include "processfilterproxymodel.h"
#include "processnamedelegate.h"
#include "processtablemodel.h"
#include "processtext.h"
#include "session.h"
#include "shellwords.h"
#include "statebadgedelegate.h"
#include "confirmation.h"
#include "displaytick.h"
#include "timeoutdialog.h"
#include "units.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <csignal>

namespace herd {

namespace {

QIcon icon(const char *name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

struct SignalChoice {
    int number;
    const char *why;
};

// The signals Send signal… offers, in the order people reach for them.
const SignalChoice kSignalChoices[] = {
    {SIGTERM, QT_TRANSLATE_NOOP("herd::ProcessListWidget", "ask it to terminate")},
    {SIGINT, QT_TRANSLATE_NOOP("herd::ProcessListWidget", "interrupt, like Ctrl+C")},
    {SIGHUP, QT_TRANSLATE_NOOP("herd::ProcessListWidget", "hang up; many daemons reload")},
    {SIGUSR1, QT_TRANSLATE_NOOP("herd::ProcessListWidget", "user-defined 1")},
    {SIGUSR2, QT_TRANSLATE_NOOP("herd::ProcessListWidget", "user-defined 2")},
    {SIGSTOP, QT_TRANSLATE_NOOP("herd::ProcessListWidget", "pause it")},
    {SIGCONT, QT_TRANSLATE_NOOP("herd::ProcessListWidget", "let a paused process continue")},
    {SIGQUIT, QT_TRANSLATE_NOOP("herd::ProcessListWidget", "quit with a core dump")},
    {SIGKILL, QT_TRANSLATE_NOOP("herd::ProcessListWidget", "end it at once; cannot be caught")},
};

} // namespace

ProcessListWidget::ProcessListWidget(Session *session, DisplayTick *tick, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_supervisor(session ? session->supervisor() : nullptr)
{
    setObjectName(QStringLiteral("processList"));
    m_model = new ProcessTableModel(m_supervisor, this);
    m_model->setSession(m_session);
    if (!tick) {
        // On its own, the list is the only panel: its clock refreshes just the table.
        tick = new DisplayTick(this);
        connect(tick, &DisplayTick::tick, m_model, &ProcessTableModel::refresh);
        tick->start();
    }
    m_model->setDisplayTick(tick);
    m_proxy = new ProcessFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);

    createActions();
    QWidget *filterRow = createFilterRow();
    createView();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(filterRow);
    layout->addWidget(m_view, 1);

    connect(m_model, &ProcessTableModel::refreshed, this, &ProcessListWidget::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ProcessListWidget::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ProcessListWidget::updateActions);
    updateActions();
}

ProcessListWidget::~ProcessListWidget() = default;

void ProcessListWidget::createActions()
{
    // Delete and Shift+Delete act only while the table has the focus, so typing in the
    // filter or the output search never stops a process.
    m_terminateAction = new QAction(icon("terminate"), QString(), this);
    m_terminateAction->setObjectName(QStringLiteral("terminateAction"));
    m_terminateAction->setShortcut(QKeySequence::Delete);
    m_terminateAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_texts.add([this] {
        m_terminateAction->setText(tr("&Terminate"));
        m_terminateAction->setToolTip(tr("Terminate the selected processes: SIGTERM, then SIGKILL after "
                                         "their grace period (Delete)"));
    });
    connect(m_terminateAction, &QAction::triggered, this, &ProcessListWidget::terminateSelected);

    m_killAction = new QAction(icon("kill"), QString(), this);
    m_killAction->setObjectName(QStringLiteral("killAction"));
    m_killAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Delete));
    m_killAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_texts.add([this] {
        m_killAction->setText(tr("&Kill"));
        m_killAction->setToolTip(tr("Kill the selected processes at once: SIGKILL to their process "
                                    "groups (Shift+Delete)"));
    });
    connect(m_killAction, &QAction::triggered, this, &ProcessListWidget::killSelected);

    m_sendSignalAction = new QAction(icon("signal"), QString(), this);
    m_texts.add([this] { m_sendSignalAction->setText(tr("Send &signal…")); });
    m_sendSignalAction->setObjectName(QStringLiteral("sendSignalAction"));
    connect(m_sendSignalAction, &QAction::triggered, this, [this] { sendSignalTo(selectedProcessIds()); });

    m_restartAction = new QAction(icon("restart"), QString(), this);
    m_texts.add([this] { m_restartAction->setText(tr("&Restart")); });
    m_restartAction->setObjectName(QStringLiteral("restartAction"));
    m_restartAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_restartAction, &QAction::triggered, this, [this] { restartProcesses(selectedProcessIds()); });

    m_setTimeoutAction = new QAction(icon("timeout"), QString(), this);
    m_texts.add([this] { m_setTimeoutAction->setText(tr("Set &timeout…")); });
    m_setTimeoutAction->setObjectName(QStringLiteral("setTimeoutAction"));
    m_setTimeoutAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    connect(m_setTimeoutAction, &QAction::triggered, this, [this] { setTimeoutOf(selectedProcessIds()); });

    m_showOutputAction = new QAction(icon("output"), QString(), this);
    m_texts.add([this] { m_showOutputAction->setText(tr("Show &output")); });
    m_showOutputAction->setObjectName(QStringLiteral("showOutputAction"));
    connect(m_showOutputAction, &QAction::triggered, this, [this] { showOutputOf(selectedProcessIds()); });

    m_copyCommandAction = new QAction(icon("copy"), QString(), this);
    m_texts.add([this] { m_copyCommandAction->setText(tr("&Copy command line")); });
    m_copyCommandAction->setObjectName(QStringLiteral("copyCommandAction"));
    m_copyCommandAction->setShortcut(QKeySequence::Copy);
    m_copyCommandAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyCommandAction, &QAction::triggered, this, [this] { copyCommandLines(selectedProcessIds()); });

    // Never stops anything, so it may act wherever the focus is.
    m_clearEndedAction = new QAction(icon("clear"), QString(), this);
    m_clearEndedAction->setObjectName(QStringLiteral("clearEndedAction"));
    m_clearEndedAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_texts.add([this] {
        m_clearEndedAction->setText(tr("C&lear ended processes"));
        m_clearEndedAction->setToolTip(tr("Remove the processes that have ended from the list; running ones stay, "
                                          "and the report and event stream keep every one (%1)")
                                           .arg(m_clearEndedAction->shortcut().toString(QKeySequence::NativeText)));
    });
    connect(m_clearEndedAction, &QAction::triggered, this, &ProcessListWidget::clearEnded);
}

void ProcessListWidget::clearEnded()
{
    const int cleared = m_model->clearEnded();
    if (cleared > 0)
        emit actionReported(cleared == 1 ? tr("Cleared 1 ended process from the list")
                                         : tr("Cleared %1 ended processes from the list").arg(cleared));
    updateActions();
}

QWidget *ProcessListWidget::createFilterRow()
{
    auto *row = new QWidget(this);

    m_filter = new QLineEdit(row);
    m_filter->setObjectName(QStringLiteral("processFilter"));
    m_texts.add([this] { m_filter->setPlaceholderText(tr("Filter by name, command, pid or state")); });
    m_filter->setClearButtonEnabled(true);
    m_filter->addAction(icon("search"), QLineEdit::LeadingPosition);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &ProcessFilterProxyModel::setTextFilter);

    m_stateFilter = new QComboBox(row);
    m_stateFilter->setObjectName(QStringLiteral("stateFilter"));
    for (auto filter : {ProcessFilterProxyModel::StateFilter::All, ProcessFilterProxyModel::StateFilter::Live,
                        ProcessFilterProxyModel::StateFilter::Ended, ProcessFilterProxyModel::StateFilter::Problems})
        m_stateFilter->addItem(QString(), int(filter));
    m_texts.add([this] {
        m_stateFilter->setItemText(0, tr("All processes"));
        m_stateFilter->setItemText(1, tr("Running"));
        m_stateFilter->setItemText(2, tr("Ended"));
        m_stateFilter->setItemText(3, tr("Problems"));
    });
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setStateFilter(ProcessFilterProxyModel::StateFilter(m_stateFilter->currentData().toInt()));
    });

    auto *title = new QLabel(row);
    m_texts.add([title] { title->setText(tr("Processes")); });
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(6, 4, 2, 4);
    layout->addWidget(title);
    layout->addStretch(1);
    layout->addWidget(m_filter, 2);
    layout->addWidget(m_stateFilter);
    return row;
}

void ProcessListWidget::createView()
{
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("processView"));
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setItemsExpandable(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ProcessTableModel::Name, Qt::AscendingOrder);
    m_view->setMouseTracking(true);
    m_view->viewport()->setAttribute(Qt::WA_Hover);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setIconSize(QSize(16, 16));
    m_view->setItemDelegate(new TextDelegate(m_view));
    m_view->setItemDelegateForColumn(ProcessTableModel::Name, new ProcessNameDelegate(m_view));
    m_view->setItemDelegateForColumn(ProcessTableModel::State, new StateBadgeDelegate(m_view));
    m_killDelegate = new KillButtonDelegate(m_view);
    m_view->setItemDelegateForColumn(ProcessTableModel::Kill, m_killDelegate);
    connect(m_killDelegate, &KillButtonDelegate::killRequested, this,
            [this](quint64 id) { killProcesses({id}); });
    connect(m_view, &QWidget::customContextMenuRequested, this, &ProcessListWidget::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        emit selectionChanged();
    });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() != ProcessTableModel::Kill)
            showOutputOf({index.data(ProcessTableModel::ProcessIdRole).toULongLong()});
    });
    // The table's own shortcuts (Delete, Shift+Delete, Copy).
    m_view->addAction(m_terminateAction);
    m_view->addAction(m_killAction);
    m_view->addAction(m_copyCommandAction);

    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const QFontMetrics fm(m_view->font());
    auto width = [&fm](const char *sample) { return fm.horizontalAdvance(QLatin1String(sample)) + 24; };
    m_preferredWidths.fill(0, ProcessTableModel::ColumnCount);
    m_minimumWidths.fill(0, ProcessTableModel::ColumnCount);
    // An important column is never narrower than its (translated) title; the others may
    // narrow to their content, their title elided (its tooltip says what it is).
    auto column = [&](int c, const char *preferred, const char *minimum, bool important) {
        const int title = fm.horizontalAdvance(m_proxy->headerData(c, Qt::Horizontal).toString()) + 20;
        m_preferredWidths[c] = qMax(width(preferred), title);
        m_minimumWidths[c] = qMin(m_preferredWidths[c], important ? qMax(width(minimum), title) : width(minimum));
        header->resizeSection(c, m_preferredWidths[c]);
    };
    column(ProcessTableModel::Name, "Worker-100 m", "Worker-10", true);
    // Its icon too, and a daemon's tag when there is room.
    m_preferredWidths[ProcessTableModel::Name] += m_view->iconSize().width() + 6 + ProcessNameDelegate::tagWidth(m_view->font());
    m_minimumWidths[ProcessTableModel::Name] += m_view->iconSize().width() + 6;
    header->resizeSection(ProcessTableModel::Name, m_preferredWidths[ProcessTableModel::Name]);
    column(ProcessTableModel::Pid, "4194304", "99999", true);
    fitStateColumn();
    header->resizeSection(ProcessTableModel::State, m_preferredWidths[ProcessTableModel::State]);
    column(ProcessTableModel::Uptime, "1:00:00", "0:00", false);
    column(ProcessTableModel::Cpu, "100.0 %", "0.0 %", true);
    column(ProcessTableModel::Memory, "999.9 MiB", "9.9 MiB", false);
    column(ProcessTableModel::Watchdog, "Watchdog", "fired", true);
    column(ProcessTableModel::TasksDone, "Tasks", "99", false);
    column(ProcessTableModel::ExitCode, "-15", "-15", false);
    m_minimumWidths[ProcessTableModel::Command] = width("sleep 30 --and");
    header->resizeSection(ProcessTableModel::Command, width("sleep 30 --and --arguments"));
    header->setSectionResizeMode(ProcessTableModel::Command, QHeaderView::Stretch);
    header->setSectionResizeMode(ProcessTableModel::Kill, QHeaderView::Fixed);
    header->resizeSection(ProcessTableModel::Kill, 34);
    m_preferredWidths[ProcessTableModel::Kill] = m_minimumWidths[ProcessTableModel::Kill] = 34;
    header->setMinimumSectionSize(30);
    // A width the user sets by hand becomes that column's preferred width.
    connect(header, &QHeaderView::sectionResized, this, [this](int logical, int, int newSize) {
        if (!m_fitting && logical != ProcessTableModel::Command && logical != ProcessTableModel::Kill
            && logical < m_preferredWidths.size())
            m_preferredWidths[logical] = newSize;
    });
    m_view->viewport()->installEventFilter(this);
}

void ProcessListWidget::fitStateColumn()
{
    // Badges as they are painted, in the language they are shown in: at least the short,
    // common ones are whole; a long one ("terminated by SIGTERM") may be elided, with its
    // tooltip.
    int least = 0;
    for (const char *badge : {"exited 0", "timed out", "running", "idle", "starting", "stopping", "stopped"})
        least = qMax(least, StateBadgeDelegate::cellWidth(QCoreApplication::translate("herd", badge), m_view->font()));
    m_minimumWidths[ProcessTableModel::State] = least + 4;
    m_preferredWidths[ProcessTableModel::State] = qMax(
        least, StateBadgeDelegate::cellWidth(QCoreApplication::translate("herd", "terminated by SIGTERM"), m_view->font())) + 4;
    m_view->header()->resizeSection(ProcessTableModel::State, m_preferredWidths[ProcessTableModel::State]);
}

void ProcessListWidget::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void ProcessListWidget::retranslateUi()
{
    m_texts.apply();
    m_model->retranslate(); // headers and cells in the new words
    fitStateColumn(); // the badges' widths follow their words
    fitColumns();
}

bool ProcessListWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
}

void ProcessListWidget::fitColumns()
{
    QHeaderView *header = m_view->header();
    const int available = m_view->viewport()->width();
    if (available <= 0 || m_preferredWidths.size() != ProcessTableModel::ColumnCount)
        return;
    QVector<int> widths = m_preferredWidths;
    int total = 0;
    for (int c = 0; c < ProcessTableModel::ColumnCount; ++c) {
        if (header->isSectionHidden(c))
            continue;
        total += c == ProcessTableModel::Command ? m_minimumWidths[c] : widths[c];
    }
    // The least important first: the watchdog and task counts, then the numbers, then what
    // identifies the process.
    static const int order[] = {ProcessTableModel::Watchdog, ProcessTableModel::TasksDone, ProcessTableModel::Uptime,
                                ProcessTableModel::Memory,   ProcessTableModel::Cpu,       ProcessTableModel::Pid,
                                ProcessTableModel::State,    ProcessTableModel::ExitCode,  ProcessTableModel::Name};
    for (int c : order) {
        if (total <= available)
            break;
        if (header->isSectionHidden(c))
            continue;
        const int cut = qMin(total - available, qMax(0, widths[c] - m_minimumWidths[c]));
        widths[c] -= cut;
        total -= cut;
    }
    m_fitting = true;
    for (int c = 0; c < ProcessTableModel::ColumnCount; ++c) {
        if (c != ProcessTableModel::Command && !header->isSectionHidden(c) && header->sectionSize(c) != widths[c])
            header->resizeSection(c, widths[c]);
    }
    m_fitting = false;
}

QByteArray ProcessListWidget::saveHeaderState() const
{
    // The preferred widths are saved, not those narrowed to fit a small window.
    QHeaderView *header = m_view->header();
    auto *self = const_cast<ProcessListWidget *>(this);
    self->m_fitting = true;
    QVector<int> fitted(ProcessTableModel::ColumnCount);
    for (int c = 0; c < ProcessTableModel::ColumnCount; ++c) {
        fitted[c] = header->sectionSize(c);
        if (c != ProcessTableModel::Command && !header->isSectionHidden(c) && m_preferredWidths.size() > c)
            header->resizeSection(c, m_preferredWidths[c]);
    }
    const QByteArray state = header->saveState();
    for (int c = 0; c < ProcessTableModel::ColumnCount; ++c) {
        if (c != ProcessTableModel::Command && !header->isSectionHidden(c))
            header->resizeSection(c, fitted[c]);
    }
    self->m_fitting = false;
    return state;
}

void ProcessListWidget::restoreHeaderState(const QByteArray &state, int columnCount)
{
    // A header state saved with other columns would put them in the wrong places.
    if (columnCount != ProcessTableModel::ColumnCount || !m_view->header()->restoreState(state))
        return;
    for (int c = 0; c < ProcessTableModel::ColumnCount; ++c) {
        if (c != ProcessTableModel::Command && c != ProcessTableModel::Kill)
            m_preferredWidths[c] = m_view->header()->sectionSize(c);
    }
    fitColumns();
}

void ProcessListWidget::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void ProcessListWidget::setQuitting(bool quitting)
{
    m_quitting = quitting;
    updateActions();
}

QVector<quint64> ProcessListWidget::selectedProcessIds() const
{
    QVector<quint64> ids;
    QModelIndexList rows = m_view->selectionModel()->selectedRows(ProcessTableModel::Name);
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : rows)
        ids << index.data(ProcessTableModel::ProcessIdRole).toULongLong();
    return ids;
}

void ProcessListWidget::selectProcesses(const QVector<quint64> &ids)
{
    QItemSelection selection;
    QModelIndex first;
    for (quint64 id : ids) {
        const QModelIndex index = m_proxy->mapFromSource(m_model->indexOf(id));
        if (!index.isValid())
            continue;
        selection.select(index, index.siblingAtColumn(ProcessTableModel::ColumnCount - 1));
        if (!first.isValid())
            first = index;
    }
    QItemSelectionModel *sm = m_view->selectionModel();
    sm->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (first.isValid()) {
        sm->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        m_view->scrollTo(first);
    }
}

void ProcessListWidget::forEach(const QVector<quint64> &ids, const std::function<void(ManagedProcess *)> &fn) const
{
    for (quint64 id : ids) {
        if (ManagedProcess *p = m_supervisor ? m_supervisor->process(id) : nullptr)
            fn(p);
    }
}

void ProcessListWidget::forEachSelected(const std::function<void(ManagedProcess *)> &fn) const
{
    forEach(selectedProcessIds(), fn);
}

void ProcessListWidget::terminateSelected()
{
    terminateProcesses(selectedProcessIds());
}

void ProcessListWidget::killSelected()
{
    killProcesses(selectedProcessIds());
}

QVector<quint64> ProcessListWidget::liveOf(const QVector<quint64> &ids) const
{
    QVector<quint64> live;
    for (quint64 id : ids) {
        if (m_model->isRemote(id)) {
            if (m_model->indexOf(id).data(ProcessTableModel::AliveRole).toBool())
                live << id;
        } else if (ManagedProcess *p = m_supervisor ? m_supervisor->process(id) : nullptr) {
            if (p->isAlive())
                live << id;
        }
    }
    return live;
}

int ProcessListWidget::orderRemote(const QVector<quint64> &ids, bool kill)
{
    int sent = 0;
    for (quint64 id : ids) {
        if (!m_model->isRemote(id))
            continue;
        const bool ok = m_session && (kill ? m_session->killRemoteWorker(id) : m_session->stopRemoteWorker(id));
        if (ok)
            ++sent;
        else
            emit problemOccurred(tr("%1 is no longer connected to the queue").arg(m_model->remoteWorker(id).name));
    }
    if (sent > 0)
        m_model->refresh();
    return sent;
}

int ProcessListWidget::stopEach(const QVector<quint64> &ids, SignalResult (ManagedProcess::*stop)(StopCause))
{
    int sent = 0;
    // Already ended by now: nothing to do, and never a signal to a reaped pid.
    forEach(ids, [this, &sent, stop](ManagedProcess *p) {
        if (!p->isAlive())
            return;
        const SignalResult r = (p->*stop)(StopCause::User);
        if (r == SignalResult::Sent)
            ++sent;
        else if (r != SignalResult::NotRunning)
            emit problemOccurred(signalResultText(p->name(), r));
    });
    return sent;
}

void ProcessListWidget::terminateProcesses(const QVector<quint64> &ids)
{
    const QVector<quint64> live = liveOf(ids);
    if (live.isEmpty())
        return;
    auto act = [this, live] {
        if (stopEach(live, &ManagedProcess::terminate) > 0)
            emit actionReported(tr("Terminating %1: SIGTERM sent, SIGKILL follows after the grace period")
                                    .arg(describe(live)));
        if (orderRemote(live, false) > 0)
            emit actionReported(tr("Asked %1 to finish the task in hand and leave").arg(describe(live)));
    };
    if (live.size() < 2) {
        act();
        return;
    }
    // Bound to the processes selected now, whatever the selection is when it is answered.
    Confirmation::ask(this, tr("Terminate %n processes", nullptr, int(live.size())),
                      tr("Terminate %n processes? Each gets SIGTERM, then SIGKILL after its grace period.",
                         nullptr, int(live.size())),
                      tr("&Terminate"), act);
}

void ProcessListWidget::killProcesses(const QVector<quint64> &ids)
{
    const QVector<quint64> live = liveOf(ids);
    if (live.isEmpty())
        return;
    auto act = [this, live] {
        if (stopEach(live, &ManagedProcess::kill) > 0)
            emit actionReported(tr("Killed %1 (SIGKILL)").arg(describe(live)));
        if (orderRemote(live, true) > 0)
            emit actionReported(tr("Told %1 to leave at once; its task went back to the queue").arg(describe(live)));
    };
    if (live.size() < 2) {
        act();
        return;
    }
    Confirmation::ask(this, tr("Kill %n processes", nullptr, int(live.size())),
                      tr("Kill %n processes at once with SIGKILL? They get no chance to clean up.", nullptr,
                         int(live.size())),
                      tr("&Kill"), act);
}

void ProcessListWidget::sendSignalTo(const QVector<quint64> &ids)
{
    if (ids.isEmpty())
        return;
    QStringList items;
    for (const SignalChoice &choice : kSignalChoices)
        items << QStringLiteral("%1 (%2): %3").arg(signalName(choice.number)).arg(choice.number).arg(tr(choice.why));
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Send signal"));
    dialog->setLabelText(tr("Signal to send to the process group of %1:").arg(describe(ids)));
    dialog->setComboBoxItems(items);
    dialog->setComboBoxEditable(false);
    dialog->setOkButtonText(tr("Send"));
    // Bound to the processes chosen when the dialog opened, whatever the selection is now.
    connect(dialog, &QInputDialog::textValueSelected, this, [this, ids, items](const QString &text) {
        const int choice = int(items.indexOf(text));
        if (choice < 0)
            return;
        const int sig = kSignalChoices[choice].number;
        int sent = 0;
        forEach(ids, [this, sig, &sent](ManagedProcess *p) {
            const SignalResult r = p->sendSignal(sig);
            if (r != SignalResult::Sent)
                emit problemOccurred(signalResultText(p->name(), r));
            else
                ++sent;
        });
        if (sent > 0)
            emit actionReported(tr("Sent %1 to %2").arg(signalName(sig), describe(ids)));
    });
    dialog->open();
}

void ProcessListWidget::restartProcesses(const QVector<quint64> &ids)
{
    QVector<quint64> restarted;
    forEach(ids, [this, &restarted](ManagedProcess *p) {
        if (p->isAlive())
            return;
        // Through the session, which also clears a restart policy's "gave up" mark.
        const Result<void> done = m_session ? m_session->restartProcess(p) : p->restart();
        if (!done.ok())
            emit problemOccurred(tr("Could not restart %1: %2").arg(p->name(), done.error));
        else
            restarted << p->id();
    });
    if (!restarted.isEmpty())
        emit actionReported(tr("Restarted %1").arg(describe(restarted)));
    m_model->refresh();
}

void ProcessListWidget::setTimeoutOf(const QVector<quint64> &ids)
{
    QVector<quint64> live;
    qint64 current = 0;
    forEach(ids, [&live, &current](ManagedProcess *p) {
        if (!p->isAlive())
            return;
        live << p->id();
        if (current == 0)
            current = qMax<qint64>(0, p->watchdogRemainingMs());
    });
    if (live.isEmpty())
        return;
    auto *dialog = new TimeoutDialog(describe(live), current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, live, dialog] {
        const qint64 ms = dialog->timeoutMs();
        forEach(live, [this, ms](ManagedProcess *p) {
            if (!p->isAlive())
                return;
            const Result<void> set = p->setTimeout(ms);
            if (!set.ok())
                emit problemOccurred(tr("Could not set the timeout of %1: %2").arg(p->name(), set.error));
        });
        emit actionReported(ms > 0 ? tr("The watchdog stops %1 in %2 from now").arg(describe(live), humanDuration(ms))
                                   : tr("Removed the watchdog of %1").arg(describe(live)));
        m_model->refresh();
    });
    dialog->open();
}

void ProcessListWidget::copyCommandLines(const QVector<quint64> &ids)
{
    QStringList lines;
    forEach(ids, [&lines](ManagedProcess *p) {
        QStringList words;
        words << p->spec().program << p->spec().arguments;
        lines << joinShellWords(words);
    });
    if (!lines.isEmpty()) {
        QGuiApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
        emit actionReported(tr("Copied the command line of %1").arg(describe(ids)));
    }
}

void ProcessListWidget::showOutputOf(const QVector<quint64> &ids)
{
    if (ids.isEmpty() || m_model->isRemote(ids.first()))
        return; // a remote worker's output stays on its machine
    if (selectedProcessIds() != QVector<quint64>{ids.first()})
        selectProcesses({ids.first()});
    emit outputRequested(ids.first());
}

QString ProcessListWidget::describe(const QVector<quint64> &ids) const
{
    if (ids.size() == 1) {
        if (m_model->isRemote(ids.first()))
            return m_model->remoteWorker(ids.first()).name;
        const ManagedProcess *p = m_supervisor ? m_supervisor->process(ids.first()) : nullptr;
        if (p)
            return p->name();
    }
    return tr("%1 processes").arg(ids.size());
}

void ProcessListWidget::updateActions()
{
    bool anyAlive = false;
    bool anyEnded = false;
    const QVector<quint64> ids = selectedProcessIds();
    forEach(ids, [&anyAlive, &anyEnded](ManagedProcess *p) { (p->isAlive() ? anyAlive : anyEnded) = true; });
    bool anyRemoteAlive = false;
    bool onlyRemote = !ids.isEmpty();
    for (quint64 id : ids) {
        if (!m_model->isRemote(id))
            onlyRemote = false;
        else if (m_model->indexOf(id).data(ProcessTableModel::AliveRole).toBool())
            anyRemoteAlive = true;
    }
    m_terminateAction->setEnabled(anyAlive || anyRemoteAlive);
    m_killAction->setEnabled(anyAlive || anyRemoteAlive);
    // Herd can only ask a remote worker to leave, through the queue: signals, a watchdog, a
    // restart, its output and its command line are its own machine's business.
    m_sendSignalAction->setEnabled(anyAlive);
    m_setTimeoutAction->setEnabled(anyAlive);
    m_restartAction->setEnabled(anyEnded && !m_quitting);
    m_showOutputAction->setEnabled(!ids.isEmpty() && !onlyRemote);
    m_copyCommandAction->setEnabled(!ids.isEmpty() && !onlyRemote);
    const QString why = onlyRemote ? tr("Not for a remote worker: Herd did not start it and can only ask it, "
                                        "through the queue, to stop (Terminate) or to leave at once (Kill).")
                                   : QString();
    for (QAction *a : {m_sendSignalAction, m_setTimeoutAction, m_restartAction, m_showOutputAction,
                       m_copyCommandAction}) {
        if (a->property("remoteWhy").toString() != why) {
            a->setProperty("remoteWhy", why);
            a->setToolTip(why); // empty: the action's text again
        }
    }
    bool anyEndedRow = false;
    for (int row = 0; row < m_model->rowCount() && !anyEndedRow; ++row)
        anyEndedRow = !m_model->index(row, 0).data(ProcessTableModel::AliveRole).toBool();
    m_clearEndedAction->setEnabled(anyEndedRow);
}

void ProcessListWidget::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    if (!m_view->selectionModel()->isRowSelected(index.row(), index.parent()))
        selectProcesses({index.data(ProcessTableModel::ProcessIdRole).toULongLong()});
    updateActions();
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("processContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_terminateAction);
    menu->addAction(m_killAction);
    menu->addAction(m_sendSignalAction);
    menu->addAction(m_restartAction);
    menu->addAction(m_setTimeoutAction);
    menu->addSeparator();
    menu->addAction(m_showOutputAction);
    menu->addAction(m_copyCommandAction);
    menu->addSeparator();
    menu->addAction(m_clearEndedAction);
    menu->popup(m_view->viewport()->mapToGlobal(pos));
}

} // namespace herd
