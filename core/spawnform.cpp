#include "spawnform.h"

#include "durations.h"
#include "shellwords.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

namespace herd {

namespace {

// A program named without a slash is looked up in PATH now, so the spec carries an
// absolute path and what runs is what the user saw here.
QString resolveProgram(const QString &program, const QString &workingDirectory, QString *warning)
{
    if (program.contains(QLatin1Char('/'))) {
        const QString path = QDir::isAbsolutePath(program) || workingDirectory.isEmpty()
            ? program
            : QDir(workingDirectory).filePath(program);
        const QFileInfo info(path);
        if (!info.exists())
            *warning = SpawnForm::tr("“%1” does not exist: it will fail to start.").arg(program);
        else if (info.isDir() || !info.isExecutable())
            *warning = SpawnForm::tr("“%1” is not an executable file: it will fail to start.").arg(program);
        return program;
    }
    const QString found = QStandardPaths::findExecutable(program);
    if (found.isEmpty()) {
        *warning = SpawnForm::tr("“%1” was not found in PATH: it will fail to start.").arg(program);
        return program;
    }
    return found;
}

} // namespace

SpawnForm::Parsed SpawnForm::parse(const std::function<bool(const QString &)> &nameTaken) const
{
    Parsed out;
    auto fail = [&out](const QString &error) { out.error = error; };
    const QString directory = this->directory.trimmed();

    ProcessSpec base;
    base.kind = worker ? ProcessKind::Worker : ProcessKind::Plain;
    base.workingDirectory = directory;
    base.daemon = daemon;

    do {
        if (worker) {
            if (workerProgram.isEmpty()) {
                fail(tr("The stock worker program (herd-worker) was not found next to Herd, so "
                        "workers cannot be spawned. Choose a command instead."));
                break;
            }
            base.program = workerProgram;
            if (workerRunsCommand) {
                const QString perTask = taskCommand.trimmed();
                if (perTask.isEmpty()) {
                    fail(tr("Enter the command each task runs."));
                    break;
                }
                const ShellWords words = splitShellWords(perTask);
                if (!words.ok()) {
                    fail(tr("The command per task cannot be read: %1.").arg(words.error));
                    break;
                }
                base.arguments = QStringList{QStringLiteral("--exec"), perTask};
            } else {
                const Result<qint64> work = parseDuration(workPerTask, kMaxTimeoutMs, tr("The work per task"));
                if (!work.ok()) {
                    fail(work.error);
                    break;
                }
                base.arguments = QStringList{QStringLiteral("--work-ms"), QString::number(work.value)};
            }
        } else {
            const ShellWords words = splitShellWords(command);
            if (!words.ok()) {
                fail(tr("The command cannot be read: %1.").arg(words.error));
                break;
            }
            if (words.words.isEmpty() || words.words.first().isEmpty()) {
                fail(tr("Enter the program to run, followed by its arguments."));
                break;
            }
            base.program = resolveProgram(words.words.first(), directory, &out.warning);
            base.arguments = words.words.mid(1);
        }

        const Result<qint64> timeout = parseDuration(this->timeout, kMaxTimeoutMs, tr("The timeout"));
        if (!timeout.ok()) {
            fail(timeout.error);
            break;
        }
        base.timeoutMs = timeout.value;
        if (this->grace.trimmed().isEmpty()) {
            base.graceMs = ProcessSpec().graceMs;
        } else {
            const Result<qint64> grace = parseDuration(this->grace, kMaxGraceMs, tr("The grace period"));
            if (!grace.ok()) {
                fail(grace.error);
                break;
            }
            base.graceMs = grace.value;
        }
        base.restart.mode = restart;
        base.restart.maxRestarts = maxRestarts;
        if (base.restart.mode != RestartPolicy::Mode::Never) {
            const Result<qint64> backoff = parseDuration(this->backoff, base.restart.maxBackoffMs, tr("The restart delay"));
            if (!backoff.ok()) {
                fail(backoff.error);
                break;
            }
            base.restart.backoffMs = this->backoff.trimmed().isEmpty() ? RestartPolicy().backoffMs : backoff.value;
        }

        if (!directory.isEmpty()) {
            const QFileInfo info(directory);
            if (!info.exists()) {
                fail(tr("The working directory “%1” does not exist.").arg(directory));
                break;
            }
            if (!info.isDir()) {
                fail(tr("The working directory “%1” is not a directory.").arg(directory));
                break;
            }
        }

        static const QRegularExpression key(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        const QStringList lines = environment.split(QLatin1Char('\n'));
        for (int i = 0; i < lines.size() && out.error.isEmpty(); ++i) {
            const QString line = lines.at(i);
            if (line.trimmed().isEmpty())
                continue;
            const int eq = line.indexOf(QLatin1Char('='));
            if (eq < 0) {
                fail(tr("Environment line %1 (“%2”) is not KEY=VALUE.").arg(i + 1).arg(line.trimmed()));
            } else if (!key.match(line.left(eq)).hasMatch()) {
                fail(tr("Environment line %1: “%2” is not a variable name (letters, digits and _, "
                        "not starting with a digit).")
                         .arg(i + 1)
                         .arg(line.left(eq)));
            } else {
                base.environment << line;
            }
        }
        if (!out.error.isEmpty())
            break;

        const QString name = this->name.trimmed();
        for (int i = 0; i < count; ++i) {
            ProcessSpec spec = base;
            if (!name.isEmpty())
                spec.name = count == 1 ? name : QStringLiteral("%1-%2").arg(name).arg(i + 1);
            if (!spec.name.isEmpty() && nameTaken && nameTaken(spec.name)) {
                fail(tr("A process named “%1” already exists; names are unique in a session.").arg(spec.name));
                break;
            }
            const QString problem = validateSpec(spec);
            if (!problem.isEmpty()) {
                fail(problem);
                break;
            }
            out.specs << spec;
        }
    } while (false);

    if (!out.error.isEmpty())
        out.specs.clear();
    return out;
}

} // namespace herd
