#pragma once

#include <functional>
#include <sys/resource.h>
#include <sys/types.h>

namespace herd {

// Exit status a child uses when its setup between fork() and exec() fails. On Qt 6.4 such
// a failure is not reported as FailedToStart: QProcess emits started() and then
// finished(code, NormalExit). The child therefore also writes "herd: setup failed: <what>"
// to its stderr, and the parent only believes the code together with that line.
constexpr int kSetupFailedExitCode = 113;
// The line the child writes to fd 2 before exiting with kSetupFailedExitCode.
constexpr char kSetupFailedPrefix[] = "herd: setup failed: ";

// What the child needs to know, captured in the parent before fork().
struct ChildSetupParams {
    pid_t parentPid = 0;           // getpid() of Herd
    bool restoreFileLimit = false; // put RLIMIT_NOFILE back to what Herd was started with
    rlimit fileLimit = {};
    // Pipes that become the child's stdout and stderr (the parent's write ends), or -1 to
    // keep what QProcess set up.
    int stdoutFd = -1;
    int stderrFd = -1;
};

// Gives each child the same clean start as a service manager would. Qt 6.4 has no
// UnixProcessParameters (6.6), so this runs as QProcess::setChildProcessModifier() in the
// child after fork() and before exec(); only async-signal-safe calls are allowed there.
class ChildSetup final
{
public:
    // Parameters for a child spawned from this process now.
    static ChildSetupParams currentParams();
    // The function for QProcess::setChildProcessModifier().
    static std::function<void()> modifier(const ChildSetupParams &params);

    // The steps, in order (each failure writes the setup-failed line and _exit()s):
    // 0. The output pipes onto fds 1 and 2 (dup2 clears their close-on-exec).
    // 1. setpgid(0, 0): the child leads its own process group, so a stop can signal it
    //    and everything it starts at once with kill(-pgid).
    // 2. prctl(PR_SET_PDEATHSIG, SIGKILL): the child dies with Herd. The "parent" here is
    //    the thread that forked, so spawning must happen on a thread that lives as long
    //    as Herd (the supervisor's).
    // 3. getppid() == parentPid: Herd may have died before step 2; then exit at once.
    // 4. Every signal disposition back to SIG_DFL and an empty signal mask: both are
    //    inherited through exec, and Qt 6.4 resets only SIGPIPE, so an ignored or blocked
    //    SIGTERM in Herd would make the child unstoppable without SIGKILL.
    // 5. RLIMIT_NOFILE back to what Herd was started with (Herd raises its own soft limit).
    // 6. close_range(3, ~0U, CLOSE_RANGE_CLOEXEC): no descriptor of Herd's leaks into the
    //    program. CLOEXEC rather than close, since Qt still needs its exec-failure pipe
    //    open until exec() succeeds.
    static void run(const ChildSetupParams &params) noexcept;

    // Raises this process's RLIMIT_NOFILE soft limit to the hard limit (once; later calls
    // do nothing) so thousands of children, four descriptors each, can be started. The
    // limit Herd was started with is remembered for the children.
    static void raiseFileLimit();
};

} // namespace herd
