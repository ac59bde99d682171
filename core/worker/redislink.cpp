#include "redislink.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace herd::redis {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Percent-decoding of the user and password parts.
bool decode(const std::string &in, std::string *out)
{
    out->clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            *out += in[i];
            continue;
        }
        if (i + 2 >= in.size())
            return false;
        const int hi = hexValue(in[i + 1]);
        const int lo = hexValue(in[i + 2]);
        if (hi < 0 || lo < 0)
            return false;
        *out += char(hi * 16 + lo);
        i += 2;
    }
    return true;
}

bool validStreamName(const std::string &name)
{
    if (name.empty() || name.size() > 200)
        return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '_' || c == '-' || c == '.' || c == ':';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

std::int64_t heartbeatMs(std::int64_t leaseMs)
{
    return std::clamp<std::int64_t>(leaseMs / 3, 30, 500);
}

std::string presenceValue(const Presence &p)
{
    // The name goes last: it is the only part that may hold a tab.
    return std::to_string(p.beat) + '\t' + p.state + '\t' + std::to_string(p.pid) + '\t' + p.host + '\t' + p.name;
}

bool parsePresence(const std::string &consumer, const std::string &value, Presence *out)
{
    std::string parts[4];
    std::size_t from = 0;
    for (std::string &part : parts) {
        const std::size_t tab = value.find('\t', from);
        if (tab == std::string::npos)
            return false;
        part = value.substr(from, tab - from);
        from = tab + 1;
    }
    *out = Presence();
    out->consumer = consumer;
    out->beat = std::strtoull(parts[0].c_str(), nullptr, 10);
    out->state = parts[1];
    out->pid = std::strtoll(parts[2].c_str(), nullptr, 10);
    out->host = parts[3].substr(0, 255);
    out->name = value.substr(from, 255);
    return !consumer.empty() && consumer.size() <= 300;
}

std::string Address::display() const
{
    if (!socket.empty())
        return "redis+unix://" + (user.empty() ? std::string() : user + "@") + socket + "/" + stream;
    std::string out = "redis://";
    if (!user.empty())
        out += user + "@";
    out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
    out += ":" + std::to_string(port) + "/" + stream;
    return out;
}

bool isRedisUrl(const std::string &address)
{
    return address.rfind("redis://", 0) == 0 || address.rfind("rediss://", 0) == 0
        || address.rfind("redis+unix://", 0) == 0;
}

bool parseUrl(const std::string &address, Address *out, std::string *error)
{
    *out = Address();
    if (address.rfind("rediss://", 0) == 0) {
        *error = "rediss:// (Redis over TLS) is not supported by this build (its hiredis has no TLS); "
                 "use redis:// through a TLS tunnel, or a private network";
        return false;
    }
    const bool overSocket = address.rfind("redis+unix://", 0) == 0;
    if (!overSocket && address.rfind("redis://", 0) != 0) {
        *error = "a Redis queue address starts with redis:// (or redis+unix:// for a Unix socket)";
        return false;
    }
    std::string rest = address.substr(overSocket ? 13 : 8);
    const std::size_t slash = rest.find('/');
    if (slash == std::string::npos) {
        *error = overSocket ? "the Redis queue address needs a socket and a stream name: redis+unix:///path/to/redis.sock/NAME"
                      : "the Redis queue address needs a stream name: redis://HOST:PORT/NAME";
        return false;
    }
    std::string authority = rest.substr(0, slash);
    std::string name = rest.substr(slash + 1);
    if (overSocket) {
        // redis+unix://[userinfo@]/path/to/redis.sock/NAME: the socket is all before the last /.
        const std::size_t last = rest.rfind('/');
        if (last == slash) {
            *error = "the Redis queue address needs a socket and a stream name: redis+unix:///path/to/redis.sock/NAME";
            return false;
        }
        out->socket = rest.substr(slash, last - slash);
        name = rest.substr(last + 1);
        if (out->socket.size() < 2 || out->socket.size() > 107) {
            *error = "the Unix socket's path must be absolute and at most 107 bytes long";
            return false;
        }
    }
    const std::size_t at = authority.rfind('@');
    if (at != std::string::npos) {
        const std::string userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        const std::size_t colon = userinfo.find(':');
        std::string user = colon == std::string::npos ? userinfo : userinfo.substr(0, colon);
        std::string password = colon == std::string::npos ? std::string() : userinfo.substr(colon + 1);
        if (!decode(user, &out->user) || !decode(password, &out->password)) {
            *error = "the user or password in the Redis address has a bad %-escape";
            return false;
        }
        if (colon == std::string::npos) {
            // redis://password@host (no colon) is how many clients give a password alone.
            out->password = out->user;
            out->user.clear();
        }
    }
    if (overSocket) {
        if (!authority.empty()) {
            *error = "a redis+unix:// address has no host: redis+unix:///path/to/redis.sock/NAME";
            return false;
        }
        if (!validStreamName(name)) {
            *error = "the stream name after the last / must be 1 to 200 letters, digits, '_', '-', '.' or ':'";
            return false;
        }
        out->stream = name;
        return true;
    }
    std::string portText;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string::npos) {
            *error = "the Redis address has an unclosed [ in its host";
            return false;
        }
        out->host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') {
                *error = "the Redis address has something after its host that is not :PORT";
                return false;
            }
            portText = authority.substr(close + 2);
        }
    } else {
        const std::size_t colon = authority.rfind(':');
        out->host = authority.substr(0, colon);
        if (colon != std::string::npos)
            portText = authority.substr(colon + 1);
    }
    if (out->host.empty()) {
        *error = "the Redis address has no host: redis://HOST:PORT/NAME";
        return false;
    }
    if (!portText.empty()) {
        int port = 0;
        for (char c : portText) {
            if (c < '0' || c > '9' || port > 65535) {
                port = -1;
                break;
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) {
            *error = "the Redis port must be a number from 1 to 65535";
            return false;
        }
        out->port = port;
    }
    if (!validStreamName(name)) {
        *error = "the stream name after the / must be 1 to 200 letters, digits, '_', '-', '.' or ':'";
        return false;
    }
    out->stream = name;
    return true;
}

