#include "tasksource.h"

#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace herd {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("herd::TaskSource", text);
}

constexpr qint64 kChunk = 64 * 1024;
// Per wake-up of the event loop: enough to read fast, little enough to keep it responsive.
constexpr int kChunksPerWakeUp = 8;
} // namespace

QString taskSourceName(const QString &path)
{
    return path == QLatin1String("-") ? tr("standard input") : path;
}

LineSplitter::LineSplitter(const QString &sourceName, qint64 maxLineBytes)
    : m_name(sourceName)
    , m_maxLine(maxLineBytes)
{
}

bool LineSplitter::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
    m_partial.clear();
    m_partial.squeeze();
    return false;
}

bool LineSplitter::addLine(QByteArray line, QList<QByteArray> *out)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.size() > m_maxLine)
        return fail(tr("line %1 of %2 is longer than %3 bytes, the most a task holds")
                        .arg(m_lines + 1).arg(m_name).arg(m_maxLine));
    if (m_lines >= kMaxSourceLines)
        return fail(tr("%1 holds more than %2 tasks, the most one source may hold").arg(m_name).arg(kMaxSourceLines));
    ++m_lines;
    out->append(std::move(line));
    return true;
}

bool LineSplitter::feed(const char *data, qint64 size, QList<QByteArray> *out)
{
    if (!m_error.isEmpty())
        return false;
    m_bytes += size;
    if (m_bytes > kMaxSourceBytes)
        return fail(tr("%1 holds more than %2 MiB; a task source holds at most that")
                        .arg(m_name).arg(kMaxSourceBytes / (1024 * 1024)));
    if (std::memchr(data, '\0', size_t(size))) {
        // Which line: count the newlines before the NUL.
        const char *nul = static_cast<const char *>(std::memchr(data, '\0', size_t(size)));
        qint64 line = m_lines + 1;
        for (const char *p = data; p < nul; ++p)
            line += *p == '\n';
        return fail(tr("line %1 of %2 contains a NUL byte, which a task cannot hold").arg(line).arg(m_name));
    }
    const char *end = data + size;
    for (const char *p = data; p < end;) {
        const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        const char *stop = nl ? nl : end;
        // A line may end with "\r\n": one byte more than a payload is allowed before the end.
        if (m_partial.size() + (stop - p) > m_maxLine + 1)
            return fail(tr("line %1 of %2 is longer than %3 bytes, the most a task holds")
                            .arg(m_lines + 1).arg(m_name).arg(m_maxLine));
        m_partial.append(p, stop - p);
        if (!nl)
            break;
        QByteArray line;
        line.swap(m_partial);
        if (!addLine(std::move(line), out))
            return false;
        p = nl + 1;
    }
    return true;
}

bool LineSplitter::finish(QList<QByteArray> *out)
{
    if (!m_error.isEmpty())
        return false;
    if (m_partial.isEmpty())
        return true;
    QByteArray line;
    line.swap(m_partial);
    return addLine(std::move(line), out);
}

TaskSource::TaskSource(const QString &path, qint64 maxLineBytes, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_splitter(taskSourceName(path), maxLineBytes)
{
}

TaskSource::~TaskSource()
{
    delete m_notifier;
    if (m_ownsFd && m_fd >= 0)
        ::close(m_fd);
}

Result<void> TaskSource::start()
{
    if (m_path == QLatin1String("-")) {
        m_fd = STDIN_FILENO;
    } else {
        // O_NONBLOCK: a FIFO with no writer would otherwise block here until one comes.
        m_fd = ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (m_fd < 0)
            return Result<void>::failure(tr("cannot read %1: %2").arg(m_path, QString::fromLocal8Bit(std::strerror(errno))));
        m_ownsFd = true;
        struct stat st;
        if (::fstat(m_fd, &st) == 0 && S_ISDIR(st.st_mode))
            return Result<void>::failure(tr("cannot read %1: it is a directory").arg(m_path));
        if (::fstat(m_fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > kMaxSourceBytes)
            return Result<void>::failure(tr("%1 is %2 MiB; a task source holds at most %3 MiB")
                .arg(m_path).arg(st.st_size / (1024 * 1024)).arg(kMaxSourceBytes / (1024 * 1024)));
    }
    // poll() reports a regular file or a device as always readable, a FIFO or a pipe when
    // data (or the writer's end) comes: one notifier serves them all.
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &TaskSource::onReadable);
    return Result<void>::success();
}

QList<QByteArray> TaskSource::takeLines()
{
    QList<QByteArray> lines;
    lines.swap(m_lines);
    return lines;
}

void TaskSource::onReadable()
{
    if (m_finished)
        return;
    char buffer[kChunk];
    const qsizetype before = m_lines.size();
    // Standard input is not ours to make non-blocking (its file description is shared with
    // the shell): one read per wake-up, which poll() said will not block.
    const int reads = m_ownsFd ? kChunksPerWakeUp : 1;
    for (int i = 0; i < reads; ++i) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break; // a FIFO or pipe with nothing yet: the notifier tells when there is more
        if (n < 0) {
            const QString reason = QString::fromLocal8Bit(std::strerror(errno));
            if (m_lines.size() > before)
                emit linesRead();
            stop(tr("cannot read %1: %2").arg(taskSourceName(m_path), reason));
            return;
        }
        if (n == 0) {
            m_splitter.finish(&m_lines);
            if (m_lines.size() > before)
                emit linesRead();
            stop(m_splitter.error());
            return;
        }
        if (!m_splitter.feed(buffer, n, &m_lines)) {
            if (m_lines.size() > before)
                emit linesRead();
            stop(m_splitter.error());
            return;
        }
    }
    if (m_lines.size() > before)
        emit linesRead();
}

void TaskSource::stop(const QString &error)
{
    m_finished = true;
    if (m_notifier)
        m_notifier->setEnabled(false);
    if (m_ownsFd && m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    emit finished(error);
}

Result<TaskSource::FileLines> TaskSource::readRegularFile(const QString &path, qint64 maxLineBytes)
{
    using R = Result<FileLines>;
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return R::failure(tr("cannot read %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const bool dir = S_ISDIR(st.st_mode);
        ::close(fd);
        if (dir)
            return R::failure(tr("cannot read %1: it is a directory").arg(path));
        FileLines notRegular;
        notRegular.notRegular = true;
        return R::success(notRegular);
    }
    if (st.st_size > kMaxSourceBytes) {
        ::close(fd);
        return R::failure(tr("%1 is %2 MiB; a task source holds at most %3 MiB")
                              .arg(path).arg(st.st_size / (1024 * 1024)).arg(kMaxSourceBytes / (1024 * 1024)));
    }
    LineSplitter splitter(path, maxLineBytes);
    FileLines file;
    char buffer[kChunk];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const QString reason = QString::fromLocal8Bit(std::strerror(errno));
            ::close(fd);
            return R::failure(tr("cannot read %1: %2").arg(path, reason));
        }
        if (n == 0 ? !splitter.finish(&file.lines) : !splitter.feed(buffer, n, &file.lines)) {
            ::close(fd);
            return R::failure(splitter.error());
        }
        if (n == 0)
            break;
    }
    ::close(fd);
    return R::success(std::move(file));
}

} // namespace herd
