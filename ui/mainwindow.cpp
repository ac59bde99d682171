#include "mainwindow.h"

#include "confirmation.h"
#include "displaytick.h"
#include "enqueuedialog.h"
#include "killbuttondelegate.h"
#include "numberfield.h"
#include "outputpane.h"
#include "process/supervisor.h"
#include "processdetailspanel.h"
#include "processfilterproxymodel.h"
#include "processlistwidget.h"
#include "processtablemodel.h"
#include "processtext.h"
#include "queuepanel.h"
#include "session.h"
#include "sessionfile.h"
#include "shellwords.h"
#include "spawndialog.h"
#include "statebadgedelegate.h"
#include "timeoutdialog.h"
#include "units.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QToolButton>
#include <QSpinBox>
#include <QFormLayout>
#include <QDialogButtonBox>
#include <QDialog>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTime>
#include <QTimer>
#include <QToolBar>
#include <QTranslator>
#include <QTreeView>
#include <QVBoxLayout>

#include <climits>
#include <csignal>

namespace herd {

namespace {

constexpr int kSettingsVersion = 1;

QIcon icon(const char *name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

QString defaultWorkerProgram()
{
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/herd-worker");
    const QFileInfo info(beside);
    if (info.isFile() && info.isExecutable())
        return info.absoluteFilePath();
    return QStandardPaths::findExecutable(QStringLiteral("herd-worker"));
}

// A name that is free in the session: base, then base-2, base-3, …
QString freeName(const Supervisor *supervisor, const QString &base)
{
    QString name = base;
    for (int i = 2; supervisor->findByName(name); ++i)
        name = QStringLiteral("%1-%2").arg(base).arg(i);
    return name;
}

} // namespace

MainWindow::MainWindow(Session *session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_supervisor(session ? session->supervisor() : nullptr)
    , m_workerProgram(defaultWorkerProgram())
{
    m_texts.add([this] { setWindowTitle(tr("Herd")); });
    setWindowIcon(icon("herd"));
    setObjectName(QStringLiteral("herdMainWindow"));

    // One clock for every panel: each tick refreshes them all in one go, so the task table,
    // the distribution, the process table and the details show the same instant.
    m_tick = new DisplayTick(this);
    m_list = new ProcessListWidget(m_session, m_tick, this);
    m_model = m_list->model();
    connect(m_list, &ProcessListWidget::problemOccurred, this, &MainWindow::setLastError);
    connect(m_list, &ProcessListWidget::selectionChanged, this, &MainWindow::onSelectionChanged);
    connect(m_list, &ProcessListWidget::outputRequested, this, [this](quint64 id) {
        m_output->setShowAll(false);
        m_output->setProcess(id);
        m_output->setFollowTail(true);
    });

    createActions();
    createMenus();
    createToolBar();

    m_output = new OutputPane(m_supervisor, this);
    m_details = new ProcessDetailsPanel(m_supervisor, m_model, this);
    m_output->setDisplayTick(m_tick);
    connect(m_tick, &DisplayTick::tick, this, &MainWindow::onDisplayTick);
    m_details->setSession(m_session);

    m_vSplitter = new QSplitter(Qt::Vertical, this);
    m_vSplitter->setObjectName(QStringLiteral("verticalSplitter"));
    m_vSplitter->setChildrenCollapsible(false);
    m_vSplitter->addWidget(m_list);
    // The queue panel's place (index 1), filled by setQueuePanel().
    auto *queueSlot = new QWidget(m_vSplitter);
    queueSlot->setObjectName(QStringLiteral("queueSlot"));
    auto *queueLayout = new QVBoxLayout(queueSlot);
    queueLayout->setContentsMargins(0, 0, 0, 0);
    queueSlot->hide();
    m_vSplitter->addWidget(queueSlot);
    m_vSplitter->addWidget(m_output);
    m_vSplitter->setStretchFactor(0, 3);
    m_vSplitter->setStretchFactor(1, 3);
    m_vSplitter->setStretchFactor(2, 2);

    m_hSplitter = new QSplitter(Qt::Horizontal, this);
    m_hSplitter->setObjectName(QStringLiteral("horizontalSplitter"));
    m_hSplitter->addWidget(m_vSplitter);
    m_hSplitter->addWidget(m_details);
    m_hSplitter->setStretchFactor(0, 1);
    m_hSplitter->setStretchFactor(1, 0);
    m_hSplitter->setCollapsible(0, false);
    setCentralWidget(m_hSplitter);

    createStatusBar();

    if (m_session) {
        // The stop policy is the session's; the window only asks, and closes when it is done
        // (also when something could not be reaped even after SIGKILL: the supervisor sends
        // SIGKILL once more as it goes).
        connect(m_session->shutdown(), &Shutdown::finished, this, [this] {
            if (m_quitState != QuitState::Waiting && m_quitState != QuitState::Stopping)
                return;
            m_closeAllowed = true;
            close();
        });
    }
    if (m_supervisor) {
        connect(m_supervisor, &Supervisor::processFinished, this, &MainWindow::onProcessFinished);
        auto countsLater = [this] {
            m_countsDirty = true;
            m_tick->soon();
        };
        connect(m_supervisor, &Supervisor::processSpawned, this, countsLater);
        connect(m_supervisor, &Supervisor::processStateChanged, this, countsLater);
    }
    if (m_session && m_session->queue()) {
        setQueuePanel(new QueuePanel(m_session, m_model));
        m_enqueueAction->setEnabled(true);
        connect(m_enqueueAction, &QAction::triggered, this, &MainWindow::openEnqueueDialog);
        connect(m_session, &Session::queueProblem, this, [this](const QString &message) { setLastError(message); });
        connect(m_session, &Session::drained, this, &MainWindow::checkWaiting);
    }
    if (m_session) {
        connect(m_session, &Session::processGaveUp, this,
                [this](ManagedProcess *, const QString &message) { setLastError(message); });
        connect(m_session, &Session::restartScheduled, this, [this](ManagedProcess *p, qint64 delayMs) {
            statusBar()->showMessage(tr("%1 restarts in %2 (its restart policy)").arg(p->name(), humanDuration(delayMs)),
                                     int(qMin<qint64>(delayMs + 2000, 60000)));
        });
    }
    connect(m_model, &ProcessTableModel::refreshed, this, &MainWindow::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        m_countsDirty = true;
        m_tick->soon();
    });

    connect(m_list, &ProcessListWidget::actionReported, this, &MainWindow::reportAction);

    restoreSettings();
    updateActions();
    updateCounts();
    m_tick->start();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_spawnAction = new QAction(icon("spawn"), QString(), this);
    m_spawnAction->setObjectName(QStringLiteral("spawnAction"));
    m_spawnAction->setShortcut(QKeySequence::New);
    m_texts.add([this] {
        m_spawnAction->setText(tr("&Spawn…"));
        m_spawnAction->setToolTip(tr("Spawn processes: a command or stock workers (%1)")
                                      .arg(m_spawnAction->shortcut().toString(QKeySequence::NativeText)));
    });
    connect(m_spawnAction, &QAction::triggered, this, &MainWindow::openSpawnDialog);

    m_spawnWorkerAction = new QAction(icon("worker"), QString(), this);
    m_texts.add([this] { m_spawnWorkerAction->setText(tr("Spawn &worker")); });
    m_spawnWorkerAction->setObjectName(QStringLiteral("spawnWorkerAction"));
    m_spawnWorkerAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(m_spawnWorkerAction, &QAction::triggered, this, &MainWindow::spawnWorker);

    m_spawnWorkersAction = new QAction(icon("worker"), QString(), this);
    m_texts.add([this] { m_spawnWorkersAction->setText(tr("Spawn wor&kers…")); });
    m_spawnWorkersAction->setObjectName(QStringLiteral("spawnWorkersAction"));
    m_spawnWorkersAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N));
    connect(m_spawnWorkersAction, &QAction::triggered, this, &MainWindow::openSpawnWorkersDialog);

