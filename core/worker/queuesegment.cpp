#include "queuesegment.h"

#include "queueprotocol.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cinttypes>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <vector>

#include <dirent.h>
#include <signal.h>
#include <sched.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace herd {

namespace {

// The largest control part mapped in whole when a queue is made (see create()).
constexpr std::uint64_t kPrefaultControlMost = 64ull << 20;

void defaultLog(const std::string &message)
{
    std::fprintf(stderr, "herd queue: %s\n", message.c_str());
}

QueueSegment::LogHandler g_logHandler = &defaultLog;

std::string hexRandom()
{
    std::uint64_t value = 0;
    if (getrandom(&value, sizeof value, 0) != sizeof value)
        value = monotonicNs() ^ (std::uint64_t(getpid()) << 32);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%016" PRIx64, value);
    return buffer;
}

bool validName(const std::string &name)
{
    // shm_open names: one leading slash, no other, at most NAME_MAX bytes.
    if (name.size() < 2 || name.size() > 250 || name[0] != '/')
        return false;
    for (std::size_t i = 1; i < name.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        if (c == '/' || c < 0x21 || c > 0x7e)
            return false;
    }
    return name != "/." && name != "/..";
}

std::string segmentPrefix()
{
    return "herd-" + std::to_string(getuid()) + "-";
}

// The SIGBUS guard (QueueSegment::guardAgainstShrink). A file mapped with MAP_SHARED that
// another process cuts short with ftruncate() raises SIGBUS on every access past its new
// end, and nothing can forbid a process holding the segment's name to do that (seals exist
// only for memfds). Wayland compositors face the same with their clients' buffers and
// answer it the same way: the handler puts anonymous zero-filled memory over the whole
// mapping (mmap MAP_FIXED is a plain system call, safe in a handler) and returns; the
// access is retried on that memory and succeeds. The owner of the mapping sees faulted()
// and stops trusting it.
struct GuardEntry {
    std::atomic<std::uintptr_t> base{0};
    std::atomic<std::size_t> size{0};
    std::atomic<int> faulted{0};
};
constexpr int kGuardEntries = 64;
GuardEntry g_guards[kGuardEntries];
std::atomic<bool> g_guardInstalled{false};
struct sigaction g_previousBus;

void onSigbus(int sig, siginfo_t *info, void *context)
{
    const std::uintptr_t address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (GuardEntry &g : g_guards) {
        const std::uintptr_t base = g.base.load(std::memory_order_acquire);
        const std::size_t size = g.size.load(std::memory_order_acquire);
        if (base == 0 || address < base || address - base >= size)
            continue;
        void *r = mmap(reinterpret_cast<void *>(base), size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
        if (r != MAP_FAILED) {
            g.faulted.store(1, std::memory_order_release);
            return; // the faulting access is retried on the zero pages
        }
    }
    // Not a guarded mapping: what would have happened without us.
    if ((g_previousBus.sa_flags & SA_SIGINFO) && g_previousBus.sa_sigaction) {
        g_previousBus.sa_sigaction(sig, info, context);
        return;
    }
    if (!(g_previousBus.sa_flags & SA_SIGINFO) && g_previousBus.sa_handler != SIG_DFL
        && g_previousBus.sa_handler != SIG_IGN) {
        g_previousBus.sa_handler(sig);
        return;
    }
    // Default action: returning re-runs the access, which faults again, now fatally.
    signal(SIGBUS, SIG_DFL);
}

int acquireGuard(void *base, std::size_t size)
{
    if (!g_guardInstalled.exchange(true)) {
        struct sigaction sa;
        std::memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = &onSigbus;
        sa.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGBUS, &sa, &g_previousBus);
    }
    for (int i = 0; i < kGuardEntries; ++i) {
        std::uintptr_t expected = 0;
        if (g_guards[i].base.load(std::memory_order_relaxed) == 0
            && g_guards[i].base.compare_exchange_strong(expected, reinterpret_cast<std::uintptr_t>(base))) {
            g_guards[i].faulted.store(0, std::memory_order_relaxed);
            g_guards[i].size.store(size, std::memory_order_release);
            return i;
        }
    }
    return -1; // more than 64 guarded mappings at once: this one goes unguarded
}

// True when pid exists and started after the given wall-clock second.
bool startedAfter(int pid, std::int64_t wallSeconds)
{
    const std::uint64_t ticks = processStartTime(pid);
    if (ticks == 0)
        return false;
    std::int64_t bootTime = 0;
    if (FILE *stat = std::fopen("/proc/stat", "re")) {
        char line[256];
        while (std::fgets(line, sizeof line, stat)) {
            if (std::strncmp(line, "btime ", 6) == 0) {
                bootTime = std::strtoll(line + 6, nullptr, 10);
                break;
            }
        }
        std::fclose(stat);
    }
    const long hz = sysconf(_SC_CLK_TCK);
    if (bootTime <= 0 || hz <= 0)
        return false;
    return bootTime + std::int64_t(ticks / std::uint64_t(hz)) > wallSeconds;
}

} // namespace

