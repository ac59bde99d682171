#pragma once

// What the tests share, in one place: the helper programs' paths, specs for the helper
// child, telling whether a pid is gone, reading a process's output, and SPAWN. Every test
// target has tests/helpers on its include path (herd_add_test).
//
// Defaults are the product's: childSpec() leaves ProcessSpec's own grace period (5 s), as
// a user's spec would. A test whose outcome or length depends on the grace (a child that
// ignores SIGTERM, a stop it times) sets spec.graceMs itself, where the reader sees it.

#include "process/managedprocess.h"
#include "process/processtypes.h"
#include "process/supervisor.h"

#include <QFile>
#include <QString>
#include <QStringList>

#include <cerrno>
#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace herd::test {

// The helper programs, from the environment (CTest sets it; tests/helpers/testenvironment.cpp
// fills in the built paths for a test run alone).
inline QString testChild() // herd-testchild: its first argument picks a behaviour
{
    return qEnvironmentVariable("HERD_TESTCHILD");
}

inline QString workerProgram() // herd-worker, the stock worker
{
    return qEnvironmentVariable("HERD_WORKER_BIN");
}

inline QString herdProgram() // herd itself
{
    return qEnvironmentVariable("HERD_BIN");
}

inline QString sourceDir() // the source tree (README.md, the Python module)
{
    return qEnvironmentVariable("HERD_SOURCE_DIR");
}

// herd-testchild doing `arguments` (e.g. {"exit", "3"}), with ProcessSpec's defaults.
inline ProcessSpec childSpec(const QStringList &arguments, const QString &name = QString())
{
    ProcessSpec spec;
    spec.name = name;
    spec.program = testChild();
    spec.arguments = arguments;
    return spec;
}

// A child that sleeps (and ends on SIGTERM at once, so its grace never matters).
inline ProcessSpec sleeper(const QString &name = QString(), int seconds = 60)
{
    return childSpec({QStringLiteral("sleep"), QString::number(seconds)}, name);
}

// The process state letter from /proc/<pid>/stat ('R', 'S', 'T', 'Z', ...), or 0 when
// there is no such process.
inline char procState(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = file.readAll();
    const qsizetype paren = stat.lastIndexOf(')');
    if (paren < 0 || paren + 2 >= stat.size())
        return 0;
    return stat.at(paren + 2);
}

// The parent pid from /proc/<pid>/stat, or 0 when there is no such process.
inline qint64 parentPid(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = file.readAll();
    const qsizetype paren = stat.lastIndexOf(')');
    if (paren < 0)
        return 0;
    // After the name: " S PPID ..."
    return stat.mid(paren + 2).split(' ').value(1).toLongLong();
}

// Gone: no such process, or only a zombie waiting for its parent.
inline bool isGone(qint64 pid)
{
    if (pid <= 0)
        return true;
    if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
        return true;
    const char state = procState(pid);
    return state == 'Z' || state == 0;
}

inline QStringList outputTexts(const ManagedProcess *process, OutputChannel channel = OutputChannel::Stdout)
{
    QStringList texts;
    for (const OutputLine &line : process->output().lines()) {
        if (line.channel == channel)
            texts.append(QString::fromUtf8(line.text));
    }
    return texts;
}

inline bool hasLine(const ManagedProcess *process, const QString &text)
{
    return outputTexts(process).contains(text);
}

// The first stdout line that starts with prefix, without it; empty if none yet.
inline QString lineAfter(const ManagedProcess *process, const QString &prefix)
{
    for (const QString &text : outputTexts(process)) {
        if (text.startsWith(prefix))
            return text.mid(prefix.size());
    }
    return QString();
}

// Resident memory of this (test) process in bytes.
inline qint64 ownRssBytes()
{
    QFile file(QStringLiteral("/proc/self/statm"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = file.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * ::sysconf(_SC_PAGESIZE) : 0;
}

} // namespace herd::test

// Spawns spec on sup into `var` (a herd::ManagedProcess *), failing the test if the spec
// is refused.
#define SPAWN(var, sup, spec)                                                  \
    herd::ManagedProcess *var = nullptr;                                       \
    do {                                                                       \
        const herd::Result<herd::ManagedProcess *> spawned_ = (sup).spawn(spec); \
        QVERIFY2(spawned_.ok(), qPrintable(spawned_.error));                   \
        var = spawned_.value;                                                  \
    } while (false)
