#include "childsetup.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

namespace herd {

namespace {

// The limit Herd was started with; written once by raiseFileLimit() before any spawn.
std::once_flag g_fileLimitOnce;
bool g_fileLimitRaised = false;
rlimit g_originalFileLimit = {};

// --- Everything below runs in the child between fork() and exec(): no allocation, no
// locks, no stdio; only async-signal-safe system calls.

void writeAll(const char *text, size_t size) noexcept
{
    while (size > 0) {
        const ssize_t n = ::write(STDERR_FILENO, text, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        text += n;
        size -= size_t(n);
    }
}

void writeText(const char *text) noexcept
{
    writeAll(text, strlen(text));
}

[[noreturn]] void fail(const char *what, int error) noexcept
{
    // "herd: setup failed: setpgid (errno 1)\n"; strerror() is not async-signal-safe, so
    // the number is formatted by hand.
    writeText(kSetupFailedPrefix);
    writeText(what);
    if (error != 0) {
        char digits[16];
        int n = 0;
        unsigned value = unsigned(error);
        do {
            digits[n++] = char('0' + value % 10);
            value /= 10;
        } while (value != 0 && n < int(sizeof digits));
        writeText(" (errno ");
        char text[16];
        for (int i = 0; i < n; ++i)
            text[i] = digits[n - 1 - i];
        writeAll(text, size_t(n));
        writeText(")");
    }
    writeText("\n");
    _exit(kSetupFailedExitCode);
}

struct LinuxDirent64 {
    ino64_t d_ino;
    off64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[1];
};

// Fallback for kernels before 5.11 (no CLOSE_RANGE_CLOEXEC): walk /proc/self/fd with the
// raw getdents64 system call (opendir() allocates) and mark each descriptor >= 3.
bool markDescriptorsCloseOnExec() noexcept
{
    const int dir = ::open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return false;
    alignas(8) char buffer[4096];
    for (;;) {
        const long n = ::syscall(SYS_getdents64, dir, buffer, sizeof buffer);
        if (n < 0) {
            ::close(dir);
            return false;
        }
        if (n == 0)
            break;
        for (long offset = 0; offset < n;) {
            const auto *entry = reinterpret_cast<const LinuxDirent64 *>(buffer + offset);
            offset += entry->d_reclen;
            int fd = 0;
            const char *c = entry->d_name;
            if (*c < '0' || *c > '9')
                continue;
            for (; *c >= '0' && *c <= '9'; ++c)
                fd = fd * 10 + (*c - '0');
            if (fd < 3 || fd == dir)
                continue;
            const int flags = ::fcntl(fd, F_GETFD);
            if (flags >= 0 && !(flags & FD_CLOEXEC))
                ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
        }
    }
    ::close(dir);
    return true;
}

} // namespace

void ChildSetup::run(const ChildSetupParams &params) noexcept
{
    if (params.stderrFd >= 0 && ::dup2(params.stderrFd, STDERR_FILENO) < 0)
        fail("dup2 (stderr)", errno);
    if (params.stdoutFd >= 0 && ::dup2(params.stdoutFd, STDOUT_FILENO) < 0)
        fail("dup2 (stdout)", errno);

    if (::setpgid(0, 0) != 0)
        fail("setpgid", errno);

    if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        fail("prctl(PR_SET_PDEATHSIG)", errno);
    // The death signal only covers a parent that dies from now on. If Herd died between
    // fork() and the prctl() above, this process has already been reparented.
    if (::getppid() != params.parentPid)
        fail("Herd exited before the program could start", 0);

    struct sigaction defaultAction;
    memset(&defaultAction, 0, sizeof defaultAction);
    defaultAction.sa_handler = SIG_DFL;
    sigemptyset(&defaultAction.sa_mask);
    for (int sig = 1; sig < NSIG; ++sig) {
        if (sig == SIGKILL || sig == SIGSTOP)
            continue;
        // glibc refuses its two internal real-time signals with EINVAL; exec() resets
        // them anyway since glibc catches (never ignores) them.
        ::sigaction(sig, &defaultAction, nullptr);
    }
    sigset_t empty;
    sigemptyset(&empty);
    if (::sigprocmask(SIG_SETMASK, &empty, nullptr) != 0)
        fail("sigprocmask", errno);

    // Lowering a soft limit cannot fail in a way that matters; the program simply keeps
    // Herd's raised limit then.
    if (params.restoreFileLimit)
        ::setrlimit(RLIMIT_NOFILE, &params.fileLimit);

#ifdef SYS_close_range
    if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
        return;
#endif
    if (!markDescriptorsCloseOnExec())
        fail("marking inherited descriptors close-on-exec", errno);
}

ChildSetupParams ChildSetup::currentParams()
{
    raiseFileLimit();
    ChildSetupParams params;
    params.parentPid = ::getpid();
    params.restoreFileLimit = g_fileLimitRaised;
    params.fileLimit = g_originalFileLimit;
    return params;
}

std::function<void()> ChildSetup::modifier(const ChildSetupParams &params)
{
    return [params]() noexcept { ChildSetup::run(params); };
}

void ChildSetup::raiseFileLimit()
{
    std::call_once(g_fileLimitOnce, [] {
        rlimit limit;
        if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
            return;
        g_originalFileLimit = limit;
        if (limit.rlim_cur >= limit.rlim_max)
            return;
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            g_fileLimitRaised = true;
    });
}

} // namespace herd
