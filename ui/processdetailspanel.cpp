#include "processdetailspanel.h"

#include "historyplot.h"

#include "process/supervisor.h"
#include "processtablemodel.h"
#include "session.h"
#include "processtext.h"
#include "shellwords.h"
#include "statebadgedelegate.h"
#include "units.h"

#include <QEvent>
#include <QFormLayout>
#include <QHash>
#include <QLocale>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QStyle>
#include <QStackedWidget>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

namespace herd {

namespace {

QString escaped(const QString &s)
{
    return s.toHtmlEscaped();
}

// "never restarted", or "on failure, at most 5 within 1 min, first after 1 s (doubling up to 30 s)".
QString restartPolicyText(const RestartPolicy &policy)
{
    QString mode;
    switch (policy.mode) {
    case RestartPolicy::Mode::Never:
        return ProcessDetailsPanel::tr("never restarted");
    case RestartPolicy::Mode::OnFailure:
        mode = ProcessDetailsPanel::tr("on failure");
        break;
    case RestartPolicy::Mode::Always:
        mode = ProcessDetailsPanel::tr("always");
        break;
    }
    return ProcessDetailsPanel::tr("%1, at most %2 within %3, first after %4 (doubling up to %5)")
        .arg(mode, QString::number(policy.maxRestarts), humanDuration(policy.windowMs), humanDuration(policy.backoffMs),
             humanDuration(policy.maxBackoffMs));
}

} // namespace

ProcessDetailsPanel::ProcessDetailsPanel(Supervisor *supervisor, ProcessTableModel *model, QWidget *parent)
    : QWidget(parent)
    , m_supervisor(supervisor)
    , m_model(model)
    , m_sessionStart(QDateTime::currentDateTime().addMSecs(supervisor ? -supervisor->elapsedMs() : 0))
    , m_stack(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("detailsPanel"));

