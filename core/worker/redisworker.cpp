#include "redisworker.h"

#include "queueprotocol.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <unistd.h>

namespace herd {

namespace {

constexpr int kIoTimeoutMs = 3000;
constexpr int kBlockMs = 200; // a blocking read's slice: how soon a stop or close is seen

std::int64_t nowNs()
{
    return std::int64_t(monotonicNs());
}

void sleepMs(long ms)
{
    timespec ts{ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, nullptr); // a signal cuts it short, which is what a stop wants
}

std::string entryId(const WorkerTask &task)
{
    return std::to_string(task.epoch) + "-" + std::to_string(task.slot);
}

} // namespace

std::unique_ptr<RedisWorker> RedisWorker::attach(const std::string &address, const std::string &name,
                                                 std::string *error)
{
    std::unique_ptr<RedisWorker> w(new RedisWorker);
    if (!redis::parseUrl(address, &w->m_address, error))
        return nullptr;
    w->m_keys = std::make_unique<redis::Keys>(w->m_address.stream);
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0)
        std::snprintf(host, sizeof host, "localhost");
    w->m_host = host;
    w->m_pid = std::to_string(getpid());
    w->m_consumer = w->m_host + ":" + w->m_pid;
    w->m_name = name.empty() ? w->m_consumer : name;
    w->m_ctx = redis::connect(w->m_address, kIoTimeoutMs, error);
    if (!w->m_ctx) {
        *error = "cannot reach the Redis server at " + w->m_address.display() + ": " + *error;
        return nullptr;
    }
    std::string e;
    redis::Reply lease = redis::command(w->m_ctx.get(), {"HGET", w->m_keys->config, "lease_ms"}, &e);
    if (lease && lease->type == REDIS_REPLY_STRING) {
        const long long ms = redis::integer(lease.get());
        if (ms >= 100 && ms <= 86400000LL)
            w->m_leaseMs = ms;
    }
    w->m_heart = std::thread([raw = w.get()] { raw->heartbeat(); });
    return w;
}

RedisWorker::~RedisWorker()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_quit = true;
    }
    m_wake.notify_all();
    if (m_heart.joinable())
        m_heart.join();
    // A consumer that holds nothing leaves the group; one that holds a task stays in it, so
    // the task remains pending and is claimed back after the lease.
    if (m_ctx && m_held.empty()) {
        std::string e;
        redis::Reply pending = redis::command(
            m_ctx.get(), {"XPENDING", m_keys->tasks, redis::kGroup, "-", "+", "1", m_consumer}, &e);
        if (pending && pending->type == REDIS_REPLY_ARRAY && pending->elements == 0)
            redis::command(m_ctx.get(), {"XGROUP", "DELCONSUMER", m_keys->tasks, redis::kGroup, m_consumer}, &e);
    }
}

bool RedisWorker::reconnect(std::int64_t deadlineNs)
{
    m_ctx.reset();
    long backoff = 50;
    for (;;) {
        std::string e;
        m_ctx = redis::connect(m_address, kIoTimeoutMs, &e);
        if (m_ctx)
            return true;
        m_error = e;
        if (interrupted())
            return false;
        const std::int64_t now = nowNs();
        if (deadlineNs >= 0 && now >= deadlineNs)
            return false;
        long wait = backoff;
        if (deadlineNs >= 0)
            wait = long(std::min<std::int64_t>(wait, (deadlineNs - now) / 1000000 + 1));
        sleepMs(wait);
        backoff = std::min(backoff * 2, 2000L);
    }
}

std::vector<std::string> RedisWorker::scriptCall(const char *script, int keys) const
{
    std::vector<std::string> args{"EVAL", script, std::to_string(keys), m_keys->tasks, m_keys->events};
    if (keys == 3)
        args.push_back(m_keys->dead);
    return args;
}

std::vector<std::string> RedisWorker::takeArgs() const
{
    std::vector<std::string> args = keys();
    args.insert(args.end(), {redis::kGroup, m_consumer, m_name, m_host, m_pid});
    return args;
}

