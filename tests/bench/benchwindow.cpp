// herd-bench-window: does the window keep up with a busy pool? N workers (default 200)
// churn tasks fed at a target rate (default 50,000 tasks/s) while the main window shows
// them, offscreen. Prints the event loop's latency (how late a 5 ms timer fires: median,
// 99th percentile, worst), Herd's own CPU time as a share of one core, its memory, and the
// tasks/s reached — then the same run without a window as the baseline, once more with the
// history plots on screen (the queue panel's History tab, and a worker selected so the
// details show its CPU and memory plots), and the ratios.
// Last, the memory a million finished tasks take in the ledger. A benchmark reports
// figures; it is not a timed test.

#include "mainwindow.h"
#include "queuepanel.h"
#include "session.h"

#include <QApplication>
#include <QGuiApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

namespace {

struct Options {
    int workers = 200;
    int rate = 50000;
    int seconds = 10;
    qint64 ledgerTasks = 1000000;
    bool history = true;
};

enum class View {
    None,
    Window,
    WindowWithHistory,
};

struct Figures {
    double p50Ms = 0, p99Ms = 0, maxMs = 0;
    double cpuPercent = 0;
    double rssMiB = 0;
    double tasksPerSecond = 0;
    qint64 done = 0;
};

double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double rssMiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> f = statm.readAll().split(' ');
    return f.size() > 1 ? double(f.at(1).toLongLong()) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0) : 0;
}

// Runs the event loop (sleeping when idle, as the real program does) for up to ms, or until
// `until` holds (checked every 20 ms).
void spinFor(int ms, const std::function<bool()> &until = {})
{
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    QTimer check;
    if (until) {
        QObject::connect(&check, &QTimer::timeout, &loop, [&] {
            if (until())
                loop.quit();
        });
        check.start(20);
    }
    deadline.start(ms);
    loop.exec();
}

Figures runPool(const Options &o, View view)
{
    herd::Session session;
    herd::TaskQueue::Options qo;
    qo.capacity = 65536;
    const QString error = session.open(qo).error;
    if (!error.isEmpty()) {
        std::fprintf(stderr, "herd-bench-window: %s\n", qPrintable(error));
        std::exit(1);
    }
    std::unique_ptr<herd::MainWindow> window;
    if (view != View::None) {
        window = std::make_unique<herd::MainWindow>(&session);
        window->resize(1400, 900);
        window->show();
        if (view == View::WindowWithHistory) {
            // The History tab is the queue panel's last.
            if (auto *panel = window->findChild<herd::QueuePanel *>()) {
                if (auto *tabs = panel->findChild<QTabWidget *>())
                    tabs->setCurrentIndex(tabs->count() - 1);
            }
        }
    }
    // The stock worker of this build, unless the environment names another.
    if (qEnvironmentVariableIsEmpty("HERD_WORKER_BIN"))
        session.setWorkerProgram(QStringLiteral(HERD_BENCH_WORKER));
    herd::WorkerPoolSpec pool;
    pool.count = o.workers;
    const QString spawnError = session.spawnPool(pool).error;
    if (!spawnError.isEmpty()) {
        std::fprintf(stderr, "herd-bench-window: %s\n", qPrintable(spawnError));
        std::exit(1);
    }
    auto running = [&] {
        int n = 0;
        for (herd::ManagedProcess *p : session.supervisor()->processes())
            n += p->state() == herd::ProcessState::Running;
        return n;
    };
    spinFor(20000, [&] { return running() == o.workers; });
    if (running() != o.workers) {
        std::fprintf(stderr, "herd-bench-window: only %d of %d workers are running (%s)\n", running(), o.workers,
                     qPrintable(session.workerProgram()));
        std::exit(1);
    }
    if (view == View::WindowWithHistory) {
        // The details of one worker: its CPU and memory plots.
        const QList<herd::ManagedProcess *> all = session.supervisor()->processes();
        if (!all.isEmpty())
            window->selectProcesses({all.first()->id()});
    }

    // Feed the target rate in 10 ms steps; probe the loop with a 5 ms timer. Each step offers
    // what is due by the clock: tasks arrive at the rate whether or not Herd looks (a pipe
    // or a file keeps them until it does), so a late turn of the loop offers what arrived
    // meanwhile. (A timer that is late skips its missed turns: a fixed batch per turn would
    // measure the loop's lateness a second time, as lost tasks.)
    std::vector<double> lateness;
    lateness.reserve(size_t(o.seconds) * 250);
    QElapsedTimer clock;
    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    qint64 offered = 0;
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        const qint64 due = clock.nsecsElapsed() / 1000 * o.rate / 1000000;
        if (due > offered && session.enqueueCount(due - offered).ok())
            offered = due;
    });
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    qint64 lastNs = 0;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (lastNs > 0)
            lateness.push_back(std::max(0.0, double(now - lastNs) / 1e6 - 5.0));
        lastNs = now;
    });
    // Said as the measured part begins and ends, so a profiler can be attached for just that.
    static const char *const names[] = {"without a window", "with the window", "window, history plots"};
    std::printf("measuring %s for %d s (pid %lld)\n", names[int(view)], o.seconds, static_cast<long long>(getpid()));
    std::fflush(stdout);
    const qint64 doneBefore = session.ledger()->count(herd::TaskLedger::State::Done);
    const double cpu0 = cpuSeconds();
    clock.start();
    feeder.start(10);
    probe.start(5);
    spinFor(o.seconds * 1000);
    feeder.stop();
    probe.stop();
    const double wall = double(clock.nsecsElapsed()) / 1e9;
    Figures f;
    f.cpuPercent = 100.0 * (cpuSeconds() - cpu0) / wall;
    f.done = session.ledger()->count(herd::TaskLedger::State::Done) - doneBefore;
    f.tasksPerSecond = double(f.done) / wall;
    f.rssMiB = rssMiB();
    std::sort(lateness.begin(), lateness.end());
    if (!lateness.empty()) {
        f.p50Ms = lateness[lateness.size() / 2];
        f.p99Ms = lateness[std::min(lateness.size() - 1, lateness.size() * 99 / 100)];
        f.maxMs = lateness.back();
    }
    session.setQuitting(true);
    session.supervisor()->killAll(herd::StopCause::Quit);
    spinFor(10000, [&] { return session.supervisor()->aliveCount() == 0; });
    return f;
}

