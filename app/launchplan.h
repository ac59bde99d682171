#pragma once

#include "commandline.h"
#include "sessionfile.h"

#include <QString>
#include <QStringList>

namespace herd {

class Session;

// What a command line asks Herd to run, the same in the window and in --headless: the
// session FILE's document (if one is given) with what the options describe added to it,
// as one SessionDocument that Session::startDocument starts. Both modes build it here and
// start it the same way, so they cannot drift apart.
//
// How options and a FILE combine: the FILE's processes, pools and tasks come first, then
// the processes of --run, the pool of --workers and the tasks of --tasks and --tasks-from
// (task ids go on from the FILE's). --max-attempts, --task-timeout, --queue and --lease,
// when given, override the FILE's [queue]. --timeout, --grace, --daemon, --restart, --work-ms and
// --exec describe only what the options spawn; the FILE's sections keep their own.
struct LaunchPlan {
    SessionDocument document;
    QString directory;   // the session file's folder: the document's relative paths resolve there
    QString sessionFile; // as given, for messages; "" without one

    bool spawnsSomething() const { return !document.processes.isEmpty() || !document.pools.isEmpty(); }
    bool hasTasks() const { return !document.tasks.isEmpty(); }
    // The task files, resolved as they will be opened ("-" for standard input).
    QStringList taskFiles() const;
    // Everything Herd reads: the session file and the task files (not standard input).
    QStringList inputs() const;
};

// The options alone, as a document: --run's processes, --workers' pool, the tasks and the
// queue's settings. Relative paths (--tasks-from) are made absolute.
SessionDocument documentFromOptions(const CommandLine &options);

// Reads the session file, if any, and adds what the options describe; or fails with why
// nothing can start (a broken file: its line, key and reason).
// Opens the session's task queue as the document says: in Redis Streams when it names a
// queue URL, else in shared memory. Fails with why there is no queue.
Result<void> openQueue(Session *session, const SessionDocument &document);

Result<LaunchPlan> buildLaunchPlan(const CommandLine &options);

} // namespace herd