    auto *hint = new QLabel(this);
    m_texts.add([hint] {
        hint->setText(tr("Select a process to see its details: how it was started, "
                         "its watchdog, and how its run ended."));
    });
    hint->setWordWrap(true);
    hint->setAlignment(Qt::AlignCenter);
    hint->setEnabled(false);
    hint->setMargin(16);

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(6);
    m_name = new QLabel(content);
    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.25);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_name->setWordWrap(true);
    m_name->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_name->installEventFilter(this);
    m_badge = new QLabel(content);
    layout->addWidget(m_name);
    layout->addWidget(m_badge);

    m_form = new QFormLayout;
    m_form->setObjectName(QStringLiteral("detailsForm"));
    m_form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_form->setHorizontalSpacing(10);
    m_form->setVerticalSpacing(5);
    m_kind = addRow(QT_TR_NOOP("Kind"));
    m_pid = addRow(QT_TR_NOOP("PID"));
    m_command = addRow(QT_TR_NOOP("Command"));
    m_directory = addRow(QT_TR_NOOP("Directory"));
    m_environment = addRow(QT_TR_NOOP("Environment"));
    m_watchdog = addRow(QT_TR_NOOP("Watchdog"));
    m_grace = addRow(QT_TR_NOOP("Grace"));
    m_started = addRow(QT_TR_NOOP("Started"));
    m_result = addRow(QT_TR_NOOP("Result"));
    m_exitCode = addRow(QT_TR_NOOP("Exit code"));
    m_endedBy = addRow(QT_TR_NOOP("Ended by"));
    m_restartPolicy = addRow(QT_TR_NOOP("Restart policy"));
    m_restartPolicy->setObjectName(QStringLiteral("restartPolicyLabel"));
    m_restarts = addRow(QT_TR_NOOP("Restarts"));
    m_restarts->setObjectName(QStringLiteral("restartsLabel"));
    m_lastExit = addRow(QT_TR_NOOP("Last exit"));
    m_lastExit->setObjectName(QStringLiteral("lastExitLabel"));
    for (QLabel *field : {m_restartPolicy, m_restarts, m_lastExit})
        m_form->setRowVisible(field, false);
    layout->addLayout(m_form);

    auto *timelineTitle = new QLabel(content);
    m_texts.add([timelineTitle] { timelineTitle->setText(tr("Stop timeline")); });
    QFont sectionFont = timelineTitle->font();
    sectionFont.setBold(true);
    timelineTitle->setFont(sectionFont);
    layout->addSpacing(4);
    layout->addWidget(timelineTitle);
    m_timeline = new QLabel(content);
    m_timeline->setTextFormat(Qt::RichText);
    m_timeline->setWordWrap(true);
    m_timeline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_timeline);

    // CPU and memory over the last minutes, from the supervisor's samples.
    m_cpuPlot = new HistoryPlot(content);
    m_cpuPlot->setObjectName(QStringLiteral("cpuPlot"));
    m_texts.add([this] { m_cpuPlot->setTitle(tr("CPU")); });
    m_memoryPlot = new HistoryPlot(content);
    m_memoryPlot->setObjectName(QStringLiteral("memoryPlot"));
    m_texts.add([this] { m_memoryPlot->setTitle(tr("Memory")); });
    layout->addSpacing(4);
    layout->addWidget(m_cpuPlot);
    layout->addWidget(m_memoryPlot);
    layout->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The values wrap or elide to the panel's width: it never scrolls sideways.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setObjectName(QStringLiteral("detailsScrollArea"));

    // Wide enough for the widest (translated) label and a value column of about 24 characters.
    {
        int widestLabel = 0;
        for (int i = 0; i < m_form->rowCount(); ++i) {
            if (QLayoutItem *item = m_form->itemAt(i, QFormLayout::LabelRole); item && item->widget())
                widestLabel = qMax(widestLabel, item->widget()->sizeHint().width());
        }
        const QFontMetrics fm(font());
        setMinimumWidth(layout->contentsMargins().left() + layout->contentsMargins().right() + widestLabel
                        + m_form->horizontalSpacing() + fm.averageCharWidth() * 24
                        + style()->pixelMetric(QStyle::PM_ScrollBarExtent));
    }

    // Several selected: what they are together.
    auto *several = new QWidget;
    several->setObjectName(QStringLiteral("selectionSummary"));
    auto *severalLayout = new QVBoxLayout(several);
    severalLayout->setContentsMargins(10, 8, 10, 8);
    severalLayout->setSpacing(6);
    m_selectionTitle = new QLabel(several);
    m_selectionTitle->setObjectName(QStringLiteral("selectionTitle"));
    m_selectionTitle->setFont(nameFont);
    m_selectionTitle->setWordWrap(true);
    severalLayout->addWidget(m_selectionTitle);
    m_selectionForm = new QFormLayout;
    m_selectionForm->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_selectionForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_selectionForm->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_selectionForm->setHorizontalSpacing(10);
    m_selectionForm->setVerticalSpacing(5);
    auto addSelectionRow = [this](const char *label) {
        auto *field = new QLabel;
        field->setWordWrap(true);
        field->setTextInteractionFlags(Qt::TextSelectableByMouse);
        field->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        auto *name = new QLabel;
        name->setEnabled(false);
        m_texts.add([name, label] { name->setText(tr(label)); });
        m_selectionForm->addRow(name, field);
        return field;
    };
    m_selectionStates = addSelectionRow(QT_TR_NOOP("States"));
    m_selectionStates->setObjectName(QStringLiteral("selectionStates"));
    m_selectionCpu = addSelectionRow(QT_TR_NOOP("CPU"));
    m_selectionCpu->setObjectName(QStringLiteral("selectionCpu"));
    m_selectionMemory = addSelectionRow(QT_TR_NOOP("Memory"));
    m_selectionMemory->setObjectName(QStringLiteral("selectionMemory"));
    m_selectionNames = addSelectionRow(QT_TR_NOOP("Names"));
    m_selectionNames->setObjectName(QStringLiteral("selectionNames"));
    severalLayout->addLayout(m_selectionForm);
    auto *severalHint = new QLabel(several);
    m_texts.add([severalHint] {
        severalHint->setText(tr("Terminate, Kill, Send signal, Restart and Set timeout act on all of them."));
    });
    severalHint->setWordWrap(true);
    severalHint->setEnabled(false);
    severalLayout->addSpacing(4);
    severalLayout->addWidget(severalHint);
    severalLayout->addStretch(1);
    auto *severalScroll = new QScrollArea(this);
    severalScroll->setWidget(several);
    severalScroll->setWidgetResizable(true);
    severalScroll->setFrameShape(QFrame::NoFrame);
    severalScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    // A remote worker: what Herd knows of it through the queue.
    m_remote = new QLabel(this);
    m_remote->setObjectName(QStringLiteral("remoteWorkerDetails"));
    m_remote->setTextFormat(Qt::RichText);
    m_remote->setWordWrap(true);
    m_remote->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_remote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_remote->setContentsMargins(8, 8, 8, 8);
    auto *remoteScroll = new QScrollArea(this);
    remoteScroll->setWidget(m_remote);
    remoteScroll->setWidgetResizable(true);
    remoteScroll->setFrameShape(QFrame::NoFrame);
    remoteScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_stack->addWidget(hint);
    m_stack->addWidget(scroll);
    m_stack->addWidget(severalScroll);
    m_stack->addWidget(remoteScroll); // 3
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    m_countdown = new QTimer(this);
    m_countdown->setInterval(200);
    connect(m_countdown, &QTimer::timeout, this, &ProcessDetailsPanel::refresh);

    if (model)
        connect(model, &ProcessTableModel::refreshed, this, &ProcessDetailsPanel::refresh);
    refresh();
}

