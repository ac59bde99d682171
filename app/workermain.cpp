// herd-worker: Herd's stock worker. Attaches to the task queue named by HERD_QUEUE, takes
// tasks until the queue is closed, and for each one either simulates work (--work-ms) or
// runs a command (--exec) with {} replaced by the task's payload. Links herd_worker only.
#include "queueprotocol.h"
#include "redisworker.h"
#include "worker.h"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

volatile std::sig_atomic_t g_stop = 0;

void onStopSignal(int)
{
    g_stop = 1;
}

const char kUsage[] =
    "Usage: herd-worker [options]\n"
    "Takes tasks from a Herd task queue until it is closed.\n"
    "\n"
    "  --work-ms N     simulate N ms of work per task (default 0)\n"
    "  --exec CMD      run CMD for each task, {} replaced by the task's payload; CMD is\n"
    "                  split into words like a shell would (quotes, backslashes) but no\n"
    "                  shell runs it. Its exit status is the task's result: 0 done,\n"
    "                  anything else failed.\n"
    "  --queue ADDR    the queue's address (default: $HERD_QUEUE), or a queue in Redis\n"
    "                  Streams: redis://[USER:PASSWORD@]HOST:PORT/NAME, or on this\n"
    "                  machine's socket redis+unix://[USER:PASSWORD@]/PATH/TO/SOCKET/NAME\n"
    "                  (a password is better given through HERD_QUEUE, which ps does not show)\n"
    "  --name NAME     the name to print (default: $HERD_PROCESS_NAME; with Redis, host:pid)\n"
    "  --quiet         do not print a line per task\n"
    "  --help          show this help\n"
    "\n"
    "On SIGTERM or SIGINT it stops taking tasks: with --work-ms the task in hand is finished\n"
    "and completed first; with --exec, a task whose command was ended by the same signal\n"
    "is left unacknowledged, and Herd gives it back to the queue when it reaps this worker.\n"
    "With Redis, Herd can ask it to stop (it finishes the task in hand and exits with 0) or\n"
    "to leave at once (it ends itself with SIGKILL; Herd has given its task back already).\n"
    "\n"
    "Exit status: 0 when the queue is closed (or on SIGTERM), 1 on a queue error, 2 for bad\n"
    "options or no queue.\n";

int usageError(const std::string &message)
{
    std::fprintf(stderr, "herd-worker: %s\nTry 'herd-worker --help'.\n", message.c_str());
    return 2;
}

// Splits a command line into words as a POSIX shell would, without any expansion:
// whitespace separates words, '...' is literal, "..." allows \" \\ \$ \` escapes, and a
// backslash outside quotes takes the next character literally.
bool splitWords(const std::string &line, std::vector<std::string> *words, std::string *error)
{
    std::string word;
    bool inWord = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            if (inWord)
                words->push_back(word);
            word.clear();
            inWord = false;
        } else if (c == '\'') {
            const std::size_t end = line.find('\'', i + 1);
            if (end == std::string::npos) {
                *error = "unterminated single quote in --exec";
                return false;
            }
            word.append(line, i + 1, end - i - 1);
            i = end;
            inWord = true;
        } else if (c == '"') {
            std::size_t j = i + 1;
            for (; j < line.size() && line[j] != '"'; ++j) {
                if (line[j] == '\\' && j + 1 < line.size()
                    && std::strchr("\"\\$`", line[j + 1]) != nullptr)
                    ++j;
                word += line[j];
            }
            if (j >= line.size()) {
                *error = "unterminated double quote in --exec";
                return false;
            }
            i = j;
            inWord = true;
        } else if (c == '\\') {
            if (i + 1 < line.size())
                word += line[++i];
            inWord = true;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words->push_back(word);
    if (words->empty()) {
        *error = "--exec needs a command";
        return false;
    }
    return true;
}

