#include "outputpane.h"

#include "workercolors.h"

#include "process/supervisor.h"
#include "statebadgedelegate.h"

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>

namespace herd {

namespace {

QToolButton *makeButton(const QString &icon, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setIcon(QIcon(icon));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    b->setIconSize(QSize(16, 16));
    return b;
}

// A few refreshes a second are enough to read, and cheap for a process that floods.
constexpr int kFlushIntervalMs = 100;
// Lines shown per refresh at most: 5,000 lines a second is more than anyone can read, and
// laying out text is what costs. Past that only the newest lines are shown, with a note;
// every line is still in its process's output ring (select the process to read it).
constexpr int kMaxPending = 500;
// Lines inserted per turn of the event loop: a refresh's worth in one edit (each edit lays
// out, trims and scrolls once); only a reload brings more, and takes several turns.
constexpr int kFlushSlice = kMaxPending;

} // namespace

OutputPane::OutputPane(Supervisor *supervisor, QWidget *parent)
    : QWidget(parent)
    , m_supervisor(supervisor)
    , m_title(new QLabel(this))
    , m_search(new QLineEdit(this))
    , m_followButton(makeButton(QStringLiteral(":/icons/follow.svg"), QString(), this))
    , m_text(new QPlainTextEdit(this))
    , m_flushTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("outputPane"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_texts.add([this] {
        m_search->setPlaceholderText(tr("Find in output"));
        m_search->setToolTip(tr("Enter: next match · Shift+Enter: previous match"));
    });
    m_search->setClearButtonEnabled(true);
    m_search->addAction(QIcon(QStringLiteral(":/icons/search.svg")), QLineEdit::LeadingPosition);
    m_search->setMaximumWidth(260);
    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textEdited, this, [this] {
        // Search as you type, from the start of the current match.
        QTextCursor c = m_text->textCursor();
        c.setPosition(c.selectionStart());
        m_text->setTextCursor(c);
        if (m_search->text().isEmpty())
            setSearchFailed(false);
        else
            find(false);
    });

    QToolButton *previous = makeButton(QStringLiteral(":/icons/find-previous.svg"), QString(), this);
    QToolButton *next = makeButton(QStringLiteral(":/icons/find-next.svg"), QString(), this);
    m_texts.add([previous, next] {
        previous->setToolTip(tr("Previous match (Shift+F3)"));
        next->setToolTip(tr("Next match (F3)"));
    });
    connect(previous, &QToolButton::clicked, this, &OutputPane::findPrevious);
    connect(next, &QToolButton::clicked, this, &OutputPane::findNext);

    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    m_followButton->setObjectName(QStringLiteral("followButton"));
    m_texts.add([this] {
        m_followButton->setText(tr("Follow"));
        m_followButton->setToolTip(tr("Follow the end of the output"));
    });
    m_followButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_followButton, &QToolButton::toggled, this, &OutputPane::setFollowTail);

    m_allButton = makeButton(QStringLiteral(":/icons/output.svg"), QString(), this);
    m_allButton->setObjectName(QStringLiteral("allProcessesButton"));
    m_allButton->setCheckable(true);
    m_texts.add([this] {
        m_allButton->setText(tr("All processes"));
        m_allButton->setToolTip(tr("Show the output of every process, whatever is selected"));
    });
    m_allButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_allButton, &QToolButton::toggled, this, &OutputPane::setShowAll);

    QToolButton *copyButton = makeButton(QStringLiteral(":/icons/copy.svg"), QString(), this);
    connect(copyButton, &QToolButton::clicked, this, &OutputPane::copy);
    QToolButton *clearButton = makeButton(QStringLiteral(":/icons/clear.svg"), QString(), this);
    m_texts.add([copyButton, clearButton] {
        copyButton->setToolTip(tr("Copy the selection, or all of the output"));
        clearButton->setToolTip(tr("Clear this view (the processes keep running)"));
    });
    connect(clearButton, &QToolButton::clicked, this, &OutputPane::clear);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(6, 2, 2, 2);
    header->setSpacing(2);
    header->addWidget(m_title);
    header->addStretch(1);
    header->addWidget(m_search);
    header->addWidget(previous);
    header->addWidget(next);
    header->addSpacing(6);
    header->addWidget(m_allButton);
    header->addWidget(m_followButton);
    header->addWidget(copyButton);
    header->addWidget(clearButton);

    m_text->setObjectName(QStringLiteral("outputText"));
    m_text->setReadOnly(true);
    m_text->setUndoRedoEnabled(false);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_texts.add([this] { m_text->setPlaceholderText(tr("Output of the processes appears here.")); });
    connect(m_text->verticalScrollBar(), &QScrollBar::valueChanged, this, &OutputPane::onScrolled);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_text, 1);

    auto *findNextAction = new QAction(this);
    findNextAction->setShortcut(QKeySequence::FindNext);
    findNextAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(findNextAction, &QAction::triggered, this, &OutputPane::findNext);
    auto *findPreviousAction = new QAction(this);
    findPreviousAction->setShortcut(QKeySequence::FindPrevious);
    findPreviousAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(findPreviousAction, &QAction::triggered, this, &OutputPane::findPrevious);
    addAction(findNextAction);
    addAction(findPreviousAction);

    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, &OutputPane::flushSlice);

    if (supervisor)
        connect(supervisor, &Supervisor::processOutput, this, &OutputPane::onOutput);
    updateTitle();
    reload();
}

