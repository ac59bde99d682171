#include "queue/redistaskqueue.h"

#include "durations.h"
#include "queue/taskledger.h"
#include "queueprotocol.h"
#include "redislink.h"

#include <QRandomGenerator>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <unistd.h>

namespace herd {

namespace {

constexpr int kIoTimeoutMs = 2000;
constexpr int kBatch = 1000;       // tasks per enqueue script, events per read
constexpr int kReadBlockMs = 20;   // how long the idle link waits for events
constexpr long kMaxBackoffMs = 5000;
// The reason a claim-back gives when the worker went silent (the text is made on Herd's
// side, in the user's language).
const char kLeaseReason[] = "\x01lease";

// Enqueues a batch: ARGV holds (ticket, id, attempt, payload) fours. A ticket and attempt
// already in NAME:seen is skipped, so a batch sent again after a lost reply is not doubled.
const char kEnqueueScript[] =
    "local n = 0\n"
    "for i = 1, #ARGV, 4 do\n"
    "  if redis.call('SADD', KEYS[2], ARGV[i] .. ':' .. ARGV[i + 2]) == 1 then\n"
    "    redis.call('XADD', KEYS[1], '*', 't', ARGV[i], 'id', ARGV[i + 1], 'a', ARGV[i + 2], 'p', ARGV[i + 3])\n"
    "    n = n + 1\n"
    "  end\n"
    "end\n"
    "return n\n";

std::string fromQ(const QString &s)
{
    return s.toStdString();
}

} // namespace

// One entry of NAME:events, as read.
struct RedisTaskQueue::Event {
    std::string kind; // taken, done, failed, requeued, dead
    quint64 ticket = 0;
    quint32 attempt = 0;
    std::string consumer;
    std::string name;
    std::string host;
    qint64 pid = 0;
    int code = 0;
    std::string text;
    std::string entry; // taken: the stream entry
};

// The network side: a thread with its own connection. The GUI thread hands it tasks and
// claim-backs, and takes what it read; they share only what is under m_mutex.
class RedisTaskQueue::Link
{
public:
    struct Notice {
        bool up = false;   // connected again (or for the first time after a failure)
        bool lost = false; // up, but the server no longer had the queue
        std::string error; // down: why
        bool neverUp = false; // down before the first connection
    };
    struct Outgoing {
        quint64 ticket = 0;
        quint64 taskId = 0;
        quint32 attempt = 1;
        QByteArray payload;
    };
    struct Claim {
        std::string consumer;
        std::string reason;
        std::string entry; // just this entry, if consumer still holds it ("" = all it holds)
    };
    struct Control { // an entry for NAME:control (cmd "forget": drop to's field of NAME:workers)
        std::string to;
        std::string cmd;
        std::string entry;
    };

    Link(const redis::Address &address, qint64 leaseMs, quint32 maxAttempts)
        : m_address(address)
        , m_keys(address.stream)
        , m_leaseMs(leaseMs)
        , m_maxAttempts(maxAttempts)
    {
        m_token = std::to_string(QRandomGenerator::system()->generate64());
        m_thread = std::thread([this] { run(); });
    }
    ~Link()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }

    void send(std::vector<Outgoing> &&tasks)
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            for (Outgoing &t : tasks)
                m_outbox.push_back(std::move(t));
        }
        m_wake.notify_all();
    }
    // Orders go out before claim-backs asked after them.
    void order(Control &&c)
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_controls.push_back(std::move(c));
        }
        m_wake.notify_all();
    }
    void claim(Claim &&c)
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_claims.push_back(std::move(c));
        }
        m_wake.notify_all();
    }
    void close()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_close = true;
        }
        m_wake.notify_all();
    }
    void setMaxAttempts(quint32 n) { m_maxAttempts = n; }
    bool connected() const { return m_connected; }

    // What was read and said since the last call. *lost: the server lost the queue; the
    // caller gives every unfinished task again with resend(), which clears it.
    void take(std::vector<Event> *events, std::vector<Notice> *notices, std::vector<redis::Presence> *presence,
              bool *lost)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        presence->swap(m_presence);
        m_presence.clear();
        events->swap(m_inbox);
        m_inbox.clear();
        notices->swap(m_notices);
        m_notices.clear();
        *lost = m_lost;
    }
    void resend(std::vector<Outgoing> &&tasks)
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_outbox.clear();
            for (Outgoing &t : tasks)
                m_outbox.push_back(std::move(t));
            m_lost = false;
        }
        m_wake.notify_all();
    }