    m_killAllAction = new QAction(icon("kill-all"), QString(), this);
    m_killAllAction->setObjectName(QStringLiteral("killAllAction"));
    m_killAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_texts.add([this] {
        m_killAllAction->setText(tr("Kill &all"));
        m_killAllAction->setToolTip(tr("Kill every running process of the session (%1)")
                                        .arg(m_killAllAction->shortcut().toString(QKeySequence::NativeText)));
    });
    connect(m_killAllAction, &QAction::triggered, this, &MainWindow::killAll);

    m_enqueueAction = new QAction(icon("enqueue"), QString(), this);
    m_enqueueAction->setObjectName(QStringLiteral("enqueueAction"));
    m_enqueueAction->setEnabled(false);
    m_texts.add([this] { m_enqueueAction->setText(tr("&Enqueue tasks…")); });

    m_demoAction = new QAction(icon("demo"), QString(), this);
    m_demoAction->setObjectName(QStringLiteral("demoAction"));
    m_texts.add([this] {
        m_demoAction->setText(tr("&Demo"));
        m_demoAction->setToolTip(tr("Start the demo scenario: a named process, a process with a 5 s "
                                    "watchdog and a daemon"));
    });
    connect(m_demoAction, &QAction::triggered, this, &MainWindow::startDemo);

