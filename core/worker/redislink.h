#pragma once

// What Herd and its workers share about a task queue in Redis Streams: the address
// (redis://[user[:password]@]host[:port]/NAME, or a server's Unix socket on this machine:
// redis+unix://[user[:password]@]/path/to/redis.sock/NAME), the keys, the consumer group and the Lua
// scripts that make every take, acknowledgement and claim-back one atomic step on the
// server. No Qt: the worker library uses it as well as herd_core.
//
// The keys of a queue NAME:
//   NAME         the tasks (fields t = ticket, id = task id, a = attempt, p = payload),
//                read by the consumer group "herd"; a worker is a consumer of it
//   NAME:events  what happened (k = taken / done / failed / requeued / dead), which Herd reads
//   NAME:dead    tasks given up after their attempts, for a person to look at
//   NAME:config  lease_ms, max_attempts, closed, session (a token of the Herd that owns it)
//   NAME:workers who is connected: a field per worker (its consumer name), which the worker
//                rewrites on every heartbeat (presenceValue) and marks "left" when it goes
//   NAME:control what Herd asks of its workers (to = a consumer or "*", cmd = stop / kill /
//                abandon, e = the entry an abandon is about), which every worker reads

#include <hiredis/hiredis.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace herd::redis {

struct Address {
    std::string host;
    int port = 6379;
    std::string user;
    std::string password;
    std::string stream; // NAME
    std::string socket; // the Unix socket's path (redis+unix://), else empty: host and port
    // redis://host:port/NAME (redis+unix:///path/NAME), with the user but never the password.
    std::string display() const;
};

// Whether address names a Redis queue at all (redis://, rediss:// or redis+unix://).
bool isRedisUrl(const std::string &address);
// Parses and checks address; false with *error in words otherwise. rediss:// (TLS) is
// refused: this build's hiredis has no TLS support.
bool parseUrl(const std::string &address, Address *out, std::string *error);

struct Keys {
    explicit Keys(const std::string &stream)
        : tasks(stream)
        , events(stream + ":events")
        , dead(stream + ":dead")
        , config(stream + ":config")
        , workers(stream + ":workers")
        , control(stream + ":control")
    {
    }
    std::string tasks;
    std::string events;
    std::string dead;
    std::string config;
    std::string workers;
    std::string control;
};
inline constexpr const char *kGroup = "herd";
inline constexpr std::int64_t kDefaultLeaseMs = 30000;

// How often a worker says it is there (and reads NAME:control), from the lease: a third
// of it, from 30 ms to 500 ms.
std::int64_t heartbeatMs(std::int64_t leaseMs);

// A worker's record in NAME:workers. beat counts its heartbeats, so whoever reads it sees
// whether it is still beating without trusting any clock of the worker's machine.
struct Presence {
    std::string consumer; // the field: host:pid
    std::uint64_t beat = 0;
    std::string state;    // idle, busy, stopping, left
    long long pid = 0;
    std::string host;
    std::string name;
};
std::string presenceValue(const Presence &p);
bool parsePresence(const std::string &consumer, const std::string &value, Presence *out);

struct ReplyDeleter {
    void operator()(redisReply *r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;
struct ContextDeleter {
    void operator()(redisContext *c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

// Connects with a timeout for the connection and for each reply, and authenticates. The
// error says why in a few words (the caller names the server); never the password.
Context connect(const Address &address, int timeoutMs, std::string *error);
// Sends one command; a null reply means the connection failed (*error says how, and the
// context must be dropped). A Redis error reply is returned as such.
Reply command(redisContext *c, const std::vector<std::string> &args, std::string *error);
// Appends a command to the pipeline (send with takeReply).
void append(redisContext *c, const std::vector<std::string> &args);
Reply takeReply(redisContext *c, std::string *error);

// Runs a script by its SHA1 (loaded on first use into *sha, and again after the server
// forgot it: NOSCRIPT). rest = numkeys, keys..., args...
Reply evalCached(redisContext *c, const char *script, std::string *sha, const std::vector<std::string> &rest,
                 std::string *error);
// The same appended to the pipeline; false (nothing appended) while *sha is not known yet.
bool appendCached(redisContext *c, const std::string &sha, const std::vector<std::string> &rest);
bool isNoScript(const redisReply *r);

// The reply's string ("" for anything else) and integer.
std::string text(const redisReply *r);
long long integer(const redisReply *r);

// The scripts. Each takes KEYS tasks, events (and dead for claimBack).
// take: ARGV group, consumer, name, host, pid -> nil, or {entry, id, attempt, payload, ticket}
extern const char *const kTakeScript;
// taken: the same, for an entry already delivered to consumer (ARGV[6] = entry) by a
// blocking XREADGROUP: recorded as taken if it is still that consumer's.
extern const char *const kTakenScript;
// ack: ARGV group, consumer, entry, kind (done/failed), code, text -> 1, or 0 when the
// entry is no longer the consumer's (claimed back: the late acknowledgement is refused).
extern const char *const kAckScript;
// renew: ARGV group, consumer, entry -> 1 if the lease was still the consumer's and is
// now fresh, else 0.
extern const char *const kRenewScript;
// claimBack: ARGV group, entry, min idle ms, max attempts, reason, consumer ("" = any)
// -> 0 not claimed (no longer pending, not idle enough, another consumer's), 1 requeued
// with its attempt raised, 2 dead-lettered.
extern const char *const kClaimBackScript;

} // namespace herd::redis