std::string replaceAll(std::string word, const std::string &payload)
{
    for (std::size_t at = word.find("{}"); at != std::string::npos; at = word.find("{}", at + payload.size()))
        word.replace(at, 2, payload);
    return word;
}

std::string signalText(int sig)
{
    const char *abbrev = sigabbrev_np(sig);
    return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

struct CommandResult {
    bool ok = false;
    bool endedByStop = false; // ended by the signal that is stopping us
    int code = 0;             // exit status, or -signal (Python's convention)
    std::string text;
};

CommandResult runCommand(const std::vector<std::string> &words, const std::string &payload)
{
    CommandResult result;
    if (payload.find('\0') != std::string::npos && !words.empty()) {
        result.code = 2;
        result.text = "payload has a NUL byte";
        return result;
    }
    std::vector<std::string> args;
    args.reserve(words.size());
    for (const std::string &w : words)
        args.push_back(replaceAll(w, payload));
    std::vector<char *> argv;
    for (std::string &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    // The command starts with default signal dispositions and nothing blocked, whatever
    // this worker has installed, and dies with this worker (PR_SET_PDEATHSIG): however
    // the worker ends, SIGKILL from outside included, its task's command does not run on
    // while Herd gives the task to another worker. What the command starts in turn stays
    // in this worker's process group and carries its HERD_WORKER mark, by which Herd
    // finds and ends it before the task runs again. posix_spawn cannot set a parent-death
    // signal, so this is fork + exec, with exec's errno sent back through a pipe.
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        result.code = 127;
        result.text = std::string("cannot run ") + args[0] + ": " + std::strerror(errno);
        return result;
    }
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid == 0) {
        ::close(report[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) // the worker died before the line above took effect
            _exit(127);
        struct sigaction dfl;
        std::memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        for (int sig : {SIGTERM, SIGINT, SIGPIPE})
            sigaction(sig, &dfl, nullptr);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        execvp(argv[0], argv.data());
        const int e = errno;
        ssize_t ignored = ::write(report[1], &e, sizeof e);
        (void)ignored;
        _exit(127);
    }
    ::close(report[1]);
    if (pid < 0) {
        ::close(report[0]);
        result.code = 127;
        result.text = std::string("cannot run ") + args[0] + ": " + std::strerror(errno);
        return result;
    }
    int execError = 0;
    ssize_t got;
    do {
        got = ::read(report[0], &execError, sizeof execError);
    } while (got < 0 && errno == EINTR);
    ::close(report[0]);
    if (got == sizeof execError) {
        int ignored = 0;
        while (waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
        }
        result.code = 127;
        result.text = "cannot run " + args[0] + ": " + std::strerror(execError);
        return result;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            result.code = 1;
            result.text = std::string("lost the command: ") + std::strerror(errno);
            return result;
        }
    }
    if (WIFEXITED(status)) {
        result.code = WEXITSTATUS(status);
        result.ok = result.code == 0;
        result.text = "exit status " + std::to_string(result.code);
    } else if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        result.code = -sig;
        result.text = "killed by " + signalText(sig);
        result.endedByStop = g_stop && (sig == SIGTERM || sig == SIGINT || sig == SIGKILL);
    }
    return result;
}

// "<name> handled task <id>\n" without printf's format parsing: at a million tasks a
// second, formatting is a visible part of a worker's time.
void printHandled(const std::string &name, std::uint64_t id, const char *suffix = nullptr)
{
    // Written into a buffer on the stack, then stdout's buffer: no line on the heap.
    static constexpr std::string_view kHandled = " handled task ";
    const std::size_t suffixLength = suffix ? std::strlen(suffix) : 0;
    char line[256];
    if (name.size() + kHandled.size() + 21 + suffixLength + 1 > sizeof line) {
        std::fwrite(name.data(), 1, name.size(), stdout);
        std::fprintf(stdout, " handled task %llu%s\n", static_cast<unsigned long long>(id), suffix ? suffix : "");
        return;
    }
    char *out = line;
    out = std::copy(name.begin(), name.end(), out);
    out = std::copy(kHandled.begin(), kHandled.end(), out);
    out = std::to_chars(out, out + 21, id).ptr;
    if (suffixLength > 0)
        out = std::copy(suffix, suffix + suffixLength, out);
    *out++ = '\n';
    std::fwrite(line, 1, std::size_t(out - line), stdout);
}

