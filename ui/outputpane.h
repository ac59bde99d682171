#pragma once

#include "textsetters.h"

#include "process/supervisor.h"
#include "process/processtypes.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <deque>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTextCursor;
class QTimer;

namespace herd {
class DisplayTick;
}
class QToolButton;

namespace herd {


// The output of one process (or of all of them, each line prefixed by its name), with
// follow-tail, search, copy and clear. Lines arriving from the supervisor are batched and
// shown a few times a second; the view keeps at most maxLines() lines, and when output
// arrives faster than that, the lines in between are counted, not shown.
class OutputPane final : public QWidget
{
    Q_OBJECT

public:
    explicit OutputPane(Supervisor *supervisor, QWidget *parent = nullptr);
    ~OutputPane() override;

    // The selected process (0: none). The pane shows it, or every process when none is
    // selected or "All processes" is on; a change reloads what the output rings still hold.
    void setProcess(quint64 processId);
    quint64 process() const { return m_selectedId; }
    void setShowAll(bool all);
    bool showAll() const { return m_showAll; }
    // The process shown, or 0 when the pane shows every process.
    quint64 shownProcess() const { return m_processId; }

    void setFollowTail(bool follow);
    bool followTail() const { return m_follow; }

    void setMaxLines(int lines);
    int maxLines() const { return m_maxLines; }

    // The text shown, with pending lines applied first.
    QString text();
    // Shows every pending line now.
    void flush();
    // New lines wait for a window's display clock (shown on its next tick, with every other
    // panel) instead of the pane's own timer.
    void setDisplayTick(DisplayTick *tick);
    // Shows what is pending, a slice at a time, from the next turn of the event loop (the
    // display clock's tick).
    void flushPending();

public slots:
    void clear();
    void copy();
    void findNext();
    void findPrevious();
    void focusSearch();

signals:
    void followTailChanged(bool follow);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // Every text from tr() again, in the language installed now.
    void retranslateUi();
    struct Pending {
        quint64 id = 0;
        QString name;
        OutputLine line;
    };

    void onOutput(ManagedProcess *process, const QVector<OutputLine> &lines);
    void enqueue(quint64 id, const QString &name, const OutputLine &line);
    void flushSlice();
    void trimToMaxLines(QTextCursor &cursor);
    void reload();
    void updateScope();
    void updateTitle();
    bool find(bool backwards);
    void setSearchFailed(bool failed);
    void scrollToEnd();
    void onScrolled();

    QPointer<Supervisor> m_supervisor;
    quint64 m_selectedId = 0;
    bool m_showAll = false;
    quint64 m_processId = 0; // what is shown: m_selectedId, or 0 for all
    bool m_follow = true;
    bool m_scrolling = false;
    int m_maxLines = 5000;
    std::deque<Pending> m_pending;
    quint64 m_skipped = 0;
    // Lines each process had completed when the view was cleared (per scope), so a reload
    // does not bring them back. Key 0 holds the marks of the all-processes view.
    QHash<quint64, QHash<quint64, quint64>> m_clearMarks;

    QLabel *m_title = nullptr;
    QLineEdit *m_search = nullptr;
    QToolButton *m_allButton = nullptr;
    QToolButton *m_followButton = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QTimer *m_flushTimer = nullptr;
    DisplayTick *m_tick = nullptr;
    TextSetters m_texts;
};

} // namespace herd
