#include "procsampler.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>

namespace herd {

namespace {

qint64 bootTimeNs()
{
    timespec ts;
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

} // namespace

// Reads a small /proc file into buffer (NUL-terminated); returns the length or -1. Plain
// system calls: this runs for every live process once per tick.
ssize_t readProcFile(const char *path, char *buffer, size_t size)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t total = 0;
    while (size_t(total) < size - 1) {
        const ssize_t n = ::read(fd, buffer + total, size - 1 - size_t(total));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        total += n;
    }
    ::close(fd);
    buffer[total] = '\0';
    return total;
}

ProcSampler::ProcSampler()
    : m_ticksPerSecond(qMax(1L, ::sysconf(_SC_CLK_TCK)))
    , m_pageSize(qMax(1L, ::sysconf(_SC_PAGESIZE)))
{
}

QHash<qint64, ProcessSample> ProcSampler::sample(const QVector<qint64> &pids)
{
    QHash<qint64, ProcessSample> samples;
    QHash<qint64, Previous> seen;
    samples.reserve(pids.size());
    seen.reserve(pids.size());
    char path[64];
    char buffer[1024];
    for (const qint64 pid : pids) {
        if (pid <= 0)
            continue;
        snprintf(path, sizeof path, "/proc/%lld/stat", static_cast<long long>(pid));
        if (readProcFile(path, buffer, sizeof buffer) <= 0)
            continue;
        const qint64 now = bootTimeNs();
        // The command name (field 2) is in parentheses and may itself contain ") ", so
        // the fields are counted from the last ')'. Field 3 (state) follows it.
        const char *p = strrchr(buffer, ')');
        if (!p)
            continue;
        ++p;
        while (*p == ' ')
            ++p;
        const char state = *p;
        quint64 utime = 0, stime = 0, startTicks = 0;
        for (int field = 3; field <= 22 && *p; ++field) {
            while (*p == ' ')
                ++p;
            char *end = nullptr;
            if (field == 14)
                utime = strtoull(p, &end, 10);
            else if (field == 15)
                stime = strtoull(p, &end, 10);
            else if (field == 22)
                startTicks = strtoull(p, &end, 10);
            while (*p && *p != ' ')
                ++p;
        }

        Previous current;
        current.startTicks = startTicks;
        current.cpuTicks = utime + stime;
        current.atNs = now;

        quint64 sinceTicks = 0;
        const quint64 tps = quint64(m_ticksPerSecond);
        qint64 sinceNs = qint64((startTicks / tps) * 1000000000ULL + (startTicks % tps) * 1000000000ULL / tps);
        const auto previous = m_previous.constFind(pid);
        if (previous != m_previous.constEnd() && previous->startTicks == startTicks) {
            sinceTicks = previous->cpuTicks;
            sinceNs = previous->atNs;
        }
        ProcessSample sample;
        sample.stopped = state == 'T' || state == 't';
        const qint64 elapsedNs = now - sinceNs;
        if (elapsedNs > 0 && current.cpuTicks >= sinceTicks) {
            const double cpuSeconds = double(current.cpuTicks - sinceTicks) / double(m_ticksPerSecond);
            sample.cpuPercent = 100.0 * cpuSeconds / (double(elapsedNs) / 1e9);
        }

        snprintf(path, sizeof path, "/proc/%lld/statm", static_cast<long long>(pid));
        if (readProcFile(path, buffer, sizeof buffer) > 0) {
            // "size resident shared text lib data dt", in pages.
            char *end = nullptr;
            strtoull(buffer, &end, 10);
            sample.rssBytes = qint64(strtoull(end, nullptr, 10)) * m_pageSize;
        }
        samples.insert(pid, sample);
        seen.insert(pid, current);
    }
    m_previous = std::move(seen);
    return samples;
}

} // namespace herd