void ledgerMemory(qint64 tasks)
{
    herd::TaskLedger ledger([](qint64) { return QStringLiteral("Worker-1"); });
    const double before = rssMiB();
    QVector<herd::TaskEvent> batch;
    batch.reserve(3 * 4096);
    qint64 t = 1;
    for (qint64 i = 0; i < tasks; i += 4096) {
        batch.clear();
        const qint64 end = std::min(tasks, i + 4096);
        for (qint64 k = i; k < end; ++k) {
            herd::TaskEvent e;
            e.ticket = quint64(k);
            e.taskId = quint64(k + 1);
            e.timeNs = ++t;
            e.kind = herd::TaskEventKind::Enqueued;
            e.payload = QByteArray::number(k + 1);
            batch << e;
            e.payload.clear();
            e.kind = herd::TaskEventKind::Taken;
            e.attempt = 1;
            e.workerPid = 4242 + (k % 2);
            e.workerId = 1 + quint32(k % 2);
            e.timeNs = ++t;
            batch << e;
            e.kind = herd::TaskEventKind::Done;
            e.timeNs = ++t;
            batch << e;
        }
        ledger.apply(batch);
    }
    std::printf("ledger: %lld finished tasks take %.1f MB (its own count), process RSS grew %.1f MiB\n",
                static_cast<long long>(ledger.size()), double(ledger.memoryBytes()) / 1e6, rssMiB() - before);
}

} // namespace

int main(int argc, char **argv)
{
    // Offscreen unless the environment picks a platform (e.g. xcb under xvfb-run).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    Options o;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args.at(i);
        auto next = [&] { return i + 1 < args.size() ? args.at(++i).toInt() : 0; };
        if (a == QLatin1String("--workers"))
            o.workers = next();
        else if (a == QLatin1String("--rate"))
            o.rate = next();
        else if (a == QLatin1String("--seconds"))
            o.seconds = next();
        else if (a == QLatin1String("--ledger-tasks"))
            o.ledgerTasks = next();
        else if (a == QLatin1String("--no-history"))
            o.history = false;
        else {
            std::fprintf(stderr, "usage: herd-bench-window [--workers N] [--rate TASKS_PER_S] [--seconds S] [--ledger-tasks N] [--no-history]\n");
            return 2;
        }
    }
    if (o.workers < 1 || o.rate < 1 || o.seconds < 1) {
        std::fprintf(stderr, "herd-bench-window: --workers, --rate and --seconds must be at least 1\n");
        return 2;
    }
    std::printf("%d workers, tasks fed at %d/s for %d s, platform %s, on %ld CPUs\n", o.workers, o.rate, o.seconds,
                qPrintable(QGuiApplication::platformName()), sysconf(_SC_NPROCESSORS_ONLN));
    const Figures base = runPool(o, View::None);
    const Figures win = runPool(o, View::Window);
    const Figures plots = o.history ? runPool(o, View::WindowWithHistory) : Figures{};
    if (base.done == 0 || win.done == 0 || (o.history && plots.done == 0)) {
        std::fprintf(stderr, "herd-bench-window: the workers finished no task\n");
        return 1;
    }
    auto row = [](const char *what, const Figures &f) {
        std::printf("%-22s loop latency p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms | Herd CPU %5.1f %% of a core | "
                    "RSS %6.1f MiB | %8.0f tasks/s done\n",
                    what, f.p50Ms, f.p99Ms, f.maxMs, f.cpuPercent, f.rssMiB, f.tasksPerSecond);
    };
    row("without a window", base);
    row("with the window", win);
    if (o.history)
        row("window, history plots", plots);
    auto ratios = [&base](const char *what, const Figures &f) {
        std::printf("ratios %s/baseline: CPU %.2fx, p99 latency %.2fx, throughput %.2fx\n", what,
                    base.cpuPercent > 0 ? f.cpuPercent / base.cpuPercent : 0.0, base.p99Ms > 0 ? f.p99Ms / base.p99Ms : 0.0,
                    base.tasksPerSecond > 0 ? f.tasksPerSecond / base.tasksPerSecond : 0.0);
    };
    ratios("window", win);
    if (o.history)
        ratios("window with history plots", plots);
    if (o.ledgerTasks > 0)
        ledgerMemory(o.ledgerTasks);
    return 0;
}