private:
    bool stopping()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_stop;
    }
    void notice(Notice n)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_notices.push_back(std::move(n));
    }
    void run();
    bool setUp(bool first, bool *lost, std::string *error);
    bool step(std::string *error);
    bool flushOutbox(std::string *error);
    bool claimBack(const std::string &consumer, const std::string &reason, qint64 minIdle, std::string *error);
    bool claimEntry(const Claim &claim, std::string *error);
    bool readPresence(std::string *error);
    bool readEvents(bool mayBlock, std::string *error);

    const redis::Address m_address;
    const redis::Keys m_keys;
    const qint64 m_leaseMs;
    std::atomic<quint32> m_maxAttempts;
    std::atomic<bool> m_connected{false};
    std::string m_token;
    redis::Context m_ctx;
    std::string m_lastEvent = "0";
    qint64 m_lastScanMs = 0;
    qint64 m_lastTrimMs = 0;
    qint64 m_lastPresenceMs = 0;
    bool m_closeSent = false;

    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Outgoing> m_outbox;
    std::vector<Claim> m_claims;
    std::vector<Control> m_controls;
    std::vector<redis::Presence> m_presence;
    std::vector<Event> m_inbox;
    std::vector<Notice> m_notices;
    bool m_stop = false;
    bool m_close = false;
    bool m_lost = false;
};

void RedisTaskQueue::Link::run()
{
    long backoff = 100;
    bool everUp = false;
    bool down = false;
    while (!stopping()) {
        std::string error;
        if (!m_ctx) {
            m_ctx = redis::connect(m_address, kIoTimeoutMs, &error);
            bool lost = false;
            if (m_ctx && !setUp(!everUp, &lost, &error))
                m_ctx.reset();
            if (!m_ctx) {
                if (!down) {
                    notice({false, false, error, !everUp});
                    down = true;
                }
                std::unique_lock<std::mutex> lock(m_mutex);
                m_wake.wait_for(lock, std::chrono::milliseconds(backoff), [this] { return m_stop; });
                backoff = std::min(backoff * 2, kMaxBackoffMs);
                continue;
            }
            backoff = 100;
            m_connected = true;
            if (down || lost)
                notice({true, lost, {}, false});
            everUp = true;
            down = false;
        }
        if (!step(&error)) {
            m_ctx.reset();
            m_connected = false;
            notice({false, false, error, false});
            down = true;
        }
    }
    // Herd is leaving: idle workers leave too.
    if (m_ctx) {
        std::string error;
        redis::command(m_ctx.get(), {"HSET", m_keys.config, "closed", "1"}, &error);
    }
}

bool RedisTaskQueue::Link::setUp(bool first, bool *lost, std::string *error)
{
    if (!first) {
        redis::Reply r = redis::command(m_ctx.get(), {"HGET", m_keys.config, "session"}, error);
        if (!r)
            return false;
        if (redis::text(r.get()) == m_token)
            return true; // the server kept everything
        *lost = true;
    }
    // A fresh queue: what a previous session left under this name goes (NAME:dead stays,
    // for a person to read).
    redis::Reply r = redis::command(m_ctx.get(), {"DEL", m_keys.tasks, m_keys.events, m_keys.config,
                                                  m_keys.tasks + ":seen", m_keys.workers, m_keys.control},
                                    error);
    if (!r)
        return false;
    if (r->type == REDIS_REPLY_ERROR) {
        *error = "the Redis server refused to set up the queue: " + redis::text(r.get());
        return false;
    }
    r = redis::command(m_ctx.get(), {"XGROUP", "CREATE", m_keys.tasks, redis::kGroup, "$", "MKSTREAM"}, error);
    if (!r)
        return false;
    if (r->type == REDIS_REPLY_ERROR && redis::text(r.get()).find("BUSYGROUP") == std::string::npos) {
        *error = "the Redis server refused to make the consumer group: " + redis::text(r.get());
        return false;
    }
    bool close = false;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        close = m_close;
        if (*lost) {
            m_lost = true; // the GUI thread gives everything again
            m_outbox.clear();
        }
    }
    r = redis::command(m_ctx.get(), {"HSET", m_keys.config, "lease_ms", std::to_string(m_leaseMs), "max_attempts",
                                     std::to_string(m_maxAttempts.load()), "closed", close ? "1" : "0", "session",
                                     m_token},
                       error);
    if (!r)
        return false;
    m_closeSent = close;
    m_lastEvent = "0";
    return true;
}

