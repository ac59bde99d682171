#pragma once

#include "session.h"
#include "process/processtypes.h"
#include "sessionfile.h"
#include "textsetters.h"

#include <QMainWindow>
#include <QPointer>
#include <QVector>

class QAction;
class QLabel;
class QMessageBox;
class QSplitter;
class QTimer;
class QTreeView;

namespace herd {

class DisplayTick;
class KillButtonDelegate;
class OutputPane;
class ProcessDetailsPanel;
class ProcessFilterProxyModel;
class ProcessListWidget;
class ProcessTableModel;

// Herd's main window: a toolbar, the process table (one row per process, a kill button in
// each live row), the place of the task-queue panel, the output pane, the details of the
// selected process and a status bar. Every action is bound to process ids taken from the
// selection when it runs, never to row numbers. The window does not own the session.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Session *session, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The stock worker program. By default herd-worker next to the running program, else
    // in PATH; empty when there is none (Spawn worker is then disabled).
    void setWorkerProgram(const QString &path);
    QString workerProgram() const { return m_workerProgram; }

    // Spawns each spec; what fails is reported in the status bar. Returns the ids spawned.
    QVector<quint64> spawn(const QVector<ProcessSpec> &specs);
    // The settings Spawn worker uses: the session's last worker pool (from the command line, a
    // session file, the demo or an earlier Spawn worker) or, before there is one, a stock
    // worker doing 500 ms of work per task, restarted on failure.
    WorkerPoolSpec workerPool() const;
    // That pool's settings in words ("500 ms of work per task, restarted on failure").
    static QString describePool(const WorkerPoolSpec &pool);
    // count workers like workerPool(), recorded in the session's pool. Returns the ids spawned.
    QVector<quint64> spawnWorkers(int count);

    // The task-queue panel's place, between the process table and the output pane; empty
    // and hidden until a panel is set. The window takes ownership.
    void setQueuePanel(QWidget *panel);
    QWidget *queuePanel() const { return m_queuePanel; }

    // The processes selected in the table, in view order.
    QVector<quint64> selectedProcessIds() const;
    void selectProcesses(const QVector<quint64> &ids);

    // The last problem shown in the status bar ("Process-3 failed to start: …").
    QString lastError() const { return m_lastError; }
    // What the last thing the user did did, as the status bar said it ("Killed 3 processes").
    QString lastAction() const { return m_lastAction; }
    // Says in the status bar what a user's action did (and keeps it as lastAction()).
    void reportAction(const QString &message);
    // The one display clock every panel refreshes on.
    DisplayTick *displayTick() const { return m_tick; }
    // What Quit → Wait waits for, in words ("sleepy-1 and sleepy-2; Worker-1 until the queue
    // has drained"); empty when nothing is left.
    QString waitingForText() const;

    Session *session() const { return m_session; }
    ProcessListWidget *processList() const { return m_list; }
    ProcessTableModel *processModel() const { return m_model; }
    ProcessFilterProxyModel *processProxy() const;
    QTreeView *processView() const;
    OutputPane *outputPane() const { return m_output; }
    ProcessDetailsPanel *detailsPanel() const { return m_details; }
    KillButtonDelegate *killButtonDelegate() const;

public slots:
    // The demo scenario (Session::demoDocument()): the tutorial's named processes, a process
    // stopped by its 5 s watchdog and a daemon. The workers and tasks join with the queue.
    void startDemo();
    void openSpawnDialog();
    // One stock worker like the session's pool (workerPool()).
    void spawnWorker();
    // Asks how many workers to spawn like the session's pool, then spawns them.
    void openSpawnWorkersDialog();
    void terminateSelected();
    void killSelected();
    void killAll();
    // For SIGTERM/SIGINT to Herd: stops every process the safe way, then closes without asking.
    void stopAllAndClose();
    // Enqueue tasks… (the session's queue must exist).
    void openEnqueueDialog();

public:
    // Loads a session file and starts what it describes. Returns "" or, for a broken file,
    // what is wrong (file, line, key, reason); nothing starts then.
    QString openSession(const QString &path);
    // Saves what runs now as a session file. Returns "" or why it could not.
    QString saveSession(const QString &path);
    // Writes the task ledger as CSV. Returns "" or why it could not.
    QString exportLedger(const QString &path);
    // Shows a problem in the status bar (and keeps it as lastError()).
    void reportError(const QString &message);
    // The session has no task queue (it could not be created): says why where the queue
    // panel would be, and in the status bar.
    void showQueueUnavailable(const QString &reason);
    // The interface language ("" = the system's, "en", "zh_CN"): kept in the settings, and
    // announced with languageChosen() so that the app installs its translations at once.
    void setLanguage(const QString &code);
    // Ended rows leave the list this long after their process ended (0: only when cleared);
    // kept in the settings.
    void setAutoClearEnded(qint64 ms);

signals:
    // The Language menu chose a language (saved already): install its translations now.
    void languageChosen(const QString &code);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    enum class QuitState {
        None,
        Asking,   // the quit question is open
        Waiting,  // daemons stopped; waiting for the others to end on their own
        Stopping, // everything was asked to stop; closing when all have ended
    };

    // Every text from tr() again, in the language installed now (on QEvent::LanguageChange).
    void retranslateUi();
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void restoreSettings();
    void saveSettings() const;

    void onSelectionChanged();
    void onDisplayTick();
    // Moves the window onto the screens that exist now, if the saved place is off them.
    void keepOnScreen();
    // While waiting to quit: idle stock workers with nothing left to do are stopped.
    void checkWaiting();
    void onProcessFinished(ManagedProcess *process);
    void updateActions();
    void updateCounts();
    void setLastError(const QString &message);
    QString settingsFolder() const;
    void rememberFolder(const QString &path);
    void askQuit();
    void beginStop();

    QPointer<Session> m_session;
    QPointer<Supervisor> m_supervisor;
    QString m_workerProgram;
    QString m_lastError;
    QString m_lastAction;

    QString m_queueUnavailable; // why the session has no task queue, or empty
    ProcessListWidget *m_list = nullptr;
    ProcessTableModel *m_model = nullptr; // the list's, which the other panels read too
    OutputPane *m_output = nullptr;
    ProcessDetailsPanel *m_details = nullptr;
    QSplitter *m_hSplitter = nullptr;
    QSplitter *m_vSplitter = nullptr;
    QWidget *m_queuePanel = nullptr;
    QLabel *m_countsLabel = nullptr;
    QLabel *m_errorIcon = nullptr;
    QLabel *m_errorLabel = nullptr;

    QAction *m_spawnAction = nullptr;
    QAction *m_spawnWorkerAction = nullptr;
    QAction *m_spawnWorkersAction = nullptr;
    QAction *m_killAllAction = nullptr;
    QAction *m_enqueueAction = nullptr;
    QAction *m_demoAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_showDetailsAction = nullptr;
    QAction *m_focusFilterAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_askAction = nullptr;

    QuitState m_quitState = QuitState::None;
    bool m_closeAllowed = false;
    QPointer<QMessageBox> m_quitQuestion;
    DisplayTick *m_tick = nullptr;
    TextSetters m_texts;
    bool m_countsDirty = true;
    bool m_placeOnShow = false; // restored geometry: checked again once the frame is known
};

} // namespace herd