void QueueSegment::releaseGuard(int entry)
{
    if (entry < 0 || entry >= kGuardEntries)
        return;
    g_guards[entry].size.store(0, std::memory_order_release);
    g_guards[entry].base.store(0, std::memory_order_release);
}

void QueueSegment::guardAgainstShrink()
{
    if (m_guardSlot < 0 && m_base)
        m_guardSlot = acquireGuard(m_base, std::size_t(m_mappedSize));
}

bool QueueSegment::faulted() const
{
    return m_guardSlot >= 0 && g_guards[m_guardSlot].faulted.load(std::memory_order_acquire) != 0;
}

void QueueSegment::setLogHandler(LogHandler handler)
{
    g_logHandler = handler ? handler : &defaultLog;
}

void QueueSegment::log(const std::string &message)
{
    g_logHandler(message);
}

std::unique_ptr<QueueSegment> QueueSegment::create(const CreateOptions &options, std::string *error)
{
    auto fail = [error](const std::string &message) {
        if (error)
            *error = message;
        return std::unique_ptr<QueueSegment>();
    };
    if (options.capacity < 1 || options.capacity > kQueueMaxCapacity)
        return fail("queue capacity must be between 1 and " + std::to_string(kQueueMaxCapacity));
    if (options.maxPayload < 1 || options.maxPayload > kQueueMaxPayloadLimit)
        return fail("maximum payload must be between 1 and " + std::to_string(kQueueMaxPayloadLimit)
                    + " bytes");
    if (options.maxAttempts < 1 || options.maxAttempts > kQueueMaxAttemptsLimit)
        return fail("maximum attempts must be between 1 and " + std::to_string(kQueueMaxAttemptsLimit));
    if (options.maxWorkers < 1 || options.maxWorkers > kQueueMaxWorkers)
        return fail("maximum workers must be between 1 and " + std::to_string(kQueueMaxWorkers));

    const QueueGeometry g = queueGeometry(options.capacity, options.maxPayload, options.maxWorkers);
    std::unique_ptr<QueueSegment> segment(new QueueSegment);
    segment->m_pid = getpid();
    const std::string base = "/" + segmentPrefix() + std::to_string(segment->m_pid) + "-";
    for (int tries = 0; tries < 16 && segment->m_fd < 0; ++tries) {
        segment->m_name = base + hexRandom();
        // O_EXCL: never adopt a file someone else put under our name.
        segment->m_fd = shm_open(segment->m_name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (segment->m_fd < 0 && errno != EEXIST)
            return fail("cannot create the queue's shared memory: " + errnoText(errno));
    }
    if (segment->m_fd < 0)
        return fail("cannot create the queue's shared memory: no free name");
    segment->m_creator = true;
    // The mode given to shm_open is filtered by the umask; make sure it is exactly 0600.
    if (fchmod(segment->m_fd, 0600) != 0)
        return fail("cannot set the queue's permissions: " + errnoText(errno));
    if (ftruncate(segment->m_fd, off_t(g.totalSize)) != 0)
        return fail("cannot size the queue's shared memory: " + errnoText(errno));
    // Reserve the control part now, so a full /dev/shm is an error here and never a
    // SIGBUS later. The payload arena is reserved as it is used.
    const int fa = posix_fallocate(segment->m_fd, 0, off_t(g.controlSize));
    if (fa != 0)
        return fail("not enough shared memory for a queue of " + std::to_string(options.capacity)
                    + " tasks: " + errnoText(fa));
    if (!segment->map(g.totalSize, error))
        return nullptr;

    QueueHeader *h = segment->m_header;
    h->version = kQueueLayoutVersion;
    h->headerSize = sizeof(QueueHeader);
    h->totalSize = g.totalSize;
    h->capacity = g.capacity;
    h->maxPayload = g.maxPayload;
    h->maxWorkers = g.maxWorkers;
    h->maxAttempts = options.maxAttempts;
    h->eventCapacity = g.eventCapacity;
    h->slotSize = sizeof(QueueSlot);
    h->eventSize = sizeof(QueueEventRecord);
    h->workerSize = sizeof(WorkerRecord);
    h->mutexSize = sizeof(pthread_mutex_t);
    h->ownerUid = getuid();
    h->slotsOffset = g.slotsOffset;
    h->readyOffset = g.readyOffset;
    h->eventsOffset = g.eventsOffset;
    h->workersOffset = g.workersOffset;
    h->arenaOffset = g.arenaOffset;
    h->arenaSize = g.arenaSize;
    h->creatorPid = segment->m_pid;
    h->creatorStartTime = processStartTime(segment->m_pid);
    h->creatorPidNs = pidNamespaceId();
    h->createdNs = monotonicNs();

    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    // Robust: when a holder dies the next locker gets EOWNERDEAD instead of waiting
    // forever (the kernel walks the dead thread's robust list on exit).
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    const int mr = pthread_mutex_init(&h->mutex, &attr);
    pthread_mutexattr_destroy(&attr);
    if (mr != 0)
        return fail("cannot initialise the queue's lock: " + errnoText(mr));
    segment->bindStructures(*h);
    // The producer writes every slot, the ready ring and the event ring's lines as the
    // queue fills: one call maps them all (reserved above) instead of a fault per page.
    // Not for a very large queue (the default's part is 14 MB), whose creation it would
    // slow down and whose pages might never all be used.
    if (g.controlSize <= kPrefaultControlMost)
        prefaultPages(segment->m_base, g.controlSize);
    __atomic_store_n(&h->magic, kQueueMagic, __ATOMIC_RELEASE);
    return segment;
}

std::string QueueSegment::validateHeader(const QueueHeader &h, std::uint64_t fileSize, std::uint32_t uid)
{
    if (h.magic != kQueueMagic)
        return "it is not a Herd task queue (no Herd signature in its header)";
    if (h.version != kQueueLayoutVersion)
        return "it was made by an incompatible Herd version (queue layout " + std::to_string(h.version)
               + ", this program reads layout " + std::to_string(kQueueLayoutVersion) + ")";
    if (h.headerSize != sizeof(QueueHeader) || h.slotSize != sizeof(QueueSlot)
        || h.eventSize != sizeof(QueueEventRecord) || h.workerSize != sizeof(WorkerRecord)
        || h.mutexSize != sizeof(pthread_mutex_t))
        return "its record sizes do not match this program's (built for another platform?)";
    if (h.ownerUid != uid)
        return "it belongs to user id " + std::to_string(h.ownerUid) + ", not to you (user id "
               + std::to_string(uid) + ")";
    if (h.capacity < 1 || h.capacity > kQueueMaxCapacity || h.maxPayload < 1
        || h.maxPayload > kQueueMaxPayloadLimit || h.maxWorkers < 1 || h.maxWorkers > kQueueMaxWorkers
        || h.maxAttempts < 1 || h.maxAttempts > kQueueMaxAttemptsLimit)
        return "its header holds impossible sizes (corrupt)";
    const QueueGeometry g = queueGeometry(h.capacity, h.maxPayload, h.maxWorkers);
    if (h.eventCapacity != g.eventCapacity || h.slotsOffset != g.slotsOffset
        || h.readyOffset != g.readyOffset || h.eventsOffset != g.eventsOffset
        || h.workersOffset != g.workersOffset || h.arenaOffset != g.arenaOffset
        || h.arenaSize != g.arenaSize || h.totalSize != g.totalSize)
        return "its header's sizes are inconsistent (corrupt)";
    if (fileSize != g.totalSize)
        return "its size (" + std::to_string(fileSize) + " bytes) does not match its header ("
               + std::to_string(g.totalSize) + " bytes)";
    if (h.creatorPid <= 0)
        return "its header names no creator (corrupt)";
    return {};
}

std::unique_ptr<QueueSegment> QueueSegment::attach(const std::string &name, std::string *error)
{
    auto fail = [error, &name](const std::string &message) {
        if (error)
            *error = "cannot use the task queue '" + name + "': " + message;
        return std::unique_ptr<QueueSegment>();
    };
    if (!validName(name))
        return fail("not a valid queue address (expected /herd-...)");
    std::unique_ptr<QueueSegment> segment(new QueueSegment);
    segment->m_name = name;
    segment->m_pid = getpid();
    segment->m_fd = shm_open(name.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0);
    if (segment->m_fd < 0) {
        if (errno == ENOENT)
            return fail("it does not exist (the queue was closed, or Herd is not running)");
        return fail(errnoText(errno));
    }
    struct stat st;
    if (fstat(segment->m_fd, &st) != 0)
        return fail(errnoText(errno));
    if (!S_ISREG(st.st_mode))
        return fail("it is not a regular shared memory object");
    if (st.st_uid != getuid())
        return fail("it belongs to user id " + std::to_string(st.st_uid) + ", not to you (user id "
                    + std::to_string(getuid()) + ")");
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
        return fail(std::string("its permissions (") + mode
                    + ") let other users read or write it; Herd only uses 0600 queues");
    }
    if (std::uint64_t(st.st_size) < sizeof(QueueHeader))
        return fail("it is too small to be a Herd task queue (" + std::to_string(st.st_size) + " bytes)");

    // Validate a private read-only view of the header before mapping anything writable.
    void *view = mmap(nullptr, sizeof(QueueHeader), PROT_READ, MAP_SHARED, segment->m_fd, 0);
    if (view == MAP_FAILED)
        return fail(errnoText(errno));
    QueueHeader copy;
    std::memcpy(static_cast<void *>(&copy), view, sizeof copy);
    munmap(view, sizeof(QueueHeader));
    const std::string problem = validateHeader(copy, std::uint64_t(st.st_size), getuid());
    if (!problem.empty())
        return fail(problem);
    if (!segment->map(copy.totalSize, error))
        return nullptr;
    // The file could have been rewritten between the copy and the mapping; check again
    // on what is now mapped, still without writing.
    const std::string again = validateHeader(*segment->m_header, std::uint64_t(st.st_size), getuid());
    if (!again.empty())
        return fail(again);
    // From here on only the private copy of the sizes is used: a header changed after
    // this point moves nothing.
    segment->bindStructures(copy);
    if (!segment->checkIdentity().empty())
        return fail("it changed while it was being opened");
    return segment;
}