bool RedisTaskQueue::Link::step(std::string *error)
{
    if (!flushOutbox(error))
        return false;
    std::vector<Claim> claims;
    std::vector<Control> controls;
    bool close = false;
    bool outboxEmpty = true;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        controls.swap(m_controls);
        claims.swap(m_claims);
        close = m_close;
        outboxEmpty = m_outbox.empty() || m_lost;
    }
    for (std::size_t i = 0; i < controls.size(); ++i) {
        const Control &c = controls[i];
        // "forget": a worker gone silent past its lease leaves NAME:workers (it comes back
        // with its next heartbeat, should it still be there).
        redis::Reply r = c.cmd == "forget"
            ? redis::command(m_ctx.get(), {"HDEL", m_keys.workers, c.to}, error)
            : redis::command(m_ctx.get(), {"XADD", m_keys.control, "MAXLEN", "~", "1000", "*", "to", c.to, "cmd",
                                           c.cmd, "e", c.entry},
                             error);
        if (!r) {
            // Sent again once connected, and the claim-backs after them.
            std::lock_guard<std::mutex> lock(m_mutex);
            m_controls.insert(m_controls.begin(), controls.begin() + qsizetype(i), controls.end());
            m_claims.insert(m_claims.begin(), claims.begin(), claims.end());
            return false;
        }
    }
    for (std::size_t i = 0; i < claims.size(); ++i) {
        const bool ok = claims[i].entry.empty() ? claimBack(claims[i].consumer, claims[i].reason, 0, error)
                                                : claimEntry(claims[i], error);
        if (!ok) {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_claims.insert(m_claims.begin(), claims.begin() + qsizetype(i), claims.end());
            return false;
        }
    }
    const qint64 now = qint64(monotonicNs() / 1000000);
    if (now - m_lastScanMs >= std::clamp<qint64>(m_leaseMs / 4, 20, 1000)) {
        m_lastScanMs = now;
        if (!claimBack({}, kLeaseReason, m_leaseMs, error))
            return false;
    }
    if (now - m_lastPresenceMs >= std::clamp<qint64>(redis::heartbeatMs(m_leaseMs) / 2, 15, 250)) {
        m_lastPresenceMs = now;
        if (!readPresence(error))
            return false;
    }
    if (close && !m_closeSent) {
        if (!redis::command(m_ctx.get(), {"HSET", m_keys.config, "closed", "1"}, error))
            return false;
        m_closeSent = true;
    }
    if (now - m_lastTrimMs >= 1000 && m_lastEvent != "0") {
        m_lastTrimMs = now;
        if (!redis::command(m_ctx.get(), {"XTRIM", m_keys.events, "MINID", m_lastEvent}, error))
            return false;
    }
    return readEvents(outboxEmpty && claims.empty(), error);
}

bool RedisTaskQueue::Link::flushOutbox(std::string *error)
{
    std::vector<std::string> args{"EVAL", kEnqueueScript, "2", m_keys.tasks, m_keys.tasks + ":seen"};
    std::size_t count = 0;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_lost)
            return true; // wait for the GUI thread to give everything again
        count = std::min<std::size_t>(m_outbox.size(), kBatch);
        args.reserve(5 + count * 4);
        for (std::size_t i = 0; i < count; ++i) {
            const Outgoing &t = m_outbox[i];
            args.push_back(std::to_string(t.ticket));
            args.push_back(std::to_string(t.taskId));
            args.push_back(std::to_string(t.attempt));
            args.emplace_back(t.payload.constData(), std::size_t(t.payload.size()));
        }
    }
    if (count == 0)
        return true;
    redis::Reply r = redis::command(m_ctx.get(), args, error);
    if (!r)
        return false; // kept: sent again once connected (NAME:seen skips what arrived)
    if (r->type == REDIS_REPLY_ERROR) {
        *error = "the Redis server refused tasks: " + redis::text(r.get());
        return false;
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_lost)
        m_outbox.erase(m_outbox.begin(), m_outbox.begin() + qsizetype(std::min(count, m_outbox.size())));
    return true;
}

bool RedisTaskQueue::Link::claimBack(const std::string &consumer, const std::string &reason, qint64 minIdle,
                                     std::string *error)
{
    for (;;) {
        std::vector<std::string> args{"XPENDING", m_keys.tasks, redis::kGroup};
        if (minIdle > 0)
            args.insert(args.end(), {"IDLE", std::to_string(minIdle)});
        args.insert(args.end(), {"-", "+", "200"});
        if (!consumer.empty())
            args.push_back(consumer);
        redis::Reply r = redis::command(m_ctx.get(), args, error);
        if (!r)
            return false;
        if (r->type != REDIS_REPLY_ARRAY || r->elements == 0)
            return true;
        int claimed = 0;
        for (std::size_t i = 0; i < r->elements; ++i) {
            const redisReply *p = r->element[i];
            if (p->type != REDIS_REPLY_ARRAY || p->elements < 2)
                continue;
            redis::Reply c = redis::command(
                m_ctx.get(),
                {"EVAL", redis::kClaimBackScript, "3", m_keys.tasks, m_keys.events, m_keys.dead, redis::kGroup,
                 redis::text(p->element[0]), std::to_string(minIdle), std::to_string(m_maxAttempts.load()), reason,
                 consumer},
                error);
            if (!c)
                return false;
            if (c->type == REDIS_REPLY_ERROR) {
                *error = "the Redis server refused a claim-back: " + redis::text(c.get());
                return false;
            }
            if (redis::integer(c.get()) != 0)
                ++claimed;
        }
        if (claimed == 0 || r->elements < 200)
            return true;
    }
}

