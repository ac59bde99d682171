#pragma once

// Small helpers shared by the process tests: the helper child, waiting for a line, and
// telling whether a pid is gone.

#include "process/managedprocess.h"
#include "process/supervisor.h"
#include "process/processtypes.h"

#include <QFile>
#include <QString>
#include <QStringList>

#include <cerrno>
#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace herd::test {

// Path of herd-testchild, from the environment CTest sets.
inline QString testChild()
{
    return qEnvironmentVariable("HERD_TESTCHILD");
}

inline ProcessSpec childSpec(const QStringList &arguments, const QString &name = QString())
{
    ProcessSpec spec;
    spec.name = name;
    spec.program = testChild();
    spec.arguments = arguments;
    return spec;
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

// Gone: no such process, or only a zombie waiting for its parent.
inline bool isGone(qint64 pid)
{
    if (pid <= 0)
        return true;
    if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
        return true;
    return procState(pid) == 'Z' || procState(pid) == 0;
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
        const herd::Result<herd::ManagedProcess *> spawned_ = (sup).spawn(spec);      \
        QVERIFY2(spawned_.ok(), qPrintable(spawned_.error));                   \
        var = spawned_.value;                                                \
    } while (false)