bool QueueSegment::map(std::uint64_t size, std::string *error)
{
    void *base = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, m_fd, 0);
    if (base == MAP_FAILED) {
        if (error)
            *error = "cannot map the queue's shared memory: " + errnoText(errno);
        return false;
    }
    m_base = base;
    m_mappedSize = size;
    m_header = static_cast<QueueHeader *>(base);
    return true;
}

void QueueSegment::bindStructures(const QueueHeader &validated)
{
    // The sizes come from a header that was validated (or just written by us), and are
    // recomputed from the three inputs rather than taken over: the private copy that
    // every index is computed with from now on.
    m_geometry = queueGeometry(validated.capacity, validated.maxPayload, validated.maxWorkers);
    m_maxAttempts = validated.maxAttempts;
    m_creatorPid = validated.creatorPid;
    m_creatorStartTime = validated.creatorStartTime;
    m_creatorPidNs = validated.creatorPidNs;
    char *bytes = static_cast<char *>(m_base);
    m_slots = reinterpret_cast<QueueSlot *>(bytes + m_geometry.slotsOffset);
    m_ready = reinterpret_cast<std::uint32_t *>(bytes + m_geometry.readyOffset);
    m_events = reinterpret_cast<QueueEventRecord *>(bytes + m_geometry.eventsOffset);
    m_workers = reinterpret_cast<WorkerRecord *>(bytes + m_geometry.workersOffset);
    m_arena = bytes + m_geometry.arenaOffset;
}

