#pragma once

#include "queuelayout.h"

#include <cstdint>
#include <memory>
#include <string>

namespace herd {

// One mapping of a queue segment: creation (the producer) or validated attachment (a
// worker), the robust lock and the replay of a dead lock holder's half-done step. Both
// sides of the queue use it; it holds no policy of its own.
//
// THE TRUST BOUNDARY. Any process that can map the segment can write any byte of it at
// any time, so nothing read back from it is believed without a check. The sizes that
// decide where memory is (capacity, event ring size, worker records, arena size) are
// copied into m_geometry when the segment is created or validated, and every accessor
// below indexes with that private copy, never with the header again: whatever a worker
// writes, an index computed here stays inside the mapping. Values read back (heads,
// tails, slot indices, epochs, lengths, intent fields) are bounded by the caller before
// use, and no loop runs on a count a worker can move. A shrunk file (ftruncate) would
// turn any access into SIGBUS: guardAgainstShrink() makes that a recoverable event.
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
    // The sizes as they were validated; the header's own copies are never used again.
    const QueueGeometry &geometry() const { return m_geometry; }
    std::uint32_t capacity() const { return m_geometry.capacity; }
    std::uint32_t maxWorkers() const { return m_geometry.maxWorkers; }
    std::uint32_t maxPayload() const { return m_geometry.maxPayload; }
    std::uint32_t maxAttempts() const { return m_maxAttempts; }
    std::uint32_t eventCapacity() const { return m_geometry.eventCapacity; }
    std::uint64_t arenaSize() const { return m_geometry.arenaSize; }
    // Accessors wrap or clamp their index, so no value read from the segment can take
    // them outside the mapping.
    QueueSlot *slot(std::uint32_t index) const { return m_slots + (index % m_geometry.capacity); }
    std::uint32_t *readyEntry(std::uint64_t index) const { return m_ready + (index % m_geometry.capacity); }
    QueueEventRecord *event(std::uint64_t index) const
    {
        return m_events + (index % m_geometry.eventCapacity);
    }
    WorkerRecord *worker(std::uint32_t index) const { return m_workers + (index % m_geometry.maxWorkers); }
    // The worker records that may be in use, bounded by the private maximum.
    std::uint32_t workerRecordsInUse() const;
    char *arena() const { return m_arena; }
    int fd() const { return m_fd; }
    std::int32_t creatorPid() const { return m_creatorPid; }
    std::uint64_t creatorStartTime() const { return m_creatorStartTime; }

    // Compares the header's identity and sizes with the private copy, and the file's size
    // with the mapping. Returns "" or what was found changed (the segment is damaged).
    std::string checkIdentity() const;

    // Makes a shrunk segment survivable in this process: a SIGBUS on this mapping (the
    // file was cut short under it) puts zero-filled private memory over the whole mapping
    // and marks it damaged, instead of killing the process. The handler is process-wide
    // and passes every other SIGBUS on as before.
    void guardAgainstShrink();
    // A SIGBUS was absorbed on this mapping (its contents are now zeros).
    bool faulted() const;

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
    static void releaseGuard(int entry);
    bool map(std::uint64_t size, std::string *error);
    void bindStructures(const QueueHeader &validated); // copies its sizes first

    std::string m_name;
    int m_fd = -1;
    bool m_creator = false;
    bool m_unlinked = false;
    std::int32_t m_pid = 0;
    std::uint64_t m_mappedSize = 0;
    std::uint64_t m_lockTimeNs = 0;
    QueueGeometry m_geometry;
    std::int32_t m_creatorPid = 0;         // as validated
    std::uint64_t m_creatorStartTime = 0;
    std::uint32_t m_creatorPidNs = 0;
    std::uint32_t m_maxAttempts = 0;
    int m_guardSlot = -1; // index in the SIGBUS guard's table, -1 if not guarded
    void *m_base = nullptr;
    QueueHeader *m_header = nullptr;
    QueueSlot *m_slots = nullptr;
    std::uint32_t *m_ready = nullptr;
    QueueEventRecord *m_events = nullptr;
    WorkerRecord *m_workers = nullptr;
    char *m_arena = nullptr;
};

} // namespace herd
