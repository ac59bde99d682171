#pragma once

#include "restartpolicy.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace herd {

// One --run request: [NAME=]COMMAND.
struct RunRequest {
    QString name;        // empty: Process-N
    QString program;
    QStringList arguments;
};

// Everything the command line can ask for. The window and --headless take the same options.
struct CommandLine {
    bool headless = false;
    bool demo = false;
    QVector<RunRequest> runs;
    qint64 timeoutMs = 0;
    qint64 graceMs = 5000;
    bool daemon = false;
    int workers = 0;
    qint64 tasks = 0;
    QString tasksFrom;      // file, or "-" for stdin
    qint64 workMs = 0;
    QString exec;           // command per task, {} = payload
    QString workerCommand;  // the worker program of --workers ("" = herd-worker)
    qint64 taskTimeoutMs = 0;
    bool taskTimeoutSet = false; // given on the command line: overrides a session file's
    int maxAttempts = 3;
    bool maxAttemptsSet = false; // given on the command line: overrides a session file's
    QString queueUrl;       // redis://HOST:PORT/NAME; empty: shared memory (overrides a session file's)
    qint64 leaseMs = 30000;
    bool leaseSet = false;  // given on the command line: overrides a session file's
    // --restart for what the command line spawns; unset: --run never, stock workers on-failure.
    bool restartSet = false;
    RestartPolicy::Mode restart = RestartPolicy::Mode::Never;
    QString eventsPath;     // "-" for stdout
    QString reportPath;     // CSV task ledger
    QString lang;
    QString sessionFile;
};

struct CommandLineOutcome {
    enum class Kind {
        Run,
        Help,
        Version,
        Error,
    };
    Kind kind = Kind::Run;
    CommandLine options;
    QString text; // help text, version line or error message
};

// Parses argv (arguments.first() is the program). Never exits, never prints.
CommandLineOutcome parseCommandLine(const QStringList &arguments);

} // namespace herd
