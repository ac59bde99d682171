#include "boundedwriter.h"

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace herd {

struct BoundedWriter::State {
    int fd = -1;
    qsizetype capacity = 0;
    std::function<void()> onFailure; // guarded by callbackMutex
    std::mutex callbackMutex;        // held while onFailure runs, so it never outlives its owner
    std::mutex mutex;
    std::condition_variable wake; // data to write, or stop
    std::condition_variable idle; // the buffer was written
    QByteArray pending;
    bool writing = false;
    bool stop = false;
    bool finished = false;
    int error = 0;
    qint64 dropped = 0;

    void run()
    {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            wake.wait(lock, [this] { return stop || !pending.isEmpty(); });
            if (pending.isEmpty())
                break;
            QByteArray data;
            data.swap(pending);
            writing = true;
            lock.unlock();
            int failed = 0;
            for (const char *p = data.constData(), *end = p + data.size(); p < end;) {
                const ssize_t n = ::write(fd, p, size_t(end - p));
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0) {
                    failed = errno;
                    break;
                }
                p += n;
            }
            lock.lock();
            writing = false;
            if (failed && error == 0) {
                error = failed;
                dropped += data.count('\n') + pending.count('\n');
                pending.clear();
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
    std::lock_guard<std::mutex> lock(m_state->mutex);
    if (m_state->error != 0 || m_state->pending.size() + lines.size() > m_state->capacity) {
        m_state->dropped += qMax<qsizetype>(1, lines.count('\n'));
        return false;
    }
    m_state->pending += lines;
    m_state->wake.notify_one();
    return true;
}

bool BoundedWriter::flush(QDeadlineTimer deadline)
{
    std::unique_lock<std::mutex> lock(m_state->mutex);
    auto settled = [this] { return m_state->error != 0 || (m_state->pending.isEmpty() && !m_state->writing); };
    while (!settled()) {
        const qint64 left = deadline.remainingTime();
        if (left == 0)
            break;
        if (left < 0)
            m_state->idle.wait(lock);
        else
            m_state->idle.wait_for(lock, std::chrono::milliseconds(left));
    }
    return m_state->error == 0 && m_state->pending.isEmpty() && !m_state->writing;
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