ProcessDetailsPanel::~ProcessDetailsPanel() = default;

void ProcessDetailsPanel::setSession(Session *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    for (QLabel *field : {m_restartPolicy, m_restarts, m_lastExit})
        m_form->setRowVisible(field, session != nullptr);
    if (session) {
        // A process that ended stops the table's refreshes; the restart news comes from here.
        auto changed = [this](ManagedProcess *process) {
            if (process && process->id() == m_processId)
                refresh();
        };
        connect(session, &Session::restartScheduled, this, [changed](ManagedProcess *p, qint64) { changed(p); });
        connect(session, &Session::processGaveUp, this, [changed](ManagedProcess *p, const QString &) { changed(p); });
    }
    refresh();
}

QLabel *ProcessDetailsPanel::addRow(const char *label)
{
    auto *field = new QLabel;
    field->setWordWrap(true);
    field->setTextInteractionFlags(Qt::TextSelectableByMouse);
    field->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    field->installEventFilter(this);
    auto *name = new QLabel;
    name->setEnabled(false); // the palette's muted text colour for labels
    m_texts.add([name, label] { name->setText(tr(label)); });
    m_form->addRow(name, field);
    return field;
}

void ProcessDetailsPanel::setValue(QLabel *label, const QString &text)
{
    if (label->property("fullText").toString() == text && !label->text().isEmpty())
        return;
    label->setProperty("fullText", text);
    fitValue(label);
}

QString ProcessDetailsPanel::fullText(const QLabel *label)
{
    const QVariant full = label->property("fullText");
    return full.isValid() ? full.toString() : label->text();
}

void ProcessDetailsPanel::fitValue(QLabel *label)
{
    const QString full = fullText(label);
    const int available = label->contentsRect().width() - 2 * label->margin() - 2;
    QString shown = full;
    if (available > 0) {
        const QFontMetrics fm(label->font());
        QStringList lines = full.split(QLatin1Char('\n'));
        for (QString &line : lines) {
            QStringList words = line.split(QLatin1Char(' '));
            for (QString &word : words) {
                if (fm.horizontalAdvance(word) > available)
                    word = fm.elidedText(word, Qt::ElideMiddle, available);
            }
            line = words.join(QLatin1Char(' '));
        }
        shown = lines.join(QLatin1Char('\n'));
    }
    const bool elided = shown != full;
    if (label->text() != shown)
        label->setText(shown);
    // Only a tooltip this set is replaced: some values carry their own.
    if (elided) {
        label->setToolTip(full);
        label->setProperty("elidedToolTip", true);
    } else if (label->property("elidedToolTip").toBool()) {
        label->setToolTip(QString());
        label->setProperty("elidedToolTip", false);
    }
}

