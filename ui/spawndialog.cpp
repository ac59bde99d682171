#include "spawndialog.h"

#include "process/supervisor.h"
#include "shellwords.h"
#include "spawnform.h"
#include "numberfield.h"
#include "statebadgedelegate.h"
#include "units.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

namespace herd {

namespace {

constexpr int kMaxCount = 500;
constexpr qint64 kDefaultWorkMs = 500;

QString settingsKey(const char *key)
{
    return QStringLiteral("spawn/") + QLatin1String(key);
}

} // namespace

SpawnDialog::SpawnDialog(Supervisor *supervisor, QWidget *parent)
    : QDialog(parent)
    , m_supervisor(supervisor)
{
    setWindowTitle(tr("Spawn processes"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/spawn.svg")));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("blank: Process-N, or Worker-N for workers"));
    m_name->setToolTip(tr("Names are unique in a session. With more than one process, "
                          "each gets the name followed by -1, -2, …"));
    m_count = new QSpinBox(this);
    m_count->setObjectName(QStringLiteral("countSpin"));
    m_count->setRange(1, kMaxCount);
    m_count->setAccelerated(true);
    connect(NumberFieldGuard::install(m_count), &NumberFieldGuard::shownTextChanged, this, [this] {
        if (m_edited || m_count->hasFocus())
            edited();
    });

    // What to run.
    auto *what = new QGroupBox(tr("What to run"), this);
    m_commandRadio = new QRadioButton(tr("A &command"), what);
    m_commandRadio->setObjectName(QStringLiteral("commandRadio"));
    m_command = new QLineEdit(what);
    m_command->setObjectName(QStringLiteral("commandEdit"));
    m_command->setPlaceholderText(tr("program and arguments, e.g. sleep 30"));
    m_command->setToolTip(tr("Split into words like a shell does ('quotes', \"quotes\", \\ escapes), "
                             "but no shell runs it: nothing is expanded or substituted."));
    m_workerRadio = new QRadioButton(tr("A stock &worker"), what);
    m_workerRadio->setObjectName(QStringLiteral("workerRadio"));
    m_simulatedRadio = new QRadioButton(tr("simulated work per task:"), what);
    m_simulatedRadio->setObjectName(QStringLiteral("simulatedRadio"));
    m_workPerTask = new QLineEdit(what);
    m_workPerTask->setObjectName(QStringLiteral("workPerTaskEdit"));
    m_workPerTask->setPlaceholderText(tr("e.g. 500 ms"));
    m_taskCommandRadio = new QRadioButton(tr("run a command per task:"), what);
    m_taskCommandRadio->setObjectName(QStringLiteral("taskCommandRadio"));
    m_taskCommand = new QLineEdit(what);
    m_taskCommand->setObjectName(QStringLiteral("taskCommandEdit"));
    m_taskCommand->setPlaceholderText(tr("e.g. convert {} out/{}.png  ({} is the task's payload)"));
    auto *kindGroup = new QButtonGroup(this);
    kindGroup->addButton(m_commandRadio);
    kindGroup->addButton(m_workerRadio);
    auto *modeGroup = new QButtonGroup(this);
    modeGroup->addButton(m_simulatedRadio);
    modeGroup->addButton(m_taskCommandRadio);

    auto *whatLayout = new QGridLayout(what);
    whatLayout->setColumnMinimumWidth(0, 22);
    whatLayout->setColumnStretch(2, 1);
    whatLayout->addWidget(m_commandRadio, 0, 0, 1, 3);
    whatLayout->addWidget(m_command, 1, 1, 1, 2);
    whatLayout->addWidget(m_workerRadio, 2, 0, 1, 3);
    whatLayout->addWidget(m_simulatedRadio, 3, 1);
    whatLayout->addWidget(m_workPerTask, 3, 2);
    whatLayout->addWidget(m_taskCommandRadio, 4, 1);
    whatLayout->addWidget(m_taskCommand, 4, 2);

    // How to run it.
    m_timeout = new QLineEdit(this);
    m_timeout->setObjectName(QStringLiteral("timeoutEdit"));
    m_timeout->setPlaceholderText(tr("0: no watchdog"));
    m_timeout->setToolTip(tr("The watchdog stops the process this long after it starts. "
                             "Seconds, or with a unit: 500 ms, 30 s, 2 min. 0 means none."));
    m_grace = new QLineEdit(this);
    m_grace->setObjectName(QStringLiteral("graceEdit"));
    m_grace->setToolTip(tr("How long a process may take to exit after SIGTERM before SIGKILL ends it."));
    m_daemon = new QCheckBox(tr("&Daemon: stopped when Herd quits, and dies if Herd is killed"), this);
    m_daemon->setObjectName(QStringLiteral("daemonCheck"));
    // Restart policy: when, at most how many times a minute, and the first delay (it
    // doubles with each restart).
    m_restart = new QComboBox(this);
    m_restart->setObjectName(QStringLiteral("restartCombo"));
    m_restart->addItem(tr("never"), int(RestartPolicy::Mode::Never));
    m_restart->addItem(tr("on failure"), int(RestartPolicy::Mode::OnFailure));
    m_restart->addItem(tr("always"), int(RestartPolicy::Mode::Always));
    m_restart->setToolTip(tr("On failure: when it does not exit with 0 (a stop you ask for never restarts it). "
                             "Always: whenever it ends on its own."));
    m_maxRestarts = new QSpinBox(this);
    m_maxRestarts->setObjectName(QStringLiteral("maxRestartsSpin"));
    m_maxRestarts->setRange(1, 1000);
    m_maxRestarts->setValue(RestartPolicy().maxRestarts);
    connect(NumberFieldGuard::install(m_maxRestarts), &NumberFieldGuard::shownTextChanged, this, [this] {
        if (m_edited || m_maxRestarts->hasFocus())
            edited();
    });
    m_maxRestarts->setToolTip(tr("Past this many restarts within a minute the process is left stopped as crash-looping."));
    m_backoff = new QLineEdit(this);
    m_backoff->setObjectName(QStringLiteral("backoffEdit"));
    m_backoff->setToolTip(tr("The delay before the first restart; it doubles with each one, up to 30 s."));
    auto *restartRow = new QHBoxLayout;
    restartRow->addWidget(m_restart);
    restartRow->addWidget(new QLabel(tr("at most"), this));
    restartRow->addWidget(m_maxRestarts);
    restartRow->addWidget(new QLabel(tr("times a minute, first after"), this));
    restartRow->addWidget(m_backoff, 1);
    m_directory = new QLineEdit(this);
    m_directory->setObjectName(QStringLiteral("directoryEdit"));
    m_directory->setPlaceholderText(tr("Herd's own"));
    auto *browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, &SpawnDialog::browseDirectory);
    auto *directoryRow = new QHBoxLayout;
    directoryRow->addWidget(m_directory, 1);
    directoryRow->addWidget(browse);
    m_environment = new QPlainTextEdit(this);
    m_environment->setObjectName(QStringLiteral("environmentEdit"));
    m_environment->setPlaceholderText(tr("KEY=VALUE, one per line"));
    m_environment->setTabChangesFocus(true);
    m_environment->setFixedHeight(m_environment->fontMetrics().lineSpacing() * 4 + 12);

    // One form, so every label lines up; the choice of what to run spans both columns.
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("How &many:"), m_count);
    form->addRow(what);
    form->addRow(tr("&Timeout:"), m_timeout);
    form->addRow(tr("&Grace:"), m_grace);
    form->addRow(QString(), m_daemon);
    // A row that is a layout has no buddy of its own: without one, "&" would show.
    auto *restartLabel = new QLabel(tr("&Restart:"), this);
    restartLabel->setObjectName(QStringLiteral("restartLabel"));
    restartLabel->setBuddy(m_restart);
    form->addRow(restartLabel, restartRow);
    auto *directoryLabel = new QLabel(tr("&Working directory:"), this);
    directoryLabel->setBuddy(m_directory);
    form->addRow(directoryLabel, directoryRow);
    form->addRow(tr("&Environment:"), m_environment);

    // The inline message: an error blocks Spawn, a warning does not.
    m_messageIcon = new QLabel(this);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // Room for a two-line message is kept whether or not there is one, so the rows above do
    // not move when a message comes or goes.
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 2 + 2);
    m_messageIcon->setFixedSize(16, 16);
    {
        QSizePolicy keep = m_messageIcon->sizePolicy();
        keep.setRetainSizeWhenHidden(true);
        m_messageIcon->setSizePolicy(keep);
    }
    auto *messageRow = new QHBoxLayout;
    messageRow->addWidget(m_messageIcon, 0, Qt::AlignTop);
    messageRow->addWidget(m_message, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Spawn"));
    m_buttons->button(QDialogButtonBox::Ok)->setIcon(QIcon(QStringLiteral(":/icons/spawn.svg")));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SpawnDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SpawnDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(messageRow);
    layout->addWidget(m_buttons);

    loadSettings();

    for (QLineEdit *edit : {m_name, m_command, m_workPerTask, m_taskCommand, m_timeout, m_grace, m_directory})
        connect(edit, &QLineEdit::textChanged, this, &SpawnDialog::edited);
    connect(m_environment, &QPlainTextEdit::textChanged, this, &SpawnDialog::edited);
    connect(m_count, &QSpinBox::textChanged, this, &SpawnDialog::edited);
    connect(m_daemon, &QCheckBox::toggled, this, &SpawnDialog::edited);
    connect(m_restart, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        edited();
    });
    connect(m_maxRestarts, &QSpinBox::textChanged, this, &SpawnDialog::edited);
    connect(m_backoff, &QLineEdit::textChanged, this, &SpawnDialog::edited);
    for (QRadioButton *radio : {m_commandRadio, m_workerRadio, m_simulatedRadio, m_taskCommandRadio})
        connect(radio, &QRadioButton::toggled, this, [this] {
            updateEnabled();
            edited();
        });
    updateEnabled();
    validate();
    resize(qMax(520, sizeHint().width()), sizeHint().height());
}

