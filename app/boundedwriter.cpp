#include "boundedwriter.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <sys/uio.h>
#include <thread>
#include <vector>
#include <unistd.h>

namespace herd {

namespace {

// A reader that accepted nothing for this long has stopped reading (a terminal on hold, a
// pipe nobody drains): what does not fit in the buffer is dropped from then on.
constexpr qint64 kStalledMs = 250;
// While the reader keeps reading, the buffer may hold this many times its capacity (at most
// kMostSlack bytes more): a thread that had no CPU for a while (a busy machine) or a reader
// that paused catches up, and nothing is lost.
constexpr qsizetype kSlackFactor = 16;
constexpr qsizetype kMostSlack = 32 * 1024 * 1024;
constexpr int kMaxPieces = 256; // within IOV_MAX (1024)

qint64 nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

struct BoundedWriter::State {
    int fd = -1;
    qsizetype capacity = 0;
    std::function<void()> onFailure; // guarded by callbackMutex
    std::mutex callbackMutex;        // held while onFailure runs, so it never outlives its owner
    std::mutex mutex;
    std::condition_variable wake; // data to write, or stop
    std::condition_variable idle; // the buffer was written
    // What waits to be written: the callers' own buffers, shared rather than copied, in
    // order (written with writev, up to kMaxPieces at a time).
    std::vector<QByteArray> pending;
    qsizetype pendingBytes = 0;
    bool writing = false;
    std::atomic<qint64> progressMs{0}; // when write() last accepted bytes (or began)
    bool stop = false;
    bool finished = false;
    int error = 0;
    qint64 dropped = 0;

    void run()
    {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            wake.wait(lock, [this] { return stop || !pending.empty(); });
            if (pending.empty())
                break;
            std::vector<QByteArray> data;
            data.swap(pending);
            pendingBytes = 0;
            writing = true;
            progressMs.store(nowMs(), std::memory_order_relaxed);
            lock.unlock();
            const int failed = writeAll(data);
            lock.lock();
            writing = false;
            if (failed && error == 0) {
                error = failed;
                dropped += countLines(data) + countLines(pending);
                pending.clear();
                pendingBytes = 0;
                lock.unlock();
                {
                    std::lock_guard<std::mutex> callback(callbackMutex);
                    if (onFailure)
                        onFailure();
                }
                lock.lock();
            }
            idle.notify_all();
        }
        finished = true;
        idle.notify_all();
    }

    // Writes the pieces in order, up to kMaxPieces per system call. 0 or errno.
    int writeAll(const std::vector<QByteArray> &data)
    {
        std::size_t next = 0;  // the first piece not wholly written
        qsizetype offset = 0;  // of it, the bytes already written
        while (next < data.size()) {
            iovec pieces[kMaxPieces];
            int count = 0;
            for (std::size_t i = next; i < data.size() && count < kMaxPieces; ++i, ++count) {
                const qsizetype skip = i == next ? offset : 0;
                pieces[count].iov_base = const_cast<char *>(data[i].constData() + skip);
                pieces[count].iov_len = size_t(data[i].size() - skip);
            }
            ssize_t n = ::writev(fd, pieces, count);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return errno;
            if (n == 0)
                return EIO; // nothing written of a non-empty request: never retried forever
            progressMs.store(nowMs(), std::memory_order_relaxed);
            while (n > 0) { // past what was written
                const qsizetype left = data[next].size() - offset;
                if (n < left) {
                    offset += n;
                    break;
                }
                n -= left;
                ++next;
                offset = 0;
            }
        }
        return 0;
    }

    static qint64 countLines(const std::vector<QByteArray> &data)
    {
        qint64 lines = 0;
        for (const QByteArray &piece : data)
            lines += piece.count('\n');
        return lines;
    }
};

BoundedWriter::BoundedWriter(int fd, qsizetype capacity, std::function<void()> onFailure)
    : m_state(std::make_shared<State>())
{
    m_state->fd = fd;
    m_state->capacity = capacity;
    m_state->onFailure = std::move(onFailure);
    // The thread shares the state, so a thread stuck in write() when Herd exits touches
    // nothing that was freed.
    std::thread([state = m_state] { state->run(); }).detach();
}

BoundedWriter::~BoundedWriter()
{
    flush(QDeadlineTimer(1000));
    {
        std::lock_guard<std::mutex> callback(m_state->callbackMutex);
        m_state->onFailure = nullptr;
    }
    std::unique_lock<std::mutex> lock(m_state->mutex);
    m_state->stop = true;
    m_state->wake.notify_all();
    m_state->idle.wait_for(lock, std::chrono::milliseconds(100), [this] { return m_state->finished; });
}

bool BoundedWriter::write(const QByteArray &lines)
{
    if (lines.isEmpty())
        return true;
    State &s = *m_state;
    std::lock_guard<std::mutex> lock(s.mutex);
    // Never waits. Past its capacity the buffer takes more only while the reader keeps
    // reading (the thread is behind because it had no CPU yet, or is still writing the batch
    // before): a reader that accepted nothing for kStalledMs has stopped, and lines that do
    // not fit are dropped and counted.
    const bool stalled = s.writing && nowMs() - s.progressMs.load(std::memory_order_relaxed) >= kStalledMs;
    const qsizetype limit = stalled ? s.capacity
                                    : qMax(s.capacity, qMin(s.capacity * kSlackFactor, s.capacity + kMostSlack));
    if (s.error != 0 || s.pendingBytes + lines.size() > limit) {
        s.dropped += qMax<qsizetype>(1, lines.count('\n'));
        return false;
    }
    s.pending.push_back(lines);
    s.pendingBytes += lines.size();
    // The thread is waiting only when nothing was pending and it is not writing; else it
    // looks at the pending pieces when it is done, without being woken.
    if (s.pending.size() == 1 && !s.writing)
        s.wake.notify_one();
    return true;
}

bool BoundedWriter::flush(QDeadlineTimer deadline)
{
    std::unique_lock<std::mutex> lock(m_state->mutex);
    auto settled = [this] { return m_state->error != 0 || (m_state->pending.empty() && !m_state->writing); };
    while (!settled()) {
        const qint64 left = deadline.remainingTime();
        if (left == 0)
            break;
        if (left < 0)
            m_state->idle.wait(lock);
        else
            m_state->idle.wait_for(lock, std::chrono::milliseconds(left));
    }
    return m_state->error == 0 && m_state->pending.empty() && !m_state->writing;
}

qint64 BoundedWriter::droppedLines() const
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    return m_state->dropped;
}

bool BoundedWriter::readerGone() const
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    return m_state->error == EPIPE;
}

QString BoundedWriter::error() const
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    return m_state->error ? QString::fromLocal8Bit(std::strerror(m_state->error)) : QString();
}

} // namespace herd