OutputPane::~OutputPane() = default;

void OutputPane::setProcess(quint64 processId)
{
    m_selectedId = processId;
    updateScope();
}

void OutputPane::setShowAll(bool all)
{
    m_showAll = all;
    m_allButton->setChecked(all);
    updateScope();
}

void OutputPane::updateScope()
{
    const quint64 shown = m_showAll ? 0 : m_selectedId;
    if (shown == m_processId)
        return;
    m_processId = shown;
    updateTitle();
    reload();
}

void OutputPane::setFollowTail(bool follow)
{
    if (m_follow == follow)
        return;
    m_follow = follow;
    m_followButton->setChecked(follow);
    if (follow)
        scrollToEnd();
    emit followTailChanged(follow);
}

void OutputPane::setMaxLines(int lines)
{
    m_maxLines = qMax(100, lines);
    QTextCursor cursor(m_text->document());
    trimToMaxLines(cursor);
}

QString OutputPane::text()
{
    flush();
    return m_text->toPlainText();
}

void OutputPane::onOutput(ManagedProcess *process, const QVector<OutputLine> &lines)
{
    if (!process || (m_processId != 0 && process->id() != m_processId))
        return;
    const QString name = process->name();
    // Only the newest lines are shown after the flush anyway.
    const int keep = qMin(m_maxLines, kMaxPending);
    int first = 0;
    if (lines.size() >= keep) {
        m_skipped += m_pending.size() + quint64(lines.size() - keep);
        m_pending.clear();
        first = int(lines.size()) - keep;
    }
    for (int i = first; i < lines.size(); ++i)
        enqueue(process->id(), name, lines.at(i));
    if (!m_tick && !m_flushTimer->isActive())
        m_flushTimer->start(kFlushIntervalMs);
}

void OutputPane::enqueue(quint64 id, const QString &name, const OutputLine &line)
{
    m_pending.push_back(Pending{id, name, line});
    while (int(m_pending.size()) > qMin(m_maxLines, kMaxPending)) {
        m_pending.pop_front();
        ++m_skipped;
    }
}

void OutputPane::setDisplayTick(DisplayTick *tick)
{
    m_tick = tick;
}

void OutputPane::flushPending()
{
    // In a turn of the event loop of its own, right after the tick's: laying out a refresh's
    // lines is the largest part of a tick, and the loop serves what waits (input, timers,
    // the paint of the other panels) in between. The rest follows slice by slice.
    if ((!m_pending.empty() || m_skipped > 0) && !m_flushTimer->isActive())
        m_flushTimer->start(0);
}