SpawnDialog::~SpawnDialog() = default;

void SpawnDialog::setWorkerProgram(const QString &path)
{
    m_workerProgram = path;
    m_workerRadio->setToolTip(path.isEmpty() ? tr("The stock worker program (herd-worker) was not found.")
                                             : tr("Runs %1, which takes tasks from the session's queue.").arg(path));
    updateEnabled();
    validate();
}

void SpawnDialog::setKind(Kind kind)
{
    (kind == Kind::Worker ? m_workerRadio : m_commandRadio)->setChecked(true);
}

SpawnDialog::Kind SpawnDialog::kind() const
{
    return m_workerRadio->isChecked() ? Kind::Worker : Kind::Command;
}

void SpawnDialog::updateEnabled()
{
    const bool worker = m_workerRadio->isChecked();
    m_command->setEnabled(!worker);
    m_simulatedRadio->setEnabled(worker);
    m_taskCommandRadio->setEnabled(worker);
    m_workPerTask->setEnabled(worker && m_simulatedRadio->isChecked());
    m_taskCommand->setEnabled(worker && m_taskCommandRadio->isChecked());
    const bool restarts = m_restart->currentData().toInt() != int(RestartPolicy::Mode::Never);
    m_maxRestarts->setEnabled(restarts);
    m_backoff->setEnabled(restarts);
}

