#pragma once

#include "process/processtypes.h"
#include "textsetters.h"

#include <QPointer>
#include <QVector>
#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLineEdit;
class QPoint;
class QTreeView;

namespace herd {

class DisplayTick;
class KillButtonDelegate;
class ManagedProcess;
class ProcessFilterProxyModel;
class ProcessTableModel;
class Session;
class Supervisor;

// The process list: a filter row (text and state), the table with its header, badges and
// per-row kill buttons, its context menu, and the actions on the selection (Terminate,
// Kill, Send signal…, Restart, Set timeout…, Show output, Copy command line). Every action
// is bound to process ids taken from the selection when it runs, never to row positions.
// It needs no window: the window puts its actions in menus and toolbars and listens to
// problemOccurred() and outputRequested(); the list's model feeds the other panels.
class ProcessListWidget final : public QWidget
{
    Q_OBJECT

public:
    // The table follows the display clock tick (its owner calls model()->refresh() on each
    // tick, after whatever feeds the table); without one the list keeps a clock of its own.
    explicit ProcessListWidget(Session *session, DisplayTick *tick = nullptr, QWidget *parent = nullptr);
    ~ProcessListWidget() override;

    ProcessTableModel *model() const { return m_model; }
    ProcessFilterProxyModel *proxy() const { return m_proxy; }
    QTreeView *view() const { return m_view; }
    KillButtonDelegate *killButtonDelegate() const { return m_killDelegate; }

    // The processes selected in the table, in view order.
    QVector<quint64> selectedProcessIds() const;
    void selectProcesses(const QVector<quint64> &ids);
    // Calls fn for each selected process that still exists, in view order.
    void forEachSelected(const std::function<void(ManagedProcess *)> &fn) const;

    // While Herd quits nothing is restarted: Restart is off.
    void setQuitting(bool quitting);

    // The actions on the selection, for the window's menus and toolbar.
    QAction *terminateAction() const { return m_terminateAction; }
    QAction *killAction() const { return m_killAction; }
    QAction *sendSignalAction() const { return m_sendSignalAction; }
    QAction *restartAction() const { return m_restartAction; }
    QAction *setTimeoutAction() const { return m_setTimeoutAction; }
    QAction *showOutputAction() const { return m_showOutputAction; }
    QAction *copyCommandAction() const { return m_copyCommandAction; }
    // Clear ended processes: removes the rows of processes that have ended for good.
    QAction *clearEndedAction() const { return m_clearEndedAction; }

    // The header's layout (column widths and order), for the window's settings. A state
    // saved with other columns is ignored.
    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray &state, int columnCount);

public slots:
    void terminateSelected();
    void killSelected();
    // Removes the ended rows (never a running one) and says how many went.
    void clearEnded();
    void focusFilter();
    // Brings the actions' enabled state up to date with the selection.
    void updateActions();

signals:
    // The selection changed (selectedProcessIds() has the new one).
    void selectionChanged();
    // An action could not do what was asked ("Could not restart a: …").
    void problemOccurred(const QString &message);
    // Show output (or a double click) asked for the output of this process.
    void outputRequested(quint64 id);
    // What a user's action did, in words, for the status bar ("Terminated a and b").
    void actionReported(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // Every text from tr() again, in the language installed now.
    void retranslateUi();
    void createActions();
    QWidget *createFilterRow();
    void createView();
    // Gives every column its preferred width when the view is wide enough; when it is not,
    // narrows the less important columns first (down to their minimums) so that Command,
    // which stretches and elides, keeps room and the table never scrolls sideways.
    void fitColumns();
    // The State column's widths from its badges, measured as painted.
    void fitStateColumn();

    void forEach(const QVector<quint64> &ids, const std::function<void(ManagedProcess *)> &fn) const;
    void terminateProcesses(const QVector<quint64> &ids);
    void killProcesses(const QVector<quint64> &ids);
    void sendSignalTo(const QVector<quint64> &ids);
    void restartProcesses(const QVector<quint64> &ids);
    void setTimeoutOf(const QVector<quint64> &ids);
    void copyCommandLines(const QVector<quint64> &ids);
    void showOutputOf(const QVector<quint64> &ids);
    void showContextMenu(const QPoint &pos);
    QString describe(const QVector<quint64> &ids) const;
    // The live ones among ids.
    QVector<quint64> liveOf(const QVector<quint64> &ids) const;
    // terminate() or kill() (from the user) to each live one of ids; problems are reported.
    // Returns how many were signalled.
    int stopEach(const QVector<quint64> &ids, SignalResult (ManagedProcess::*stop)(StopCause));
    // Stop (finish the task, then leave) or Kill (leave at once) to each remote worker of
    // ids, through the queue; problems are reported. Returns how many were told.
    int orderRemote(const QVector<quint64> &ids, bool kill);

    QPointer<Session> m_session;
    QPointer<Supervisor> m_supervisor;
    bool m_quitting = false;

    ProcessTableModel *m_model = nullptr;
    ProcessFilterProxyModel *m_proxy = nullptr;
    QTreeView *m_view = nullptr;
    KillButtonDelegate *m_killDelegate = nullptr;
    QVector<int> m_preferredWidths; // by column; what the user or the defaults chose
    QVector<int> m_minimumWidths;
    bool m_fitting = false;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_stateFilter = nullptr;

    QAction *m_terminateAction = nullptr;
    QAction *m_killAction = nullptr;
    QAction *m_sendSignalAction = nullptr;
    QAction *m_restartAction = nullptr;
    QAction *m_setTimeoutAction = nullptr;
    QAction *m_showOutputAction = nullptr;
    QAction *m_copyCommandAction = nullptr;
    QAction *m_clearEndedAction = nullptr;
    TextSetters m_texts;
};

} // namespace herd
