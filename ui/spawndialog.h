#pragma once

#include "process/supervisor.h"
#include "process/processtypes.h"

#include <QDialog>
#include <QPointer>
#include <QVector>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;
class QSpinBox;

namespace herd {


// Asks what to spawn: a name (blank gives Process-N / Worker-N), how many, a stock worker
// (simulated work per task, or a command per task) or any command with its arguments
// (split like a shell, never run through one), timeout, grace, daemon, working directory
// and environment. Input is checked as it is typed; what is wrong is said inside the
// dialog and Spawn stays disabled, so nothing runs on bad input. The last settings are
// remembered (QSettings, group "spawn").
class SpawnDialog final : public QDialog
{
    Q_OBJECT

public:
    enum class Kind {
        Command,
        Worker,
    };
    enum class WorkerMode {
        SimulatedWork, // herd-worker --work-ms N
        CommandPerTask, // herd-worker --exec CMD
    };

    // supervisor: used to refuse names that are taken; may be null.
    explicit SpawnDialog(Supervisor *supervisor, QWidget *parent = nullptr);
    ~SpawnDialog() override;

    // The stock worker program (herd-worker). Empty: the worker choice is unavailable.
    void setWorkerProgram(const QString &path);
    QString workerProgram() const { return m_workerProgram; }

    void setKind(Kind kind);
    Kind kind() const;

    // The specs to spawn; valid when errorText() is empty.
    QVector<ProcessSpec> specs() const { return m_specs; }
    // What is wrong with the input, in words; empty when it can be spawned.
    QString errorText() const { return m_error; }
    // A caution that does not block (e.g. the program was not found in PATH).
    QString warningText() const { return m_warning; }

    void accept() override;

private:
    void validate();
    void edited(); // a user's change: from now on what is missing is said in red
    void updateEnabled();
    void loadSettings();
    void saveSettings() const;
    void browseDirectory();

    QPointer<Supervisor> m_supervisor;
    QString m_workerProgram;
    QVector<ProcessSpec> m_specs;
    QString m_error;
    QString m_warning;
    bool m_edited = false;

    QLineEdit *m_name = nullptr;
    QSpinBox *m_count = nullptr;
    QRadioButton *m_commandRadio = nullptr;
    QRadioButton *m_workerRadio = nullptr;
    QLineEdit *m_command = nullptr;
    QRadioButton *m_simulatedRadio = nullptr;
    QLineEdit *m_workPerTask = nullptr;
    QRadioButton *m_taskCommandRadio = nullptr;
    QLineEdit *m_taskCommand = nullptr;
    QLineEdit *m_timeout = nullptr;
    QLineEdit *m_grace = nullptr;
    QCheckBox *m_daemon = nullptr;
    QComboBox *m_restart = nullptr;
    QSpinBox *m_maxRestarts = nullptr;
    QLineEdit *m_backoff = nullptr;
    QLineEdit *m_directory = nullptr;
    QPlainTextEdit *m_environment = nullptr;
    QLabel *m_messageIcon = nullptr;
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace herd