bool ProcessDetailsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize) {
        if (auto *label = qobject_cast<QLabel *>(watched); label && label->property("fullText").isValid())
            fitValue(label);
    }
    return QWidget::eventFilter(watched, event);
}

void ProcessDetailsPanel::setProcess(quint64 processId)
{
    setProcesses(processId ? QVector<quint64>{processId} : QVector<quint64>());
}

void ProcessDetailsPanel::setProcesses(const QVector<quint64> &processIds)
{
    const quint64 one = processIds.size() == 1 ? processIds.first() : 0;
    if (processIds == m_selection && one == m_processId)
        return;
    m_selection = processIds;
    m_processId = one;
    refresh();
}

void ProcessDetailsPanel::refreshSelection()
{
    m_countdown->stop();
    m_stack->setCurrentIndex(2);
    const QLocale locale;
    // States in the order they first appear in the selection, each with how many.
    QStringList order;
    QHash<QString, int> byState;
    QStringList names;
    double cpu = 0;
    qint64 memory = 0;
    int live = 0;
    int workers = 0;
    const qint64 now = m_supervisor ? m_supervisor->elapsedMs() : 0;
    for (quint64 id : std::as_const(m_selection)) {
        if (m_model && m_model->isRemote(id)) {
            const RemoteWorkerInfo info = m_model->remoteWorker(id);
            if (info.key == 0)
                continue;
            QString state = remoteWorkerStatus(info).badge;
            if (info.state == RemoteWorkerState::Busy)
                state = tr("busy");
            if (!byState.contains(state))
                order << state;
            ++byState[state];
            names << info.name;
            ++workers;
            continue;
        }
        const ManagedProcess *p = m_supervisor ? m_supervisor->process(id) : nullptr;
        if (!p)
            continue;
        const WorkerActivity activity = m_model ? m_model->workerActivity(id) : WorkerActivity();
        const bool gaveUp = m_session && !p->isAlive() && m_session->restartInfo(id).gaveUp;
        QString state = processStatus(*p, activity, gaveUp, now).badge;
        if (p->isAlive() && activity.currentTask >= 0)
            state = tr("busy"); // one group, whatever the task
        if (!byState.contains(state))
            order << state;
        ++byState[state];
        names << p->name();
        if (p->spec().kind == ProcessKind::Worker)
            ++workers;
        if (p->isAlive() && p->state() != ProcessState::Starting) {
            ++live;
            cpu += p->sample().cpuPercent;
            memory += qMax<qint64>(0, p->sample().rssBytes);
        }
    }
    const int count = int(names.size());
    m_selectionTitle->setText(workers == 0 ? tr("%n processes selected", nullptr, count)
                              : workers == count ? tr("%n workers selected", nullptr, count)
                                                 : tr("%n processes selected (%1 of them workers)", nullptr, count)
                                                       .arg(workers));
    QStringList states;
    for (const QString &state : std::as_const(order))
        states << tr("%1 %2").arg(locale.toString(byState.value(state)), state);
    m_selectionStates->setText(states.join(QStringLiteral(", ")));
    m_selectionCpu->setText(live > 0 ? tr("%1 together (100 % is one core)").arg(formatPercent(cpu)) : tr("none running"));
    m_selectionMemory->setText(live > 0 ? tr("%1 resident together").arg(formatBytes(memory)) : tr("none running"));
    constexpr int kShownNames = 40;
    QString shownNames = names.mid(0, kShownNames).join(QStringLiteral(", "));
    if (count > kShownNames)
        shownNames += QLatin1Char(' ') + tr("and %n more", nullptr, count - kShownNames);
    m_selectionNames->setText(shownNames);
}

QString ProcessDetailsPanel::wallClock(qint64 sessionMs) const
{
    return m_sessionStart.addMSecs(sessionMs).toString(QStringLiteral("HH:mm:ss.zzz"));
}

void ProcessDetailsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void ProcessDetailsPanel::retranslateUi()
{
    m_texts.apply();
    m_plotted = 0; // the plots' legends, in the new words
    refresh();
}

void ProcessDetailsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void ProcessDetailsPanel::refresh()
{
    if (!isVisible()) {
        m_countdown->stop();
        return; // showEvent() catches up
    }
    if (m_selection.size() > 1) {
        refreshSelection();
        return;
    }
    if (m_model && m_model->isRemote(m_processId)) {
        refreshRemote();
        return;
    }
    const ManagedProcess *p = m_supervisor && m_processId ? m_supervisor->process(m_processId) : nullptr;
    if (!p) {
        m_countdown->stop();
        m_stack->setCurrentIndex(0);
        m_plotted = 0;
        m_cpuPlot->clearSamples();
        m_memoryPlot->clearSamples();
        return;
    }
    m_stack->setCurrentIndex(1);
    if (m_plotted != p->id()) {
        m_plotted = p->id();
        m_shownSamples = -1;
        const QLocale locale;
        m_cpuPlot->setLines({{tr("CPU"), QColor(0x2e, 0x86, 0xde), 0}},
                           [locale](double v) -> QString { return locale.toString(v, 'f', v < 10 && v != 0 ? 1 : 0) + QStringLiteral(" %"); });
        m_memoryPlot->setLines({{tr("resident"), QColor(0x8e, 0x44, 0xad), 1}},
                              [locale](double v) -> QString { return locale.toString(v, 'f', v < 10 && v != 0 ? 1 : 0) + QStringLiteral(" MiB"); });
    }
    if (m_shownSamples != p->history().lastTime()) {
        m_shownSamples = p->history().lastTime();
        m_cpuPlot->setSamples(p->history());
        m_memoryPlot->setSamples(p->history());
    }
    const ProcessSpec &spec = p->spec();
    const ProcessState state = p->state();
    const bool alive = isLiveState(state);
    const ProcessResult r = p->result();
    const StopTimeline t = p->timeline();
    const WorkerActivity activity = m_model ? m_model->workerActivity(p->id()) : WorkerActivity();
    const ProcessStatus status = processStatus(*p, activity, false, m_supervisor->elapsedMs());

    setValue(m_name, p->name());

    // The badge, painted as in the table, at the screen's pixel density.
    {
        const QFontMetrics fm(font());
        const QSize size(StateBadgeDelegate::badgeWidth(status.badge, font()) + 4, fm.height() + 10);
        const qreal dpr = devicePixelRatioF();
        QPixmap pixmap(size * dpr);
        pixmap.setDevicePixelRatio(dpr);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        const int width = StateBadgeDelegate::paintBadge(&painter, QRect(QPoint(0, 0), size), status.badge,
                                                         status.tone, palette(), font());
        painter.end();
        m_badge->setPixmap(pixmap.copy(0, 0, int((width + 2) * dpr), pixmap.height()));
        m_badge->setToolTip(status.detail);
    }

    QStringList kind;
    kind << (spec.kind == ProcessKind::Worker ? tr("stock worker") : tr("process"));
    if (spec.daemon)
        kind << tr("daemon (stopped when Herd quits, dies if Herd is killed)");
    if (p->runCount() > 1)
        kind << tr("run %1").arg(p->runCount());
    setValue(m_kind, kind.join(QStringLiteral(", ")));

    setValue(m_pid, p->pid() > 0 && state != ProcessState::FailedToStart ? (alive ? tr("%1, leader of its own process group").arg(p->pid())
                                         : tr("%1 (ended)").arg(p->pid()))
                                : tr("none"));

    QStringList words;
    words << spec.program << spec.arguments;
    setValue(m_command, joinShellWords(words));
    setValue(m_directory, spec.workingDirectory.isEmpty() ? tr("Herd's own") : spec.workingDirectory);
    setValue(m_environment, spec.environment.isEmpty()
                               ? tr("Herd's own, plus HERD_PROCESS_NAME")
                               : spec.environment.join(QLatin1Char('\n')));

    const qint64 remaining = p->watchdogRemainingMs();
    if (alive && remaining >= 0)
        setValue(m_watchdog, tr("%1 left").arg(formatCountdown(remaining)));
    else if (state == ProcessState::TimedOut)
        setValue(m_watchdog, tr("fired after %1").arg(humanDuration(spec.timeoutMs)));
    else if (spec.timeoutMs > 0)
        setValue(m_watchdog, humanDuration(spec.timeoutMs));
    else
        setValue(m_watchdog, tr("none"));
    setValue(m_grace, tr("%1 from SIGTERM to SIGKILL").arg(humanDuration(spec.graceMs)));

    setValue(m_started, p->startedMs() >= 0 ? wallClock(p->startedMs()) : tr("not started"));

    if (alive) {
        setValue(m_result, status.detail);
        setValue(m_exitCode, tr("none yet"));
        m_exitCode->setToolTip(QString());
        setValue(m_endedBy, t.stopRequestedMs >= 0 ? tr("being stopped by %1").arg(stopCauseText(t.cause))
                                                  : tr("still running"));
    } else {
        setValue(m_result, status.detail);
        setValue(m_exitCode, state == ProcessState::FailedToStart ? tr("none: the program never ran")
                                                                 : exitCodeMeaning(r.exitCode));
        m_exitCode->setToolTip(exitCodeConvention());
        setValue(m_endedBy, state == ProcessState::FailedToStart ? tr("it could not start")
                                                                : stopCauseText(r.cause));
    }

    // What the restart policy has done. restartInfo is kept by process id, which a restarted
    // process keeps.
    bool restartPending = false;
    if (m_session) {
        const Session::RestartInfo info = m_session->restartInfo(p->id());
        setValue(m_restartPolicy, restartPolicyText(spec.restart));
        QStringList restarts;
        restarts << (info.restarts > 0 ? tr("%1 so far").arg(info.restarts) : tr("none yet"));
        if (info.gaveUp) {
            restarts << tr("gave up: crash-looping, left stopped (Restart starts it again)");
        } else if (info.pending && !alive) {
            restartPending = true;
            const qint64 left = qMax<qint64>(0, info.nextRestartMs - m_supervisor->elapsedMs());
            restarts << tr("next restart in %1").arg(formatCountdown(left));
        }
        setValue(m_restarts, restarts.join(QStringLiteral("; ")));
        setValue(m_lastExit, info.lastExit.isEmpty() ? tr("none yet") : info.lastExit);
        // Without a policy that ever acted, the result above says all there is.
        const bool acted = spec.restart.mode != RestartPolicy::Mode::Never || info.restarts > 0 || info.gaveUp;
        m_form->setRowVisible(m_restarts, acted);
        m_form->setRowVisible(m_lastExit, acted);
    }
    if (restartPending && !m_countdown->isActive())
        m_countdown->start();
    else if (!restartPending)
        m_countdown->stop();

    // The timeline: each step on the wall clock, offsets from the stop request.
    const qint64 origin = t.stopRequestedMs >= 0 ? t.stopRequestedMs : t.termSentMs;
    QString rows;
    auto row = [&](const QString &what, qint64 at, const QString &note = QString()) {
        if (at < 0)
            return;
        const QString offset = origin >= 0 && at >= origin ? formatOffset(at - origin) : QString();
        // The time and the offset never wrap; the step's words may.
        rows += QStringLiteral("<tr><td>%1</td><td style='padding-left:10px; white-space:nowrap'>%2</td>"
                               "<td style='padding-left:10px; white-space:nowrap' align='right'>%3</td></tr>")
                    .arg(escaped(what), wallClock(at), escaped(note.isEmpty() ? offset : note));
    };
    if (t.stopRequestedMs >= 0)
        row(tr("Stop asked by %1").arg(stopCauseText(t.cause)), t.stopRequestedMs);
    if (alive) {
        row(tr("Stopped by a signal"), p->stoppedSinceMs());
        row(tr("Continued"), p->continuedAtMs());
    }
    row(tr("SIGTERM sent"), t.termSentMs);
    row(tr("SIGKILL sent"), t.killSentMs);
    if (!alive)
        row(origin >= 0 ? tr("Reaped") : tr("Ended on its own"), t.reapedMs);
    QString html;
    if (rows.isEmpty()) {
        html = alive ? tr("Not stopped.") : (state == ProcessState::FailedToStart ? tr("It never ran.")
                                                                                    : tr("No stop was needed."));
    } else {
        html = QStringLiteral("<table cellspacing='0' cellpadding='1'>%1</table>").arg(rows);
    }
    if (t.unkillable)
        html += QStringLiteral("<p>%1</p>").arg(escaped(tr("SIGKILL did not end it: the process is probably "
                                                           "stuck in the kernel (D state).")));
    m_timeline->setText(html);
}