void sleepMs(long ms)
{
    // Finish the simulated work even when a stop signal interrupts the sleep.
    timespec ts{ms / 1000, (ms % 1000) * 1000000L};
    while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR) {
    }
}

// Takes tasks until the queue is closed, from either kind of queue (Worker for shared
// memory, RedisWorker for Redis Streams: the same calls).
template <class W>
int serve(W *worker, long workMs, bool haveExec, const std::vector<std::string> &words, bool quiet)
{
    // Lines are written in blocks, not one system call each: at full speed a line per task
    // would cost more than the task. They are flushed after every task that took real time
    // and at most 100 ms after they were printed, so a person watching sees each line as
    // it happens.
    if (!quiet)
        std::setvbuf(stdout, nullptr, _IOFBF, 1 << 16);
    const char *who = worker->name().c_str();

    // Buffered lines go out on a beat every 100 ms of the monotonic clock, which every
    // process shares: the workers of a pool flush together, and Herd reads them all in one
    // wake-up instead of one wake-up per worker.
    constexpr std::uint64_t kBeatNs = 100 * 1000 * 1000;
    auto nextBeat = [](std::uint64_t t) { return (t / kBeatNs + 1) * kBeatNs; };
    std::uint64_t flushDueNs = 0; // 0: nothing buffered
    auto flush = [&] {
        std::fflush(stdout);
        flushDueNs = 0;
    };
    std::uint64_t lastClockNs = 0;
    std::uint32_t tasksSinceClock = 0;
    herd::WorkerTask task;
    herd::TakeResult taken = worker->take(&task, -1);
    for (;;) {
        if (taken == herd::TakeResult::Closed || taken == herd::TakeResult::Interrupted)
            return 0;
        if (taken == herd::TakeResult::Error) {
            std::fprintf(stderr, "herd-worker: %s: %s\n", who, worker->lastError().c_str());
            return 1;
        }
        if (taken == herd::TakeResult::Timeout) {
            taken = worker->take(&task, -1);
            continue;
        }
        if (!haveExec) {
            if (workMs > 0)
                sleepMs(workMs);
            const std::uint64_t id = task.id;
            herd::AckResult ack = herd::AckResult::Ok;
            // One lock for this completion and the next take; the wait for a new task, if
            // any, comes after the line is printed.
            taken = worker->completeAndTake(&task, 0, "", 0, &ack);
            if (ack == herd::AckResult::Ok) {
                if (!quiet)
                    printHandled(worker->name(), id);
            } else {
                std::fprintf(stderr, "herd-worker: %s: %s\n", who, worker->lastError().c_str());
            }
            // A slow task's line goes out at once; quick tasks' lines on the next beat, at
            // most 100 ms late. When the queue runs dry, wait for more work until the beat.
            // The clock is read when that matters (a line started the buffer, the queue ran
            // dry, a task took time) and on every 64th task otherwise: at full speed, reading
            // it for each task cost a seventh of a worker's time.
            const bool lookAtClock = (!quiet && flushDueNs == 0) || workMs > 0 || taken != herd::TakeResult::Task
                                     || (++tasksSinceClock & 63) == 0;
            const std::uint64_t now = lookAtClock ? herd::monotonicNs() : lastClockNs;
            lastClockNs = now;
            if (!quiet && flushDueNs == 0)
                flushDueNs = nextBeat(now);
            if (flushDueNs != 0 && (workMs > 0 || now >= flushDueNs))
                flush();
            if (taken == herd::TakeResult::Timeout && flushDueNs > now)
                taken = worker->take(&task, int((flushDueNs - now + 999999) / 1000000));
            if (taken == herd::TakeResult::Timeout) {
                flush();
                taken = worker->take(&task, -1);
            }
            continue;
        }
        const CommandResult result = runCommand(words, task.payload);
        if (result.endedByStop)
            return 0; // left for the app to reclaim: it ran into our own stop
        const herd::AckResult ack = result.ok ? worker->complete(task, result.code, result.text)
                                              : worker->fail(task, result.code, result.text);
        if (ack != herd::AckResult::Ok)
            std::fprintf(stderr, "herd-worker: %s: %s\n", who, worker->lastError().c_str());
        else if (!quiet)
            printHandled(worker->name(), task.id,
                         result.ok ? nullptr : (" (failed: " + result.text + ")").c_str());
        std::fflush(stdout);
        if (g_stop)
            return 0;
        taken = worker->take(&task, -1);
    }
}

} // namespace

