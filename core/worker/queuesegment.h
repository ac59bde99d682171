#pragma once

#include "queuelayout.h"

#include <cstdint>
#include <memory>
#include <string>

namespace herd {

// One mapping of a queue segment: creation (the producer) or validated attachment (a
// worker), the robust lock and the replay of a dead lock holder's half-done step. Both
// sides of the queue use it; it holds no policy of its own.
class QueueSegment final
{
public:
    struct CreateOptions {
        std::uint32_t capacity = 65536;
        std::uint32_t maxPayload = 4096;
        std::uint32_t maxAttempts = 3;
        std::uint32_t maxWorkers = 4096;
    };

    enum class LockStatus {
        Acquired,
        TimedOut,      // the deadline passed; holderPid()/holderSince() say who holds it
        Unrecoverable, // ENOTRECOVERABLE: cannot happen unless the segment was tampered with
    };

    // Creates /herd-<uid>-<pid>-<random> with O_EXCL, mode 0600, sized and initialised.
    static std::unique_ptr<QueueSegment> create(const CreateOptions &options, std::string *error);
    // Opens an existing segment by name after checking owner, mode, magic, version and
    // sizes. A segment that fails any check is refused and never written to.
    static std::unique_ptr<QueueSegment> attach(const std::string &name, std::string *error);

    // Checks a header read from a file of fileSize bytes owned by uid. Returns "" when it
    // is a queue this build can use, else the reason in words.
    static std::string validateHeader(const QueueHeader &header, std::uint64_t fileSize,
                                      std::uint32_t uid);

    // Removes /dev/shm/herd-<uid>-* segments whose creator (pid + start time) is gone.
    // Returns how many were removed; names them in *removed (one per line) if given.
    static int removeStaleSegments(std::string *removed);

    // Where lock recoveries and other rare events are reported (default: stderr).
    using LogHandler = void (*)(const std::string &message);
    static void setLogHandler(LogHandler handler);
    static void log(const std::string &message);

    ~QueueSegment();
    QueueSegment(const QueueSegment &) = delete;
    QueueSegment &operator=(const QueueSegment &) = delete;

    const std::string &name() const { return m_name; }
    bool isCreator() const { return m_creator; }
    void unlinkName(); // creator only; existing mappings stay valid

    QueueHeader *header() const { return m_header; }
    QueueSlot *slot(std::uint32_t index) const { return m_slots + index; }
    std::uint32_t *ready() const { return m_ready; }
    QueueEventRecord *event(std::uint64_t index) const
    {
        return m_events + (index % m_header->eventCapacity);
    }
    WorkerRecord *worker(std::uint32_t index) const { return m_workers + index; }
    char *arena() const { return m_arena; }
    std::uint32_t capacity() const { return m_header->capacity; }
    int fd() const { return m_fd; }

    // Takes the lock, waiting until deadlineNs (absolute CLOCK_MONOTONIC ns; < 0 waits
    // without end, in one-second slices, so a stopped holder never traps us inside one
    // syscall). 0 tries once without waiting. On EOWNERDEAD the dead holder's step is
    // replayed from the intent record before the lock is marked consistent.
    LockStatus lock(std::int64_t deadlineNs);
    void unlock();
    // When the lock was last acquired (CLOCK_MONOTONIC ns): the time stamp for every step
    // taken under it, so each lock costs one clock read.
    std::uint64_t lockTimeNs() const { return m_lockTimeNs; }

    // Wakes up to `count` sleeping workers (all of them for kWakeAll), scanning the worker
    // records round from `start`. A wake is counted when it is issued (Sleeping -> Woken),
    // so a worker woken but not yet running is not woken twice. Returns where the next
    // scan should start. No lock needed; callers publish their tasks (seq_cst) first.
    static constexpr int kWakeAll = -1;
    std::uint32_t wakeSleepers(int count, std::uint32_t start);
    // There are tasks to take and a worker asleep: the condition for passing a wake on.
    bool readyWithSleepers() const;

    // Replays header()->intent (idempotent) and clears it. Lock held.
    void applyIntentLocked();

    // Full consistency check of the shared structures (tests, and after recovery in debug
    // runs). Lock held, and no enqueue in progress. Returns "" or the first problem found.
    std::string checkInvariantsLocked() const;

private:
    QueueSegment() = default;
    void recoverLocked();
    bool map(std::uint64_t size, std::string *error);
    void bindStructures();

    std::string m_name;
    int m_fd = -1;
    bool m_creator = false;
    bool m_unlinked = false;
    std::int32_t m_pid = 0;
    std::uint64_t m_mappedSize = 0;
    std::uint64_t m_lockTimeNs = 0;
    void *m_base = nullptr;
    QueueHeader *m_header = nullptr;
    QueueSlot *m_slots = nullptr;
    std::uint32_t *m_ready = nullptr;
    QueueEventRecord *m_events = nullptr;
    WorkerRecord *m_workers = nullptr;
    char *m_arena = nullptr;
};

} // namespace herd
