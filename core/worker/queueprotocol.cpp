#include "queueprotocol.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace herd {

std::uint64_t monotonicNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::uint64_t(ts.tv_sec) * 1000000000ull + std::uint64_t(ts.tv_nsec);
}

void prefaultPages(void *begin, std::size_t bytes)
{
    if (!begin || bytes == 0)
        return;
    static const std::uintptr_t page = std::uintptr_t(sysconf(_SC_PAGESIZE));
    const std::uintptr_t start = reinterpret_cast<std::uintptr_t>(begin) / page * page;
    const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(begin) + bytes + page - 1) / page * page;
#ifdef MADV_POPULATE_WRITE
    madvise(reinterpret_cast<void *>(start), end - start, MADV_POPULATE_WRITE);
#else
    (void)start;
    (void)end;
#endif
}

namespace {

// Reads /proc/<pid>/stat and returns the text after the command name's closing
// parenthesis (the name may itself contain spaces and parentheses).
bool readStatTail(int pid, char *buffer, std::size_t size, const char **tail)
{
    if (pid <= 0)
        return false;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", pid);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n;
    do {
        n = ::read(fd, buffer, size - 1);
    } while (n < 0 && errno == EINTR);
    ::close(fd);
    if (n <= 0)
        return false;
    buffer[n] = '\0';
    const char *paren = std::strrchr(buffer, ')');
    if (!paren)
        return false;
    *tail = paren + 1;
    return true;
}

} // namespace

std::uint64_t processStartTime(int pid)
{
    char buffer[1024];
    const char *p = nullptr;
    if (!readStatTail(pid, buffer, sizeof buffer, &p))
        return 0;
    // After ") " come fields 3 (state) .. ; starttime is field 22, the 20th after ')'.
    int field = 2;
    while (*p && field < 22) {
        while (*p == ' ')
            ++p;
        ++field;
        if (field == 22)
            break;
        while (*p && *p != ' ')
            ++p;
    }
    if (field != 22)
        return 0;
    return std::strtoull(p, nullptr, 10);
}

std::uint32_t pidNamespaceId()
{
    static const std::uint32_t id = [] {
        struct stat st;
        if (::stat("/proc/self/ns/pid", &st) != 0 || st.st_ino > 0xffffffffu)
            return std::uint32_t(0);
        return std::uint32_t(st.st_ino);
    }();
    return id;
}

char processStateChar(int pid)
{
    char buffer[1024];
    const char *p = nullptr;
    if (!readStatTail(pid, buffer, sizeof buffer, &p))
        return 0;
    while (*p == ' ')
        ++p;
    return *p;
}

bool processAlive(int pid, std::uint64_t startTime)
{
    if (pid <= 0)
        return false;
    if (::kill(pid, 0) != 0 && errno == ESRCH)
        return false;
    const char state = processStateChar(pid);
    if (state == 0 || state == 'Z' || state == 'X')
        return false;
    if (startTime != 0 && processStartTime(pid) != startTime)
        return false; // the pid was reused by another process
    return true;
}

int futexWait(std::atomic<std::uint32_t> *word, std::uint32_t expected, std::int64_t timeoutNs)
{
    timespec ts;
    timespec *tsp = nullptr;
    if (timeoutNs >= 0) {
        ts.tv_sec = time_t(timeoutNs / 1000000000);
        ts.tv_nsec = long(timeoutNs % 1000000000);
        tsp = &ts;
    }
    const long r = ::syscall(SYS_futex, reinterpret_cast<std::uint32_t *>(word), FUTEX_WAIT,
                             expected, tsp, nullptr, 0);
    if (r == 0)
        return 0;
    if (errno == EAGAIN)
        return 0; // the word had already changed
    return errno;
}

int futexWake(std::atomic<std::uint32_t> *word, int count)
{
    return int(::syscall(SYS_futex, reinterpret_cast<std::uint32_t *>(word), FUTEX_WAKE, count,
                         nullptr, nullptr, 0));
}

std::string errnoText(int error)
{
    char buffer[256];
    // GNU strerror_r returns the message (which may not be in buffer).
    const char *text = strerror_r(error, buffer, sizeof buffer);
    return text ? std::string(text) : std::string("error ") + std::to_string(error);
}

} // namespace herd
