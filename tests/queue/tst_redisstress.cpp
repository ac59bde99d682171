// The Redis queue's threads under ThreadSanitizer: RedisTaskQueue's network thread and the
// main thread that feeds and drains it, and worker threads (std::thread, each its own
// herd::RedisWorker with its lease-renewing thread) against a real redis-server. Some
// takes are abandoned without an acknowledgement: they must come back after the lease and
// be done by someone. Then every worker is asked to stop through NAME:control (read by
// its heartbeat thread while its own thread takes). Qt is used on the main thread only, and no QtTest (see
// tst_queuestress).
#include "queue/redistaskqueue.h"
#include "queue/taskledger.h"
#include "queueprotocol.h"
#include "redisserver.h"
#include "redisworker.h"

#include <QCoreApplication>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace herd;

namespace {

int g_failures = 0;

#define CHECK(condition, ...)                                                                \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            std::fprintf(stderr, "FAIL: %s (line %d): ", #condition, __LINE__);            \
            std::fprintf(stderr, __VA_ARGS__);                                             \
            std::fprintf(stderr, "\n");                                                    \
            ++g_failures;                                                                  \
        }                                                                                  \
    } while (false)

void workerThreadsDrainEveryTaskOnce()
{
    test::RedisServer server;
    if (!server.start()) {
        CHECK(false, "redis-server did not start");
        return;
    }
    const QString url = server.url(QStringLiteral("stress"));
    RedisTaskQueue::Options options;
    options.leaseMs = 400;
    options.maxAttempts = 5;
    QString error;
    std::unique_ptr<RedisTaskQueue> q = RedisTaskQueue::create(url, options, &error);
    CHECK(q, "%s", qPrintable(error));
    if (!q)
        return;
    TaskLedger ledger;
    q->setLedger(&ledger);

    constexpr int kThreads = 3;
    constexpr long long kTasks = 1500;
    std::atomic<long long> abandoned{0};
    std::atomic<int> attachFailures{0};
    std::atomic<int> finished{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            std::string why;
            auto w = RedisWorker::attach(url.toStdString(), "T-" + std::to_string(t + 1), &why);
            if (!w) {
                ++attachFailures;
                ++finished;
                return;
            }
            struct Done {
                std::atomic<int> &count;
                ~Done() { ++count; }
            } done{finished};
            WorkerTask task;
            long long n = 0;
            for (;;) {
                const TakeResult r = w->take(&task, 200);
                if (r == TakeResult::Closed || r == TakeResult::Error)
                    return;
                if (r != TakeResult::Task)
                    continue;
                // Every 97th take of the first thread is dropped as a crashed worker would.
                if (t == 0 && ++n % 97 == 0 && task.attempt == 1) {
                    ++abandoned;
                    continue;
                }
                w->complete(task, 0, "ok");
            }
        });
    }
    std::vector<QByteArray> payloads;
    std::vector<QByteArrayView> views;
    std::vector<quint64> ids;
    for (long long i = 0; i < kTasks; ++i) {
        payloads.push_back(QByteArray::number(i));
        ids.push_back(quint64(i + 1));
    }
    for (const QByteArray &p : payloads)
        views.emplace_back(p);
    long long enqueued = 0;
    const std::uint64_t deadline = monotonicNs() + 120ull * 1000000000ull;
    while (ledger.count(TaskLedger::State::Done) < kTasks && monotonicNs() < deadline) {
        if (enqueued < kTasks) {
            int accepted = 0;
            const int n = int(std::min<long long>(100, kTasks - enqueued));
            q->enqueueBatch(&ids[size_t(enqueued)], &views[size_t(enqueued)], n, &accepted);
            enqueued += accepted;
        }
        q->drainEventsInto(nullptr);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    // The workers have said they are there (one record: they share this process's consumer
    // name, host:pid); asked to stop, each one leaves by itself.
    const std::uint64_t seen = monotonicNs() + 30ull * 1000000000ull;
    while (q->remoteWorkers().isEmpty() && monotonicNs() < seen) {
        q->drainEventsInto(nullptr);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK(q->remoteWorkers().size() == 1, "%lld worker records for one process", (long long)q->remoteWorkers().size());
    for (const RemoteWorkerInfo &w : q->remoteWorkers())
        CHECK(q->stopRemoteWorker(w.key), "could not ask %s to stop", qPrintable(w.name));
    const std::uint64_t stopped = monotonicNs() + 30ull * 1000000000ull;
    while (finished < kThreads && monotonicNs() < stopped) {
        q->drainEventsInto(nullptr);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK(finished == kThreads, "%d of %d workers left when asked to stop", finished.load(), kThreads);
    q->close(); // whatever did not stop leaves now
    for (std::thread &t : threads)
        t.join();
    q->drainEventsInto(nullptr);
    CHECK(attachFailures == 0, "%d workers could not attach", attachFailures.load());
    CHECK(ledger.count(TaskLedger::State::Done) == kTasks, "%lld of %lld tasks done",
          ledger.count(TaskLedger::State::Done), kTasks);
    CHECK(q->outstanding() == 0, "%llu tasks outstanding", static_cast<unsigned long long>(q->outstanding()));
    CHECK(abandoned > 0, "no take was abandoned");
    CHECK(q->stats().requeued >= quint64(abandoned.load()), "%llu requeued for %lld abandoned",
          static_cast<unsigned long long>(q->stats().requeued), abandoned.load());
    q->setLedger(nullptr);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (test::redisServerProgram().isEmpty()) {
        std::printf("SKIP: redis-server is not installed (./build.sh installs it)\n");
        return 0;
    }
    workerThreadsDrainEveryTaskOnce();
    std::printf("%s\n", g_failures == 0 ? "PASS" : "FAILED");
    return g_failures == 0 ? 0 : 1;
}
