// herd-bench-queue: tasks per second from 1 producer to 2 consumer processes, 40-byte
// tasks, no work per task, through Herd's queue (with its ledger recording every take and
// completion) and through the baselines: a POSIX message queue (default depth), one
// shared pipe, Boost.Interprocess's message_queue (depth 1024) and, as the limit, a
// shared-memory ring that only ever spins. Prints the median of several runs of each, all
// in one run on one machine, and the ratios (of the medians, and run by run). A benchmark
// reports figures; it is not a timed test.
//
// With redis-server installed, two more rows (fewer tasks: --redis-tasks) on a server the
// benchmark starts on a free port: Herd's queue in Redis Streams (RedisTaskQueue and two
// RedisWorker processes) beside plain hiredis doing the same round trips (the producer
// XADDs in pipelined batches, each consumer XREADGROUP + XACK per task).
#include "queue/redistaskqueue.h"
#include "queue/taskledger.h"
#include "queue/taskqueue.h"
#include "queueprotocol.h"
#include "redislink.h"
#include "redisworker.h"
#include "worker.h"

#include <boost/interprocess/ipc/message_queue.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include <csignal>

#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <mqueue.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;
namespace bip = boost::interprocess;
constexpr std::uint64_t kSentinel = ~0ull;
constexpr int kConsumers = 2;
quint32 g_herdCapacity = 1024; // the same depth as the Boost queue

struct Message {
    std::uint64_t id;
    char pad[32];
};
static_assert(sizeof(Message) == 40, "40-byte tasks");

struct RunResult {
    double seconds = 0;
    std::vector<long long> perConsumer;
};

bool writeAll(int fd, const void *data, size_t size)
{
    const char *p = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        size -= size_t(n);
    }
    return true;
}

