#pragma once

#include "processtypes.h"

#include <QHash>
#include <QVector>

#include <sys/types.h>

namespace herd {

// Reads a small /proc file into buffer (NUL-terminated) with plain system calls; returns
// its length or -1.
ssize_t readProcFile(const char *path, char *buffer, size_t size);

// CPU % and resident memory of processes, from /proc/<pid>/stat and /proc/<pid>/statm.
// One sampler serves every process of a supervisor on one timer; CPU % is measured since
// the previous sample of the same process (since its start for the first one).
class ProcSampler final
{
public:
    ProcSampler();

    // Samples each pid; pids that cannot be read (already gone) are left out. History of
    // pids not in the list is dropped, so a reused pid starts afresh.
    QHash<qint64, ProcessSample> sample(const QVector<qint64> &pids);

private:
    struct Previous {
        quint64 startTicks = 0; // field 22 of stat: tells a reused pid apart
        quint64 cpuTicks = 0;   // utime + stime
        qint64 atNs = 0;        // CLOCK_BOOTTIME, the clock of startTicks
    };

    long m_ticksPerSecond;
    long m_pageSize;
    QHash<qint64, Previous> m_previous;
};

} // namespace herd