std::uint32_t QueueSegment::workerRecordsInUse() const
{
    return std::min(m_header->workerHighWater.load(std::memory_order_acquire), m_geometry.maxWorkers);
}

std::string QueueSegment::checkIdentity() const
{
    if (faulted())
        return "the queue's shared memory was cut short under it";
    struct stat st;
    if (m_fd >= 0 && fstat(m_fd, &st) == 0 && std::uint64_t(st.st_size) != m_geometry.totalSize)
        return "the queue's shared memory was resized to " + std::to_string(st.st_size) + " bytes";
    const QueueHeader *h = m_header;
    if (__atomic_load_n(&h->magic, __ATOMIC_ACQUIRE) != kQueueMagic || h->version != kQueueLayoutVersion
        || h->capacity != m_geometry.capacity || h->maxPayload != m_geometry.maxPayload
        || h->maxWorkers != m_geometry.maxWorkers || h->eventCapacity != m_geometry.eventCapacity
        || h->maxAttempts != m_maxAttempts || h->totalSize != m_geometry.totalSize
        || h->slotsOffset != m_geometry.slotsOffset || h->readyOffset != m_geometry.readyOffset
        || h->eventsOffset != m_geometry.eventsOffset || h->workersOffset != m_geometry.workersOffset
        || h->arenaOffset != m_geometry.arenaOffset || h->arenaSize != m_geometry.arenaSize
        || h->creatorPid != m_creatorPid || h->creatorStartTime != m_creatorStartTime
        || h->creatorPidNs != m_creatorPidNs)
        return "the queue's header was overwritten";
    return {};
}

