// The queue's memory ordering under ThreadSanitizer: worker threads (std::thread, each its
// own herd::Worker, no Qt) drain a TaskQueue that the main thread fills, drains and
// reclaims from, all in one process so TSan sees both sides. Qt is used on the main
// thread only (Qt itself is not built with TSan), and no QtTest: its watchdog thread would
// be reported from inside uninstrumented Qt.
#include "tasktracker.h"

#include "queue/taskqueue.h"
#include "worker.h"

#include <QDeadlineTimer>
#include <QThread>

#include <cstdio>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <unistd.h>

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

void threadsDrainEveryTaskExactlyOnce()
{
    TaskQueue::Options o;
    o.capacity = 512;
    o.maxPayload = 64;
    o.maxAttempts = 50;
    o.maxWorkers = 16;
    QString error;
    auto q = TaskQueue::create(o, &error);
    CHECK(q, "%s", qPrintable(error));
    if (!q)
        return;
    const std::string address = q->address().toStdString();

    const int threads = 4;
    const int total = 40000;
    std::atomic<int> stale{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            std::string why;
            auto w = Worker::attach(address, "Worker-" + std::to_string(t + 1), &why);
            if (!w) {
                failures.fetch_add(1);
                return;
            }
            WorkerTask task;
            TakeResult r = w->take(&task, 20000);
            unsigned n = 0;
            while (r == TakeResult::Task) {
                ++n;
                // Check the payload made it intact.
                if (task.payload != std::to_string(task.id))
                    failures.fetch_add(1);
                // A few microseconds of work, so leases are out when the main thread reclaims.
                const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(5);
                while (std::chrono::steady_clock::now() < until) {
                }
                if (n % 7 == 0) {
                    if (w->fail(task, 1, "odd") == AckResult::Stale)
                        stale.fetch_add(1);
                    r = w->take(&task, 20000);
                } else if (n % 3 == 0) {
                    if (w->complete(task, 0, "ok") == AckResult::Stale)
                        stale.fetch_add(1);
                    r = w->take(&task, 20000);
                } else {
                    AckResult ack = AckResult::Error;
                    r = w->completeAndTake(&task, 0, "ok", 20000, &ack);
                    if (ack == AckResult::Stale)
                        stale.fetch_add(1);
                }
            }
            if (r != TakeResult::Closed)
                failures.fetch_add(1);
        });
    }

    TaskTracker tracker;
    QVector<TaskEvent> events;
    int enqueued = 0;
    int reclaims = 0;
    QDeadlineTimer deadline(240000);
    while (tracker.ended() < total && !deadline.hasExpired()) {
        bool progress = false;
        while (enqueued < total) {
            const QByteArray payload = QByteArray::number(enqueued + 1);
            if (q->enqueue(quint64(enqueued + 1), payload) != EnqueueResult::Ok)
                break;
            ++enqueued;
            progress = true;
        }
        // Now and then, right after a batch went in and while the threads are busy with it,
        // take every lease away (as if the worker process had died): the threads' late
        // acknowledgements must be refused and the tasks run again.
        if (progress && reclaims < 8 && tracker.ended() > (reclaims + 1) * total / 10) {
            QThread::usleep(50);
            events.clear();
            while (q->reclaimWorker(getpid(), "lease reclaimed by the test", &events) == ReclaimStatus::Busy)
                QThread::usleep(100);
            tracker.apply(events);
            ++reclaims;
        }
        events.clear();
        q->drainEventsInto(&events);
        tracker.apply(events);
        progress = progress || !events.isEmpty();
        if (!progress)
            QThread::usleep(100);
    }
    q->close();
    for (std::thread &t : pool)
        t.join();
    events.clear();
    q->drainEventsInto(&events);
    tracker.apply(events);

    std::printf("%d tasks, %d takes, %d requeued by %d reclaims, %d late acknowledgements refused\n",
          total, tracker.takes(), tracker.requeues(), reclaims, stale.load());
    CHECK(failures.load() == 0, "%d worker thread failures", failures.load());
    const QString problem = tracker.check(total);
    CHECK(problem.isEmpty(), "%s", qPrintable(problem));
    CHECK(tracker.done() + tracker.failed() == total, "%d done + %d failed", tracker.done(), tracker.failed());
    CHECK(tracker.deadLettered() == 0, "%d dead-lettered", tracker.deadLettered());
    const QString invariants = q->checkInvariants();
    CHECK(invariants.isEmpty(), "%s", qPrintable(invariants));
    CHECK(q->outstanding() == 0, "%llu outstanding", static_cast<unsigned long long>(q->outstanding()));
}

} // namespace

int main()
{
    threadsDrainEveryTaskExactlyOnce();
    std::printf("%s\n", g_failures == 0 ? "PASS" : "FAILED");
    return g_failures == 0 ? 0 : 1;
}