void OutputPane::flush()
{
    while (!m_pending.empty() || m_skipped > 0)
        flushSlice();
    m_flushTimer->stop();
}

void OutputPane::flushSlice()
{
    if (m_pending.empty() && m_skipped == 0)
        return;
    QTextCharFormat plain;
    QTextCharFormat errorFormat;
    errorFormat.setForeground(StateBadgeDelegate::colors(BadgeTone::Danger, palette()).text);
    QTextCharFormat noteFormat;
    noteFormat.setForeground(palette().color(QPalette::PlaceholderText));
    noteFormat.setFontItalic(true);
    QHash<quint64, QTextCharFormat> nameFormats;

    m_scrolling = true;
    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    bool first = m_text->document()->isEmpty();
    auto newLine = [&] {
        if (!first)
            cursor.insertBlock();
        first = false;
    };
    if (m_skipped > 0) {
        newLine();
        cursor.insertText(tr("… %1 lines not shown: output arrived faster than it can be displayed")
                              .arg(m_skipped),
                          noteFormat);
        m_skipped = 0;
    }
    // A slice at a time, so a burst never holds the event loop for long; the rest follows
    // on the next turn of the loop.
    const size_t count = qMin(m_pending.size(), size_t(kFlushSlice));
    size_t i = 0;
    while (i < count) {
        const Pending &p = m_pending[i];
        if (m_processId == 0) {
            newLine();
            auto format = nameFormats.find(p.id);
            if (format == nameFormats.end()) {
                QTextCharFormat f;
                f.setForeground(workerColor(p.name));
                f.setFontWeight(QFont::DemiBold);
                format = nameFormats.insert(p.id, f);
            }
            cursor.insertText(p.name + QStringLiteral(" │ "), *format);
            cursor.insertText(QString::fromUtf8(p.line.text),
                              p.line.channel == OutputChannel::Stderr ? errorFormat : plain);
            ++i;
            continue;
        }
        // One process: a run of lines from the same channel goes in as one piece of text.
        const OutputChannel channel = p.line.channel;
        QStringList run;
        for (; i < count && m_pending[i].line.channel == channel; ++i)
            run << QString::fromUtf8(m_pending[i].line.text);
        QString text = run.join(QLatin1Char('\n'));
        if (!first)
            text.prepend(QLatin1Char('\n')); // insertText() starts a new block at each newline
        first = false;
        cursor.insertText(text, channel == OutputChannel::Stderr ? errorFormat : plain);
    }
    trimToMaxLines(cursor);
    cursor.endEditBlock();
    m_pending.erase(m_pending.begin(), m_pending.begin() + std::ptrdiff_t(count));
    m_scrolling = false;
    if (m_follow)
        scrollToEnd();
    if (!m_pending.empty())
        m_flushTimer->start(0);
}

void OutputPane::trimToMaxLines(QTextCursor &cursor)
{
    // Not QPlainTextEdit's maximumBlockCount: it walks to the cut block by block, laying
    // out (shaping) every line it is about to throw away. Selecting by position lays out
    // nothing.
    QTextDocument *document = m_text->document();
    const int excess = document->blockCount() - m_maxLines;
    if (excess <= 0)
        return;
    cursor.setPosition(0);
    cursor.setPosition(document->findBlockByNumber(excess).position(), QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    cursor.movePosition(QTextCursor::End);
}

void OutputPane::reload()
{
    m_flushTimer->stop();
    m_pending.clear();
    m_skipped = 0;
    m_text->clear();
    if (!m_supervisor)
        return;
    struct Entry {
        quint64 id;
        QString name;
        OutputLine line;
        int order;
    };
    std::vector<Entry> entries;
    const QHash<quint64, quint64> marks = m_clearMarks.value(m_processId);
    int order = 0;
    for (ManagedProcess *p : m_supervisor->processes()) {
        if (m_processId != 0 && p->id() != m_processId)
            continue;
        const OutputRing &ring = p->output();
        const QVector<OutputLine> lines = ring.lines();
        // Index of each kept line since the start = dropped + position.
        const quint64 dropped = ring.droppedLines();
        const quint64 mark = marks.value(p->id(), 0);
        // Only the newest maxLines lines of each process can be shown.
        for (int i = qMax(0, int(lines.size()) - m_maxLines); i < lines.size(); ++i) {
            if (dropped + quint64(i) < mark)
                continue;
            entries.push_back(Entry{p->id(), p->name(), lines.at(i), order++});
        }
    }
    // Interleave processes by time; lines of one process keep their order.
    std::stable_sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return a.line.t < b.line.t;
    });
    const size_t start = entries.size() > size_t(m_maxLines) ? entries.size() - size_t(m_maxLines) : 0;
    for (size_t i = start; i < entries.size(); ++i)
        m_pending.push_back(Pending{entries[i].id, entries[i].name, entries[i].line});
    flush();
    scrollToEnd();
}