bool RedisTaskQueue::Link::claimEntry(const Claim &claim, std::string *error)
{
    redis::Reply c = redis::command(m_ctx.get(),
                                    {"EVAL", redis::kClaimBackScript, "3", m_keys.tasks, m_keys.events, m_keys.dead,
                                     redis::kGroup, claim.entry, "0", std::to_string(m_maxAttempts.load()),
                                     claim.reason, claim.consumer},
                                    error);
    if (!c)
        return false;
    if (c->type == REDIS_REPLY_ERROR) {
        *error = "the Redis server refused a claim-back: " + redis::text(c.get());
        return false;
    }
    return true;
}

bool RedisTaskQueue::Link::readPresence(std::string *error)
{
    redis::Reply r = redis::command(m_ctx.get(), {"HGETALL", m_keys.workers}, error);
    if (!r)
        return false;
    if (r->type != REDIS_REPLY_ARRAY || r->elements == 0)
        return true;
    std::vector<redis::Presence> seen;
    std::vector<std::string> leftOnes{"HDEL", m_keys.workers};
    // Bounded: a server full of forged records costs a few thousand of them per read.
    const std::size_t count = std::min<std::size_t>(r->elements, 2 * 4096);
    for (std::size_t i = 0; i + 1 < count; i += 2) {
        redis::Presence p;
        if (!redis::parsePresence(redis::text(r->element[i]), redis::text(r->element[i + 1]), &p))
            continue;
        if (p.state == "left")
            leftOnes.push_back(p.consumer);
        seen.push_back(std::move(p));
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (redis::Presence &p : seen)
            m_presence.push_back(std::move(p));
    }
    // A worker that left says so once: its record goes once read.
    if (leftOnes.size() > 2 && !redis::command(m_ctx.get(), leftOnes, error))
        return false;
    return true;
}

bool RedisTaskQueue::Link::readEvents(bool mayBlock, std::string *error)
{
    std::vector<std::string> args{"XREAD", "COUNT", std::to_string(kBatch)};
    if (mayBlock)
        args.insert(args.end(), {"BLOCK", std::to_string(kReadBlockMs)});
    args.insert(args.end(), {"STREAMS", m_keys.events, m_lastEvent});
    redis::Reply r = redis::command(m_ctx.get(), args, error);
    if (!r)
        return false;
    if (r->type != REDIS_REPLY_ARRAY || r->elements == 0)
        return true;
    const redisReply *stream = r->element[0];
    if (stream->type != REDIS_REPLY_ARRAY || stream->elements < 2)
        return true;
    const redisReply *entries = stream->element[1];
    std::vector<Event> read;
    read.reserve(entries->elements);
    for (std::size_t i = 0; i < entries->elements; ++i) {
        const redisReply *e = entries->element[i];
        if (e->type != REDIS_REPLY_ARRAY || e->elements < 2)
            continue;
        m_lastEvent = redis::text(e->element[0]);
        const redisReply *f = e->element[1];
        if (f->type != REDIS_REPLY_ARRAY)
            continue;
        Event ev;
        for (std::size_t k = 0; k + 1 < f->elements; k += 2) {
            const std::string key = redis::text(f->element[k]);
            const redisReply *v = f->element[k + 1];
            if (key == "k")
                ev.kind = redis::text(v);
            else if (key == "t")
                ev.ticket = quint64(redis::integer(v));
            else if (key == "a")
                ev.attempt = quint32(redis::integer(v));
            else if (key == "w")
                ev.consumer = redis::text(v);
            else if (key == "n")
                ev.name = redis::text(v);
            else if (key == "h")
                ev.host = redis::text(v);
            else if (key == "pid")
                ev.pid = qint64(redis::integer(v));
            else if (key == "c")
                ev.code = int(redis::integer(v));
            else if (key == "x")
                ev.text = redis::text(v);
            else if (key == "e")
                ev.entry = redis::text(v);
        }
        read.push_back(std::move(ev));
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    for (Event &ev : read)
        m_inbox.push_back(std::move(ev));
    return true;
}

// ---------------------------------------------------------------------------------------

std::unique_ptr<RedisTaskQueue> RedisTaskQueue::create(const QString &url, const Options &options, QString *error)
{
    redis::Address address;
    std::string e;
    if (!redis::parseUrl(fromQ(url), &address, &e)) {
        *error = tr("the queue address is refused: %1").arg(QString::fromStdString(e));
        return nullptr;
    }
    if (options.leaseMs < kMinLeaseMs || options.leaseMs > kMaxLeaseMs) {
        *error = tr("the lease must be from %1 s to %2 s").arg(kMinLeaseMs / 1000.0).arg(kMaxLeaseMs / 1000);
        return nullptr;
    }
    std::unique_ptr<RedisTaskQueue> q(new RedisTaskQueue);
    q->m_options = options;
    q->m_url = url;
    q->m_display = QString::fromStdString(address.display());
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0)
        qstrncpy(host, "localhost", sizeof host);
    q->m_localHost = QString::fromLocal8Bit(host);
    q->m_link = std::make_unique<Link>(address, options.leaseMs, options.maxAttempts);
    return q;
}