bool readAll(int fd, void *data, size_t size)
{
    char *p = static_cast<char *>(data);
    while (size > 0) {
        const ssize_t n = ::read(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        size -= size_t(n);
    }
    return true;
}

[[noreturn]] void die(const std::string &message)
{
    std::fprintf(stderr, "herd-bench-queue: %s\n", message.c_str());
    std::exit(1);
}

// Forks the consumers. Each runs consume(index, readyFd): it sets itself up, writes one
// byte to readyFd, consumes, and returns how many tasks it got. The clock starts when
// every consumer is ready and stops when every consumer has reported its count.
RunResult runWithConsumers(const std::function<long long(int, int)> &consume,
                           const std::function<void()> &produce,
                           const std::function<void(int)> &afterFork = {})
{
    int ready[2], results[2];
    if (pipe(ready) != 0 || pipe(results) != 0)
        die("pipe failed");
    std::vector<pid_t> pids;
    for (int c = 0; c < kConsumers; ++c) {
        const pid_t pid = fork();
        if (pid < 0)
            die("fork failed");
        if (pid == 0) {
            ::close(ready[0]);
            ::close(results[0]);
            if (afterFork)
                afterFork(c);
            const long long got = consume(c, ready[1]);
            writeAll(results[1], &got, sizeof got);
            _exit(0);
        }
        pids.push_back(pid);
    }
    ::close(ready[1]);
    ::close(results[1]);
    for (int c = 0; c < kConsumers; ++c) {
        char b;
        if (!readAll(ready[0], &b, 1))
            die("a consumer failed to start");
    }
    RunResult r;
    const auto start = Clock::now();
    produce();
    for (int c = 0; c < kConsumers; ++c) {
        long long got = 0;
        if (!readAll(results[0], &got, sizeof got))
            die("a consumer died");
        r.perConsumer.push_back(got);
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (pid_t pid : pids) {
        int status = 0;
        waitpid(pid, &status, 0);
    }
    ::close(ready[0]);
    ::close(results[0]);
    return r;
}

void signalReady(int fd)
{
    const char b = 1;
    writeAll(fd, &b, 1);
}

// --- Herd's queue -----------------------------------------------------------------------

// How the producer lets the consumers run while it has nothing to do.
class IdleWait
{
public:
    IdleWait() { prctl(PR_SET_TIMERSLACK, 1000UL); }
    void wait()
    {
        if (!m_slowYields || ++m_skipped >= 64) {
            m_skipped = 0;
            const auto start = Clock::now();
            sched_yield();
            m_slowYields = Clock::now() - start > std::chrono::microseconds(100);
            return;
        }
        const timespec pause{0, 10000};
        nanosleep(&pause, nullptr);
    }

private:
    bool m_slowYields = false;
    int m_skipped = 0;
};

enum class HerdMode {
    Ledger,          // the window's way: every event recorded straight into the ledger
    LedgerAndEvents, // the headless runner's way: also a TaskEvent per event, for its stream
};

RunResult runHerd(long long tasks, HerdMode mode)
{
    herd::TaskQueue::Options o;
    o.capacity = g_herdCapacity;
    o.maxPayload = 64;
    QString error;
    auto q = herd::TaskQueue::create(o, &error);
    if (!q)
        die(error.toStdString());
    const std::string address = q->address().toStdString();
    // Distinct 40-byte payloads, made before the clock starts.
    std::vector<QByteArray> pool;
    for (int i = 0; i < 1024; ++i)
        pool.push_back(QByteArray::number(i).leftJustified(40, '.'));
    const std::vector<QByteArrayView> views(pool.cbegin(), pool.cend());
    // The app's ledger outlives the run: freeing it is not part of moving tasks.
    herd::TaskLedger ledger;

    auto consume = [&](int c, int readyFd) -> long long {
        std::string why;
        auto w = herd::Worker::attach(address, "bench-" + std::to_string(c + 1), &why);
        if (!w)
            die(why);
        signalReady(readyFd);
        long long got = 0;
        herd::WorkerTask task;
        herd::AckResult ack;
        herd::TakeResult r = w->take(&task, -1);
        while (r == herd::TakeResult::Task) {
            ++got;
            r = w->completeAndTake(&task, 0, {}, -1, &ack); // one lock per task
        }
        return got;
    };
    auto produce = [&] {
        IdleWait idle;
        q->setLedger(&ledger);
        q->setEventLog(mode == HerdMode::LedgerAndEvents);
        QVector<herd::TaskEvent> events;
        long long enqueued = 0, done = 0;
        quint64 ids[512];
        while (done < tasks) {
            bool progress = false;
            if (enqueued < tasks) {
                const int start = int(enqueued % 512);
                const int n = int(std::min<long long>(512, tasks - enqueued));
                for (int i = 0; i < n; ++i)
                    ids[i] = quint64(enqueued + i + 1);
                int accepted = 0;
                q->enqueueBatch(ids, &views[size_t(start)], n, &accepted);
                enqueued += accepted;
                progress = accepted > 0;
                if (enqueued == tasks)
                    q->close();
            }
            events.clear();
            q->drainEventsInto(mode == HerdMode::LedgerAndEvents ? &events : nullptr);
            done = ledger.count(herd::TaskLedger::State::Done);
            // Once the queue is full (or all is enqueued), give the CPU to a consumer
            // (2 cores for 3 processes) before looking again: a yield, unless yields
            // take long (the machine is busy with other work, and a yield gives the CPU
            // away for a time slice); then a short sleep, after which the kernel gives
            // the CPU back soon.
            if (!progress)
                idle.wait();
        }
        q->drainEventsInto(mode == HerdMode::LedgerAndEvents ? &events : nullptr);
        q->setLedger(nullptr);
        if (ledger.count(herd::TaskLedger::State::Done) != tasks)
            die("the ledger does not hold every task");
    };
    return runWithConsumers(consume, produce);
}

// --- POSIX message queue ----------------------------------------------------------------

RunResult runPosixMq(long long tasks)
{
    const std::string name = "/herd-bench-mq-" + std::to_string(getpid());
    mq_attr attr{};
    attr.mq_maxmsg = 10; // the default depth (/proc/sys/fs/mqueue/msg_default)
    attr.mq_msgsize = sizeof(Message);
    mq_unlink(name.c_str());
    const mqd_t mq = mq_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
    if (mq == mqd_t(-1))
        die("mq_open: " + std::string(std::strerror(errno)));
    auto consume = [&](int, int readyFd) -> long long {
        signalReady(readyFd);
        long long got = 0;
        Message m;
        for (;;) {
            if (mq_receive(mq, reinterpret_cast<char *>(&m), sizeof m, nullptr) != ssize_t(sizeof m)) {
                if (errno == EINTR)
                    continue;
                die("mq_receive failed");
            }
            if (m.id == kSentinel)
                return got;
            ++got;
        }
    };
    auto produce = [&] {
        Message m{};
        for (long long i = 1; i <= tasks; ++i) {
            m.id = std::uint64_t(i);
            while (mq_send(mq, reinterpret_cast<const char *>(&m), sizeof m, 0) != 0 && errno == EINTR) {
            }
        }
        m.id = kSentinel;
        for (int c = 0; c < kConsumers; ++c)
            mq_send(mq, reinterpret_cast<const char *>(&m), sizeof m, 0);
    };
    RunResult r = runWithConsumers(consume, produce);
    mq_close(mq);
    mq_unlink(name.c_str());
    return r;
}

// --- One shared pipe --------------------------------------------------------------------

RunResult runPipe(long long tasks, int batch)
{
    // Writes of whole records up to PIPE_BUF are atomic and every read asks for whole
    // records, so records never split between the two readers. EOF ends the consumers.
    // batch 1 is one write and one read per task, like the other transports; a larger
    // batch shows what a byte stream gains when it may group tasks.
    constexpr int kMaxBatch = PIPE_BUF / sizeof(Message);
    batch = std::max(1, std::min(batch, kMaxBatch));
    int fds[2];
    if (pipe(fds) != 0)
        die("pipe failed");
    auto consume = [&](int, int readyFd) -> long long {
        ::close(fds[1]);
        signalReady(readyFd);
        long long got = 0;
        Message buffer[kMaxBatch];
        for (;;) {
            const ssize_t n = ::read(fds[0], buffer, size_t(batch) * sizeof(Message));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return got;
            got += n / ssize_t(sizeof(Message));
        }
    };
    auto produce = [&] {
        ::close(fds[0]);
        Message buffer[kMaxBatch] = {};
        long long sent = 0;
        while (sent < tasks) {
            const int n = int(std::min<long long>(batch, tasks - sent));
            for (int i = 0; i < n; ++i)
                buffer[i].id = std::uint64_t(sent + i + 1);
            writeAll(fds[1], buffer, size_t(n) * sizeof(Message));
            sent += n;
        }
        ::close(fds[1]);
    };
    return runWithConsumers(consume, produce);
}

// --- Boost.Interprocess message_queue ---------------------------------------------------

RunResult runBoost(long long tasks)
{
    const std::string name = "herd-bench-boost-" + std::to_string(getpid());
    bip::message_queue::remove(name.c_str());
    bip::message_queue mq(bip::create_only, name.c_str(), 1024, sizeof(Message));
    auto consume = [&](int, int readyFd) -> long long {
        bip::message_queue in(bip::open_only, name.c_str());
        signalReady(readyFd);
        long long got = 0;
        Message m;
        bip::message_queue::size_type size;
        unsigned priority;
        for (;;) {
            in.receive(&m, sizeof m, size, priority);
            if (m.id == kSentinel)
                return got;
            ++got;
        }
    };
    auto produce = [&] {
        Message m{};
        for (long long i = 1; i <= tasks; ++i) {
            m.id = std::uint64_t(i);
            mq.send(&m, sizeof m, 0);
        }
        m.id = kSentinel;
        for (int c = 0; c < kConsumers; ++c)
            mq.send(&m, sizeof m, 0);
    };
    RunResult r = runWithConsumers(consume, produce);
    bip::message_queue::remove(name.c_str());
    return r;
}

// --- The spin-only shared-memory ring (the practical limit) -----------------------------

// A bounded MPMC ring (Dmitry Vyukov's: one sequence number per cell) in a shared mapping,
// 1024 cells of one 40-byte task each. Nobody ever sleeps: a consumer that finds it empty
// and a producer that finds it full spin (a pause, then a yield). Nothing is recorded, no
// lease, no recovery: what moving 40 bytes between processes costs on this machine.
struct alignas(64) RingCell {
    std::atomic<std::uint64_t> sequence;
    Message message;
};
static_assert(sizeof(RingCell) == 64, "one cell per cache line");

struct SpinRing {
    static constexpr std::uint64_t kCells = 1024;
    alignas(64) std::atomic<std::uint64_t> enqueuePos;
    alignas(64) std::atomic<std::uint64_t> dequeuePos;
    alignas(64) RingCell cells[kCells];
};

void spinPause(int &spins)
{
    if (++spins < 64) {
        herd::cpuRelax();
    } else {
        spins = 0;
        sched_yield(); // 2 CPUs for 3 processes: let the other side run
    }
}

RunResult runSpinRing(long long tasks)
{
    void *memory = mmap(nullptr, sizeof(SpinRing), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
        die("mmap failed");
    SpinRing *ring = new (memory) SpinRing;
    ring->enqueuePos.store(0);
    ring->dequeuePos.store(0);
    for (std::uint64_t i = 0; i < SpinRing::kCells; ++i)
        ring->cells[i].sequence.store(i);
    auto consume = [&](int, int readyFd) -> long long {
        signalReady(readyFd);
        long long got = 0;
        int spins = 0;
        for (;;) {
            std::uint64_t pos = ring->dequeuePos.load(std::memory_order_relaxed);
            RingCell *cell = &ring->cells[pos % SpinRing::kCells];
            const std::uint64_t seq = cell->sequence.load(std::memory_order_acquire);
            if (seq == pos + 1) {
                if (!ring->dequeuePos.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed))
                    continue;
                const std::uint64_t id = cell->message.id;
                cell->sequence.store(pos + SpinRing::kCells, std::memory_order_release);
                if (id == kSentinel)
                    return got;
                ++got;
                spins = 0;
            } else {
                spinPause(spins);
            }
        }
    };
    auto produce = [&] {
        auto push = [&](std::uint64_t id) {
            int spins = 0;
            for (;;) {
                const std::uint64_t pos = ring->enqueuePos.load(std::memory_order_relaxed);
                RingCell *cell = &ring->cells[pos % SpinRing::kCells];
                if (cell->sequence.load(std::memory_order_acquire) == pos) {
                    ring->enqueuePos.store(pos + 1, std::memory_order_relaxed); // one producer
                    cell->message.id = id;
                    cell->sequence.store(pos + 1, std::memory_order_release);
                    return;
                }
                spinPause(spins);
            }
        };
        for (long long i = 1; i <= tasks; ++i)
            push(std::uint64_t(i));
        for (int c = 0; c < kConsumers; ++c)
            push(kSentinel);
    };
    RunResult r = runWithConsumers(consume, produce);
    munmap(memory, sizeof(SpinRing));
    return r;
}

// ----------------------------------------------------------------------------------------

// How long one cache line takes to go from CPU 0 to CPU 1 and back (two threads pinned
// there, each waiting for the other's write): what every contended line of a queue costs.
// On a virtual machine it changes with where the host puts the virtual CPUs (here it was
// seen to move between about 90 and 400 ns from one minute to the next), and the queues'
// rates move with it, so each run's figure is printed beside it. -1 if it cannot be
// measured (one CPU, or no affinity).
double cacheLineRoundTripNs()
{
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
        return -1;
    struct alignas(64) Line {
        std::atomic<long> value{0};
    };
    static Line line;
    constexpr long kTrips = 20000;
    line.value.store(0);
    auto pin = [](int cpu) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
    };
    cpu_set_t before;
    if (pthread_getaffinity_np(pthread_self(), sizeof before, &before) != 0)
        return -1;
    std::atomic<bool> pinned{true};
    std::thread other([&] {
        if (!pin(1)) {
            pinned = false;
            line.value.store(-1);
            return;
        }
        for (long i = 0; i < kTrips; ++i) {
            long v;
            while ((v = line.value.load(std::memory_order_acquire)) != 2 * i + 1)
                if (v < 0)
                    return;
            // Only if the measuring side has not called it off meanwhile.
            if (!line.value.compare_exchange_strong(v, 2 * i + 2, std::memory_order_acq_rel))
                return;
        }
    });
    double ns = -1;
    if (pin(0)) {
        // At most 100 ms: on a loaded machine a preempted thread makes each trip last a
        // time slice, and the average of the trips made so far says that well enough.
        const auto start = std::chrono::steady_clock::now();
        const auto deadline = start + std::chrono::milliseconds(100);
        long i = 0;
        for (; i < kTrips; ++i) {
            line.value.store(2 * i + 1, std::memory_order_release);
            long v;
            while ((v = line.value.load(std::memory_order_acquire)) != 2 * i + 2 && v >= 0) {
            }
            if (v < 0 || ((i & 255) == 255 && std::chrono::steady_clock::now() > deadline))
                break;
        }
        const double elapsed = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
        line.value.store(-1); // releases the other thread wherever it is
        if (i > 0 && pinned)
            ns = elapsed / double(std::min(i + 1, kTrips));
    } else {
        line.value.store(-1);
    }
    other.join();
    pthread_setaffinity_np(pthread_self(), sizeof before, &before);
    return ns;
}

struct Row {
    const char *label;
    std::function<RunResult()> run;
    std::vector<double> rates;
    std::vector<std::vector<long long>> split;
    double median = 0;
    long long tasks = 0; // 0: --tasks
};

// --- Redis Streams ----------------------------------------------------------------------

struct RedisServer {
    pid_t pid = 0;
    int port = 0;
    std::string dir;
};
RedisServer g_redis;

std::string redisUrl(const std::string &stream)
{
    return "redis://127.0.0.1:" + std::to_string(g_redis.port) + "/" + stream;
}

herd::redis::Context redisConnect()
{
    herd::redis::Address a;
    a.host = "127.0.0.1";
    a.port = g_redis.port;
    std::string e;
    return herd::redis::connect(a, 5000, &e);
}

// Starts redis-server (no persistence) on a free port; false when it is not installed.
bool startRedis()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) != 0)
        return false;
    ::close(fd);
    g_redis.port = ntohs(a.sin_port);
    char dir[] = "/tmp/herd-bench-redis-XXXXXX";
    if (!mkdtemp(dir))
        return false;
    g_redis.dir = dir;
    const std::string port = std::to_string(g_redis.port);
    const pid_t pid = fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", dir, static_cast<char *>(nullptr));
        _exit(127);
    }
    g_redis.pid = pid;
    for (int i = 0; i < 500; ++i) {
        if (herd::redis::Context c = redisConnect(); c) {
            std::string e;
            if (herd::redis::Reply r = herd::redis::command(c.get(), {"PING"}, &e); r)
                return true;
        }
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            g_redis.pid = 0;
            return false; // not installed, or could not start
        }
        usleep(10000);
    }
    return false;
}

