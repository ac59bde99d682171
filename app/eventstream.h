#pragma once

#include "boundedwriter.h"
#include "result.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <memory>

namespace herd {

// The machine-readable record of a run: one JSON object per line (JSON Lines). Written by
// a BoundedWriter, so a reader that stops reading never stalls Herd; a script tailing the
// file sees events as they happen.
class EventStream final
{
public:
    EventStream() = default;
    ~EventStream();
    // path "-" writes to standard output. onFailure runs (on another thread) when writing
    // first fails. Fails with why the events cannot be written there.
    Result<void> open(const QString &path, std::function<void()> onFailure = {});
    bool isOpen() const { return m_writer != nullptr; }
    bool writesToStdout() const { return m_stdout; }
    void write(const QJsonObject &event);
    void flush() {}
    // Waits (until the deadline) for every event to be written. Fails with what was lost
    // and why, in words.
    Result<void> finish(QDeadlineTimer deadline);
    bool readerGone() const { return m_writer && m_writer->readerGone(); }

private:
    std::unique_ptr<BoundedWriter> m_writer;
    QString m_path;
    int m_fd = -1;
    bool m_stdout = false;
};

} // namespace herd