    m_showDetailsAction = new QAction(icon("details"), QString(), this);
    m_texts.add([this] { m_showDetailsAction->setText(tr("&Details panel")); });
    m_showDetailsAction->setObjectName(QStringLiteral("showDetailsAction"));
    m_showDetailsAction->setCheckable(true);
    m_showDetailsAction->setChecked(true);
    m_showDetailsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));

    m_focusFilterAction = new QAction(this);
    m_texts.add([this] { m_focusFilterAction->setText(tr("&Filter processes")); });
    m_focusFilterAction->setObjectName(QStringLiteral("focusFilterAction"));
    m_focusFilterAction->setShortcut(QKeySequence::Find);
    connect(m_focusFilterAction, &QAction::triggered, m_list, &ProcessListWidget::focusFilter);

    m_quitAction = new QAction(this);
    m_texts.add([this] { m_quitAction->setText(tr("&Quit")); });
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_aboutAction = new QAction(icon("herd"), QString(), this);
    m_texts.add([this] { m_aboutAction->setText(tr("&About Herd")); });
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    connect(m_aboutAction, &QAction::triggered, this, [this] {
        auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About Herd"),
                                    tr("<h3>Herd %1</h3><p>A process monitor with a shared-memory task queue: "
                                       "spawn named processes and workers, watch them live, stop them "
                                       "with a click or a watchdog.</p>")
                                        .arg(QCoreApplication::applicationVersion()),
                                    QMessageBox::Ok, this);
        box->setIconPixmap(icon("herd").pixmap(64, 64));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(QString());
    m_texts.add([file] { file->setTitle(tr("&File")); });
    QAction *open = file->addAction(QString(), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), settingsFolder(),
                                                          tr("Herd sessions (*.herd);;All files (*)"));
        if (path.isEmpty())
            return;
        const QString error = openSession(path);
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Open session"), error);
    });
    open->setObjectName(QStringLiteral("openSessionAction"));
    m_texts.add([open] { open->setText(tr("&Open session…")); });
    open->setShortcut(QKeySequence::Open);
    QAction *save = file->addAction(QString(), this, [this] {
        QString path = QFileDialog::getSaveFileName(this, tr("Save session"), settingsFolder(),
                                                    tr("Herd sessions (*.herd)"));
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty())
            path += QStringLiteral(".herd");
        const QString error = saveSession(path);
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Save session"), error);
    });
    save->setObjectName(QStringLiteral("saveSessionAction"));
    m_texts.add([save] { save->setText(tr("&Save session as…")); });
    save->setShortcut(QKeySequence::SaveAs);
    QAction *exportCsv = file->addAction(QString(), this, [this] {
        QString path = QFileDialog::getSaveFileName(this, tr("Export task ledger"), settingsFolder(),
                                                    tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty())
            path += QStringLiteral(".csv");
        const QString error = exportLedger(path);
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Export task ledger"), error);
    });
    exportCsv->setObjectName(QStringLiteral("exportLedgerAction"));
    m_texts.add([exportCsv] { exportCsv->setText(tr("&Export task ledger as CSV…")); });
    file->addSeparator();
    file->addAction(m_spawnAction);
    file->addAction(m_spawnWorkerAction);
    file->addAction(m_spawnWorkersAction);
    file->addAction(m_enqueueAction);
    file->addSeparator();
    file->addAction(m_demoAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *process = menuBar()->addMenu(QString());
    m_texts.add([process] { process->setTitle(tr("&Process")); });
    process->setObjectName(QStringLiteral("processMenu"));
    process->addAction(m_spawnAction);
    process->addAction(m_spawnWorkerAction);
    process->addAction(m_spawnWorkersAction);
    process->addAction(m_enqueueAction);
    process->addSeparator();
    process->addAction(m_list->terminateAction());
    process->addAction(m_list->killAction());
    process->addAction(m_list->sendSignalAction());
    process->addAction(m_list->restartAction());
    process->addAction(m_list->setTimeoutAction());
    process->addSeparator();
    process->addAction(m_list->showOutputAction());
    process->addAction(m_list->copyCommandAction());
    process->addSeparator();
    process->addAction(m_killAllAction);
    process->addAction(m_list->clearEndedAction());

    QMenu *view = menuBar()->addMenu(QString());
    m_texts.add([view] { view->setTitle(tr("&View")); });
    view->addAction(m_focusFilterAction);
    view->addAction(m_showDetailsAction);
    view->addSeparator();
    // The language applies at once: the app swaps the translations, and every widget
    // retranslates itself on the LanguageChange that follows.
    QMenu *language = view->addMenu(QString());
    m_texts.add([language] { language->setTitle(tr("&Language")); });
    language->setObjectName(QStringLiteral("languageMenu"));
    auto *languages = new QActionGroup(language);
    const QString current = QSettings().value(QStringLiteral("ui/language")).toString();
    // Each language by its own name, whatever the language shown.
    const QList<QPair<QString, QString>> choices{{QString(), QString()},
                                                 {QStringLiteral("en"), QStringLiteral("English")},
                                                 {QStringLiteral("zh_CN"), QStringLiteral("中文 (简体)")}};
    for (const auto &choice : choices) {
        QAction *a = language->addAction(choice.second);
        if (choice.first.isEmpty())
            m_texts.add([a] { a->setText(tr("System")); });
        a->setCheckable(true);
        a->setChecked(choice.first == current);
        a->setData(choice.first);
        a->setObjectName(QStringLiteral("language_") + (choice.first.isEmpty() ? QStringLiteral("system") : choice.first));
        languages->addAction(a);
        connect(a, &QAction::triggered, this, [this, code = choice.first] { setLanguage(code); });
    }

    // Settings: where a "Don't ask again" is undone.
    QMenu *settings = menuBar()->addMenu(QString());
    m_texts.add([settings] { settings->setTitle(tr("&Settings")); });
    settings->setObjectName(QStringLiteral("settingsMenu"));
    m_askAction = settings->addAction(QString());
    m_askAction->setObjectName(QStringLiteral("askBeforeEndingAction"));
    m_askAction->setCheckable(true);
    m_askAction->setChecked(Confirmation::isEnabled());
    m_texts.add([this] {
        m_askAction->setText(tr("&Ask before ending several processes"));
        m_askAction->setToolTip(tr("Kill all, and Terminate or Kill on a selection of several processes, ask first"));
    });
    connect(m_askAction, &QAction::toggled, this, [this](bool ask) {
        Confirmation::setEnabled(ask);
        reportAction(ask ? tr("Herd asks before ending several processes")
                         : tr("Herd no longer asks before ending several processes"));
    });
    // The box in the question may have changed it meanwhile.
    connect(settings, &QMenu::aboutToShow, this, [this] {
        const QSignalBlocker quiet(m_askAction);
        m_askAction->setChecked(Confirmation::isEnabled());
    });

    // Ended rows can leave the list on their own, a while after their process ended.
    QMenu *autoClear = settings->addMenu(QString());
    m_texts.add([autoClear] { autoClear->setTitle(tr("&Clear ended processes automatically")); });
    autoClear->setObjectName(QStringLiteral("autoClearMenu"));
    auto *autoClearChoices = new QActionGroup(autoClear);
    const qint64 autoClearMs = QSettings().value(QStringLiteral("processes/autoClearEndedMs"), 0).toLongLong();
    static const QPair<qint64, const char *> delays[] = {{0, QT_TR_NOOP("Never")},
                                                         {10000, QT_TR_NOOP("10 seconds after they end")},
                                                         {60000, QT_TR_NOOP("1 minute after they end")},
                                                         {600000, QT_TR_NOOP("10 minutes after they end")}};
    for (const auto &delay : delays) {
        QAction *a = autoClear->addAction(QString());
        m_texts.add([a, text = delay.second] { a->setText(tr(text)); });
        a->setObjectName(QStringLiteral("autoClear_%1").arg(delay.first));
        a->setCheckable(true);
        a->setChecked(delay.first == autoClearMs);
        autoClearChoices->addAction(a);
        connect(a, &QAction::triggered, this, [this, ms = delay.first] { setAutoClearEnded(ms); });
    }
    m_model->setAutoClearAfter(autoClearMs);

    QMenu *help = menuBar()->addMenu(QString());
    m_texts.add([help] { help->setTitle(tr("&Help")); });
    help->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(QString());
    m_texts.add([bar] { bar->setWindowTitle(tr("Main")); });
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(20, 20));
    bar->addAction(m_spawnAction);
    bar->addAction(m_spawnWorkerAction);
    // Its arrow: how many.
    if (auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(m_spawnWorkerAction))) {
        auto *more = new QMenu(button);
        more->addAction(m_spawnWorkersAction);
        button->setMenu(more);
        button->setPopupMode(QToolButton::MenuButtonPopup);
    }
    bar->addSeparator();
    bar->addAction(m_list->terminateAction());
    bar->addAction(m_list->killAction());
    bar->addAction(m_killAllAction);
    bar->addSeparator();
    bar->addAction(m_enqueueAction);
    bar->addAction(m_demoAction);
}

