#pragma once

// The layout of Herd's task queue segment, shared by the producer (core/queue, inside the
// app) and the consumers (core/worker, inside any worker program). No Qt here.
//
// One segment = one queue:
//
//   QueueHeader       identity (magic, version, sizes, owner), the robust lock, the intent
//                     record of the step in progress, and the ring counters
//   QueueSlot[cap]    one slot per task: id, ticket, state, lease epoch, taker, attempt,
//                     timestamps, result code + short result text, payload location
//   uint32_t[cap]     the ready ring: indices of queued slots, in order
//   QueueEventRecord[2*cap]  the event ring: taken / done / failed / dead-lettered, written
//                     by workers under the lock, read by the producer without it
//   WorkerRecord[w]   registered workers: pid, start time, name, the futex word they sleep on
//   arena             payload bytes, allocated by the producer only
//
// Who writes what:
//   producer, no lock:  free slots (payload, id, ...), readyTail, eventTail, closed
//   anyone, under lock: slot state/epoch/taker/result, readyHead, eventHead, the event
//                       ring, the intent record, the counters, the worker records
//   producer, under lock: requeue / dead-letter of a dead worker's task (readyTail too)
//
// Every multi-step mutation under the lock is first described in QueueHeader::intent; the
// step itself only writes values taken from the intent, so whoever next gets the lock
// after its holder died (EOWNERDEAD) replays the intent and the segment is whole again.

#include <atomic>
#include <cstddef>
#include <cstdint>

#include <pthread.h>

