#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>

namespace herd {

// Chunks of anonymous memory of one size, for a store that only grows (the ledger).
// The first chunk is mapped lazily, so a small store touches only the pages it uses.
// From the second on a store is growing fast: each chunk comes with every page already
// faulted in, and the next one is faulted in ahead, on a thread of the mapper's own, while
// the current one fills. The thread that fills the store then pays neither the mapping
// nor a page fault (on a busy queue those were a quarter of the producer's time); it
// maps a chunk itself only when it outruns that thread, and never waits for it. The thread
// also writes to every page of the chunk it made once: on a virtual machine whose host
// mirrors the guest's page tables, the first access to a page costs the host's fault
// (several µs) even after the page was mapped, and it is better paid here.
class ChunkMapper final
{
public:
    struct Unmap {
        std::size_t size = 0;
        void operator()(void *chunk) const;
    };
    using Chunk = std::unique_ptr<void, Unmap>;

    explicit ChunkMapper(std::size_t chunkSize);
    ~ChunkMapper(); // stops the thread; a chunk made ahead and never taken is unmapped
    ChunkMapper(const ChunkMapper &) = delete;
    ChunkMapper &operator=(const ChunkMapper &) = delete;

    // The next chunk, zero-filled. Throws std::bad_alloc when no memory can be mapped.
    Chunk next();
    std::size_t chunkSize() const { return m_size; }
    // Chunks handed out that had been faulted in ahead (for tests and benchmarks).
    int madeAhead() const { return m_madeAhead; }
    bool hasChunkAhead(); // one is ready for the next call

private:
    static void *map(std::size_t size, bool populate);
    static void touch(void *chunk, std::size_t size);
    void run();

    const std::size_t m_size;
    int m_handedOut = 0;
    int m_madeAhead = 0;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    void *m_ready = nullptr; // faulted in ahead, not yet handed out
    bool m_wanted = false;   // the thread should make the next one
    bool m_stop = false;
    bool m_threadTried = false;
    std::thread m_thread;
};

} // namespace herd