void MainWindow::createStatusBar()
{
    // The icon and the last error share one widget: the status bar hides it while a
    // passing message shows, and the icon's own visibility cannot bring it back on top.
    auto *errorBox = new QWidget(this);
    auto *errorLayout = new QHBoxLayout(errorBox);
    errorLayout->setContentsMargins(0, 0, 0, 0);
    m_errorIcon = new QLabel(errorBox);
    m_errorIcon->setObjectName(QStringLiteral("lastErrorIcon"));
    m_errorIcon->setPixmap(icon("error").pixmap(16, 16));
    m_errorIcon->hide();
    m_errorLabel = new QLabel(errorBox);
    m_errorLabel->setObjectName(QStringLiteral("lastErrorLabel"));
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long message must not widen the window; the tooltip has all of it.
    m_errorLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    errorLayout->addWidget(m_errorIcon);
    errorLayout->addWidget(m_errorLabel, 1);
    errorBox->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_countsLabel = new QLabel(this);
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    statusBar()->addWidget(errorBox, 1);
    statusBar()->addPermanentWidget(m_countsLabel);
}

void MainWindow::restoreSettings()
{
    QSettings s;
    s.beginGroup(QStringLiteral("window"));
    if (!restoreGeometry(s.value(QStringLiteral("geometry")).toByteArray())) {
        // First start: most of the screen, within reason.
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1440, 900);
        resize(qBound(800, available.width() * 9 / 10, 1600), qBound(560, available.height() * 9 / 10, 1000));
    } else {
        keepOnScreen();
        m_placeOnShow = true;
    }
    restoreState(s.value(QStringLiteral("state")).toByteArray());
    if (!m_hSplitter->restoreState(s.value(QStringLiteral("horizontalSplitter")).toByteArray())) {
        // 300 px for the details, or only their minimum in a small window.
        const int details = qMax(m_details->minimumWidth(), qMin(300, width() / 4));
        m_hSplitter->setSizes({width() - details, details});
    }
    if (!m_vSplitter->restoreState(s.value(QStringLiteral("verticalSplitter")).toByteArray()))
        m_vSplitter->setSizes(m_queuePanel ? QList<int>{300, 400, 200} : QList<int>{440, 0, 280});
    if (s.value(QStringLiteral("version")).toInt() == kSettingsVersion)
        m_list->restoreHeaderState(s.value(QStringLiteral("header")).toByteArray(),
                                   s.value(QStringLiteral("columns")).toInt());
    const bool details = s.value(QStringLiteral("details"), true).toBool();
    m_showDetailsAction->setChecked(details);
    m_details->setVisible(details);
    m_output->setShowAll(s.value(QStringLiteral("outputShowsAll"), false).toBool());
    s.endGroup();
    connect(m_showDetailsAction, &QAction::toggled, m_details, &QWidget::setVisible);
}

void MainWindow::keepOnScreen()
{
    // A place saved on a monitor that is gone would leave the window off screen, or partly
    // so: put it back on the screen it overlaps most (else the primary one), as far in as
    // its size allows, so its title bar can always be reached.
    const QList<QScreen *> screens = QGuiApplication::screens();
    if (screens.isEmpty())
        return;
    const QRect frame = frameGeometry();
    QScreen *best = nullptr;
    qint64 bestArea = 0;
    for (QScreen *screen : screens) {
        const QRect common = screen->availableGeometry().intersected(frame);
        const qint64 area = qint64(common.width()) * common.height();
        if (area > bestArea) {
            bestArea = area;
            best = screen;
        }
    }
    const QRect available = (best ? best : QGuiApplication::primaryScreen())->availableGeometry();
    if (available.contains(frame))
        return;
    QPoint topLeft = frame.topLeft();
    topLeft.setX(qBound(available.left(), topLeft.x(), qMax(available.left(), available.right() - frame.width() + 1)));
    topLeft.setY(qBound(available.top(), topLeft.y(), qMax(available.top(), available.bottom() - frame.height() + 1)));
    move(topLeft);
    // Some platforms place the client area, not the frame, at pos(): correct by what is off.
    const QPoint off = frameGeometry().topLeft() - topLeft;
    if (!off.isNull())
        move(pos() - off);
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("window"));
    s.setValue(QStringLiteral("version"), kSettingsVersion);
    s.setValue(QStringLiteral("geometry"), saveGeometry());
    s.setValue(QStringLiteral("state"), saveState());
    s.setValue(QStringLiteral("horizontalSplitter"), m_hSplitter->saveState());
    s.setValue(QStringLiteral("verticalSplitter"), m_vSplitter->saveState());
    s.setValue(QStringLiteral("columns"), int(ProcessTableModel::ColumnCount));
    s.setValue(QStringLiteral("header"), m_list->saveHeaderState());
    s.setValue(QStringLiteral("details"), m_showDetailsAction->isChecked());
    s.setValue(QStringLiteral("outputShowsAll"), m_output->showAll());
    s.endGroup();
}

void MainWindow::setWorkerProgram(const QString &path)
{
    m_workerProgram = path;
    if (m_session && !path.isEmpty())
        m_session->setWorkerProgram(path);
    updateActions();
}

