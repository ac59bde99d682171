// The C ABI over herd::Worker.
#include "herd_worker.h"

#include "redisworker.h"
#include "worker.h"

#include <csignal>
#include <cstdlib>
#include <new>
#include <string>

struct herd_worker {
    std::unique_ptr<herd::Worker> worker;
    std::unique_ptr<herd::RedisWorker> redis; // instead of worker, for a redis:// queue
    herd::WorkerTask task;
    volatile std::sig_atomic_t interrupt = 0;
};

namespace {

thread_local std::string t_attachError;

int takeStatus(herd::TakeResult r)
{
    switch (r) {
    case herd::TakeResult::Task:
        return HERD_OK;
    case herd::TakeResult::Timeout:
        return HERD_TIMEOUT;
    case herd::TakeResult::Closed:
        return HERD_CLOSED;
    case herd::TakeResult::Interrupted:
        return HERD_INTERRUPTED;
    case herd::TakeResult::Error:
        break;
    }
    return HERD_ERROR;
}

int ackStatus(herd::AckResult r)
{
    switch (r) {
    case herd::AckResult::Ok:
        return HERD_OK;
    case herd::AckResult::Stale:
        return HERD_STALE;
    case herd::AckResult::Error:
        break;
    }
    return HERD_ERROR;
}

void exportTask(herd_worker *w, herd_task *task)
{
    task->id = w->task.id;
    task->payload = w->task.payload.data();
    task->payload_len = w->task.payload.size();
    task->slot = w->task.slot;
    task->attempt = w->task.attempt;
    task->epoch = w->task.epoch;
}

herd::WorkerTask importTask(const herd_task *task)
{
    herd::WorkerTask t;
    t.id = task->id;
    t.slot = task->slot;
    t.epoch = task->epoch;
    t.attempt = task->attempt;
    return t;
}

herd_worker *attachWith(std::unique_ptr<herd::Worker> worker, const std::string &error)
{
    if (!worker) {
        t_attachError = error.empty() ? std::string("cannot attach to the task queue") : error;
        return nullptr;
    }
    herd_worker *w = new (std::nothrow) herd_worker;
    if (!w) {
        t_attachError = "out of memory";
        return nullptr;
    }
    w->worker = std::move(worker);
    w->worker->setInterruptFlag(&w->interrupt);
    return w;
}

herd_worker *attachRedis(const std::string &address, const std::string &name)
{
    std::string error;
    auto redis = herd::RedisWorker::attach(address, name, &error);
    if (!redis) {
        t_attachError = error;
        return nullptr;
    }
    herd_worker *w = new (std::nothrow) herd_worker;
    if (!w) {
        t_attachError = "out of memory";
        return nullptr;
    }
    w->redis = std::move(redis);
    w->redis->setInterruptFlag(&w->interrupt);
    return w;
}

std::string environmentValue(const char *name)
{
    const char *v = std::getenv(name);
    return v ? v : "";
}

} // namespace

extern "C" {

herd_worker *herd_worker_attach_env(void)
{
    const std::string address = environmentValue("HERD_QUEUE");
    if (herd::redis::isRedisUrl(address))
        return attachRedis(address, environmentValue("HERD_PROCESS_NAME"));
    std::string error;
    auto worker = herd::Worker::attachFromEnvironment(&error);
    return attachWith(std::move(worker), error);
}

herd_worker *herd_worker_attach(const char *address, const char *name)
{
    if (!address) {
        t_attachError = "no task queue address given";
        return nullptr;
    }
    if (herd::redis::isRedisUrl(address))
        return attachRedis(address, name ? name : "");
    std::string error;
    auto worker = herd::Worker::attach(address, name ? name : "", &error);
    return attachWith(std::move(worker), error);
}

void herd_worker_detach(herd_worker *worker)
{
    delete worker;
}

const char *herd_worker_name(const herd_worker *worker)
{
    if (!worker)
        return "";
    return worker->redis ? worker->redis->name().c_str() : worker->worker->name().c_str();
}

int herd_worker_take(herd_worker *worker, herd_task *task, int timeout_ms)
{
    if (!worker || !task)
        return HERD_ERROR;
    const int status = takeStatus(worker->redis ? worker->redis->take(&worker->task, timeout_ms)
                                                : worker->worker->take(&worker->task, timeout_ms));
    if (status == HERD_OK)
        exportTask(worker, task);
    return status;
}

static int finish(herd_worker *worker, const herd_task *task, bool ok, int code, const char *text)
{
    if (!worker || !task)
        return HERD_ERROR;
    const herd::WorkerTask t = importTask(task);
    const std::string_view view = text ? std::string_view(text) : std::string_view();
    if (worker->redis)
        return ackStatus(ok ? worker->redis->complete(t, code, view) : worker->redis->fail(t, code, view));
    return ackStatus(ok ? worker->worker->complete(t, code, view) : worker->worker->fail(t, code, view));
}

int herd_worker_complete(herd_worker *worker, const herd_task *task, int result_code, const char *text)
{
    return finish(worker, task, true, result_code, text);
}

int herd_worker_fail(herd_worker *worker, const herd_task *task, int result_code, const char *text)
{
    return finish(worker, task, false, result_code, text);
}

int herd_worker_complete_and_take(herd_worker *worker, herd_task *task, int result_code,
                                  const char *text, int timeout_ms, int *ack_status)
{
    if (!worker || !task)
        return HERD_ERROR;
    // The handle's own task holds the payload buffer; only the lease comes from *task.
    worker->task.id = task->id;
    worker->task.slot = task->slot;
    worker->task.epoch = task->epoch;
    worker->task.attempt = task->attempt;
    herd::AckResult ack = herd::AckResult::Error;
    const std::string_view view = text ? std::string_view(text) : std::string_view();
    const int status = takeStatus(
        worker->redis ? worker->redis->completeAndTake(&worker->task, result_code, view, timeout_ms, &ack)
                      : worker->worker->completeAndTake(&worker->task, result_code, view, timeout_ms, &ack));
    if (ack_status)
        *ack_status = ackStatus(ack);
    if (status == HERD_OK)
        exportTask(worker, task);
    return status;
}

void herd_worker_interrupt(herd_worker *worker)
{
    if (worker)
        worker->interrupt = 1;
}

const char *herd_worker_error(const herd_worker *worker)
{
    if (!worker)
        return t_attachError.c_str();
    return worker->redis ? worker->redis->lastError().c_str() : worker->worker->lastError().c_str();
}

const char *herd_worker_status_text(int status)
{
    switch (status) {
    case HERD_OK:
        return "ok";
    case HERD_TIMEOUT:
        return "timeout";
    case HERD_CLOSED:
        return "closed";
    case HERD_INTERRUPTED:
        return "interrupted";
    case HERD_STALE:
        return "stale lease";
    case HERD_ERROR:
        return "error";
    default:
        return "unknown status";
    }
}

} // extern "C"
