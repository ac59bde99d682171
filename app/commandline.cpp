#include "commandline.h"

#include "process/processtypes.h"
#include "durations.h"
#include "shellwords.h"
#include "tasksource.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>


namespace herd {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("herd", text);
}
} // namespace

CommandLineOutcome parseCommandLine(const QStringList &arguments)
{
    CommandLineOutcome out;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Herd runs named processes and a pool of workers fed by a shared-memory task queue, "
           "and shows live which worker took each task.\n"
           "Without --headless it opens the window and starts there the same work the options "
           "describe; the options are the same in both modes. With a session FILE the options add "
           "to it (--max-attempts, --task-timeout, --queue and --lease override its [queue])."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help and exit."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")}, tr("Show the version and exit."));
    const QCommandLineOption headless(QStringLiteral("headless"),
        tr("Run without a window; echo each process's output prefixed with its name."));
    const QCommandLineOption demo(QStringLiteral("demo"),
        tr("Start the demo: two workers draining ten tasks, a named process and a process with a 5 s watchdog."));
    const QCommandLineOption run(QStringLiteral("run"),
        tr("Spawn a process (repeatable). COMMAND is split into words as a shell would, but no shell runs it."),
        tr("[NAME=]COMMAND"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
        tr("Watchdog for the processes of --run: terminate each after SECONDS (0 = none)."), tr("SECONDS"));
    const QCommandLineOption grace(QStringLiteral("grace"),
        tr("Seconds between SIGTERM and SIGKILL when stopping what --run and --workers spawn "
           "(default 5; 0 = SIGKILL at once)."), tr("SECONDS"));
    const QCommandLineOption daemon(QStringLiteral("daemon"),
        tr("Spawn the processes of --run as daemons: stopped when Herd ends, never waited for."));
    const QCommandLineOption workers(QStringLiteral("workers"), tr("Spawn N stock workers (Worker-1 ...)."), tr("N"));
    const QCommandLineOption tasks(QStringLiteral("tasks"), tr("Enqueue tasks 1..N."), tr("N"));
    const QCommandLineOption tasksFrom(QStringLiteral("tasks-from"),
        tr("Enqueue one task per line of FILE (- for standard input)."), tr("FILE"));
    const QCommandLineOption workMs(QStringLiteral("work-ms"), tr("Stock workers simulate MS of work per task."), tr("MS"));
    const QCommandLineOption exec(QStringLiteral("exec"),
        tr("Stock workers run CMD per task, {} replaced by the payload (no shell)."), tr("CMD"));
    const QCommandLineOption workerCommand(QStringLiteral("worker-command"),
        tr("The workers of --workers run CMD instead of the stock worker: any program that takes "
           "tasks from the queue (split into words, no shell)."), tr("CMD"));
    const QCommandLineOption taskTimeout(QStringLiteral("task-timeout"),
        tr("Stop a worker whose task runs longer than SECONDS; the task goes back to the queue."), tr("SECONDS"));
    const QCommandLineOption attempts(QStringLiteral("max-attempts"),
        tr("Attempts per task before it is dead-lettered (default 3)."), tr("N"));
    const QCommandLineOption queue(QStringLiteral("queue"),
        tr("Keep the tasks in Redis Streams at URL, redis://[USER:PASSWORD@]HOST:PORT/NAME (or a local "
           "server's socket: redis+unix:///PATH/TO/SOCKET/NAME), so workers on other machines can take them "
           "(herd-worker --queue URL); default: shared memory on this machine."),
        tr("URL"));
    const QCommandLineOption lease(QStringLiteral("lease"),
        tr("With --queue: a worker silent for SECONDS loses its task, which goes back to the queue (default 30)."),
        tr("SECONDS"));
    const QCommandLineOption events(QStringLiteral("events"),
        tr("Write every spawn, exit, take and completion as JSON Lines to FILE as they happen "
           "(- for standard output)."), tr("FILE"));
    const QCommandLineOption report(QStringLiteral("report"),
        tr("Write the task ledger as CSV to FILE when the run ends (the window: when it quits)."), tr("FILE"));
    const QCommandLineOption restart(QStringLiteral("restart"),
        tr("Restart the processes and workers of the command line when they end: never, on-failure or always "
           "(default: never for --run, on-failure for --workers)."), tr("WHEN"));
    const QCommandLineOption lang(QStringLiteral("lang"), tr("Language of the interface (en, zh_CN)."), tr("LANG"));
    parser.addOptions({help, version, headless, demo, run, timeout, grace, daemon, workers, tasks, tasksFrom,
                       workMs, exec, workerCommand, taskTimeout, attempts, queue, lease, events, report, restart,
                       lang});
    parser.addPositionalArgument(QStringLiteral("session"), tr("A session file to load and run."), tr("[FILE]"));

    auto fail = [&out](const QString &message) {
        out.kind = CommandLineOutcome::Kind::Error;
        out.text = message;
        return out;
    };

    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(help)) {
        out.kind = CommandLineOutcome::Kind::Help;
        out.text = parser.helpText();
        return out;
    }
    if (parser.isSet(version)) {
        out.kind = CommandLineOutcome::Kind::Version;
        out.text = QStringLiteral("herd %1").arg(QStringLiteral(HERD_VERSION));
        return out;
    }

    CommandLine &o = out.options;
    o.headless = parser.isSet(headless);
    o.demo = parser.isSet(demo);
    o.daemon = parser.isSet(daemon);
    QString error;
    if (parser.isSet(timeout)) {
        const Result<qint64> ms = parseDuration(parser.value(timeout), kMaxTimeoutMs, QStringLiteral("--timeout"));
        if (!ms.ok())
            return fail(ms.error);
        o.timeoutMs = ms.value;
    }
    if (parser.isSet(grace)) {
        // For the grace, 0 is no limit at all but SIGKILL at once: say so, not "use 0 for none".
        if (parser.value(grace).trimmed().startsWith(QLatin1Char('-')))
            return fail(tr("--grace cannot be negative (0 means SIGKILL at once)"));
        const Result<qint64> ms = parseDuration(parser.value(grace), kMaxGraceMs, QStringLiteral("--grace"));
        if (!ms.ok())
            return fail(ms.error);
        o.graceMs = ms.value;
    }
    if (parser.isSet(taskTimeout)) {
        const Result<qint64> ms = parseDuration(parser.value(taskTimeout), kMaxTimeoutMs, QStringLiteral("--task-timeout"));
        if (!ms.ok())
            return fail(ms.error);
        o.taskTimeoutMs = ms.value;
        o.taskTimeoutSet = true;
    }
    auto count = [&](const QCommandLineOption &opt, const QString &name, qint64 max, qint64 *value) {
        bool ok = false;
        const qint64 v = parser.value(opt).toLongLong(&ok);
        if (!ok || v < 0 || v > max) {
            error = tr("%1 takes a whole number from 0 to %2, not \"%3\"").arg(name).arg(max).arg(parser.value(opt));
            return false;
        }
        *value = v;
        return true;
    };
    qint64 v = 0;
    if (parser.isSet(workers)) {
        if (!count(workers, QStringLiteral("--workers"), 4096, &v))
            return fail(error);
        o.workers = int(v);
    }
    // The ledger keeps every task: what cannot fit is refused here, not found out later.
    if (parser.isSet(tasks) && !count(tasks, QStringLiteral("--tasks"), kMaxSessionTasks, &o.tasks))
        return fail(error);
    // The same bound as herd-worker's, so a value it would refuse is refused here, at once.
    if (parser.isSet(workMs) && !count(workMs, QStringLiteral("--work-ms"), Q_INT64_C(86400000), &o.workMs))
        return fail(error);
    if (parser.isSet(attempts)) {
        bool ok = false;
        v = parser.value(attempts).toLongLong(&ok);
        if (!ok || v < 1 || v > 1000)
            return fail(tr("--max-attempts takes a whole number from 1 to 1000, not \"%1\"").arg(parser.value(attempts)));
        o.maxAttempts = int(v);
        o.maxAttemptsSet = true;
    }
    if (parser.isSet(queue)) {
        o.queueUrl = parser.value(queue);
        if (!o.queueUrl.startsWith(QLatin1String("redis://")) && !o.queueUrl.startsWith(QLatin1String("rediss://"))
            && !o.queueUrl.startsWith(QLatin1String("redis+unix://")))
            return fail(tr("--queue takes a Redis address, redis://HOST:PORT/NAME or redis+unix:///PATH/TO/SOCKET/NAME"));
    }
    if (parser.isSet(lease)) {
        const Result<qint64> ms = parseDuration(parser.value(lease), kMaxTimeoutMs, QStringLiteral("--lease"));
        if (!ms.ok())
            return fail(ms.error);
        o.leaseMs = ms.value;
        if (o.leaseMs < 100)
            return fail(tr("--lease must be at least 0.1 seconds"));
        o.leaseSet = true;
    }
    if (parser.isSet(restart)) {
        if (!parseRestartMode(parser.value(restart), &o.restart))
            return fail(tr("--restart is never, on-failure or always, not \"%1\"").arg(parser.value(restart)));
        o.restartSet = true;
    }
    o.tasksFrom = parser.value(tasksFrom);
    o.exec = parser.value(exec);
    if (parser.isSet(exec)) {
        const Result<QStringList> words = splitShellWords(o.exec);
        if (!words.ok())
            return fail(tr("--exec: %1").arg(words.error));
        if (words.value.isEmpty())
            return fail(tr("--exec needs a command"));
        if (o.workMs > 0)
            return fail(tr("--exec and --work-ms cannot be combined: a worker either runs a command or simulates work"));
    }
    o.workerCommand = parser.value(workerCommand);
    if (parser.isSet(workerCommand)) {
        const Result<QStringList> words = splitShellWords(o.workerCommand);
        if (!words.ok())
            return fail(tr("--worker-command: %1").arg(words.error));
        if (words.value.isEmpty())
            return fail(tr("--worker-command needs a program, as in --worker-command \"python3 worker.py\""));
        if (parser.isSet(workMs) || parser.isSet(exec))
            return fail(tr("--work-ms and --exec are for the stock worker; a --worker-command worker "
                           "takes its own options in the command"));
    }
    o.eventsPath = parser.value(events);
    o.reportPath = parser.value(report);
    if (parser.isSet(events) && o.eventsPath.isEmpty())
        return fail(tr("--events needs a file name (or - for standard output)"));
    if (parser.isSet(report) && o.reportPath.isEmpty())
        return fail(tr("--report needs a file name"));
    o.lang = parser.value(lang);

    static const QRegularExpression namePrefix(QStringLiteral("^([^\\s=]+)=(.*)$"),
                                               QRegularExpression::DotMatchesEverythingOption);
    for (const QString &value : parser.values(run)) {
        RunRequest request;
        QString command = value;
        const QRegularExpressionMatch m = namePrefix.match(value);
        if (m.hasMatch()) {
            request.name = m.captured(1);
            command = m.captured(2);
        }
        const Result<QStringList> words = splitShellWords(command);
        if (!words.ok())
            return fail(tr("--run %1: %2").arg(value, words.error));
        if (words.value.isEmpty())
            return fail(tr("--run needs a command, as in --run \"sleep 5\" or --run NAME=\"sleep 5\""));
        request.program = words.value.first();
        request.arguments = words.value.mid(1);
        o.runs << request;
    }

    // An option that would change nothing is refused, never silently dropped.
    if (o.runs.isEmpty()) {
        if (parser.isSet(timeout))
            return fail(tr("--timeout is the watchdog of the processes of --run: add --run "
                           "(workers have --task-timeout)"));
        if (o.daemon)
            return fail(tr("--daemon applies to the processes of --run: add --run"));
    }
    if (o.workers == 0) {
        if (parser.isSet(workMs))
            return fail(tr("--work-ms describes the workers of --workers N: add --workers "
                           "(a session file's [workers] have their own work-ms)"));
        if (parser.isSet(exec))
            return fail(tr("--exec describes the workers of --workers N: add --workers "
                           "(a session file's [workers] have their own exec)"));
        if (parser.isSet(workerCommand))
            return fail(tr("--worker-command is the program of the workers of --workers N: add --workers "
                           "(a session file's [workers] have their own command)"));
        if (o.runs.isEmpty() && parser.isSet(grace))
            return fail(tr("--grace applies to what --run and --workers spawn: add one of them"));
        if (o.runs.isEmpty() && o.restartSet)
            return fail(tr("--restart applies to what --run and --workers spawn: add one of them"));
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return fail(tr("only one session file can be given, not %1").arg(positional.size()));
    if (!positional.isEmpty())
        o.sessionFile = positional.first();
    if (o.leaseSet && o.queueUrl.isEmpty() && o.sessionFile.isEmpty())
        return fail(tr("--lease is for a queue in Redis: add --queue redis://HOST:PORT/NAME"));

    if (o.headless && !o.demo && o.runs.isEmpty() && o.workers == 0 && o.sessionFile.isEmpty())
        return fail(tr("--headless needs something to run: --run, --workers, --demo or a session file"));
    // Tasks with only --run processes are accepted: a process of --run may be a worker itself
    // (any program can be). With nothing at all to run, the line above has refused them.
    return out;
}

} // namespace herd
