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

Result<SpawnForm::Parsed> SpawnForm::parse(const std::function<bool(const QString &)> &nameTaken) const
{
    using R = Result<Parsed>;
    Parsed out;
    const QString directory = this->directory.trimmed();

    ProcessSpec base;
    base.kind = worker ? ProcessKind::Worker : ProcessKind::Plain;
    base.workingDirectory = directory;
    base.daemon = daemon;

    if (worker) {
        if (workerProgram.isEmpty())
            return R::failure(tr("The stock worker program (herd-worker) was not found next to Herd, so "
                                 "workers cannot be spawned. Choose a command instead."));
        base.program = workerProgram;
        if (workerRunsCommand) {
            const QString perTask = taskCommand.trimmed();
            if (perTask.isEmpty())
                return R::failure(tr("Enter the command each task runs."));
            const Result<QStringList> words = splitShellWords(perTask);
            if (!words.ok())
                return R::failure(tr("The command per task cannot be read: %1.").arg(words.error));
            base.arguments = QStringList{QStringLiteral("--exec"), perTask};
        } else {
            const Result<qint64> work = parseDuration(workPerTask, kMaxTimeoutMs, tr("The work per task"));
            if (!work.ok())
                return R::failure(work.error);
            base.arguments = QStringList{QStringLiteral("--work-ms"), QString::number(work.value)};
        }
    } else {
        const Result<QStringList> words = splitShellWords(command);
        if (!words.ok())
            return R::failure(tr("The command cannot be read: %1.").arg(words.error));
        if (words.value.isEmpty() || words.value.first().isEmpty())
            return R::failure(tr("Enter the program to run, followed by its arguments."));
        base.program = resolveProgram(words.value.first(), directory, &out.warning);
        base.arguments = words.value.mid(1);
    }

    const Result<qint64> timeout = parseDuration(this->timeout, kMaxTimeoutMs, tr("The timeout"));
    if (!timeout.ok())
        return R::failure(timeout.error);
    base.timeoutMs = timeout.value;
    if (this->grace.trimmed().isEmpty()) {
        base.graceMs = ProcessSpec().graceMs;
    } else {
        const Result<qint64> grace = parseDuration(this->grace, kMaxGraceMs, tr("The grace period"));
        if (!grace.ok())
            return R::failure(grace.error);
        base.graceMs = grace.value;
    }
    base.restart.mode = restart;
    base.restart.maxRestarts = maxRestarts;
    if (base.restart.mode != RestartPolicy::Mode::Never) {
        const Result<qint64> backoff = parseDuration(this->backoff, base.restart.maxBackoffMs, tr("The restart delay"));
        if (!backoff.ok())
            return R::failure(backoff.error);
        base.restart.backoffMs = this->backoff.trimmed().isEmpty() ? RestartPolicy().backoffMs : backoff.value;
    }

    if (!directory.isEmpty()) {
        const QFileInfo info(directory);
        if (!info.exists())
            return R::failure(tr("The working directory “%1” does not exist.").arg(directory));
        if (!info.isDir())
            return R::failure(tr("The working directory “%1” is not a directory.").arg(directory));
    }

    static const QRegularExpression key(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    const QStringList lines = environment.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i);
        if (line.trimmed().isEmpty())
            continue;
        const int eq = line.indexOf(QLatin1Char('='));
        if (eq < 0)
            return R::failure(tr("Environment line %1 (“%2”) is not KEY=VALUE.").arg(i + 1).arg(line.trimmed()));
        if (!key.match(line.left(eq)).hasMatch())
            return R::failure(tr("Environment line %1: “%2” is not a variable name (letters, digits and _, "
                                 "not starting with a digit).")
                                  .arg(i + 1)
                                  .arg(line.left(eq)));
        base.environment << line;
    }

    const QString name = this->name.trimmed();
    for (int i = 0; i < count; ++i) {
        ProcessSpec spec = base;
        if (!name.isEmpty())
            spec.name = count == 1 ? name : QStringLiteral("%1-%2").arg(name).arg(i + 1);
        if (!spec.name.isEmpty() && nameTaken && nameTaken(spec.name))
            return R::failure(tr("A process named “%1” already exists; names are unique in a session.").arg(spec.name));
        if (const Result<void> valid = validateSpec(spec); !valid.ok())
            return R::failure(valid.error);
        out.specs << spec;
    }
    return R::success(out);
}

} // namespace herd
