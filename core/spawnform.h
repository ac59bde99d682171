#pragma once

#include "process/processtypes.h"
#include "restartpolicy.h"

#include <QCoreApplication>
#include <QVector>

#include <functional>

namespace herd {

// What the Spawn dialog's fields say, as typed, and the one place they become specs: a
// name (blank gives Process-N / Worker-N), how many, a command (split like a shell, never
// run through one) or a stock worker (simulated work or a command per task), timeout,
// grace, daemon, restart policy, working directory and environment. No widgets here, so
// every rule is tested on data (tst_spawnform).
struct SpawnForm {
    Q_DECLARE_TR_FUNCTIONS(herd::SpawnForm)

public:
    QString name;
    int count = 1;
    bool worker = false;
    QString workerProgram;          // the stock worker; empty when there is none
    bool workerRunsCommand = false; // --exec CMD rather than --work-ms N
    QString workPerTask;            // a duration
    QString taskCommand;
    QString command;                // program and arguments
    QString timeout;                // a duration; empty or 0: none
    QString grace;                  // a duration; empty: the default
    bool daemon = false;
    RestartPolicy::Mode restart = RestartPolicy::Mode::Never;
    int maxRestarts = RestartPolicy().maxRestarts;
    QString backoff;                // a duration; empty: the default
    QString directory;
    QString environment;            // KEY=VALUE lines

    struct Parsed {
        QVector<ProcessSpec> specs; // one per process
        QString warning;            // a caution that does not block (program not found)
    };

    // The specs the form describes, or what is wrong, in words (then nothing may be
    // spawned). nameTaken (optional) refuses names already in use.
    Result<Parsed> parse(const std::function<bool(const QString &)> &nameTaken = {}) const;
};

} // namespace herd
