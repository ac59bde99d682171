#include "eventstream.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace herd {

namespace {
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("herd::EventStream", text, disambiguation, n);
}
// Events are never dropped on purpose: this only bounds memory if nobody reads them.
constexpr qsizetype kEventBuffer = 64 * 1024 * 1024;
} // namespace

EventStream::~EventStream()
{
    m_writer.reset();
    if (m_fd >= 0)
        ::close(m_fd);
}

Result<void> EventStream::open(const QString &path, std::function<void()> onFailure)
{
    m_path = path;
    int fd = STDOUT_FILENO;
    if (path == QLatin1String("-")) {
        m_stdout = true;
    } else {
        // O_NONBLOCK only for the open: a FIFO with no reader must not block Herd here.
        fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0644);
        if (fd < 0) {
            const int err = errno;
            if (err == ENXIO)
                return Result<void>::failure(tr("cannot write events to %1: nobody reads that FIFO").arg(path));
            return Result<void>::failure(tr("cannot write events to %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(err))));
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        m_fd = fd;
    }
    m_writer = std::make_unique<BoundedWriter>(fd, kEventBuffer, std::move(onFailure));
    return Result<void>::success();
}

void EventStream::write(const QJsonObject &event)
{
    if (!m_writer)
        return;
    QByteArray line = QJsonDocument(event).toJson(QJsonDocument::Compact);
    line += '\n';
    m_writer->write(line);
}

Result<void> EventStream::finish(QDeadlineTimer deadline)
{
    if (!m_writer)
        return Result<void>::success();
    const bool written = m_writer->flush(deadline);
    const QString name = m_stdout ? tr("standard output") : m_path;
    const qint64 dropped = m_writer->droppedLines();
    if (!m_writer->error().isEmpty())
        return Result<void>::failure(tr("cannot write events to %1: %2 (%n event(s) lost)", nullptr, int(dropped))
            .arg(name, m_writer->error()));
    if (dropped > 0)
        return Result<void>::failure(tr("%n event(s) lost: nobody read %1 fast enough", nullptr, int(dropped)).arg(name));
    if (!written)
        return Result<void>::failure(tr("events to %1 may be incomplete: nobody reads them").arg(name));
    return Result<void>::success();
}

} // namespace herd