int main(int argc, char **argv)
{
    long workMs = 0;
    std::string execLine;
    std::string queue;
    std::string name;
    bool quiet = false;
    bool haveExec = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](std::string *out) {
            if (i + 1 >= argc)
                return false;
            *out = argv[++i];
            return true;
        };
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (arg == "--work-ms") {
            std::string v;
            if (!value(&v))
                return usageError("--work-ms needs a number of milliseconds");
            char *end = nullptr;
            errno = 0;
            workMs = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || errno != 0 || workMs < 0 || workMs > 86400000L)
                return usageError("--work-ms: '" + v + "' is not a number of milliseconds from 0 to 86400000");
        } else if (arg == "--exec") {
            if (!value(&execLine))
                return usageError("--exec needs a command");
            haveExec = true;
        } else if (arg == "--queue") {
            if (!value(&queue))
                return usageError("--queue needs an address");
        } else if (arg == "--name") {
            if (!value(&name))
                return usageError("--name needs a name");
        } else if (arg == "--quiet") {
            quiet = true;
        } else {
            return usageError("unknown option '" + arg + "'");
        }
    }
    std::vector<std::string> words;
    if (haveExec) {
        std::string error;
        if (!splitWords(execLine, &words, &error))
            return usageError(error);
    }
    if (queue.empty()) {
        const char *env = std::getenv("HERD_QUEUE");
        queue = env ? env : "";
    }
    if (queue.empty())
        return usageError("no task queue given: set HERD_QUEUE or pass --queue (Herd sets it for "
                          "the workers it starts)");
    if (name.empty()) {
        const char *env = std::getenv("HERD_PROCESS_NAME");
        name = env ? env : "";
    }

    // No SA_RESTART: a stop signal interrupts the futex wait, so take() returns promptly.
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = &onStopSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);

    // Everything this worker starts carries its mark, so Herd can find it (see
    // OrphanReaper::killWorkerLeftovers) if this worker dies holding a task.
    const std::string mark = std::to_string(getpid()) + "@" + queue;
    setenv("HERD_WORKER", mark.c_str(), 1);

    if (herd::redis::isRedisUrl(queue)) {
        std::string error;
        std::unique_ptr<herd::RedisWorker> worker = herd::RedisWorker::attach(queue, name, &error);
        if (!worker) {
            std::fprintf(stderr, "herd-worker: %s\n", error.c_str());
            return 1;
        }
        worker->setInterruptFlag(&g_stop);
        return serve(worker.get(), workMs, haveExec, words, quiet);
    }
    std::string error;
    std::unique_ptr<herd::Worker> worker = herd::Worker::attach(queue, name, &error);
    if (!worker) {
        std::fprintf(stderr, "herd-worker: %s\n", error.c_str());
        return error.find("HERD_QUEUE_CRASH_AT") != std::string::npos ? 2 : 1;
    }
    worker->setInterruptFlag(&g_stop);
    return serve(worker.get(), workMs, haveExec, words, quiet);
}
