// herd-bench-spawn: how long Herd takes to start N processes (default 100) until every one
// is running (its program exec()ed), against N posix_spawn()s of the same program (glibc's
// posix_spawn returns once the child has exec()ed), rounds interleaved. Prints each round,
// the medians and the ratio. A benchmark reports figures; it is not a timed test.

#include "process/managedprocess.h"
#include "process/supervisor.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QStandardPaths>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <spawn.h>
#include <sys/wait.h>
#include <vector>

extern char **environ;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// N posix_spawn()s; the time until the last returned, in ms (or -1 on a failure).
double spawnPlain(const QByteArray &program, int count)
{
    std::vector<pid_t> pids;
    char arg0[] = "sleep";
    char arg1[] = "60";
    char *argv[] = {arg0, arg1, nullptr};
    QElapsedTimer clock;
    clock.start();
    bool ok = true;
    for (int i = 0; i < count && ok; ++i) {
        pid_t pid = 0;
        ok = ::posix_spawn(&pid, program.constData(), nullptr, nullptr, argv, environ) == 0;
        if (ok)
            pids.push_back(pid);
    }
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    for (const pid_t pid : pids)
        ::kill(pid, SIGKILL);
    for (const pid_t pid : pids)
        ::waitpid(pid, nullptr, 0);
    return ok ? ms : -1;
}

// N processes through Herd's supervisor; the time until every one is running, in ms.
double spawnHerd(const QString &program, int count)
{
    herd::Supervisor supervisor;
    herd::ProcessSpec spec;
    spec.program = program;
    spec.arguments = QStringList{QStringLiteral("60")};
    std::vector<herd::ManagedProcess *> processes;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < count; ++i) {
        const auto result = supervisor.spawn(spec);
        if (!result.ok())
            return -1;
        processes.push_back(result.value);
    }
    const QDeadlineTimer deadline(30000);
    const auto running = [&] {
        return std::all_of(processes.cbegin(), processes.cend(), [](const herd::ManagedProcess *p) {
            return p->state() != herd::ProcessState::Starting;
        });
    };
    while (!running() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    const bool ok = std::all_of(processes.cbegin(), processes.cend(), [](const herd::ManagedProcess *p) {
        return p->state() == herd::ProcessState::Running;
    });
    supervisor.killAll(herd::StopCause::User);
    const QDeadlineTimer gone(10000);
    while (supervisor.aliveCount() > 0 && !gone.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return ok ? ms : -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int count = 100;
    int rounds = 5;
    for (int i = 1; i < argc; ++i) {
        const bool more = i + 1 < argc;
        if (!std::strcmp(argv[i], "--count") && more) {
            count = std::atoi(argv[++i]);
        } else if (!std::strcmp(argv[i], "--rounds") && more) {
            rounds = std::atoi(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: herd-bench-spawn [--count N] [--rounds R]\n");
            return 2;
        }
    }
    if (count < 1 || count > 10000 || rounds < 1 || rounds > 100) {
        std::fprintf(stderr, "herd-bench-spawn: --count is 1 to 10000, --rounds 1 to 100\n");
        return 2;
    }
    const QString program = QStandardPaths::findExecutable(QStringLiteral("sleep"));
    if (program.isEmpty()) {
        std::fprintf(stderr, "herd-bench-spawn: no sleep program in PATH\n");
        return 1;
    }
    std::printf("starting %d processes (%s 60) until each runs, %d rounds, interleaved\n", count,
                qPrintable(program), rounds);
    std::vector<double> plain, herd, ratios;
    for (int r = 0; r < rounds; ++r) {
        const double p = spawnPlain(program.toLocal8Bit(), count);
        const double h = spawnHerd(program, count);
        if (p <= 0 || h <= 0) {
            std::fprintf(stderr, "herd-bench-spawn: round %d failed to start every process\n", r + 1);
            return 1;
        }
        plain.push_back(p);
        herd.push_back(h);
        ratios.push_back(h / p);
        std::printf("round %d: posix_spawn %7.1f ms | Herd %7.1f ms | %.2fx\n", r + 1, p, h, h / p);
        std::fflush(stdout);
    }
    std::printf("median: posix_spawn %.1f ms, Herd %.1f ms\n", median(plain), median(herd));
    std::printf("Herd vs posix_spawn, time to start %d processes: %.2fx (median of the rounds' ratios %.2fx; "
                "target: at most 1.5x)\n",
                count, median(herd) / median(plain), median(ratios));
    return 0;
}