void ProcessDetailsPanel::refreshRemote()
{
    m_countdown->stop();
    m_plotted = 0;
    const RemoteWorkerInfo w = m_model->remoteWorker(m_processId);
    if (w.key == 0) {
        m_stack->setCurrentIndex(0);
        return;
    }
    m_stack->setCurrentIndex(3);
    const ProcessStatus status = remoteWorkerStatus(w);
    QString rows;
    auto row = [&rows](const QString &label, const QString &value) {
        rows += QStringLiteral("<tr><td style='padding-right:10px'>%1</td><td>%2</td></tr>")
                    .arg(escaped(label), escaped(value));
    };
    row(tr("Kind"), tr("remote worker: it joined the queue by itself"));
    row(tr("Host"), w.local ? tr("%1 (this machine)").arg(w.host) : w.host);
    row(tr("PID"), w.pid > 0 ? tr("%1 on its host").arg(w.pid) : tr("unknown"));
    row(tr("State"), status.badge);
    row(tr("Tasks done"), QString::number(w.tasksDone));
    row(tr("Last heartbeat"), heartbeatAge(w.silentMs));
    QString html = QStringLiteral("<p><b>%1</b></p><table cellspacing='0' cellpadding='1'>%2</table><p>%3</p>")
                       .arg(escaped(w.name), rows, escaped(status.detail));
    html += QStringLiteral("<p>%1</p>")
                .arg(escaped(tr("Terminate asks it to finish the task in hand and leave; Kill tells it to leave at "
                                "once, and its task goes back to the queue. Herd has no CPU or memory figures, "
                                "output, signals or watchdog for it: it runs on its own.")));
    if (m_remote->text() != html)
        m_remote->setText(html);
}