void SpawnDialog::edited()
{
    m_edited = true;
    validate();
}

void SpawnDialog::validate()
{
    SpawnForm form;
    form.name = m_name->text();
    form.count = m_count->value();
    form.worker = m_workerRadio->isChecked();
    form.workerProgram = m_workerProgram;
    form.workerRunsCommand = m_taskCommandRadio->isChecked();
    form.workPerTask = m_workPerTask->text();
    form.taskCommand = m_taskCommand->text();
    form.command = m_command->text();
    form.timeout = m_timeout->text();
    form.grace = m_grace->text();
    form.daemon = m_daemon->isChecked();
    form.restart = RestartPolicy::Mode(m_restart->currentData().toInt());
    form.maxRestarts = m_maxRestarts->value();
    form.backoff = m_backoff->text();
    form.directory = m_directory->text();
    form.environment = m_environment->toPlainText();
    const Result<SpawnForm::Parsed> parsed = form.parse([this](const QString &name) {
        return m_supervisor && m_supervisor->findByName(name);
    });
    m_specs = parsed.value.specs;
    m_error = parsed.error;
    m_warning = parsed.value.warning;
    // What the number fields show is what runs, or nothing does.
    if (!NumberFieldGuard::showsValidValue(m_count))
        m_error = tr("How many: type a whole number from 1 to %1.").arg(kMaxCount);
    else if (m_maxRestarts->isEnabled() && !NumberFieldGuard::showsValidValue(m_maxRestarts))
        m_error = tr("Restart at most: type a whole number from %1 to %2.")
                      .arg(m_maxRestarts->minimum())
                      .arg(m_maxRestarts->maximum());

    if (!m_error.isEmpty())
        m_specs.clear();

    const QString shown = m_error.isEmpty() ? m_warning : m_error;
    // Before the first edit, what is missing is a hint, not an error: a dialog does not open
    // in red. Spawn stays disabled either way.
    const bool hint = !m_error.isEmpty() && !m_edited;
    const BadgeTone tone = hint ? BadgeTone::Neutral : m_error.isEmpty() ? BadgeTone::Warning : BadgeTone::Danger;
    QPalette p = m_message->palette();
    p.setColor(QPalette::WindowText, StateBadgeDelegate::colors(tone, palette()).text);
    m_message->setPalette(p);
    m_message->setText(shown);
    m_messageIcon->setPixmap(shown.isEmpty() || hint ? QPixmap()
                                             : QIcon(m_error.isEmpty() ? QStringLiteral(":/icons/warning.svg")
                                                                       : QStringLiteral(":/icons/error.svg"))
                                                   .pixmap(16, 16));
    m_messageIcon->setVisible(!shown.isEmpty() && !hint);
    m_message->setVisible(true);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_error.isEmpty());
}

