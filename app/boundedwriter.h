#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QString>

#include <functional>
#include <memory>

namespace herd {

// Writes to a file descriptor from a thread of its own, so that Herd's thread never blocks
// on a reader that stops reading (a pipe, a terminal on hold) or a slow disk. What Herd
// writes waits in a buffer of `capacity` bytes, which may hold up to 16 times that (32 MiB
// more at most) while the reader keeps reading: the thread may be behind only because it
// had no CPU (a busy machine) or the reader paused. Once the reader has accepted nothing for
// 250 ms, lines that do not fit in `capacity` are dropped and counted. write() never waits.
// After a write error (EPIPE: the reader went away; ENOSPC on /dev/full) everything later
// is dropped too, and error() says why.
// SIGPIPE must be ignored (UnixSignalWatcher does it), or EPIPE would be a fatal signal.
class BoundedWriter final
{
public:
    // onFailure runs once, on the writer's thread, when writing first fails.
    BoundedWriter(int fd, qsizetype capacity, std::function<void()> onFailure = {});
    ~BoundedWriter(); // waits briefly for what is queued, never for long
    BoundedWriter(const BoundedWriter &) = delete;
    BoundedWriter &operator=(const BoundedWriter &) = delete;

    // Queues whole lines. Returns false if they were dropped. The buffer is kept (shared,
    // not copied) until written: never one made with QByteArray::fromRawData.
    bool write(const QByteArray &lines);
    // Waits until everything queued is written, writing failed, or the deadline passed.
    // True when everything was written.
    bool flush(QDeadlineTimer deadline);
    qint64 droppedLines() const;
    bool readerGone() const;  // EPIPE: whoever read the other end closed it
    QString error() const;    // why writing failed ("" if it did not)

private:
    struct State;
    std::shared_ptr<State> m_state;
};

} // namespace herd