RedisTaskQueue::~RedisTaskQueue() = default;

bool RedisTaskQueue::isConnected() const
{
    return m_link->connected();
}

void RedisTaskQueue::setMaxAttempts(quint32 attempts)
{
    m_options.maxAttempts = qMax<quint32>(1, attempts);
    m_link->setMaxAttempts(m_options.maxAttempts);
}

EnqueueResult RedisTaskQueue::enqueue(quint64 id, const QByteArray &payload)
{
    const QByteArrayView view(payload);
    int accepted = 0;
    return enqueueBatch(&id, &view, 1, &accepted);
}

EnqueueResult RedisTaskQueue::enqueueCounted(quint64 firstId, int count, int *accepted)
{
    // Each task is a command of its own here, which costs far more than writing its id out.
    std::vector<quint64> ids(std::size_t(qMax(count, 0)));
    std::vector<QByteArray> texts(ids.size());
    std::vector<QByteArrayView> views(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        ids[i] = firstId + i;
        texts[i] = QByteArray::number(ids[i]);
        views[i] = texts[i];
    }
    return enqueueBatch(ids.data(), views.data(), count, accepted);
}

EnqueueResult RedisTaskQueue::enqueueBatch(const quint64 *ids, const QByteArrayView *payloads, int count,
                                           int *accepted)
{
    *accepted = 0;
    if (m_closed)
        return EnqueueResult::Closed;
    std::vector<Link::Outgoing> out;
    out.reserve(std::size_t(count));
    EnqueueResult result = EnqueueResult::Ok;
    const qint64 now = qint64(monotonicNs());
    for (int i = 0; i < count; ++i) {
        if (quint64(payloads[i].size()) > m_options.maxPayload) {
            result = EnqueueResult::TooLarge;
            break;
        }
        if (quint64(m_tasks.size()) >= m_options.capacity) {
            result = EnqueueResult::Full;
            break;
        }
        Task t;
        t.taskId = ids[i];
        t.payload = payloads[i].toByteArray();
        if (!m_freeSlots.empty()) {
            t.slot = m_freeSlots.back();
            m_freeSlots.pop_back();
        } else {
            t.slot = m_nextSlot++;
        }
        const quint64 ticket = m_nextTicket++;
        if (m_ledger)
            m_ledger->recordEnqueued(ticket, t.taskId, t.payload, now);
        if (m_eventLog) {
            TaskEvent e;
            e.kind = TaskEventKind::Enqueued;
            e.ticket = ticket;
            e.taskId = t.taskId;
            e.slot = t.slot;
            e.timeNs = now;
            if (!m_ledger)
                e.payload = t.payload;
            m_pending << e;
        }
        out.push_back({ticket, t.taskId, 1, t.payload});
        m_tasks.insert(ticket, std::move(t));
        ++*accepted;
    }
    if (!out.empty())
        m_link->send(std::move(out));
    return result;
}

bool RedisTaskQueue::holdsTasks(qint64 pid) const
{
    for (const Task &t : m_tasks) {
        if (t.takerPid == pid)
            return true;
    }
    return false;
}

QVector<TaskEvent> RedisTaskQueue::drainEvents()
{
    QVector<TaskEvent> events;
    drainEventsInto(&events);
    return events;
}

void RedisTaskQueue::drainEventsInto(QVector<TaskEvent> *events)
{
    if (events && m_eventLog && !m_pending.isEmpty())
        *events += m_pending;
    m_pending.clear();
    std::vector<Event> read;
    std::vector<Link::Notice> notices;
    std::vector<redis::Presence> presence;
    bool lost = false;
    m_link->take(&read, &notices, &presence, &lost);
    // The events first: a worker that is seen leaving in this read is reported with every
    // task it did.
    for (const Event &e : read)
        apply(e, events);
    if (!presence.empty())
        applyPresence(presence);
    sweepRemotes();
    for (const Link::Notice &n : notices) {
        if (!n.up) {
            const QString why = QString::fromStdString(n.error);
            m_error = n.neverUp
                ? tr("cannot reach the Redis server at %1 (%2); retrying, and tasks wait in Herd meanwhile")
                      .arg(m_display, why)
                : tr("lost the Redis server at %1 (%2); retrying, and tasks wait in Herd meanwhile")
                      .arg(m_display, why);
            m_notices << m_error;
        } else if (n.lost) {
            m_notices << tr("reconnected to the Redis server at %1, which had lost the queue; "
                            "%n unfinished task(s) given to it again", nullptr, int(m_tasks.size()))
                             .arg(m_display);
        } else {
            m_error.clear();
            m_notices << tr("reconnected to the Redis server at %1; nothing was lost").arg(m_display);
        }
    }
    if (lost)
        giveAgain(events);
}