void SpawnDialog::accept()
{
    m_edited = true;
    validate();
    if (!m_error.isEmpty())
        return; // the message says why; nothing runs
    saveSettings();
    QDialog::accept();
}

void SpawnDialog::loadSettings()
{
    // One-off choices (the command, how many, Daemon) are not carried into the next
    // dialog: they belong to what was spawned then. How to run things is.
    QSettings s;
    setKind(s.value(settingsKey("kind")).toString() == QLatin1String("worker") ? Kind::Worker : Kind::Command);
    (s.value(settingsKey("workerMode")).toString() == QLatin1String("exec") ? m_taskCommandRadio : m_simulatedRadio)
        ->setChecked(true);
    m_workPerTask->setText(durationInputText(s.value(settingsKey("workMs"), kDefaultWorkMs).toLongLong()));
    m_taskCommand->setText(s.value(settingsKey("taskCommand")).toString());
    m_timeout->setText(durationInputText(s.value(settingsKey("timeoutMs"), 0).toLongLong()));
    m_grace->setText(durationInputText(s.value(settingsKey("graceMs"), ProcessSpec().graceMs).toLongLong()));
    m_restart->setCurrentIndex(qBound(0, s.value(settingsKey("restart"), 0).toInt(), 2));
    m_maxRestarts->setValue(s.value(settingsKey("maxRestarts"), RestartPolicy().maxRestarts).toInt());
    m_backoff->setText(durationInputText(s.value(settingsKey("backoffMs"), RestartPolicy().backoffMs).toLongLong()));
    m_directory->setText(s.value(settingsKey("directory")).toString());
    m_environment->setPlainText(s.value(settingsKey("environment")).toStringList().join(QLatin1Char('\n')));
}

void SpawnDialog::saveSettings() const
{
    if (m_specs.isEmpty())
        return;
    const ProcessSpec &spec = m_specs.first();
    QSettings s;
    s.setValue(settingsKey("kind"), kind() == Kind::Worker ? QStringLiteral("worker") : QStringLiteral("command"));
    if (kind() == Kind::Worker)
        s.setValue(settingsKey("workerMode"),
                   m_taskCommandRadio->isChecked() ? QStringLiteral("exec") : QStringLiteral("work"));
    if (kind() == Kind::Worker && m_simulatedRadio->isChecked())
        s.setValue(settingsKey("workMs"), spec.arguments.value(1).toLongLong());
    if (kind() == Kind::Worker && m_taskCommandRadio->isChecked())
        s.setValue(settingsKey("taskCommand"), m_taskCommand->text().trimmed());
    s.setValue(settingsKey("timeoutMs"), spec.timeoutMs);
    s.setValue(settingsKey("graceMs"), spec.graceMs);
    s.setValue(settingsKey("restart"), m_restart->currentIndex());
    s.setValue(settingsKey("maxRestarts"), spec.restart.maxRestarts);
    s.setValue(settingsKey("backoffMs"), spec.restart.backoffMs);
    s.setValue(settingsKey("directory"), spec.workingDirectory);
    s.setValue(settingsKey("environment"), spec.environment);
}

void SpawnDialog::browseDirectory()
{
    auto *dialog = new QFileDialog(this, tr("Working directory"), m_directory->text());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &dir) { m_directory->setText(dir); });
    dialog->open();
}

} // namespace herd