void MainWindow::setQueuePanel(QWidget *panel)
{
    QWidget *slot = m_vSplitter->widget(1);
    if (m_queuePanel)
        m_queuePanel->deleteLater();
    m_queuePanel = panel;
    if (auto *queue = qobject_cast<QueuePanel *>(panel))
        queue->setDisplayTick(m_tick);
    if (panel) {
        slot->layout()->addWidget(panel);
        slot->show();
        QList<int> sizes = m_vSplitter->sizes();
        if (sizes.value(1) == 0) {
            // Before the window is shown every size is 0: give proportions, which the
            // splitter scales to its height (processes 3, queue 4, output 2).
            const int total = qMax(900, sizes.value(0) + sizes.value(2));
            m_vSplitter->setSizes({total * 3 / 9, total * 4 / 9, total * 2 / 9});
        }
    } else {
        slot->hide();
    }
}

QVector<quint64> MainWindow::spawn(const QVector<ProcessSpec> &specs)
{
    QVector<quint64> ids;
    if (!m_supervisor || m_quitState == QuitState::Waiting || m_quitState == QuitState::Stopping)
        return ids;
    for (const ProcessSpec &spec : specs) {
        const Result<ManagedProcess *> result = m_supervisor->spawn(spec);
        if (result.ok()) {
            ids << result.value->id();
        } else {
            const QString who = spec.name.isEmpty() ? QFileInfo(spec.program).fileName() : spec.name;
            setLastError(tr("Could not spawn %1: %2").arg(who, result.error));
        }
    }
    if (!ids.isEmpty()) {
        m_model->refresh();
        selectProcesses(ids);
        const ManagedProcess *first = m_supervisor->process(ids.first());
        reportAction(ids.size() == 1 && first ? tr("Spawned %1").arg(first->name())
                                              : tr("Spawned %n processes", nullptr, int(ids.size())));
    }
    return ids;
}

QVector<quint64> MainWindow::selectedProcessIds() const
{
    return m_list->selectedProcessIds();
}

void MainWindow::selectProcesses(const QVector<quint64> &ids)
{
    m_list->selectProcesses(ids);
}

ProcessFilterProxyModel *MainWindow::processProxy() const
{
    return m_list->proxy();
}

QTreeView *MainWindow::processView() const
{
    return m_list->view();
}

KillButtonDelegate *MainWindow::killButtonDelegate() const
{
    return m_list->killButtonDelegate();
}

void MainWindow::terminateSelected()
{
    m_list->terminateSelected();
}

void MainWindow::killSelected()
{
    m_list->killSelected();
}

void MainWindow::openSpawnDialog()
{
    auto *dialog = new SpawnDialog(m_supervisor, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWorkerProgram(m_workerProgram);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { spawn(dialog->specs()); });
    dialog->open();
}

void MainWindow::spawnWorker()
{
    spawnWorkers(1);
}

WorkerPoolSpec MainWindow::workerPool() const
{
    if (m_session) {
        const QVector<WorkerPoolSpec> pools = m_session->toDocument().pools;
        if (!pools.isEmpty())
            return pools.last();
    }
    WorkerPoolSpec pool;
    pool.workMs = 500;
    return pool;
}

QString MainWindow::describePool(const WorkerPoolSpec &pool)
{
    QStringList parts;
    if (!pool.command.isEmpty())
        parts << tr("runs %1").arg(pool.command);
    else if (!pool.exec.isEmpty())
        parts << tr("runs %1 for each task").arg(pool.exec);
    else if (pool.workMs > 0)
        parts << tr("%1 of work per task").arg(humanDuration(pool.workMs));
    else
        parts << tr("no work per task");
    switch (pool.restart.mode) {
    case RestartPolicy::Mode::Never:
        parts << tr("never restarted");
        break;
    case RestartPolicy::Mode::OnFailure:
        parts << tr("restarted on failure");
        break;
    case RestartPolicy::Mode::Always:
        parts << tr("always restarted");
        break;
    }
    parts << (pool.timeoutMs > 0 ? tr("stopped after %1").arg(humanDuration(pool.timeoutMs)) : tr("no timeout"));
    return parts.join(QStringLiteral(", "));
}

QVector<quint64> MainWindow::spawnWorkers(int count)
{
    QVector<quint64> ids;
    if (!m_session || !m_supervisor || count < 1 || m_quitState == QuitState::Waiting
        || m_quitState == QuitState::Stopping)
        return ids;
    if (m_workerProgram.isEmpty()) {
        setLastError(tr("The stock worker program (herd-worker) was not found."));
        return ids;
    }
    WorkerPoolSpec pool = workerPool();
    pool.count = count;
    const int before = int(m_supervisor->processes().size());
    // Through the session's pool: the workers are named, restarted and saved as the pool's.
    const Result<void> spawned = m_session->spawnPool(pool);
    for (int i = before; i < m_supervisor->processes().size(); ++i)
        ids << m_supervisor->processes().at(i)->id();
    if (!spawned)
        setLastError(tr("Could not spawn a worker: %1").arg(spawned.error));
    if (!ids.isEmpty()) {
        m_model->refresh();
        selectProcesses(ids);
        const ManagedProcess *first = m_supervisor->process(ids.first());
        reportAction(ids.size() == 1 && first ? tr("Spawned %1 (%2)").arg(first->name(), describePool(pool))
                                              : tr("Spawned %1 workers (%2)").arg(ids.size()).arg(describePool(pool)));
    }
    updateActions();
    return ids;
}

