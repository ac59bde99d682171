#pragma once

// Shared by the window's tests: the helper child program and spec builders.

#include "process/processtypes.h"

#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace herd::test {

// herd-testchild (HERD_TESTCHILD), whose first argument picks a behaviour.
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
    spec.graceMs = 1000;
    return spec;
}

inline ProcessSpec sleeper(const QString &name = QString(), int seconds = 60)
{
    return childSpec({QStringLiteral("sleep"), QString::number(seconds)}, name);
}

} // namespace herd::test