void RedisTaskQueue::giveAgain(QVector<TaskEvent> *events)
{
    // Taken tasks lost their lease with the server: their attempt ended. Everything
    // unfinished goes to the server again, in ticket order.
    QList<quint64> tickets = m_tasks.keys();
    std::sort(tickets.begin(), tickets.end());
    std::vector<Link::Outgoing> out;
    const QString reason = tr("the Redis server lost it");
    for (quint64 ticket : std::as_const(tickets)) {
        Task &t = m_tasks[ticket];
        if (t.takerPid != 0) {
            if (t.attempt >= m_options.maxAttempts) {
                ended(ticket, t, TaskEventKind::DeadLettered, 0, reason, events);
                continue;
            }
            ended(ticket, t, TaskEventKind::Requeued, 0, reason, events);
        }
        out.push_back({ticket, t.taskId, t.attempt, t.payload});
    }
    // Dead-lettered ones left m_tasks in ended(): drop them.
    for (quint64 ticket : std::as_const(tickets)) {
        auto it = m_tasks.find(ticket);
        if (it != m_tasks.end() && it->finished)
            m_tasks.erase(it);
    }
    m_link->resend(std::move(out));
}

void RedisTaskQueue::ended(quint64 ticket, Task &task, TaskEventKind kind, int code, const QString &text,
                           QVector<TaskEvent> *events)
{
    const qint64 now = qint64(monotonicNs());
    if (task.takerPid != 0 && m_inFlight > 0)
        --m_inFlight;
    if (task.takerPid != 0) {
        const auto held = m_holding.constFind(task.takerPid);
        if (held != m_holding.cend() && *held == task.taskId)
            m_holding.erase(held);
        if (kind == TaskEventKind::Done)
            ++m_doneBy[task.takerPid];
    }
    if (m_ledger)
        m_ledger->recordEnded(kind, ticket, task.slot, code, text, now);
    if (events && m_eventLog) {
        TaskEvent e;
        e.kind = kind;
        e.ticket = ticket;
        e.taskId = task.taskId;
        e.slot = task.slot;
        e.attempt = task.attempt;
        e.workerPid = task.takerPid;
        e.timeNs = now;
        e.resultCode = code;
        e.text = text;
        *events << e;
    }
    switch (kind) {
    case TaskEventKind::Done:
        ++m_done;
        break;
    case TaskEventKind::Failed:
        ++m_failed;
        break;
    case TaskEventKind::DeadLettered:
        ++m_dead;
        break;
    case TaskEventKind::Requeued:
        ++m_requeued;
        ++task.attempt;
        task.takerPid = 0;
        task.consumer.clear();
        task.entry.clear();
        return; // still unfinished
    default:
        break;
    }
    m_freeSlots.push_back(task.slot);
    task.finished = true;
}

QString RedisTaskQueue::reasonText(const QString &raw) const
{
    if (raw == QLatin1String(kLeaseReason))
        return tr("silent for longer than its lease (%1)").arg(formatSeconds(m_options.leaseMs));
    return raw;
}

qint64 RedisTaskQueue::workerOf(const QString &consumer, const QString &name, const QString &host, qint64 pid)
{
    const auto it = m_workers.constFind(consumer);
    if (it != m_workers.cend())
        return *it;
    // A worker on this machine is known by its pid (Herd's own children by their process
    // names); one elsewhere by a number of its own, and its name says where it runs.
    const bool local = host == m_localHost && pid > 0 && pid < kRemoteWorkerBase;
    const qint64 id = local ? pid : m_nextRemote++;
    QString shown = name.isEmpty() ? consumer : name;
    if (!local && !shown.contains(host))
        shown += QLatin1Char('@') + host;
    m_workers.insert(consumer, id);
    m_workerNames.insert(id, shown);
    return id;
}