QueueSegment::~QueueSegment()
{
    releaseGuard(m_guardSlot);
    if (m_base)
        munmap(m_base, m_mappedSize);
    if (m_fd >= 0)
        ::close(m_fd);
    if (m_creator && !m_unlinked && !m_name.empty())
        shm_unlink(m_name.c_str());
}

void QueueSegment::unlinkName()
{
    if (m_creator && !m_unlinked) {
        shm_unlink(m_name.c_str());
        m_unlinked = true;
    }
}

int QueueSegment::removeStaleSegments(std::string *removed)
{
    const std::string prefix = segmentPrefix();
    DIR *dir = opendir("/dev/shm");
    if (!dir)
        return 0;
    std::vector<std::string> names;
    while (dirent *entry = readdir(dir)) {
        if (std::strncmp(entry->d_name, prefix.c_str(), prefix.size()) == 0)
            names.emplace_back(entry->d_name);
    }
    closedir(dir);

    int count = 0;
    for (const std::string &file : names) {
        const std::string name = "/" + file;
        const int fd = shm_open(name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
        if (fd < 0)
            continue;
        struct stat st;
        bool stale = false;
        bool foreign = false; // made in another pid namespace: its pid means nothing here
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == getuid()) {
            // The creator's pid is in the name: herd-<uid>-<pid>-<random>.
            const int namePid = std::atoi(file.c_str() + prefix.size());
            bool judged = false;
            if (std::uint64_t(st.st_size) >= sizeof(QueueHeader)) {
                void *view = mmap(nullptr, sizeof(QueueHeader), PROT_READ, MAP_SHARED, fd, 0);
                if (view != MAP_FAILED) {
                    QueueHeader copy;
                    std::memcpy(static_cast<void *>(&copy), view, sizeof copy);
                    munmap(view, sizeof(QueueHeader));
                    if (validateHeader(copy, std::uint64_t(st.st_size), getuid()).empty()
                        && copy.creatorPid == namePid) {
                        // /dev/shm is shared with Herds in other pid namespaces (a
                        // container started with the host's /dev/shm, `unshare -p`): their
                        // pids name other processes here, or none, so whether that Herd
                        // lives cannot be told from here. Its segment is left alone.
                        foreign = copy.creatorPidNs != 0 && pidNamespaceId() != 0
                                  && copy.creatorPidNs != pidNamespaceId();
                        stale = !foreign && !processAlive(copy.creatorPid, copy.creatorStartTime);
                        judged = true;
                    }
                }
            }
            // Damaged, cut short or never finished: its header proves nothing, so the name
            // must. The segment is a dead Herd's when no process has the pid in its name,
            // or when the process that has it started after the segment was last changed
            // (the pid was reused). A live process that may have made it keeps it.
            if (!judged && namePid > 0)
                stale = !processAlive(namePid, 0) || startedAfter(namePid, st.st_ctim.tv_sec + 2);
        }
        ::close(fd);
        if (stale && shm_unlink(name.c_str()) == 0) {
            ++count;
            if (removed)
                *removed += name + "\n";
        }
    }
    return count;
}