void stopRedis()
{
    if (g_redis.pid > 0) {
        ::kill(g_redis.pid, SIGTERM);
        int status = 0;
        waitpid(g_redis.pid, &status, 0);
    }
    if (!g_redis.dir.empty())
        ::rmdir(g_redis.dir.c_str());
}

int g_redisRun = 0; // a fresh stream per run

RunResult runHerdRedis(long long tasks)
{
    const std::string url = redisUrl("bench-herd-" + std::to_string(++g_redisRun));
    std::vector<QByteArray> pool;
    for (int i = 0; i < 1024; ++i)
        pool.push_back(QByteArray::number(i).leftJustified(40, '.'));
    const std::vector<QByteArrayView> views(pool.cbegin(), pool.cend());
    herd::TaskLedger ledger;
    std::unique_ptr<herd::RedisTaskQueue> q;

    auto consume = [&](int c, int readyFd) -> long long {
        std::string why;
        auto w = herd::RedisWorker::attach(url, "bench-" + std::to_string(c + 1), &why);
        if (!w)
            die(why);
        signalReady(readyFd);
        long long got = 0;
        herd::WorkerTask task;
        herd::AckResult ack;
        herd::TakeResult r = w->take(&task, -1);
        while (r == herd::TakeResult::Task) {
            ++got;
            r = w->completeAndTake(&task, 0, {}, -1, &ack);
        }
        return got;
    };
    auto produce = [&] {
        herd::RedisTaskQueue::Options o;
        o.capacity = g_herdCapacity;
        o.maxPayload = 64;
        QString error;
        q = herd::RedisTaskQueue::create(QString::fromStdString(url), o, &error);
        if (!q)
            die(error.toStdString());
        q->setLedger(&ledger);
        q->setEventLog(false);
        long long enqueued = 0, done = 0;
        quint64 ids[512];
        while (done < tasks) {
            bool progress = false;
            if (enqueued < tasks) {
                const int start = int(enqueued % 512);
                const int n = int(std::min<long long>(512, tasks - enqueued));
                for (int i = 0; i < n; ++i)
                    ids[i] = quint64(enqueued + i + 1);
                int accepted = 0;
                q->enqueueBatch(ids, &views[size_t(start)], n, &accepted);
                enqueued += accepted;
                progress = accepted > 0;
                if (enqueued == tasks)
                    q->close();
            }
            q->drainEventsInto(nullptr);
            done = ledger.count(herd::TaskLedger::State::Done);
            if (!progress)
                usleep(1000); // the session's drain timer, at its fastest
        }
        q->setLedger(nullptr);
        q.reset();
    };
    return runWithConsumers(consume, produce);
}

