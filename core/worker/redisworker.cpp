#include "redisworker.h"

#include "queueprotocol.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
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
    // Orders given before this worker came are not for it.
    redis::Reply last = redis::command(w->m_ctx.get(), {"XREVRANGE", w->m_keys->control, "+", "-", "COUNT", "1"}, &e);
    if (last && last->type == REDIS_REPLY_ARRAY && last->elements == 1 && last->element[0]->type == REDIS_REPLY_ARRAY
        && last->element[0]->elements >= 1)
        w->m_controlSeen = redis::text(last->element[0]->element[0]);
    w->say(w->m_ctx.get(), "idle");
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
    if (m_ctx)
        say(m_ctx.get(), "left");
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
        if (m_stopAsked)
            return TakeResult::Closed; // Herd asked this worker to leave
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
    if (m_ctx && !interrupted() && !m_stopAsked && !m_shaAck.empty() && !m_shaTake.empty()) {
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

void RedisWorker::say(redisContext *ctx, const std::string &state)
{
    redis::Presence p;
    p.beat = ++m_beats;
    p.state = state;
    p.pid = getpid();
    p.host = m_host;
    p.name = m_name;
    std::string e;
    redis::command(ctx, {"HSET", m_keys->workers, m_consumer, redis::presenceValue(p)}, &e);
}

void RedisWorker::leaveAtOnce(redisContext *ctx)
{
    // Herd has already given the task in hand back to the queue: its acknowledgement would
    // be refused, and the command this worker runs for it dies with it (PR_SET_PDEATHSIG).
    say(ctx, "left");
    std::fflush(stdout);
    ::kill(getpid(), SIGKILL);
    _exit(137); // not reached
}

bool RedisWorker::beat(redisContext *ctx, const std::string &held, bool renew)
{
    redis::Presence p;
    p.beat = ++m_beats;
    p.state = m_stopAsked ? "stopping" : held.empty() ? "idle" : "busy";
    p.pid = getpid();
    p.host = m_host;
    p.name = m_name;
    redis::append(ctx, {"HSET", m_keys->workers, m_consumer, redis::presenceValue(p)});
    redis::append(ctx, {"XREAD", "COUNT", "100", "STREAMS", m_keys->control, m_controlSeen});
    if (renew) {
        std::vector<std::string> args = scriptCall(redis::kRenewScript, 2);
        args.insert(args.end(), {redis::kGroup, m_consumer, held});
        redis::append(ctx, args);
    }
    std::string e;
    redis::Reply said = redis::takeReply(ctx, &e);
    redis::Reply orders = said ? redis::takeReply(ctx, &e) : redis::Reply();
    redis::Reply renewed = orders && renew ? redis::takeReply(ctx, &e) : redis::Reply();
    if (!said || !orders || (renew && !renewed))
        return false;
    if (orders->type != REDIS_REPLY_ARRAY || orders->elements == 0)
        return true;
    const redisReply *stream = orders->element[0];
    if (stream->type != REDIS_REPLY_ARRAY || stream->elements < 2 || stream->element[1]->type != REDIS_REPLY_ARRAY)
        return true;
    const redisReply *entries = stream->element[1];
    for (std::size_t i = 0; i < entries->elements; ++i) {
        const redisReply *entry = entries->element[i];
        if (entry->type != REDIS_REPLY_ARRAY || entry->elements < 2 || entry->element[1]->type != REDIS_REPLY_ARRAY)
            continue;
        m_controlSeen = redis::text(entry->element[0]);
        const redisReply *f = entry->element[1];
        std::string to, cmd, about;
        for (std::size_t k = 0; k + 1 < f->elements; k += 2) {
            const std::string key = redis::text(f->element[k]);
            if (key == "to")
                to = redis::text(f->element[k + 1]);
            else if (key == "cmd")
                cmd = redis::text(f->element[k + 1]);
            else if (key == "e")
                about = redis::text(f->element[k + 1]);
        }
        if (to != m_consumer && to != "*")
            continue;
        if (cmd == "stop") {
            m_stopAsked = true;
        } else if (cmd == "kill") {
            leaveAtOnce(ctx);
        } else if (cmd == "abandon") {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (!about.empty() && m_held == about)
                leaveAtOnce(ctx);
        }
    }
    return true;
}

void RedisWorker::heartbeat()
{
    redis::Context ctx;
    const auto period = std::chrono::milliseconds(redis::heartbeatMs(m_leaseMs));
    const std::int64_t renewNs = std::max<std::int64_t>(m_leaseMs / 3, 30) * 1000000;
    std::int64_t lastRenew = nowNs();
    std::string renewed; // the entry last renewed
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait_for(lock, period, [this] { return m_quit; });
        if (m_quit)
            return;
        const std::string held = m_held;
        lock.unlock();
        const std::int64_t now = nowNs();
        if (held != renewed) {
            renewed = held; // a fresh take: its lease starts now
            lastRenew = now;
        }
        const bool renew = !held.empty() && now - lastRenew >= renewNs - renewNs / 10;
        std::string e;
        if (!ctx)
            ctx = redis::connect(m_address, kIoTimeoutMs, &e);
        if (ctx) {
            if (beat(ctx.get(), held, renew)) {
                if (renew)
                    lastRenew = now;
            } else {
                ctx.reset();
            }
        }
        lock.lock();
    }
}

} // namespace herd
