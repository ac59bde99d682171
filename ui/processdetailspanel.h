#pragma once

#include "process/supervisor.h"
#include "textsetters.h"
#include <QDateTime>
#include <QPointer>
#include <QVector>
#include <QWidget>

class QFormLayout;
class QLabel;
class QStackedWidget;
class QTimer;

namespace herd {

class HistoryPlot;
class ProcessTableModel;
class Session;

// The selected process in full: what it runs, how it is configured, and how its run ended —
// the stop timeline (SIGTERM sent at t, SIGKILL at t + grace, reaped at t′), who ended it
// (its own exit, the user, the watchdog, Herd quitting) and its exit code with its meaning.
// With a session, also what its restart policy has done: restarts so far, the last exit,
// the countdown to the next restart, or that it gave up on a crash-looping process.
class ProcessDetailsPanel final : public QWidget
{
    Q_OBJECT

public:
    ProcessDetailsPanel(Supervisor *supervisor, ProcessTableModel *model, QWidget *parent = nullptr);
    ~ProcessDetailsPanel() override;

    // The session whose restart policies the panel reports; may be null (no restart rows).
    void setSession(Session *session);

    // 0 shows a hint instead.
    void setProcess(quint64 processId);
    quint64 process() const { return m_processId; }
    // The table's selection: one process in full, several as a summary (how many, in which
    // states, their CPU and memory together, their names), none as a hint.
    void setProcesses(const QVector<quint64> &processIds);
    QVector<quint64> processes() const { return m_selection; }

    // Plain text of what is shown, for copying and tests.
    QString summaryText() const;

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void refreshSelection();
    void refreshRemote(); // a remote worker's row is selected
    QString wallClock(qint64 sessionMs) const;
    QLabel *addRow(const char *label); // QT_TR_NOOP: translated now and on a language change
    // Every text from tr() again, in the language installed now.
    void retranslateUi();
    // Shows text in a value label that wraps at spaces: a word too long for the label's width
    // (a long path) is elided in its middle, the full text then in the tooltip. Refitted
    // whenever the label is resized; fullText() is what was set.
    void setValue(QLabel *label, const QString &text);
    static void fitValue(QLabel *label);
    static QString fullText(const QLabel *label);

    QPointer<Supervisor> m_supervisor;
    QPointer<ProcessTableModel> m_model;
    quint64 m_processId = 0;
    QVector<quint64> m_selection;
    QDateTime m_sessionStart; // wall-clock time of the session clock's zero

    QStackedWidget *m_stack = nullptr;
    HistoryPlot *m_cpuPlot = nullptr;
    HistoryPlot *m_memoryPlot = nullptr;
    quint64 m_plotted = 0;      // the process whose history the plots show
    qint64 m_shownSamples = -1; // the time of the last sample they show
    QLabel *m_name = nullptr;
    QLabel *m_badge = nullptr;
    QFormLayout *m_form = nullptr;
    QLabel *m_kind = nullptr;
    QLabel *m_pid = nullptr;
    QLabel *m_command = nullptr;
    QLabel *m_directory = nullptr;
    QLabel *m_environment = nullptr;
    QLabel *m_watchdog = nullptr;
    QLabel *m_grace = nullptr;
    QLabel *m_started = nullptr;
    QLabel *m_result = nullptr;
    QLabel *m_exitCode = nullptr;
    QLabel *m_endedBy = nullptr;
    QLabel *m_timeline = nullptr;
    QLabel *m_restartPolicy = nullptr;
    QLabel *m_restarts = nullptr;
    QLabel *m_lastExit = nullptr;
    QLabel *m_remote = nullptr; // a remote worker's details
    // The summary of a selection of several.
    QLabel *m_selectionTitle = nullptr;
    QFormLayout *m_selectionForm = nullptr;
    QLabel *m_selectionStates = nullptr;
    QLabel *m_selectionCpu = nullptr;
    QLabel *m_selectionMemory = nullptr;
    QLabel *m_selectionNames = nullptr;
    QPointer<Session> m_session;
    QTimer *m_countdown = nullptr; // ticks while a restart is pending (the table may be idle)
    TextSetters m_texts;
};

} // namespace herd