std::vector<std::string> RedisWorker::ackArgs(const WorkerTask &task, bool ok, int resultCode,
                                              std::string_view text) const
{
    std::vector<std::string> args = keys();
    args.insert(args.end(), {redis::kGroup, m_consumer, entryId(task), ok ? "done" : "failed",
                             std::to_string(resultCode), std::string(text.substr(0, 200))});
    return args;
}

AckResult RedisWorker::ackResult(const WorkerTask &task, const redisReply *r)
{
    setHeld({});
    if (r->type == REDIS_REPLY_ERROR) {
        m_error = "the Redis server refused an acknowledgement: " + redis::text(r);
        return AckResult::Error;
    }
    if (redis::integer(r) == 1)
        return AckResult::Ok;
    m_error = "task " + std::to_string(task.id)
        + ": the acknowledgement was refused: its lease ran out and Herd gave the task back to the queue";
    return AckResult::Stale;
}

bool RedisWorker::readTask(const redisReply *r, WorkerTask *task)
{
    if (!r || r->type != REDIS_REPLY_ARRAY || r->elements < 5)
        return false;
    const std::string entry = redis::text(r->element[0]);
    const std::size_t dash = entry.find('-');
    if (dash == std::string::npos)
        return false;
    task->epoch = std::strtoull(entry.substr(0, dash).c_str(), nullptr, 10);
    task->slot = std::uint32_t(std::strtoul(entry.substr(dash + 1).c_str(), nullptr, 10));
    task->id = std::uint64_t(redis::integer(r->element[1]));
    task->attempt = std::uint32_t(redis::integer(r->element[2]));
    task->payload = redis::text(r->element[3]);
    setHeld(entry);
    return true;
}

TakeResult RedisWorker::take(WorkerTask *task, int timeoutMs)
{
    const std::int64_t deadline = timeoutMs < 0 ? -1 : nowNs() + std::int64_t(timeoutMs) * 1000000;
    for (;;) {
        if (interrupted())
            return TakeResult::Interrupted;
        if (!m_ctx && !reconnect(deadline))
            return interrupted() ? TakeResult::Interrupted : TakeResult::Timeout;
        std::string e;
        redis::Reply r = redis::evalCached(m_ctx.get(), redis::kTakeScript, &m_shaTake, takeArgs(), &e);
        if (!r) {
            m_error = "lost the Redis server: " + e;
            m_ctx.reset();
            continue;
        }
        if (r->type == REDIS_REPLY_ARRAY && readTask(r.get(), task))
            return TakeResult::Task;
        const bool noGroup = r->type == REDIS_REPLY_ERROR && redis::text(r.get()).find("NOGROUP") != std::string::npos;
        if (r->type == REDIS_REPLY_ERROR && !noGroup) {
            m_error = "the Redis server refused a take: " + redis::text(r.get());
            return TakeResult::Error;
        }
        // Nothing waiting: closed, or wait for the next task (in slices, to see a stop).
        r = redis::command(m_ctx.get(), {"HGET", m_keys->config, "closed"}, &e);
        if (!r) {
            m_ctx.reset();
            continue;
        }
        if (redis::text(r.get()) == "1")
            return TakeResult::Closed;
        std::int64_t slice = kBlockMs;
        if (deadline >= 0) {
            const std::int64_t left = (deadline - nowNs()) / 1000000;
            if (left <= 0)
                return TakeResult::Timeout;
            slice = std::min<std::int64_t>(slice, left);
        }
        if (noGroup) {
            sleepMs(std::min(long(slice), 20L)); // Herd has not made the queue yet
            continue;
        }
        r = redis::command(m_ctx.get(), {"XREADGROUP", "GROUP", redis::kGroup, m_consumer, "COUNT", "1", "BLOCK",
                                         std::to_string(std::max<std::int64_t>(slice, 1)), "STREAMS", m_keys->tasks, ">"},
                           &e);
        if (!r) {
            m_ctx.reset();
            continue;
        }
        if (r->type != REDIS_REPLY_ARRAY || r->elements == 0)
            continue;
        const redisReply *entries = r->element[0]->elements >= 2 ? r->element[0]->element[1] : nullptr;
        if (!entries || entries->type != REDIS_REPLY_ARRAY || entries->elements == 0)
            continue;
        const std::string entry = redis::text(entries->element[0]->element[0]);
        std::vector<std::string> args = takeArgs();
        args.push_back(entry);
        r = redis::evalCached(m_ctx.get(), redis::kTakenScript, &m_shaTaken, args, &e);
        if (!r) {
            m_ctx.reset(); // still pending for us: claimed back after the lease
            continue;
        }
        if (r->type == REDIS_REPLY_ARRAY && readTask(r.get(), task))
            return TakeResult::Task;
    }
}

