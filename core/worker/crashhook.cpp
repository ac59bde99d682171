#include "crashhook.h"

#include <cstdlib>
#include <cstring>

#include <signal.h>
#include <unistd.h>

namespace herd {

CrashHook CrashHook::fromEnvironment(std::string *error)
{
    const char *spec = std::getenv("HERD_QUEUE_CRASH_AT");
    if (!spec || !*spec)
        return CrashHook();
    return parse(spec, error);
}

CrashHook CrashHook::parse(const char *spec, std::string *error)
{
    static const struct {
        const char *name;
        Step step;
    } steps[] = {
        {"after-lock", Step::AfterLock},   {"after-claim", Step::AfterClaim},
        {"mid-copy", Step::MidCopy},       {"after-commit", Step::AfterCommit},
        {"after-work", Step::AfterWork},   {"in-ack", Step::InAck},
    };
    CrashHook hook;
    const std::string text(spec);
    const std::size_t c1 = text.find(':');
    const std::string stepName = text.substr(0, c1);
    for (const auto &s : steps) {
        if (stepName == s.name)
            hook.m_step = s.step;
    }
    bool ok = hook.m_step != Step::None;
    if (ok && c1 != std::string::npos) {
        const std::size_t c2 = text.find(':', c1 + 1);
        const std::string nth = text.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1);
        char *end = nullptr;
        const unsigned long long n = std::strtoull(nth.c_str(), &end, 10);
        ok = !nth.empty() && end && *end == '\0' && n >= 1;
        hook.m_nth = n;
        if (ok && c2 != std::string::npos) {
            const std::string how = text.substr(c2 + 1);
            if (how == "kill")
                hook.m_how = How::Kill;
            else if (how == "segv")
                hook.m_how = How::Segv;
            else if (how == "exit")
                hook.m_how = How::Exit;
            else if (how == "stop")
                hook.m_how = How::Stop;
            else
                ok = false;
        }
    }
    if (!ok) {
        if (error)
            *error = "HERD_QUEUE_CRASH_AT='" + text
                     + "' is not <step>[:<nth>[:kill|segv|exit|stop]] with step one of after-lock, "
                       "after-claim, mid-copy, after-commit, after-work, in-ack";
        return CrashHook();
    }
    return hook;
}

void CrashHook::crash() const
{
    switch (m_how) {
    case How::Exit:
        _exit(86);
    case How::Segv:
        // A real fault, as a bug would cause, unless a handler is in the way.
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
        break;
    case How::Stop:
        raise(SIGSTOP);
        return; // continued: carry on
    case How::Kill:
        break;
    }
    raise(SIGKILL);
    _exit(86);
}

} // namespace herd