void RedisTaskQueue::apply(const Event &e, QVector<TaskEvent> *events)
{
    // Every event is checked against Herd's own record: a task it does not hold, or an
    // attempt other than the current one, is ignored.
    auto it = m_tasks.find(e.ticket);
    if (it == m_tasks.end() || it->finished)
        return;
    Task &t = *it;
    if (e.attempt != t.attempt)
        return;
    const QString consumer = QString::fromStdString(e.consumer);
    const qint64 now = qint64(monotonicNs());
    if (e.kind == "taken") {
        if (t.takerPid != 0)
            return;
        t.consumer = consumer;
        t.entry = QByteArray::fromStdString(e.entry);
        t.takerPid = workerOf(consumer, QString::fromStdString(e.name), QString::fromStdString(e.host), e.pid);
        m_holding.insert(t.takerPid, t.taskId);
        ++m_taken;
        ++m_inFlight;
        if (m_ledger)
            m_ledger->recordTaken(e.ticket, t.slot, t.takerPid, 0, t.attempt, now);
        if (events && m_eventLog) {
            TaskEvent te;
            te.kind = TaskEventKind::Taken;
            te.ticket = e.ticket;
            te.taskId = t.taskId;
            te.slot = t.slot;
            te.attempt = t.attempt;
            te.workerPid = t.takerPid;
            te.timeNs = now;
            *events << te;
        }
        return;
    }
    TaskEventKind kind;
    if (e.kind == "done")
        kind = TaskEventKind::Done;
    else if (e.kind == "failed")
        kind = TaskEventKind::Failed;
    else if (e.kind == "requeued")
        kind = TaskEventKind::Requeued;
    else if (e.kind == "dead")
        kind = TaskEventKind::DeadLettered;
    else
        return;
    if ((kind == TaskEventKind::Done || kind == TaskEventKind::Failed) && t.consumer != consumer)
        return;
    const QString text = kind == TaskEventKind::Done || kind == TaskEventKind::Failed
        ? QString::fromStdString(e.text)
        : reasonText(QString::fromStdString(e.text));
    ended(e.ticket, t, kind, e.code, text, events);
    if (kind != TaskEventKind::Requeued)
        m_tasks.erase(it);
}

ReclaimStatus RedisTaskQueue::reclaimWorker(qint64 pid, const QString &reason, QVector<TaskEvent> *events)
{
    drainEventsInto(events);
    // Its consumer name is host:pid; what it held comes back as requeued or dead events.
    Link::Claim c;
    c.consumer = fromQ(m_localHost) + ":" + std::to_string(pid);
    c.reason = fromQ(reason);
    m_link->claim(std::move(c));
    return ReclaimStatus::Ok;
}

void RedisTaskQueue::close()
{
    m_closed = true;
    m_link->close();
}

QueueStats RedisTaskQueue::stats() const
{
    QueueStats s;
    s.capacity = m_options.capacity;
    s.inFlight = m_inFlight;
    s.queued = quint64(m_tasks.size()) - m_inFlight;
    s.done = m_done;
    s.failed = m_failed;
    s.deadLettered = m_dead;
    s.requeued = m_requeued;
    s.taken = m_taken;
    s.outstanding = quint64(m_tasks.size());
    return s;
}

qint64 RedisTaskQueue::silentAfterMs() const
{
    // Three heartbeats missed, and never less than a second: a loaded machine is late.
    return qMax<qint64>(1000, 3 * redis::heartbeatMs(m_options.leaseMs));
}

void RedisTaskQueue::applyPresence(const std::vector<redis::Presence> &seen)
{
    const qint64 now = qint64(monotonicNs());
    for (const redis::Presence &p : seen) {
        const QString consumer = QString::fromStdString(p.consumer);
        auto it = m_remoteIndex.constFind(consumer);
        if (it == m_remoteIndex.cend()) {
            if (m_remotes.size() >= 4096)
                continue; // bounded: a server full of forged records
            Remote r;
            r.consumer = consumer;
            r.info.key = kRemoteRowBase + m_remotes.size();
            r.info.name = QString::fromStdString(p.name);
            r.info.host = QString::fromStdString(p.host);
            r.info.pid = p.pid;
            r.info.local = r.info.host == m_localHost;
            r.info.workerPid = workerOf(consumer, r.info.name, r.info.host, p.pid);
            r.beat = p.beat;
            r.info.lastBeatNs = now;
            it = m_remoteIndex.insert(consumer, int(m_remotes.size()));
            m_remotes.push_back(r);
            m_remoteChanges.append({infoOf(m_remotes.back(), now), true});
            if (p.state == "left") {
                // Came and went between two reads (a few quick tasks, then the queue was
                // closed): it still joined, did its work and left, and says so.
                m_remotes.back().left = true;
                goneNow(m_remotes.back(), tr("left"));
            }
            continue;
        }
        Remote &r = m_remotes[size_t(*it)];
        if (p.beat != r.beat) {
            r.beat = p.beat;
            r.info.lastBeatNs = now;
            if (r.gone && !r.killed && p.state != "left") {
                // Silent past its lease, and back: its task was claimed back, but it is here.
                r.gone = false;
                r.info.goneWhy.clear();
                m_remoteChanges.append({infoOf(r, now), true});
            }
        }
        if (p.state == "left" && !r.left) {
            r.left = true;
            if (!r.gone)
                goneNow(r, r.stopAsked ? tr("left when asked to stop") : tr("left"));
        }
    }
}

