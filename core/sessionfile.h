#pragma once

#include "process/processtypes.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace herd {

// A pool of stock workers (herd-worker) as a session file describes it.
struct WorkerPoolSpec {
    int count = 0;
    qint64 workMs = 0;       // simulated work per task
    QString exec;            // or a command per task, {} = the payload
    QString command;         // or the worker program itself (any program that is a worker),
                             // as written: split into words as --run is; "" = herd-worker
    qint64 timeoutMs = 0;    // each worker's own watchdog
    qint64 graceMs = 5000;
    // A stock worker that fails (killed mid-task, stopped by the task watchdog) is started
    // again, so the queue keeps flowing; one that exits 0 has left a closed queue.
    RestartPolicy restart{RestartPolicy::Mode::OnFailure};
    bool operator==(const WorkerPoolSpec &o) const
    {
        return count == o.count && workMs == o.workMs && exec == o.exec && command == o.command
            && timeoutMs == o.timeoutMs
            && graceMs == o.graceMs && restart == o.restart;
    }
};

// Where tasks come from: 1..count, the lines of files, and lines written in the session.
struct TaskSourceSpec {
    qint64 count = 0;
    QStringList files;       // as written; a relative path is relative to the session file
    QStringList payloads;    // `task = ...` lines
    bool isEmpty() const { return count == 0 && files.isEmpty() && payloads.isEmpty(); }
    bool operator==(const TaskSourceSpec &o) const
    {
        return count == o.count && files == o.files && payloads == o.payloads;
    }
};

// Everything a session is made of, as saved to and loaded from a .herd file.
struct SessionDocument {
    QVector<ProcessSpec> processes;
    QVector<WorkerPoolSpec> pools;
    TaskSourceSpec tasks;
    int maxAttempts = 3;
    qint64 taskTimeoutMs = 0;
    // [queue] queue = redis://HOST:PORT/NAME: the tasks live in Redis Streams (empty: in
    // shared memory); lease: how long a worker may be silent before its task is claimed back.
    QString queueUrl;
    qint64 leaseMs = 30000;
};

bool operator==(const ProcessSpec &a, const ProcessSpec &b);
bool operator==(const SessionDocument &a, const SessionDocument &b);

struct SessionFileResult {
    SessionDocument document;
    int line = 0;        // where the fault is (1-based), 0 when the whole file is at fault
    QString key;         // the key or section at fault, if any
    QString error;       // empty when the file was read
    QString directory;   // the file's folder: relative paths in it resolve against this
    bool ok() const { return error.isEmpty(); }
    // "session.herd:7: [process ticker] timeout: cannot be negative"
    QString describe(const QString &fileName) const;
};

// Reads the text of a session file. Nothing is started: a file with any fault is refused
// as a whole, naming the line, the key and the reason.
SessionFileResult parseSessionFile(const QString &text);
SessionFileResult readSessionFile(const QString &path);

// Resolves a path from a session file (a task file, a working directory) against the
// file's folder; absolute paths and "-" stay as they are.
QString resolveSessionPath(const QString &directory, const QString &path);

// Writes a document so that parseSessionFile gives it back exactly.
QString formatSessionFile(const SessionDocument &document);
// Writes the file, or says why it could not be written.
Result<void> writeSessionFile(const QString &path, const SessionDocument &document);

} // namespace herd