RunResult runPlainRedis(long long tasks)
{
    const std::string stream = "bench-plain-" + std::to_string(++g_redisRun);
    {
        herd::redis::Context c = redisConnect();
        std::string e;
        if (!c || !herd::redis::command(c.get(), {"XGROUP", "CREATE", stream, "g", "$", "MKSTREAM"}, &e))
            die("cannot set up the plain Redis stream");
    }
    const std::string payload = QByteArray("0").leftJustified(40, '.').toStdString();
    auto consume = [&](int c, int readyFd) -> long long {
        herd::redis::Context ctx = redisConnect();
        if (!ctx)
            die("a consumer cannot connect to redis-server");
        const std::string me = "c" + std::to_string(c);
        signalReady(readyFd);
        long long got = 0;
        std::string e;
        for (;;) {
            herd::redis::Reply r = herd::redis::command(
                ctx.get(), {"XREADGROUP", "GROUP", "g", me, "COUNT", "1", "BLOCK", "1000", "STREAMS", stream, ">"}, &e);
            if (!r)
                die("lost redis-server: " + e);
            if (r->type != REDIS_REPLY_ARRAY || r->elements == 0)
                continue;
            const redisReply *entry = r->element[0]->element[1]->element[0];
            const std::string id = herd::redis::text(entry->element[0]);
            const redisReply *fields = entry->element[1];
            if (fields->elements >= 2 && herd::redis::text(fields->element[0]) == "end")
                return got; // left pending: the stream is deleted with the run
            ++got;
            if (!herd::redis::command(ctx.get(), {"XACK", stream, "g", id}, &e))
                die("lost redis-server: " + e);
        }
    };
    auto produce = [&] {
        herd::redis::Context ctx = redisConnect();
        std::string e;
        for (long long sent = 0; sent < tasks;) {
            const long long n = std::min<long long>(1000, tasks - sent);
            for (long long i = 0; i < n; ++i)
                herd::redis::append(ctx.get(), {"XADD", stream, "*", "id", std::to_string(sent + i + 1), "p", payload});
            for (long long i = 0; i < n; ++i)
                if (!herd::redis::takeReply(ctx.get(), &e))
                    die("lost redis-server: " + e);
            sent += n;
        }
        for (int c = 0; c < kConsumers; ++c)
            herd::redis::command(ctx.get(), {"XADD", stream, "*", "end", "1"}, &e);
    };
    RunResult r = runWithConsumers(consume, produce);
    herd::redis::Context ctx = redisConnect();
    std::string e;
    herd::redis::command(ctx.get(), {"DEL", stream}, &e);
    return r;
}

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

