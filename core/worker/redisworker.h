#pragma once

#include "redislink.h"
#include "worker.h"

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace herd {

// The worker side of a task queue in Redis Streams (redis://HOST:PORT/NAME), with the
// same calls as Worker. The worker is a consumer of the group "herd" named host:pid; its
// name (HERD_PROCESS_NAME, --name, else host:pid) goes with every take so Herd shows it.
// A task's lease is its pending entry: a thread renews it every third of the lease while
// the task is held, so a worker that is killed or stopped goes silent and Herd claims the
// task back after the lease; its late acknowledgement is then refused (Stale). When the
// server goes away, calls reconnect with backoff until their timeout.
// The same thread says the worker is there (NAME:workers: its name, host, pid and a beat
// count, a few times a second, "left" when it goes) and reads what Herd asks of it in
// NAME:control: stop (take() says Closed from then on, so the task in hand is finished
// first), kill (the process ends at once with SIGKILL, its task left to Herd, which has
// already given it to the queue again), abandon (the same, for a task Herd took back after
// --task-timeout, if it is still the one in hand).
// WorkerTask carries the entry id as epoch (milliseconds) and slot (sequence).
class RedisWorker final
{
public:
    static std::unique_ptr<RedisWorker> attach(const std::string &address, const std::string &name,
                                               std::string *error);
    ~RedisWorker();

    RedisWorker(const RedisWorker &) = delete;
    RedisWorker &operator=(const RedisWorker &) = delete;

    const std::string &name() const { return m_name; }
    const std::string &lastError() const { return m_error; }
    std::int64_t leaseMs() const { return m_leaseMs; }

    TakeResult take(WorkerTask *task, int timeoutMs);
    AckResult complete(const WorkerTask &task, int resultCode, std::string_view text);
    AckResult fail(const WorkerTask &task, int resultCode, std::string_view text);
    TakeResult completeAndTake(WorkerTask *task, int resultCode, std::string_view text, int timeoutMs,
                               AckResult *ack);
    void setInterruptFlag(const volatile std::sig_atomic_t *flag) { m_interrupt = flag; }

private:
    RedisWorker() = default;
    bool reconnect(std::int64_t deadlineNs);
    bool interrupted() const { return m_interrupt && *m_interrupt; }
    std::vector<std::string> scriptCall(const char *script, int keys) const; // EVAL, for the heartbeat
    std::vector<std::string> keys() const { return {"2", m_keys->tasks, m_keys->events}; }
    std::vector<std::string> takeArgs() const;
    std::vector<std::string> ackArgs(const WorkerTask &task, bool ok, int resultCode, std::string_view text) const;
    AckResult ackResult(const WorkerTask &task, const redisReply *r);
    bool readTask(const redisReply *r, WorkerTask *task);
    AckResult finish(const WorkerTask &task, bool ok, int resultCode, std::string_view text);
    void setHeld(const std::string &entry);
    void heartbeat();
    // One heartbeat on ctx: the presence record, what NAME:control says, the lease renewed.
    bool beat(redisContext *ctx, const std::string &held, bool renew);
    void say(redisContext *ctx, const std::string &state); // the presence record, now
    [[noreturn]] void leaveAtOnce(redisContext *ctx);

    redis::Address m_address;
    std::unique_ptr<redis::Keys> m_keys;
    redis::Context m_ctx;
    std::string m_name;
    std::string m_consumer; // host:pid
    std::string m_host;
    std::string m_pid;
    std::string m_error;
    std::int64_t m_leaseMs = redis::kDefaultLeaseMs;
    std::string m_shaTake; // the scripts' SHA1s on the server
    std::string m_shaTaken;
    std::string m_shaAck;
    const volatile std::sig_atomic_t *m_interrupt = nullptr;

    std::thread m_heart;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::string m_held; // the entry whose lease the heartbeat renews ("" none)
    bool m_quit = false;
    std::atomic<bool> m_stopAsked{false}; // Herd asked this worker to leave after its task
    std::uint64_t m_beats = 0;            // heartbeats said (heartbeat thread, then ~RedisWorker)
    std::string m_controlSeen = "0-0";    // the last NAME:control entry read
};

} // namespace herd