AckResult RedisWorker::finish(const WorkerTask &task, bool ok, int resultCode, std::string_view text)
{
    const std::string entry = entryId(task);
    // The acknowledgement waits for the server for as long as the lease lasts: after that
    // the task is claimed back and the acknowledgement would be refused anyway.
    const std::int64_t deadline = nowNs() + m_leaseMs * 1000000;
    for (;;) {
        if (!m_ctx && !reconnect(deadline)) {
            setHeld({});
            return AckResult::Error;
        }
        std::string e;
        redis::Reply r = redis::evalCached(m_ctx.get(), redis::kAckScript, &m_shaAck,
                                           ackArgs(task, ok, resultCode, text), &e);
        if (!r) {
            m_error = "lost the Redis server: " + e;
            m_ctx.reset();
            continue;
        }
        return ackResult(task, r.get());
    }
}

AckResult RedisWorker::complete(const WorkerTask &task, int resultCode, std::string_view text)
{
    return finish(task, true, resultCode, text);
}

AckResult RedisWorker::fail(const WorkerTask &task, int resultCode, std::string_view text)
{
    return finish(task, false, resultCode, text);
}

TakeResult RedisWorker::completeAndTake(WorkerTask *task, int resultCode, std::string_view text, int timeoutMs,
                                        AckResult *ack)
{
    // One round trip for both while the scripts are known: the acknowledgement, then the
    // take of the next task, pipelined.
    if (m_ctx && !interrupted() && !m_shaAck.empty() && !m_shaTake.empty()) {
        redis::appendCached(m_ctx.get(), m_shaAck, ackArgs(*task, true, resultCode, text));
        redis::appendCached(m_ctx.get(), m_shaTake, takeArgs());
        std::string e;
        redis::Reply acked = redis::takeReply(m_ctx.get(), &e);
        redis::Reply next = acked ? redis::takeReply(m_ctx.get(), &e) : redis::Reply();
        if (acked && next && !redis::isNoScript(acked.get())) {
            const AckResult a = ackResult(*task, acked.get());
            if (ack)
                *ack = a;
            if (next->type == REDIS_REPLY_ARRAY && readTask(next.get(), task))
                return TakeResult::Task;
            return take(task, timeoutMs);
        }
        if (!acked || !next)
            m_ctx.reset(); // lost: the acknowledgement is sent again below once reconnected
    }
    const AckResult a = finish(*task, true, resultCode, text);
    if (ack)
        *ack = a;
    return take(task, timeoutMs);
}

void RedisWorker::setHeld(const std::string &entry)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_held = entry;
}

void RedisWorker::heartbeat()
{
    redis::Context ctx;
    const auto period = std::chrono::milliseconds(std::max<std::int64_t>(m_leaseMs / 3, 30));
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait_for(lock, period, [this] { return m_quit; });
        if (m_quit)
            return;
        const std::string held = m_held;
        if (held.empty())
            continue;
        lock.unlock();
        std::string e;
        if (!ctx)
            ctx = redis::connect(m_address, kIoTimeoutMs, &e);
        if (ctx) {
            std::vector<std::string> args = scriptCall(redis::kRenewScript, 2);
            args.insert(args.end(), {redis::kGroup, m_consumer, held});
            if (!redis::command(ctx.get(), args, &e))
                ctx.reset();
        }
        lock.lock();
    }
}

} // namespace herd
