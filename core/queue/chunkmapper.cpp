#include "queue/chunkmapper.h"

#include <new>
#include <system_error>

#include <sys/mman.h>
#include <unistd.h>

namespace herd {

void ChunkMapper::Unmap::operator()(void *chunk) const
{
    if (chunk)
        munmap(chunk, size);
}

ChunkMapper::ChunkMapper(std::size_t chunkSize)
    : m_size(chunkSize)
{
}

ChunkMapper::~ChunkMapper()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
    if (m_ready)
        munmap(m_ready, m_size);
}

void *ChunkMapper::map(std::size_t size, bool populate)
{
    void *chunk = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | (populate ? MAP_POPULATE : 0), -1, 0);
    return chunk == MAP_FAILED ? nullptr : chunk;
}

void ChunkMapper::touch(void *chunk, std::size_t size)
{
    static const std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
    for (std::size_t offset = 0; offset < size; offset += page)
        static_cast<volatile char *>(chunk)[offset] = 0; // the page is all zeros already
}

ChunkMapper::Chunk ChunkMapper::next()
{
    void *chunk = nullptr;
    // Never waits for the thread: if it holds the lock this very moment (handing a chunk
    // over), this chunk is mapped here and the next call asks again.
    std::unique_lock<std::mutex> lock(m_mutex, std::defer_lock);
    if (m_handedOut > 0 && lock.try_lock()) {
        chunk = m_ready;
        m_ready = nullptr;
        m_wanted = true;
        if (!m_threadTried) {
            m_threadTried = true;
            try {
                m_thread = std::thread([this] { run(); });
            } catch (const std::system_error &) {
                // No thread: every chunk is then mapped here, as it is needed.
            }
        }
        lock.unlock();
        m_wake.notify_one();
        if (chunk)
            ++m_madeAhead;
    }
    if (!chunk)
        chunk = map(m_size, m_handedOut > 0);
    if (!chunk)
        throw std::bad_alloc();
    ++m_handedOut;
    return Chunk(chunk, Unmap{m_size});
}

bool ChunkMapper::hasChunkAhead()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_ready != nullptr;
}

void ChunkMapper::run()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || (m_wanted && !m_ready); });
        if (m_stop)
            return;
        m_wanted = false;
        lock.unlock();
        void *chunk = map(m_size, true); // nullptr: the filling thread maps its own
        if (chunk)
            touch(chunk, m_size);
        lock.lock();
        if (chunk && (m_ready || m_stop))
            munmap(chunk, m_size); // stopping (or, never with one thread asking, one too many)
        else if (!m_ready)
            m_ready = chunk;
    }
}

} // namespace herd