namespace herd {

constexpr std::uint64_t kQueueMagic = 0x3145555144524548ull; // "HERDQUE1" in memory
constexpr std::uint32_t kQueueLayoutVersion = 2;

constexpr std::uint32_t kQueueMaxCapacity = 1u << 22;        // 4 Mi slots
constexpr std::uint32_t kQueueMaxPayloadLimit = 1u << 20;     // 1 MiB per task
constexpr std::uint32_t kQueueMaxWorkers = 4096;
constexpr std::uint32_t kQueueMaxAttemptsLimit = 1000;
constexpr std::uint64_t kQueueMaxArenaBytes = 8ull << 30;     // 8 GiB, sparse
constexpr std::uint32_t kArenaGranule = 64;                   // payload blocks are multiples
constexpr std::uint32_t kResultTextMax = 44;                  // bytes kept per result text
constexpr std::uint32_t kWorkerNameMax = 40;                  // bytes kept per worker name

// State of a slot. Free slots belong to the producer.
enum class SlotState : std::uint32_t {
    Free = 0,
    Queued = 1,
    Taken = 2,
    Done = 3,
    Failed = 4,
    DeadLettered = 5,
};

// Kinds of records in the event ring (and, for Requeued, of producer-side events).
enum class EventKind : std::uint32_t {
    None = 0,
    Taken = 1,
    Done = 2,
    Failed = 3,
    DeadLettered = 4, // a worker found the slot corrupt
    Requeued = 5,     // producer only: a dead worker's task went back to the queue
};

// What a worker's futex word says.
enum class SleepState : std::uint32_t {
    Awake = 0,
    Sleeping = 1, // waiting on its futex word; the producer may wake it
    Woken = 2,    // the producer counted a wake for it and issued FUTEX_WAKE
};

// The step being carried out under the lock (QueueHeader::intent::op).
enum class IntentOp : std::uint32_t {
    None = 0,
    Take = 1,       // pop ringIndex, slot -> Taken with epoch, event at eventIndex
    Finish = 2,     // slot -> Done/Failed/DeadLettered, event at eventIndex
    Requeue = 3,    // producer: slot -> Queued with epoch and attempt, pushed at ringIndex
    DeadLetter = 4, // producer: slot -> DeadLettered with epoch
};

// Cumulative counters, readable without the lock (stats()).
enum QueueCounter : std::uint32_t {
    CounterTaken = 0,
    CounterDone,
    CounterFailed,
    CounterRequeued,
    CounterDeadReclaimed, // attempts exhausted when a dead worker's task was reclaimed
    CounterDeadCorrupt,   // a worker found the slot's payload location corrupt
    CounterCount,
};

struct QueueSlot {
    std::atomic<std::uint32_t> state;  // SlotState
    std::uint32_t attempt;             // 1 for the first take
    std::atomic<std::uint64_t> epoch;  // lease epoch; bumped by every take and reclaim
    std::uint64_t taskId;
    std::uint64_t ticket;              // producer's enqueue sequence number
    std::uint64_t payloadOffset;       // from the arena start
    std::uint32_t payloadLength;
    std::atomic<std::int32_t> takerPid;
    std::atomic<std::uint32_t> takerWorker; // WorkerRecord id (see workerId())
    std::int32_t resultCode;
    std::uint64_t enqueuedNs;          // CLOCK_MONOTONIC
    std::uint64_t takenNs;
    std::uint64_t endedNs;
    std::uint32_t resultLength;
    char resultText[kResultTextMax];
};
static_assert(sizeof(QueueSlot) == 128, "QueueSlot is two cache lines");

// What happened, for the producer to read without the lock. Half a cache line: the
// producer reads two per task, so their size is its main cost. The producer knows each
// slot's task id, ticket and attempt itself, and reads the slot's result text only when
// resultLength says there is one (the slot's line was last written by the worker: reading
// it for every completion was most of the producer's time).
struct QueueEventRecord {
    std::uint16_t kind;  // EventKind
    std::uint16_t resultLength; // of the slot's resultText, as it was when the event was written
    std::uint32_t slot;
    std::uint32_t epoch; // low 32 bits of the lease epoch
    std::int32_t pid;
    std::uint32_t worker;
    std::int32_t resultCode;
    std::uint64_t timeNs;
};
static_assert(sizeof(QueueEventRecord) == 32, "two events per cache line");

struct WorkerRecord {
    std::atomic<std::int32_t> pid;     // 0 = free; stored last when registering
    std::atomic<std::uint32_t> sleep;  // SleepState; the futex word
    std::uint64_t startTime;           // /proc/<pid>/stat field 22
    std::uint32_t generation;          // bumped each time the record is reused
    std::uint32_t reserved;
    char name[kWorkerNameMax];
};
static_assert(sizeof(WorkerRecord) == 64, "one worker per cache line");

// Registered worker ids carry the record index (low 16 bits, 1-based) and its generation.
inline std::uint32_t workerId(std::uint32_t index, std::uint32_t generation)
{
    return ((generation & 0xffffu) << 16) | ((index + 1) & 0xffffu);
}
inline std::uint32_t workerIndex(std::uint32_t id)
{
    return (id & 0xffffu) - 1;
}

struct QueueIntent {
    std::atomic<std::uint32_t> op; // IntentOp; stored last when set, cleared when done
    std::uint32_t slot;
    std::uint64_t epoch;
    std::uint64_t ringIndex;
    std::uint64_t eventIndex;
    std::uint32_t newState;  // SlotState
    std::uint32_t eventKind; // EventKind; None = no event
    std::int32_t pid;
    std::uint32_t worker;
    std::uint32_t attempt;
    std::int32_t resultCode;
    std::uint64_t timeNs;
    std::uint32_t counter;   // QueueCounter to set
    std::uint32_t reserved;
    std::uint64_t counterValue;
};

struct QueueHeader {
    // Identity: written by the creator before the name is handed to anyone.
    std::uint64_t magic;
    std::uint32_t version;
    std::uint32_t headerSize;
    std::uint64_t totalSize;
    std::uint32_t capacity;
    std::uint32_t maxPayload;
    std::uint32_t maxWorkers;
    std::uint32_t maxAttempts;
    std::uint32_t eventCapacity;
    std::uint32_t slotSize;
    std::uint32_t eventSize;
    std::uint32_t workerSize;
    std::uint32_t mutexSize;
    std::uint32_t ownerUid;
    std::uint64_t slotsOffset;
    std::uint64_t readyOffset;
    std::uint64_t eventsOffset;
    std::uint64_t workersOffset;
    std::uint64_t arenaOffset;
    std::uint64_t arenaSize;
    std::int32_t creatorPid;
    std::uint32_t creatorPidNs; // pidNamespaceId() of the creator; 0: unknown (or older)
    std::uint64_t creatorStartTime; // /proc/<pid>/stat field 22 of the creator
    std::uint64_t createdNs;