QueueSegment::LockStatus QueueSegment::lock(std::int64_t deadlineNs)
{
    QueueHeader *h = m_header;
    int r = pthread_mutex_trylock(&h->mutex);
    if (r == EBUSY && deadlineNs != 0) {
        // A short spin first: the lock is held for well under a microsecond, much less
        // than a futex sleep and wake-up. Short, because a pause costs up to ~130 ns on
        // some CPUs, and a holder that is not back within a few microseconds has most
        // likely been preempted: then it is better to give up the CPU (one yield, then
        // block in the kernel) than to burn it.
        for (int i = 0; i < 8 && r == EBUSY; ++i) {
            const int pauses = 1 << (i < 3 ? i : 3);
            for (int j = 0; j < pauses; ++j)
                cpuRelax();
            r = pthread_mutex_trylock(&h->mutex);
        }
        if (r == EBUSY) {
            sched_yield();
            r = pthread_mutex_trylock(&h->mutex);
        }
        while (r == EBUSY || r == ETIMEDOUT) {
            const std::uint64_t now = monotonicNs();
            if (deadlineNs > 0 && now >= std::uint64_t(deadlineNs))
                return LockStatus::TimedOut;
            // At most a second per call, so a stopped holder never keeps us inside one
            // syscall for long and the caller's own deadline is honoured.
            std::uint64_t slice = 1000000000ull;
            if (deadlineNs > 0 && std::uint64_t(deadlineNs) - now < slice)
                slice = std::uint64_t(deadlineNs) - now;
#if defined(__SANITIZE_THREAD__)
            // ThreadSanitizer's runtime does not intercept pthread_mutex_clocklock, so the
            // TSan build uses the CLOCK_REALTIME variant it understands.
            timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            const std::uint64_t abs = std::uint64_t(ts.tv_sec) * 1000000000ull + ts.tv_nsec + slice;
            ts.tv_sec = time_t(abs / 1000000000ull);
            ts.tv_nsec = long(abs % 1000000000ull);
            r = pthread_mutex_timedlock(&h->mutex, &ts);
#else
            const std::uint64_t abs = now + slice;
            timespec ts;
            ts.tv_sec = time_t(abs / 1000000000ull);
            ts.tv_nsec = long(abs % 1000000000ull);
            r = pthread_mutex_clocklock(&h->mutex, CLOCK_MONOTONIC, &ts);
#endif
        }
    }
    if (r == EBUSY)
        return LockStatus::TimedOut;
    if (r == ENOTRECOVERABLE)
        return LockStatus::Unrecoverable;
    if (r == EOWNERDEAD)
        recoverLocked();
    else if (r != 0)
        return LockStatus::Unrecoverable;
    m_lockTimeNs = monotonicNs();
    h->holderPid.store(m_pid, std::memory_order_relaxed);
    h->holderSinceNs.store(m_lockTimeNs, std::memory_order_relaxed);
    return LockStatus::Acquired;
}

