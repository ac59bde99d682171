#pragma once

// Small OS helpers shared by both sides of the queue. No Qt.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace herd {

// CLOCK_MONOTONIC in nanoseconds: every queue timestamp and timeout uses it, so a change
// of the wall clock never fires or stretches a wait.
std::uint64_t monotonicNs();

// Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), 0 if the process
// does not exist. Together with the pid it names one process, even after pid reuse.
std::uint64_t processStartTime(int pid);

// True when pid exists and, if startTime != 0, is the same process that had that start
// time. Zombies count as dead: they hold nothing any more.
bool processAlive(int pid, std::uint64_t startTime);

// The pid namespace this process lives in (the inode of /proc/self/ns/pid), 0 if unknown.
// A pid means something only inside its namespace: a pid written by a process of another
// namespace (a container sharing /dev/shm or the process table's view) names nobody here,
// or somebody else, so its liveness must not be judged from here.
std::uint32_t pidNamespaceId();

// One of R, S, D, T, t, Z, ... from /proc/<pid>/stat, or 0 if unknown.
char processStateChar(int pid);

// Non-private FUTEX_WAIT on a word in the shared segment (the key is the inode and
// offset, so it works across processes and across two mappings in one process). The
// relative timeout of FUTEX_WAIT runs on CLOCK_MONOTONIC. timeoutNs < 0 = no timeout.
// Returns 0 when woken or when *word != expected, ETIMEDOUT, or EINTR.
int futexWait(std::atomic<std::uint32_t> *word, std::uint32_t expected, std::int64_t timeoutNs);
int futexWake(std::atomic<std::uint32_t> *word, int count);

inline void cpuRelax()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield" ::: "memory");
#endif
}

// Maps the pages of [begin, begin + bytes) for writing now, in one system call, instead of
// one page fault per page as each is first written (MADV_POPULATE_WRITE). A page fault
// costs about 0.3 µs on bare metal and 10 µs or more on some virtual machines, so memory
// that will be filled anyway (a queue's slots, a store that grows) is cheaper mapped in a
// batch. The range is widened to whole pages; it must lie in mappings the caller owns.
// Best effort: a kernel without it (before 5.14) faults the pages in as they are written.
void prefaultPages(void *begin, std::size_t bytes);

// "No such file or directory" etc. for errno values.
std::string errnoText(int error);

} // namespace herd
