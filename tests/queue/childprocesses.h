#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVector>

#include <sys/types.h>

// Worker processes for the queue's fault tests: spawned without a shell, reaped one pid at
// a time (never waitpid(-1)), and all killed when the object goes, so no test leaves a
// process behind.
class ChildProcesses final
{
public:
    struct Ended {
        pid_t pid = 0;
        int status = 0;
        QString reason; // "killed by SIGKILL", "exited with code 3"
    };

    ChildProcesses() = default;
    ~ChildProcesses();
    ChildProcesses(const ChildProcesses &) = delete;
    ChildProcesses &operator=(const ChildProcesses &) = delete;

    // argv[0] is a path. env entries are added to (or replace) this process's environment.
    // stdoutPath/stderrPath: empty = /dev/null.
    pid_t spawn(const QStringList &argv, const QStringList &env, const QString &stdoutPath = {},
                const QString &stderrPath = {});
    QVector<Ended> reap(); // non-blocking
    // Reaps until every child has ended or timeoutMs passed; true if all ended.
    bool waitAll(int timeoutMs, QVector<Ended> *ended = nullptr);
    void killAll();
    QList<pid_t> alive() const { return m_alive; }

    static QString describe(int status);

private:
    QList<pid_t> m_alive;
};