void RedisTaskQueue::goneNow(Remote &r, const QString &why)
{
    r.gone = true;
    r.info.goneWhy = why;
    m_remoteChanges.append({infoOf(r, qint64(monotonicNs())), false});
}

void RedisTaskQueue::sweepRemotes()
{
    if (m_remotes.empty())
        return;
    const qint64 now = qint64(monotonicNs());
    const qint64 goneAfterNs = qMax(m_options.leaseMs, silentAfterMs()) * 1000000;
    for (Remote &r : m_remotes) {
        if (!r.gone && now - r.info.lastBeatNs > goneAfterNs) {
            goneNow(r, tr("silent for longer than its lease (%1)").arg(formatSeconds(m_options.leaseMs)));
            m_link->order({fromQ(r.consumer), "forget", {}});
        }
    }
}

RemoteWorkerInfo RedisTaskQueue::infoOf(const Remote &r, qint64 nowNs) const
{
    RemoteWorkerInfo info = r.info;
    info.silentMs = qMax<qint64>(0, (nowNs - r.info.lastBeatNs) / 1000000);
    info.taskId = m_holding.value(info.workerPid);
    info.tasksDone = m_doneBy.value(info.workerPid);
    if (r.gone)
        info.state = RemoteWorkerState::Gone;
    else if (info.silentMs > silentAfterMs())
        info.state = RemoteWorkerState::Silent;
    else if (r.stopAsked)
        info.state = RemoteWorkerState::Stopping;
    else if (info.taskId != 0)
        info.state = RemoteWorkerState::Busy;
    else
        info.state = RemoteWorkerState::Idle;
    return info;
}

QVector<RemoteWorkerInfo> RedisTaskQueue::remoteWorkers() const
{
    QVector<RemoteWorkerInfo> out;
    out.reserve(qsizetype(m_remotes.size()));
    const qint64 now = qint64(monotonicNs());
    for (const Remote &r : m_remotes)
        out << infoOf(r, now);
    return out;
}

QVector<RemoteWorkerChange> RedisTaskQueue::takeRemoteChanges()
{
    QVector<RemoteWorkerChange> out;
    out.swap(m_remoteChanges);
    return out;
}

bool RedisTaskQueue::stopRemoteWorker(quint64 key)
{
    if (key < kRemoteRowBase || key - kRemoteRowBase >= m_remotes.size())
        return false;
    Remote &r = m_remotes[size_t(key - kRemoteRowBase)];
    if (r.gone)
        return false;
    r.stopAsked = true;
    m_link->order({fromQ(r.consumer), "stop", {}});
    return true;
}

bool RedisTaskQueue::killRemoteWorker(quint64 key)
{
    if (key < kRemoteRowBase || key - kRemoteRowBase >= m_remotes.size())
        return false;
    Remote &r = m_remotes[size_t(key - kRemoteRowBase)];
    if (r.gone)
        return false;
    r.killed = true;
    // First the order, then the claim-back: Herd knows the task was abandoned and does not
    // wait for the lease; an acknowledgement the worker sends meanwhile is refused.
    m_link->order({fromQ(r.consumer), "kill", {}});
    Link::Claim c;
    c.consumer = fromQ(r.consumer);
    c.reason = fromQ(tr("its worker %1 was killed from Herd").arg(r.info.name));
    m_link->claim(std::move(c));
    goneNow(r, tr("killed from Herd"));
    return true;
}

bool RedisTaskQueue::abandonTask(quint64 taskId, qint64 workerPid, quint32 attempt, const QString &reason)
{
    for (const Task &t : std::as_const(m_tasks)) {
        if (t.finished || t.taskId != taskId || t.takerPid != workerPid || t.attempt != attempt)
            continue;
        if (t.entry.isEmpty() || t.consumer.isEmpty())
            return false;
        m_link->order({fromQ(t.consumer), "abandon", t.entry.toStdString()});
        Link::Claim c;
        c.consumer = fromQ(t.consumer);
        c.entry = t.entry.toStdString();
        c.reason = fromQ(reason);
        m_link->claim(std::move(c));
        return true;
    }
    return false;
}

void RedisTaskQueue::markDamaged(const QString &what, qint64 suspectPid)
{
    Q_UNUSED(suspectPid);
    m_notices << what;
}

QStringList RedisTaskQueue::takeNotices()
{
    QStringList out;
    out.swap(m_notices);
    return out;
}

} // namespace herd