Context connect(const Address &address, int timeoutMs, std::string *error)
{
    timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    Context c(address.socket.empty() ? redisConnectWithTimeout(address.host.c_str(), address.port, tv)
                                     : redisConnectUnixWithTimeout(address.socket.c_str(), tv));
    if (!c) {
        *error = "out of memory";
        return {};
    }
    if (c->err) {
        *error = c->errstr;
        return {};
    }
    redisSetTimeout(c.get(), tv);
    if (!address.password.empty()) {
        std::vector<std::string> auth{"AUTH"};
        if (!address.user.empty())
            auth.push_back(address.user);
        auth.push_back(address.password);
        std::string e;
        Reply r = command(c.get(), auth, &e);
        if (!r) {
            *error = "lost while logging in: " + e;
            return {};
        }
        if (r->type == REDIS_REPLY_ERROR) {
            // The server's words (WRONGPASS ...) never hold the password itself.
            *error = "the server refused the login: " + text(r.get());
            return {};
        }
    }
    return c;
}

Reply command(redisContext *c, const std::vector<std::string> &args, std::string *error)
{
    append(c, args);
    return takeReply(c, error);
}

void append(redisContext *c, const std::vector<std::string> &args)
{
    std::vector<const char *> argv;
    std::vector<std::size_t> lens;
    argv.reserve(args.size());
    lens.reserve(args.size());
    for (const std::string &a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    redisAppendCommandArgv(c, int(argv.size()), argv.data(), lens.data());
}

Reply takeReply(redisContext *c, std::string *error)
{
    void *reply = nullptr;
    if (redisGetReply(c, &reply) != REDIS_OK || !reply) {
        if (error) {
            if (c->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK))
                *error = "the server did not answer in time";
            else if (c->err == REDIS_ERR_EOF)
                *error = "the server closed the connection";
            else
                *error = c->errstr[0] ? c->errstr : "connection failed";
        }
        return {};
    }
    return Reply(static_cast<redisReply *>(reply));
}

bool isNoScript(const redisReply *r)
{
    return r && r->type == REDIS_REPLY_ERROR && std::string(r->str, r->len).rfind("NOSCRIPT", 0) == 0;
}

Reply evalCached(redisContext *c, const char *script, std::string *sha, const std::vector<std::string> &rest,
                 std::string *error)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (sha->empty()) {
            Reply loaded = command(c, {"SCRIPT", "LOAD", script}, error);
            if (!loaded || loaded->type != REDIS_REPLY_STRING)
                return loaded;
            *sha = text(loaded.get());
        }
        std::vector<std::string> args{"EVALSHA", *sha};
        args.insert(args.end(), rest.begin(), rest.end());
        Reply r = command(c, args, error);
        if (!isNoScript(r.get()))
            return r;
        sha->clear(); // the server restarted: load it again
    }
    std::vector<std::string> args{"EVAL", script};
    args.insert(args.end(), rest.begin(), rest.end());
    return command(c, args, error);
}

bool appendCached(redisContext *c, const std::string &sha, const std::vector<std::string> &rest)
{
    if (sha.empty())
        return false;
    std::vector<std::string> args{"EVALSHA", sha};
    args.insert(args.end(), rest.begin(), rest.end());
    append(c, args);
    return true;
}

