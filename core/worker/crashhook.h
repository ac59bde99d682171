#pragma once

#include <cstdint>
#include <string>

namespace herd {

// Test hook for fault tests: HERD_QUEUE_CRASH_AT=<step>[:<nth>[:<how>]] makes the worker
// library die the nth time (default 1st) it reaches a named step of the queue protocol,
// so a test can kill a worker inside the critical section.
//   steps: after-lock, after-claim (claimed, before commit), mid-copy (half the payload
//          copied), after-commit (committed, before unlock), after-work (before the ack
//          takes the lock), in-ack (inside the ack, before its commit)
//   how:   kill (SIGKILL, default), segv (SIGSEGV), exit (_exit(86)), stop (SIGSTOP:
//          the process stays there, holding whatever it held, until it is continued)
class CrashHook final
{
public:
    enum class Step {
        None,
        AfterLock,
        AfterClaim,
        MidCopy,
        AfterCommit,
        AfterWork,
        InAck,
    };

    enum class How {
        Kill,
        Segv,
        Exit,
        Stop,
    };

    // Parses the variable; a malformed value disables the hook and sets *error.
    static CrashHook fromEnvironment(std::string *error);
    static CrashHook parse(const char *spec, std::string *error);

    bool armed() const { return m_step != Step::None; }
    void reached(Step step)
    {
        if (step == m_step && ++m_count == m_nth)
            crash();
    }

private:
    void crash() const;

    Step m_step = Step::None;
    How m_how = How::Kill;
    std::uint64_t m_nth = 1;
    std::uint64_t m_count = 0;
};

} // namespace herd