std::string rate(double r)
{
    char buffer[32];
    if (r >= 1e6)
        std::snprintf(buffer, sizeof buffer, "%.2f M", r / 1e6);
    else
        std::snprintf(buffer, sizeof buffer, "%.0f k", r / 1e3);
    return buffer;
}

const char kUsage[] =
    "Usage: herd-bench-queue [--tasks N] [--runs R] [--capacity C] [--redis-tasks M]\n"
    "                        [--only herd|mq|pipe|boost|ring|redis]\n"
    "Tasks per second from 1 producer to 2 consumer processes, 40-byte tasks, no work per\n"
    "task, median of R runs (default 3) of N tasks (default 2000000) through Herd's queue\n"
    "(with its ledger) and the baselines. Herd's queue gets C slots (default 1024, the\n"
    "depth of the Boost queue). With redis-server installed, M tasks (default 20000)\n"
    "through Herd's queue in Redis Streams and through plain hiredis XREADGROUP/XACK, on a\n"
    "server started for the run (--redis-tasks 0: no Redis rows).\n";

} // namespace

int main(int argc, char **argv)
{
    long long tasks = 2000000;
    int runs = 3;
    long long redisTasks = 20000;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (arg == "--tasks" && i + 1 < argc) {
            tasks = std::atoll(argv[++i]);
        } else if (arg == "--runs" && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else if (arg == "--capacity" && i + 1 < argc) {
            g_herdCapacity = quint32(std::atoll(argv[++i]));
        } else if (arg == "--redis-tasks" && i + 1 < argc) {
            redisTasks = std::atoll(argv[++i]);
        } else if (arg == "--only" && i + 1 < argc) {
            only = argv[++i];
        } else {
            std::fprintf(stderr, "herd-bench-queue: unknown option '%s'\n%s", arg.c_str(), kUsage);
            return 2;
        }
    }
    if (tasks < 1 || runs < 1 || redisTasks < 0) {
        std::fprintf(stderr, "herd-bench-queue: --tasks and --runs must be at least 1, --redis-tasks at least 0\n");
        return 2;
    }

    std::vector<Row> rows;
    if (only.empty() || only == "herd") {
        rows.push_back({"Herd queue + ledger (every take recorded)", [&] { return runHerd(tasks, HerdMode::Ledger); }, {}, {}, 0});
        rows.push_back({"Herd queue + ledger + TaskEvent per event", [&] { return runHerd(tasks, HerdMode::LedgerAndEvents); }, {}, {}, 0});
    }
    if (only.empty() || only == "mq")
        rows.push_back({"POSIX message queue (depth 10)", [&] { return runPosixMq(tasks); }, {}, {}, 0});
    if (only.empty() || only == "pipe")
        rows.push_back({"one shared pipe, a write per task", [&] { return runPipe(tasks, 1); }, {}, {}, 0});
    if (only.empty() || only == "pipe")
        rows.push_back({"one shared pipe, 102 tasks per write", [&] { return runPipe(tasks, 102); }, {}, {}, 0});
    if (only.empty() || only == "boost")
        rows.push_back({"Boost.Interprocess message_queue (1024)", [&] { return runBoost(tasks); }, {}, {}, 0});
    if (only.empty() || only == "ring")
        rows.push_back({"shared-memory ring, spin-only (the limit)", [&] { return runSpinRing(tasks); }, {}, {}, 0});
    bool redis = false;
    if ((only.empty() && redisTasks > 0) || only == "redis") {
        if (redisTasks < 1) {
            std::fprintf(stderr, "herd-bench-queue: --only redis needs --redis-tasks of at least 1\n");
            return 2;
        }
        redis = startRedis();
        if (redis) {
            rows.push_back({"Herd queue in Redis Streams + ledger", [&] { return runHerdRedis(redisTasks); }, {}, {}, 0, redisTasks});
            rows.push_back({"plain hiredis XREADGROUP + XACK", [&] { return runPlainRedis(redisTasks); }, {}, {}, 0, redisTasks});
        } else {
            std::printf("(redis-server is not installed or did not start: no Redis rows)\n");
        }
    }
    if (rows.empty()) {
        std::fprintf(stderr, "herd-bench-queue: --only takes herd, mq, pipe, boost, ring or redis\n");
        return 2;
    }

    std::printf("1 producer -> %d consumer processes, 40-byte tasks, no work per task, %lld tasks, "
                "median of %d run%s (%ld CPUs)\n\n",
                kConsumers, tasks, runs, runs == 1 ? "" : "s", sysconf(_SC_NPROCESSORS_ONLN));
    // The cache-line round trip between the CPUs just before each run, row by row.
    std::vector<std::vector<double>> roundTrips(rows.size());
    // Interleave the transports run by run, so a noisy moment hits them all alike.
    for (int r = 0; r < runs; ++r) {
        for (Row &row : rows) {
            roundTrips[size_t(&row - rows.data())].push_back(cacheLineRoundTripNs());
            const RunResult result = row.run();
            long long got = 0;
            for (long long c : result.perConsumer)
                got += c;
            const long long want = row.tasks > 0 ? row.tasks : tasks;
            if (got != want)
                die(std::string(row.label) + ": consumers got " + std::to_string(got) + " of "
                    + std::to_string(want) + " tasks");
            row.rates.push_back(double(want) / result.seconds);
            row.split.push_back(result.perConsumer);
        }
    }
    std::printf("%-44s %12s   %s\n", "transport", "tasks/s",
                "runs (tasks/s, with the cache-line round trip between CPU 0 and 1 just before; consumer split of the median run)");
    for (Row &row : rows) {
        row.median = medianOf(row.rates);
        std::string all;
        size_t medianIndex = 0;
        for (size_t i = 0; i < row.rates.size(); ++i) {
            all += (i ? ", " : "") + rate(row.rates[i]);
            const std::vector<double> &trips = roundTrips[size_t(&row - rows.data())];
            if (i < trips.size() && trips[i] > 0)
                all += " (" + std::to_string(std::lround(trips[i])) + " ns)";
            if (row.rates[i] == row.median)
                medianIndex = i;
        }
        std::string split;
        for (size_t c = 0; c < row.split[medianIndex].size(); ++c)
            split += (c ? "/" : "") + std::to_string(row.split[medianIndex][c]);
        std::printf("%-44s %12s   %s; %s\n", row.label, rate(row.median).c_str(), all.c_str(), split.c_str());
    }
    auto find = [&](const char *prefix) -> const Row * {
        for (const Row &row : rows)
            if (std::strncmp(row.label, prefix, std::strlen(prefix)) == 0)
                return &row;
        return nullptr;
    };
    const Row *herd = find("Herd queue +");
    const Row *mq = find("POSIX");
    const Row *boost = find("Boost");
    const Row *ring = find("shared-memory ring");
    // Ratios run by run: the transports of one run shared the same moment of the machine.
    auto perRun = [](const Row *a, const Row *b) {
        std::string text;
        for (size_t i = 0; i < a->rates.size() && i < b->rates.size(); ++i) {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%s%.2f", i ? ", " : "", a->rates[i] / b->rates[i]);
            text += buffer;
        }
        return text;
    };
    std::printf("\n");
    if (herd && mq)
        std::printf("Herd (with ledger) vs POSIX message queue: %.1fx (target: at least 10x)\n",
                    herd->median / mq->median);
    if (herd && boost)
        std::printf("Herd (with ledger) vs Boost.Interprocess message_queue: %.2fx (target: at least 2x; run by run %s)\n",
                    herd->median / boost->median, perRun(herd, boost).c_str());
    if (herd && ring)
        std::printf("Herd (with ledger) vs the spin-only ring: %.2fx (target: at least 0.40x; run by run %s)\n",
                    herd->median / ring->median, perRun(herd, ring).c_str());
    const Row *herdRedis = find("Herd queue in Redis");
    const Row *plainRedis = find("plain hiredis");
    if (herdRedis && plainRedis)
        std::printf("Herd in Redis Streams vs plain hiredis XREADGROUP/XACK (%lld tasks): %.2fx\n", redisTasks,
                    herdRedis->median / plainRedis->median);
    if (redis)
        stopRedis();
    return 0;
}