void QueueSegment::unlock()
{
    m_header->holderPid.store(0, std::memory_order_relaxed);
    pthread_mutex_unlock(&m_header->mutex);
}

void QueueSegment::recoverLocked()
{
    QueueHeader *h = m_header;
    const std::int32_t dead = h->holderPid.load(std::memory_order_relaxed);
    const IntentOp op = IntentOp(h->intent.op.load(std::memory_order_acquire));
    // Finish what the dead holder described before touching anything; every step only
    // writes values from the intent, so replaying a half-done or done step is harmless.
    if (op != IntentOp::None)
        applyIntentLocked();
    pthread_mutex_consistent(&h->mutex);
    h->recoveries.fetch_add(1, std::memory_order_relaxed);
    h->lastDeadOwner.store(dead, std::memory_order_relaxed);
    static const char *const opNames[] = {"", " (finished its take)", " (finished its completion)",
                                          " (finished its requeue)", " (finished its dead-letter)"};
    const unsigned opIndex = unsigned(op) < 5 ? unsigned(op) : 0;
    log("lock owner " + (dead > 0 ? std::to_string(dead) : std::string("(unknown pid)"))
        + " died; recovered" + opNames[opIndex]);
}

void QueueSegment::applyIntentLocked()
{
    QueueHeader *h = m_header;
    QueueIntent &in = h->intent;
    const IntentOp op = IntentOp(in.op.load(std::memory_order_acquire));
    if (op == IntentOp::None)
        return;
    // Every field of the intent may have been forged: each index is checked against the
    // private sizes, so a replay writes nowhere but inside the structures it names.
    const std::uint32_t cap = m_geometry.capacity;
    QueueSlot *s = in.slot < cap ? slot(in.slot) : nullptr;
    switch (op) {
    case IntentOp::Take:
        h->readyHead.store(in.ringIndex + 1, std::memory_order_release);
        if (s) {
            s->takerPid.store(in.pid, std::memory_order_relaxed);
            s->takerWorker.store(in.worker, std::memory_order_relaxed);
            s->takenNs = in.timeNs;
            if (SlotState(in.newState) != SlotState::Taken) {
                s->endedNs = in.timeNs;
                s->resultCode = in.resultCode;
            }
            s->epoch.store(in.epoch, std::memory_order_relaxed);
            s->state.store(in.newState, std::memory_order_release);
        }
        break;
    case IntentOp::Finish:
        if (s) {
            s->endedNs = in.timeNs;
            s->resultCode = in.resultCode;
            s->state.store(in.newState, std::memory_order_release);
        }
        break;
    case IntentOp::Requeue:
        if (s) {
            s->epoch.store(in.epoch, std::memory_order_relaxed);
            s->attempt = in.attempt;
            s->takerPid.store(0, std::memory_order_relaxed);
            s->takerWorker.store(0, std::memory_order_relaxed);
            s->state.store(std::uint32_t(SlotState::Queued), std::memory_order_relaxed);
            *readyEntry(in.ringIndex) = in.slot;
            h->readyTail.store(in.ringIndex + 1, std::memory_order_seq_cst);
        }
        break;
    case IntentOp::DeadLetter:
        if (s) {
            s->epoch.store(in.epoch, std::memory_order_relaxed);
            s->endedNs = in.timeNs;
            s->state.store(std::uint32_t(SlotState::DeadLettered), std::memory_order_release);
        }
        break;
    case IntentOp::None:
        break;
    }
    if (in.eventKind != std::uint32_t(EventKind::None)) {
        QueueEventRecord *e = event(in.eventIndex);
        e->kind = std::uint16_t(in.eventKind);
        e->resultLength = s && in.eventKind != std::uint32_t(EventKind::Taken) ? std::uint16_t(s->resultLength) : 0;
        e->slot = in.slot;
        e->epoch = std::uint32_t(in.epoch);
        e->pid = in.pid;
        e->worker = in.worker;
        e->resultCode = in.resultCode;
        e->timeNs = in.timeNs;
        h->eventHead.store(in.eventIndex + 1, std::memory_order_release);
    }
    if (in.counter < CounterCount)
        h->counters[in.counter].store(in.counterValue, std::memory_order_relaxed);
    in.op.store(std::uint32_t(IntentOp::None), std::memory_order_release);
}

