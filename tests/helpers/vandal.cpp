// herd-vandal: a hostile "worker" for Herd's queue tests. It maps the segment named by
// HERD_QUEUE read-write, as any worker can, waits until the queue has done some work,
// then damages it in the way its first argument names, and exits 0. Plain C++ and POSIX;
// it uses only the layout header, never the worker library (it does not play by its rules).
//
//   random SEED COUNT REGION  COUNT writes of 1-8 random bytes at random offsets of REGION:
//                             header, lock, intent, counters, slots, ready, events,
//                             workers, control (everything before the payloads)
//   truncate                  cut the segment to 0 bytes
//   lock                      overwrite the lock word, as if held by nobody known
//   event-head                move the event counter forward by 2^40
//   event-back                move the event counter backwards
//   sizes                     set eventCapacity 0 and raise maxWorkers and workerHighWater
//   forge-done                write a Done event for slot 0 under a made-up lease
// Before acting it waits (at most 20 s) until at least AFTER tasks were taken (env
// HERD_VANDAL_AFTER, default 5), and prints "vandal: <what>" when done.

#include "queuelayout.h"
#include "segmentregions.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace herd;

namespace {

void pauseMs(long ms)
{
    timespec ts{ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, nullptr);
}

} // namespace

int main(int argc, char **argv)
{
    alarm(60);
    if (argc < 2) {
        std::fprintf(stderr, "usage: herd-vandal MODE [ARGS]\n");
        return 2;
    }
    const std::string mode = argv[1];
    const char *address = std::getenv("HERD_QUEUE");
    if (!address) {
        std::fprintf(stderr, "herd-vandal: HERD_QUEUE is not set\n");
        return 2;
    }
    const int fd = shm_open(address, O_RDWR, 0);
    if (fd < 0) {
        std::fprintf(stderr, "herd-vandal: %s: %s\n", address, std::strerror(errno));
        return 1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || std::uint64_t(st.st_size) < sizeof(QueueHeader))
        return 1;
    const std::size_t size = std::size_t(st.st_size);
    char *base = static_cast<char *>(mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    if (base == MAP_FAILED)
        return 1;
    auto *h = reinterpret_cast<QueueHeader *>(base);

    const char *afterEnv = std::getenv("HERD_VANDAL_AFTER");
    const std::uint64_t after = afterEnv ? std::strtoull(afterEnv, nullptr, 10) : 5;
    for (int waited = 0; waited < 2000 && h->counters[CounterTaken].load() < after; ++waited)
        pauseMs(10);

    const QueueGeometry g = queueGeometry(h->capacity, h->maxPayload, h->maxWorkers);
    if (mode == "random" && argc >= 5) {
        std::mt19937_64 rng(std::strtoull(argv[2], nullptr, 10));
        const int count = std::atoi(argv[3]);
        const std::string region = argv[4];
        const auto [from, to] = herd::test::segmentRegion(region, g);
        for (int i = 0; i < count; ++i) {
            const std::uint64_t width = 1 + rng() % 8;
            const std::uint64_t at = from + rng() % (to - from > width ? to - from - width : 1);
            const std::uint64_t value = rng();
            std::memcpy(base + at, &value, width);
            pauseMs(1);
        }
        std::printf("vandal: %d random writes to the %s\n", count, region.c_str());
    } else if (mode == "truncate") {
        if (ftruncate(fd, 0) != 0)
            return 1;
        std::printf("vandal: truncated\n");
    } else if (mode == "lock") {
        std::memset(static_cast<void *>(&h->mutex), 0x5a, 8);
        std::printf("vandal: lock overwritten\n");
    } else if (mode == "event-head") {
        h->eventHead.fetch_add(1ull << 40);
        std::printf("vandal: event head moved forward\n");
    } else if (mode == "event-back") {
        const std::uint64_t head = h->eventHead.load();
        h->eventHead.store(head > 3 ? head - 3 : 0);
        std::printf("vandal: event head moved back\n");
    } else if (mode == "sizes") {
        h->eventCapacity = 0;
        h->maxWorkers = 0xffffffffu;
        h->workerHighWater.store(0xffffffffu);
        std::printf("vandal: sizes changed\n");
    } else if (mode == "forge-done") {
        auto *events = reinterpret_cast<QueueEventRecord *>(base + g.eventsOffset);
        const std::uint64_t at = h->eventHead.load();
        QueueEventRecord &e = events[at % g.eventCapacity];
        e.kind = std::uint16_t(EventKind::Done);
        e.resultLength = 0;
        e.slot = 0;
        e.epoch = 12345;
        e.pid = getpid();
        e.worker = 0;
        e.resultCode = 0;
        h->eventHead.store(at + 1);
        std::printf("vandal: forged a completion\n");
    } else {
        std::fprintf(stderr, "herd-vandal: unknown mode %s\n", mode.c_str());
        return 2;
    }
    std::fflush(stdout);
    return 0;
}