void MainWindow::openSpawnWorkersDialog()
{
    if (!m_spawnWorkersAction->isEnabled())
        return;
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("spawnWorkersDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Spawn workers"));
    auto *layout = new QVBoxLayout(dialog);
    auto *about = new QLabel(tr("Like the session's pool: %1.").arg(describePool(workerPool())), dialog);
    about->setObjectName(QStringLiteral("poolDescription"));
    about->setWordWrap(true);
    layout->addWidget(about);
    auto *form = new QFormLayout;
    auto *count = new QSpinBox(dialog);
    count->setObjectName(QStringLiteral("workerCount"));
    count->setRange(1, 1000);
    count->setValue(qBound(1, QSettings().value(QStringLiteral("spawn/workerCount"), 1).toInt(), 1000));
    NumberFieldGuard::install(count);
    form->addRow(tr("How &many:"), count);
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Spawn"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [dialog, count] {
        if (NumberFieldGuard::showsValidValue(count))
            dialog->accept();
    });
    connect(dialog, &QDialog::accepted, this, [this, count] {
        QSettings().setValue(QStringLiteral("spawn/workerCount"), count->value());
        spawnWorkers(count->value());
    });
    dialog->open();
    count->selectAll();
}

void MainWindow::killAll()
{
    if (!m_supervisor)
        return;
    const int alive = m_supervisor->aliveCount();
    if (alive == 0)
        return;
    auto act = [this] {
        if (!m_supervisor)
            return;
        const int killed = m_supervisor->aliveCount();
        m_supervisor->killAll(StopCause::User);
        if (killed > 0)
            reportAction(tr("Killed all %n running process(es) (SIGKILL)", nullptr, killed));
    };
    if (alive < 2) {
        act();
        return;
    }
    Confirmation::ask(this, tr("Kill all"),
                      tr("Kill all %n running processes at once with SIGKILL? They get no chance to clean up, "
                         "and the workers' tasks go back to the queue.", nullptr, alive),
                      tr("&Kill all"), act);
}

void MainWindow::reportAction(const QString &message)
{
    m_lastAction = message;
    statusBar()->showMessage(message, 8000);
}

void MainWindow::onDisplayTick()
{
    // In this order: the queue panel tells the process table what each worker does, the
    // table then shows it (and the details follow its refreshed()), the output after.
    if (auto *queue = qobject_cast<QueuePanel *>(m_queuePanel); queue && queue->isVisible())
        queue->refresh();
    m_model->refresh();
    m_output->flushPending();
    if (m_countsDirty) {
        m_countsDirty = false;
        updateCounts();
    }
    if (m_quitState == QuitState::Waiting)
        checkWaiting();
}

void MainWindow::onSelectionChanged()
{
    const QVector<quint64> ids = selectedProcessIds();
    const quint64 one = ids.size() == 1 ? ids.first() : 0;
    m_output->setProcess(one);
    m_details->setProcesses(ids);
}

void MainWindow::onProcessFinished(ManagedProcess *process)
{
    if (!process)
        return;
    const ProcessStatus status = processStatus(*process, m_model->workerActivity(process->id()));
    if (!status.problem || m_quitState == QuitState::Stopping)
        return;
    const QString what = process->result().message.isEmpty() ? status.badge : process->result().message;
    setLastError(QStringLiteral("%1 %2").arg(process->name(), what));
}

void MainWindow::updateActions()
{
    const bool quitting = m_quitState == QuitState::Waiting || m_quitState == QuitState::Stopping;
    const bool live = m_supervisor && m_supervisor->aliveCount() > 0;
    m_list->setQuitting(quitting); // brings the actions on the selection up to date too
    if (auto *queue = qobject_cast<QueuePanel *>(m_queuePanel))
        queue->setQuitting(quitting);
    m_spawnAction->setEnabled(m_supervisor && !quitting);
    m_spawnWorkerAction->setEnabled(m_supervisor && !quitting && !m_workerProgram.isEmpty()
                                    && m_queueUnavailable.isEmpty());
    const bool workers = m_spawnWorkerAction->isEnabled();
    m_spawnWorkersAction->setEnabled(workers);
    m_spawnWorkerAction->setToolTip(!m_queueUnavailable.isEmpty()
                                        ? tr("No task queue: %1").arg(m_queueUnavailable)
                                    : m_workerProgram.isEmpty()
                                        ? tr("Spawn a stock worker (herd-worker was not found)")
                                        : tr("Spawn a worker like the session's worker pool: the same work, "
                                             "restart policy and timeout (%1)")
                                              .arg(m_spawnWorkerAction->shortcut().toString(QKeySequence::NativeText)));
    m_spawnWorkersAction->setToolTip(workers ? tr("Spawn a number of workers like the session's pool (%1)")
                                                   .arg(m_spawnWorkersAction->shortcut().toString(QKeySequence::NativeText))
                                             : m_spawnWorkerAction->toolTip());
    m_demoAction->setEnabled(m_supervisor && !quitting);
    m_killAllAction->setEnabled(live);
    m_enqueueAction->setEnabled(m_session && m_session->queue() && !quitting);
    m_enqueueAction->setToolTip(!m_queueUnavailable.isEmpty() ? tr("No task queue: %1").arg(m_queueUnavailable)
                                : m_session && m_session->queue()
                                    ? tr("Enqueue tasks for the workers: a number of tasks, or one per line")
                                    : tr("Enqueue tasks for the workers (available once the session has a task queue)"));
}

void MainWindow::updateCounts()
{
    if (!m_supervisor) {
        m_countsLabel->clear();
        return;
    }
    int running = 0;
    int starting = 0;
    int stopping = 0;
    int ended = 0;
    int problems = 0;
    for (const ManagedProcess *p : m_supervisor->processes()) {
        if (m_model->rowOf(p->id()) < 0)
            continue; // cleared from the list
        switch (p->state()) {
        case ProcessState::Starting:
            ++starting;
            break;
        case ProcessState::Running:
            ++running;
            break;
        case ProcessState::Stopping:
            ++stopping;
            break;
        default:
            ++ended;
            if (m_model->index(m_model->rowOf(p->id()), 0).data(ProcessTableModel::ProblemRole).toBool())
                ++problems;
            break;
        }
    }
    QStringList parts;
    parts << tr("%1 running").arg(running);
    if (starting)
        parts << tr("%1 starting").arg(starting);
    if (stopping)
        parts << tr("%1 stopping").arg(stopping);
    parts << tr("%1 ended").arg(ended);
    if (problems)
        parts << tr("%n with problems", nullptr, problems);
    m_countsLabel->setText(parts.join(QStringLiteral("  ·  ")));
}