    // Everything the lock holder writes, on as few cache lines as possible.
    alignas(64) pthread_mutex_t mutex; // robust, process-shared
    std::atomic<std::int32_t> holderPid;
    std::atomic<std::int32_t> lastDeadOwner;
    std::atomic<std::uint64_t> holderSinceNs;
    std::atomic<std::uint64_t> readyHead; // next ready index to take
    std::atomic<std::uint64_t> eventHead; // next event index to write
    QueueIntent intent;
    std::atomic<std::uint64_t> recoveries; // EOWNERDEAD repairs so far
    std::atomic<std::uint64_t> counters[CounterCount];

    // Written by the producer only.
    alignas(64) std::atomic<std::uint64_t> readyTail; // next ready index to fill
    std::atomic<std::uint32_t> closed;

    alignas(64) std::atomic<std::uint64_t> eventTail; // next event the producer reads

    // Sleeping workers.
    alignas(64) std::atomic<std::uint32_t> sleepers;        // hint: workers between
                                                            // announcing sleep and waking
    std::atomic<std::uint32_t> workerHighWater; // records [0, highWater) may be in use
};

static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "shared atomics must be lock-free");
static_assert(std::atomic<std::uint32_t>::is_always_lock_free, "shared atomics must be lock-free");

struct QueueGeometry {
    std::uint32_t capacity = 0;
    std::uint32_t maxPayload = 0;
    std::uint32_t maxWorkers = 0;
    std::uint32_t eventCapacity = 0;
    std::uint64_t slotsOffset = 0;
    std::uint64_t readyOffset = 0;
    std::uint64_t eventsOffset = 0;
    std::uint64_t workersOffset = 0;
    std::uint64_t arenaOffset = 0;
    std::uint64_t arenaSize = 0;
    std::uint64_t controlSize = 0; // everything before the arena
    std::uint64_t totalSize = 0;
};

inline std::uint64_t alignUp(std::uint64_t value, std::uint64_t alignment)
{
    return (value + alignment - 1) / alignment * alignment;
}

// Payload blocks: the smallest power of two >= length, at least kArenaGranule.
inline std::uint64_t payloadBlockSize(std::uint32_t length)
{
    std::uint64_t size = kArenaGranule;
    while (size < length)
        size <<= 1;
    return size;
}

// The one place the offsets are computed; attach recomputes and compares. Inputs must be
// within the limits above (checked by the callers), so nothing here overflows.
inline QueueGeometry queueGeometry(std::uint32_t capacity, std::uint32_t maxPayload,
                                   std::uint32_t maxWorkers)
{
    QueueGeometry g;
    g.capacity = capacity;
    g.maxPayload = maxPayload;
    g.maxWorkers = maxWorkers;
    g.eventCapacity = capacity * 2; // a slot makes at most take + finish between drains
    std::uint64_t offset = alignUp(sizeof(QueueHeader), 4096);
    g.slotsOffset = offset;
    offset += std::uint64_t(capacity) * sizeof(QueueSlot);
    g.readyOffset = alignUp(offset, 64);
    offset = g.readyOffset + std::uint64_t(capacity) * sizeof(std::uint32_t);
    g.eventsOffset = alignUp(offset, 64);
    offset = g.eventsOffset + std::uint64_t(g.eventCapacity) * sizeof(QueueEventRecord);
    g.workersOffset = alignUp(offset, 64);
    offset = g.workersOffset + std::uint64_t(maxWorkers) * sizeof(WorkerRecord);
    g.arenaOffset = alignUp(offset, 4096);
    g.controlSize = g.arenaOffset;
    std::uint64_t arena = std::uint64_t(capacity) * payloadBlockSize(maxPayload);
    if (arena > kQueueMaxArenaBytes)
        arena = kQueueMaxArenaBytes;
    if (arena < payloadBlockSize(maxPayload))
        arena = payloadBlockSize(maxPayload);
    g.arenaSize = alignUp(arena, 4096);
    g.totalSize = g.arenaOffset + g.arenaSize;
    return g;
}

} // namespace herd