QString ProcessDetailsPanel::summaryText() const
{
    if (m_stack->currentIndex() == 0)
        return QString();
    if (m_stack->currentIndex() == 3) {
        QTextDocument doc;
        doc.setHtml(m_remote->text());
        return doc.toPlainText();
    }
    if (m_stack->currentIndex() == 2) {
        QStringList lines;
        lines << m_selectionTitle->text();
        for (int i = 0; i < m_selectionForm->rowCount(); ++i) {
            auto *label = qobject_cast<QLabel *>(m_selectionForm->itemAt(i, QFormLayout::LabelRole)->widget());
            auto *field = qobject_cast<QLabel *>(m_selectionForm->itemAt(i, QFormLayout::FieldRole)->widget());
            if (label && field)
                lines << label->text() + QStringLiteral(": ") + field->text();
        }
        return lines.join(QLatin1Char('\n'));
    }
    QStringList lines;
    lines << fullText(m_name) << m_badge->toolTip();
    for (int i = 0; i < m_form->rowCount(); ++i) {
        auto *label = qobject_cast<QLabel *>(m_form->itemAt(i, QFormLayout::LabelRole)->widget());
        auto *field = qobject_cast<QLabel *>(m_form->itemAt(i, QFormLayout::FieldRole)->widget());
        if (label && field && !field->isHidden())
            lines << label->text() + QStringLiteral(": ") + fullText(field);
    }
    QTextDocument doc;
    doc.setHtml(m_timeline->text());
    lines << doc.toPlainText();
    return lines.join(QLatin1Char('\n'));
}

} // namespace herd