void MainWindow::setLastError(const QString &message)
{
    m_lastError = message;
    m_errorLabel->setText(message);
    m_errorLabel->setToolTip(tr("%1 at %2").arg(message, QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
    m_errorIcon->setVisible(!message.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_closeAllowed || !m_supervisor || m_supervisor->aliveCount() == 0) {
        if (m_quitQuestion)
            m_quitQuestion->close();
        saveSettings();
        event->accept();
        return;
    }
    event->ignore();
    switch (m_quitState) {
    case QuitState::Asking:
        if (m_quitQuestion)
            m_quitQuestion->raise();
        return;
    case QuitState::Stopping:
        return; // already on the way out
    case QuitState::None:
    case QuitState::Waiting:
        break;
    }
    if (m_supervisor->aliveNonDaemonCount() == 0) {
        beginStop(); // only daemons are left: they stop without a question
        return;
    }
    askQuit();
}

QString MainWindow::waitingForText() const
{
    if (!m_supervisor)
        return QString();
    QStringList processes;
    QStringList workers;
    for (const ManagedProcess *p : m_supervisor->processes()) {
        if (!p->isAlive() || p->spec().daemon)
            continue;
        (p->spec().kind == ProcessKind::Worker ? workers : processes) << p->name();
    }
    const QLocale locale;
    auto list = [&locale](const QStringList &names) {
        constexpr int kShown = 6;
        if (names.size() <= kShown)
            return locale.createSeparatedList(names);
        QStringList some = names.mid(0, kShown - 1);
        some << tr("%n more", nullptr, int(names.size() - some.size()));
        return locale.createSeparatedList(some);
    };
    QStringList parts;
    if (!processes.isEmpty())
        parts << tr("%1 to end on their own").arg(list(processes));
    if (!workers.isEmpty()) {
        const qint64 left = m_session ? m_session->tasksEnqueued() - m_session->ledger()->count(TaskLedger::State::Done)
                                          - m_session->ledger()->count(TaskLedger::State::Failed)
                                          - m_session->ledger()->count(TaskLedger::State::DeadLettered)
                                    : 0;
        parts << (left > 0 ? tr("%1 to finish the %n task(s) left in the queue (then they are stopped)", nullptr,
                                int(qMin<qint64>(left, INT_MAX)))
                                 .arg(list(workers))
                           : tr("%1, idle: stopped, as the queue has nothing left").arg(list(workers)));
    }
    return parts.join(QStringLiteral("; "));
}

void MainWindow::checkWaiting()
{
    if (m_quitState != QuitState::Waiting || !m_session || !m_supervisor)
        return;
    // Idle stock workers would wait for tasks for ever: once nothing is left to do (the
    // queue drained, no source still being read, nothing waiting for room), they are
    // stopped, and the wait ends with the other processes.
    const bool nothingLeft = !m_session->queue() || m_session->isDrained()
        || (m_session->tasksEnqueued() == 0 && m_session->backlog() == 0 && !m_session->sourcesOpen());
    if (nothingLeft) {
        for (ManagedProcess *p : m_supervisor->processes()) {
            if (p->isAlive() && !p->spec().daemon && p->spec().kind == ProcessKind::Worker
                && p->state() == ProcessState::Running)
                p->terminate(StopCause::Quit);
        }
    }
    const QString waiting = waitingForText();
    if (!waiting.isEmpty())
        statusBar()->showMessage(tr("Quitting when they have ended: waiting for %1. Close again to stop them.").arg(waiting));
}

void MainWindow::askQuit()
{
    const int count = m_supervisor->aliveNonDaemonCount();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Quit Herd"),
                                count == 1 ? tr("1 process is still running.")
                                           : tr("%1 processes are still running.").arg(count), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("quitQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("Wait for %1, and close Herd when they have; Stop sends them SIGTERM, then SIGKILL "
                               "after their grace period. Daemon processes are stopped either way.")
                                .arg(waitingForText()));
    QPushButton *wait = box->addButton(tr("&Wait for them"), QMessageBox::AcceptRole);
    wait->setObjectName(QStringLiteral("waitButton"));
    QPushButton *stop = box->addButton(tr("&Stop them"), QMessageBox::DestructiveRole);
    stop->setObjectName(QStringLiteral("stopButton"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    box->setDefaultButton(stop);
    box->setEscapeButton(cancel);
    m_quitQuestion = box;
    const QuitState before = m_quitState;
    m_quitState = QuitState::Asking;
    connect(box, &QMessageBox::finished, this, [this, box, wait, stop, before] {
        QAbstractButton *clicked = box->clickedButton();
        m_quitState = before;
        if (clicked == wait) {
            m_quitState = QuitState::Waiting;
            updateActions();
            if (m_session)
                m_session->shutdown()->stop(Shutdown::Mode::DaemonsOnly);
            checkWaiting();
        } else if (clicked == stop) {
            beginStop();
        }
    });
    box->open();
}

void MainWindow::beginStop()
{
    if (!m_session)
        return;
    m_quitState = QuitState::Stopping;
    statusBar()->showMessage(tr("Stopping every process before quitting…"));
    updateActions();
    // Asked again (a second SIGTERM), the policy kills what is left.
    m_session->shutdown()->stop(Shutdown::Mode::Terminate);
}

void MainWindow::stopAllAndClose()
{
    if (m_quitQuestion)
        m_quitQuestion->close();
    if (!m_supervisor || m_supervisor->aliveCount() == 0) {
        m_closeAllowed = true;
        close();
        return;
    }
    beginStop();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_placeOnShow) {
        m_placeOnShow = false;
        keepOnScreen(); // the frame's margins are known now
    }
}

void MainWindow::retranslateUi()
{
    m_texts.apply();
    updateActions(); // the tooltips that say why
    updateCounts();
    if (!m_queueUnavailable.isEmpty())
        showQueueUnavailable(m_queueUnavailable);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    if (event->type() == QEvent::WindowStateChange) {
        // Nobody sees the figures; state catches up on restore.
        m_tick->setPaused(isMinimized());
    }
}

void MainWindow::reportError(const QString &message)
{
    setLastError(message);
}

void MainWindow::showQueueUnavailable(const QString &reason)
{
    m_queueUnavailable = reason;
    auto *note = new QLabel(tr("<b>No task queue:</b> %1.<br>Processes run as usual; workers need the queue, "
                               "so Spawn worker and Enqueue tasks are not available in this session.")
                                .arg(reason.toHtmlEscaped()));
    note->setObjectName(QStringLiteral("queueUnavailable"));
    note->setWordWrap(true);
    note->setTextFormat(Qt::RichText);
    note->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    note->setContentsMargins(8, 8, 8, 8);
    note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setQueuePanel(note);
    setLastError(reason);
    updateActions();
}

QString MainWindow::settingsFolder() const
{
    return QSettings().value(QStringLiteral("files/lastFolder"), QDir::homePath()).toString();
}

void MainWindow::rememberFolder(const QString &path)
{
    QSettings().setValue(QStringLiteral("files/lastFolder"), QFileInfo(path).absolutePath());
}

QString MainWindow::openSession(const QString &path)
{
    if (!m_session)
        return tr("There is no session to load into.");
    const SessionFileResult file = readSessionFile(path);
    if (!file.ok())
        return tr("%1 was not loaded, and nothing was started:\n%2").arg(QFileInfo(path).fileName(), file.describe(path));
    const QString error = m_session->startDocument(file.document, file.directory).error;
    if (!error.isEmpty())
        return tr("%1 was not loaded, and nothing was started:\n%2").arg(QFileInfo(path).fileName(), error);
    rememberFolder(path);
    statusBar()->showMessage(tr("Loaded %1").arg(QDir::toNativeSeparators(path)), 5000);
    return {};
}

QString MainWindow::saveSession(const QString &path)
{
    if (!m_session)
        return tr("There is no session to save.");
    const QString error = writeSessionFile(path, m_session->toDocument()).error;
    if (!error.isEmpty())
        return error;
    rememberFolder(path);
    statusBar()->showMessage(tr("Saved the session to %1").arg(QDir::toNativeSeparators(path)), 5000);
    return {};
}

QString MainWindow::exportLedger(const QString &path)
{
    if (!m_session)
        return tr("There is no task ledger to export.");
    const QString error = m_session->ledger()->writeCsv(path).error;
    if (!error.isEmpty())
        return tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), error);
    rememberFolder(path);
    statusBar()->showMessage(tr("Exported %n task(s) to %1", nullptr, int(m_session->ledger()->size()))
                                 .arg(QDir::toNativeSeparators(path)),
                             5000);
    return {};
}