std::string text(const redisReply *r)
{
    if (!r)
        return {};
    if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS || r->type == REDIS_REPLY_ERROR)
        return std::string(r->str, r->len);
    if (r->type == REDIS_REPLY_INTEGER)
        return std::to_string(r->integer);
    return {};
}

long long integer(const redisReply *r)
{
    if (!r)
        return 0;
    if (r->type == REDIS_REPLY_INTEGER)
        return r->integer;
    if (r->type == REDIS_REPLY_STRING)
        return std::strtoll(std::string(r->str, r->len).c_str(), nullptr, 10);
    return 0;
}

// The fields of an entry into a table.
#define HERD_LUA_FIELDS                                                                    \
    "local function fields(f) local t = {} for i = 1, #f, 2 do t[f[i]] = f[i + 1] end "    \
    "return t end\n"

#define HERD_LUA_TOOK                                                                      \
    "local function took(entry, f)\n"                                                      \
    "  local t = fields(f)\n"                                                              \
    "  redis.call('XADD', KEYS[2], '*', 'k', 'taken', 't', t['t'], 'a', t['a'],"           \
    "             'w', ARGV[2], 'n', ARGV[3], 'h', ARGV[4], 'pid', ARGV[5], 'e', entry)\n" \
    "  return {entry, t['id'], t['a'], t['p'], t['t']}\n"                                  \
    "end\n"

const char *const kTakeScript = HERD_LUA_FIELDS HERD_LUA_TOOK
    "local r = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', '1', 'STREAMS', KEYS[1], '>')\n"
    "if not r then return false end\n"
    "local e = r[1][2][1]\n"
    "if not e or not e[2] then return false end\n"
    "return took(e[1], e[2])\n";

const char *const kTakenScript = HERD_LUA_FIELDS HERD_LUA_TOOK
    "local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[6], ARGV[6], 1)\n"
    "if #p == 0 or p[1][2] ~= ARGV[2] then return false end\n"
    "local e = redis.call('XRANGE', KEYS[1], ARGV[6], ARGV[6])\n"
    "if #e == 0 then return false end\n"
    "return took(e[1][1], e[1][2])\n";

const char *const kAckScript = HERD_LUA_FIELDS
    "local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)\n"
    "if #p == 0 or p[1][2] ~= ARGV[2] then return 0 end\n"
    "local e = redis.call('XRANGE', KEYS[1], ARGV[3], ARGV[3])\n"
    "redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])\n"
    "redis.call('XDEL', KEYS[1], ARGV[3])\n"
    "if #e == 0 then return 0 end\n"
    "local t = fields(e[1][2])\n"
    "redis.call('XADD', KEYS[2], '*', 'k', ARGV[4], 't', t['t'], 'a', t['a'], 'w', ARGV[2],"
    "           'c', ARGV[5], 'x', ARGV[6])\n"
    "return 1\n";

const char *const kRenewScript =
    "local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)\n"
    "if #p == 0 or p[1][2] ~= ARGV[2] then return 0 end\n"
    "redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')\n"
    "return 1\n";

const char *const kClaimBackScript = HERD_LUA_FIELDS
    "local p = redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', ARGV[3], ARGV[2], ARGV[2], 1)\n"
    "if #p == 0 then return 0 end\n"
    "local holder = p[1][2]\n"
    "if ARGV[6] ~= '' and holder ~= ARGV[6] then return 0 end\n"
    "local e = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])\n"
    "redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])\n"
    "redis.call('XDEL', KEYS[1], ARGV[2])\n"
    "if #e == 0 then return 0 end\n"
    "local t = fields(e[1][2])\n"
    "local a = tonumber(t['a'])\n"
    "if a >= tonumber(ARGV[4]) then\n"
    "  redis.call('XADD', KEYS[3], '*', 't', t['t'], 'id', t['id'], 'a', t['a'], 'p', t['p'],"
    "             'w', holder, 'x', ARGV[5])\n"
    "  redis.call('XADD', KEYS[2], '*', 'k', 'dead', 't', t['t'], 'a', t['a'], 'w', holder, 'x', ARGV[5])\n"
    "  return 2\n"
    "end\n"
    "redis.call('XADD', KEYS[1], '*', 't', t['t'], 'id', t['id'], 'a', tostring(a + 1), 'p', t['p'])\n"
    "redis.call('XADD', KEYS[2], '*', 'k', 'requeued', 't', t['t'], 'a', t['a'], 'w', holder, 'x', ARGV[5])\n"
    "return 1\n";

} // namespace herd::redis