void OutputPane::clear()
{
    m_flushTimer->stop();
    m_pending.clear();
    m_skipped = 0;
    m_text->clear();
    if (!m_supervisor)
        return;
    QHash<quint64, quint64> &marks = m_clearMarks[m_processId];
    for (ManagedProcess *p : m_supervisor->processes()) {
        if (m_processId == 0 || p->id() == m_processId)
            marks.insert(p->id(), p->output().totalLines());
    }
}

void OutputPane::copy()
{
    flush();
    const QTextCursor c = m_text->textCursor();
    const QString text = c.hasSelection() ? c.selectedText().replace(QChar::ParagraphSeparator, QLatin1Char('\n'))
                                          : m_text->toPlainText();
    QGuiApplication::clipboard()->setText(text);
}

void OutputPane::findNext()
{
    find(false);
}

void OutputPane::findPrevious()
{
    find(true);
}

void OutputPane::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

bool OutputPane::find(bool backwards)
{
    const QString needle = m_search->text();
    if (needle.isEmpty())
        return false;
    flush();
    const QTextDocument::FindFlags flags = backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    bool found = m_text->find(needle, flags);
    if (!found) {
        // Wrap around.
        QTextCursor c = m_text->textCursor();
        c.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
        m_text->setTextCursor(c);
        found = m_text->find(needle, flags);
    }
    if (found)
        setFollowTail(false);
    setSearchFailed(!found);
    return found;
}

void OutputPane::setSearchFailed(bool failed)
{
    if (failed) {
        QPalette p = m_search->palette();
        p.setColor(QPalette::Base, StateBadgeDelegate::colors(BadgeTone::Danger, palette()).background);
        m_search->setPalette(p);
        m_search->setToolTip(tr("Not found"));
    } else {
        m_search->setPalette(QPalette());
        m_search->setToolTip(tr("Enter: next match · Shift+Enter: previous match"));
    }
}

bool OutputPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            find(key->modifiers() & Qt::ShiftModifier);
            return true;
        }
        if (key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            setSearchFailed(false);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void OutputPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        reload(); // colours of names and stderr follow the palette
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void OutputPane::retranslateUi()
{
    m_texts.apply();
    updateTitle();
}

void OutputPane::updateTitle()
{
    if (m_processId == 0) {
        m_title->setText(tr("Output · all processes"));
        return;
    }
    const ManagedProcess *p = m_supervisor ? m_supervisor->process(m_processId) : nullptr;
    m_title->setText(p ? tr("Output · %1").arg(p->name()) : tr("Output"));
}

void OutputPane::scrollToEnd()
{
    m_scrolling = true;
    QScrollBar *bar = m_text->verticalScrollBar();
    bar->setValue(bar->maximum());
    m_scrolling = false;
}

void OutputPane::onScrolled()
{
    if (m_scrolling)
        return;
    // The user scrolled: following resumes when they scroll back to the end.
    QScrollBar *bar = m_text->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum();
    if (atEnd != m_follow)
        setFollowTail(atEnd);
}

} // namespace herd