void MainWindow::setLanguage(const QString &code)
{
    QSettings().setValue(QStringLiteral("ui/language"), code);
    // Whoever installs the translations (the app) swaps them now; Qt then sends every widget
    // a LanguageChange, and each retranslates itself.
    emit languageChosen(code);
    // Named as the Language menu names it.
    QString name = tr("the system's");
    if (auto *menu = findChild<QMenu *>(QStringLiteral("languageMenu"))) {
        for (QAction *a : menu->actions())
            if (a->data().toString() == code && !code.isEmpty())
                name = a->text();
    }
    reportAction(tr("Language: %1").arg(name));
}

void MainWindow::setAutoClearEnded(qint64 ms)
{
    QSettings().setValue(QStringLiteral("processes/autoClearEndedMs"), ms);
    m_model->setAutoClearAfter(ms);
    reportAction(ms > 0 ? tr("Ended processes leave the list %1 after they end").arg(humanDuration(ms))
                        : tr("Ended processes stay in the list until you clear them"));
}

void MainWindow::openEnqueueDialog()
{
    if (!m_session || !m_session->queue())
        return;
    auto *dialog = new EnqueueDialog(m_session, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const qint64 before = m_session->tasksEnqueued();
    connect(dialog, &QDialog::accepted, this, [this, before] {
        const qint64 added = m_session ? m_session->tasksEnqueued() - before : 0;
        reportAction(tr("Enqueued %n task(s)", nullptr, int(qMin<qint64>(added, INT_MAX))));
    });
    dialog->open();
}

void MainWindow::startDemo()
{
    if (!m_session || !m_supervisor || m_quitState == QuitState::Waiting || m_quitState == QuitState::Stopping)
        return;
    // The tutorial's scenario as the session defines it (the same one herd --headless --demo
    // runs): a named process and one named by Herd (Process-N) printing their names, a
    // process stopped by its 5 s watchdog, and a daemon. Names already taken by an earlier
    // demo get a suffix, so the demo can be run again.
    SessionDocument demo = Session::demoDocument();
    if (!m_session->queue()) {
        // Without a task queue the workers would have nothing to take: start the processes.
        demo.pools.clear();
        demo.tasks = TaskSourceSpec();
    }
    QString watched;
    for (ProcessSpec &spec : demo.processes) {
        if (!spec.name.isEmpty())
            spec.name = freeName(m_supervisor, spec.name);
        if (spec.timeoutMs > 0 && watched.isEmpty())
            watched = spec.name;
    }
    const int before = int(m_supervisor->processes().size());
    const QString error = m_session->startDocument(demo).error;
    if (!error.isEmpty()) {
        setLastError(tr("Could not start the demo: %1").arg(error));
        return;
    }
    m_model->refresh();
    // Show the watchdog at work: its countdown in the details, then its stop timeline.
    if (const ManagedProcess *p = m_supervisor->findByName(watched))
        selectProcesses({p->id()});
    else if (int(m_supervisor->processes().size()) > before)
        selectProcesses({m_supervisor->processes().at(before)->id()});
}

} // namespace herd
