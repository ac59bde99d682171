#pragma once

#include <QFile>
#include <QJsonObject>
#include <QString>

namespace herd {

// The machine-readable record of a run: one JSON object per line (JSON Lines). Written
// through a buffer and flushed after each batch, so a script tailing the file sees
// events as they happen without a system call per event.
class EventStream final
{
public:
    EventStream() = default;
    // path "-" writes to standard output. Returns an error message, or "" on success.
    QString open(const QString &path);
    bool isOpen() const { return m_file.isOpen(); }
    bool writesToStdout() const { return m_stdout; }
    void write(const QJsonObject &event);
    void flush();

private:
    QFile m_file;
    bool m_stdout = false;
};

} // namespace herd