std::string QueueSegment::checkInvariantsLocked() const
{
    const QueueHeader *h = m_header;
    const std::uint32_t cap = m_geometry.capacity;
    if (h->intent.op.load() != std::uint32_t(IntentOp::None))
        return "an intent is pending while the lock is free";
    const std::uint64_t head = h->readyHead.load();
    const std::uint64_t tail = h->readyTail.load();
    if (head > tail || tail - head > cap)
        return "ready ring counters out of range (head " + std::to_string(head) + ", tail "
               + std::to_string(tail) + ")";
    const std::uint64_t ehead = h->eventHead.load();
    const std::uint64_t etail = h->eventTail.load();
    if (etail > ehead || ehead - etail > m_geometry.eventCapacity)
        return "event ring counters out of range";
    std::vector<std::uint8_t> seen(cap, 0);
    for (std::uint64_t i = head; i < tail; ++i) {
        const std::uint32_t s = *readyEntry(i);
        if (s >= cap)
            return "ready ring holds slot index " + std::to_string(s);
        if (seen[s]++)
            return "slot " + std::to_string(s) + " is in the ready ring twice";
        if (m_slots[s].state.load() != std::uint32_t(SlotState::Queued))
            return "slot " + std::to_string(s) + " is in the ready ring but not queued";
    }
    for (std::uint32_t s = 0; s < cap; ++s) {
        const std::uint32_t state = m_slots[s].state.load();
        if (state > std::uint32_t(SlotState::DeadLettered))
            return "slot " + std::to_string(s) + " has an unknown state";
        if (state == std::uint32_t(SlotState::Queued) && !seen[s])
            return "slot " + std::to_string(s) + " is queued but not in the ready ring";
        if (state == std::uint32_t(SlotState::Taken) && m_slots[s].takerPid.load() <= 0)
            return "slot " + std::to_string(s) + " is taken by nobody";
    }
    return {};
}

std::uint32_t QueueSegment::wakeSleepers(int count, std::uint32_t start)
{
    QueueHeader *h = m_header;
    if (count == 0 || h->sleepers.load(std::memory_order_seq_cst) == 0)
        return start;
    const std::uint32_t high = workerRecordsInUse();
    int woken = 0;
    // The scan runs from `start` round once; `next` (where the following scan starts) moves
    // past each worker woken, but never the scan itself, or it would skip records.
    std::uint32_t next = start;
    for (std::uint32_t n = 0; n < high && (count == kWakeAll || woken < count); ++n) {
        const std::uint32_t i = (start + n) % high;
        WorkerRecord *r = worker(i);
        std::uint32_t expected = std::uint32_t(SleepState::Sleeping);
        if (r->sleep.load(std::memory_order_relaxed) == expected
            && r->sleep.compare_exchange_strong(expected, std::uint32_t(SleepState::Woken))) {
            futexWake(&r->sleep, INT_MAX);
            ++woken;
            next = i + 1;
        }
    }
    return next;
}

bool QueueSegment::readyWithSleepers() const
{
    const QueueHeader *h = m_header;
    return h->sleepers.load(std::memory_order_seq_cst) != 0
           && h->readyTail.load(std::memory_order_seq_cst) != h->readyHead.load(std::memory_order_seq_cst);
}

} // namespace herd
