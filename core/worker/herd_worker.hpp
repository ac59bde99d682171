// A C++ face for the C ABI of libherd_worker (herd_worker.h), header-only, for programs
// built against an installed Herd (find_package(HerdWorker) -> Herd::Worker, or pkg-config
// herd-worker). RAII for the handle, exceptions for failures, std::string payloads.
//
//     herd::RemoteWorker worker;                 // HERD_QUEUE / HERD_PROCESS_NAME
//     while (auto task = worker.take())          // empty once the queue is closed
//         worker.done(*task, std::to_string(task->payload.size()) + " bytes");
#pragma once

#include "herd_worker.h"

#include <optional>
#include <stdexcept>
#include <string>

namespace herd {

class RemoteWorker
{
public:
    struct Task {
        std::uint64_t id = 0;
        std::uint32_t attempt = 0;
        std::string payload;
        herd_task lease{}; // handed back with the result
    };

    // Attaches as Herd's workers do (HERD_QUEUE, HERD_PROCESS_NAME), or to a given queue.
    RemoteWorker() : m_handle(herd_worker_attach_env()) { check(); }
    RemoteWorker(const std::string &address, const std::string &name)
        : m_handle(herd_worker_attach(address.c_str(), name.c_str()))
    {
        check();
    }
    ~RemoteWorker() { herd_worker_detach(m_handle); }
    RemoteWorker(const RemoteWorker &) = delete;
    RemoteWorker &operator=(const RemoteWorker &) = delete;

    std::string name() const { return herd_worker_name(m_handle); }

    // The next task; empty when the queue is closed (or timeoutMs passed: -1 waits on).
    std::optional<Task> take(int timeoutMs = -1)
    {
        herd_task raw{};
        const int status = herd_worker_take(m_handle, &raw, timeoutMs);
        if (status == HERD_CLOSED || status == HERD_TIMEOUT || status == HERD_INTERRUPTED)
            return std::nullopt;
        if (status != HERD_OK)
            throw std::runtime_error(herd_worker_error(m_handle));
        Task task;
        task.id = raw.id;
        task.attempt = raw.attempt;
        task.payload.assign(raw.payload, raw.payload_len);
        task.lease = raw;
        task.lease.payload = nullptr; // the library's buffer is not ours to keep
        return task;
    }

    // False when the lease is no longer ours (Herd reclaimed the task).
    bool done(const Task &task, const std::string &result = {}, int code = 0)
    {
        return ack(herd_worker_complete(m_handle, &task.lease, code, result.c_str()));
    }
    bool fail(const Task &task, const std::string &reason = {}, int code = 1)
    {
        return ack(herd_worker_fail(m_handle, &task.lease, code, reason.c_str()));
    }

private:
    void check()
    {
        if (!m_handle)
            throw std::runtime_error(herd_worker_error(nullptr));
    }
    bool ack(int status)
    {
        if (status == HERD_OK)
            return true;
        if (status == HERD_STALE)
            return false;
        throw std::runtime_error(herd_worker_error(m_handle));
    }

    herd_worker *m_handle;
};

} // namespace herd
