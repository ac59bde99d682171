#include "outputring.h"

#include <cstring>

namespace herd {

OutputRing::OutputRing(int maxLines, qint64 maxBytes, int maxLineLength)
    : m_maxLines(qMax(1, maxLines))
    , m_maxBytes(qMax<qint64>(1, maxBytes))
    , m_maxLineLength(int(qBound(qint64(1), qint64(maxLineLength), m_maxBytes)))
{
}

QVector<OutputLine> OutputRing::feed(OutputChannel channel, const QByteArray &data, qint64 t)
{
    QVector<OutputLine> completed;
    QByteArray &partial = m_partial[channel == OutputChannel::Stderr ? 1 : 0];
    const char *bytes = data.constData();
    const qsizetype size = data.size();

    // A chunk usually holds many lines (a busy worker's stdout arrives in blocks of
    // 64 KiB): count them first, so the list of completed lines is allocated once.
    qsizetype newlines = 0;
    for (const char *p = bytes, *end = bytes + size;
         (p = static_cast<const char *>(memchr(p, '\n', size_t(end - p)))) != nullptr; ++p)
        ++newlines;
    completed.reserve(newlines + 1);

    qsizetype pos = 0;
    while (pos < size) {
        const char *nl = static_cast<const char *>(memchr(bytes + pos, '\n', size_t(size - pos)));
        const qsizetype end = nl ? qsizetype(nl - bytes) : size;
        if (nl && partial.isEmpty() && end - pos <= m_maxLineLength) {
            // The common case, a whole line within this chunk: copied once, straight into
            // the line it becomes.
            qsizetype length = end - pos;
            if (length > 0 && bytes[end - 1] == '\r')
                --length;
            completeLine(OutputLine{t, channel, length > 0 ? QByteArray(bytes + pos, length) : QByteArray()},
                         completed);
            pos = end + 1;
            continue;
        }
        // Bytes of the current line, cut into pieces of at most m_maxLineLength so a
        // child that never prints a newline cannot grow the pending line without bound.
        while (pos < end) {
            if (partial.size() >= m_maxLineLength)
                completePartial(channel, t, completed);
            const qsizetype n = qMin<qsizetype>(m_maxLineLength - partial.size(), end - pos);
            partial.append(bytes + pos, n);
            pos += n;
        }
        if (nl) {
            completePartial(channel, t, completed);
            pos = end + 1;
        }
    }
    return completed;
}

QVector<OutputLine> OutputRing::flush(qint64 t)
{
    QVector<OutputLine> completed;
    if (!m_partial[0].isEmpty())
        completePartial(OutputChannel::Stdout, t, completed);
    if (!m_partial[1].isEmpty())
        completePartial(OutputChannel::Stderr, t, completed);
    return completed;
}

void OutputRing::completePartial(OutputChannel channel, qint64 t, QVector<OutputLine> &completed)
{
    QByteArray &partial = m_partial[channel == OutputChannel::Stderr ? 1 : 0];
    if (partial.endsWith('\r'))
        partial.chop(1);
    OutputLine line{t, channel, std::move(partial)};
    partial = QByteArray();
    completeLine(std::move(line), completed);
}

void OutputRing::completeLine(OutputLine line, QVector<OutputLine> &completed)
{
    ++m_total;
    store(line); // shares the text with the line handed out
    completed.push_back(std::move(line));
}

void OutputRing::store(const OutputLine &line)
{
    if (m_count == size_t(m_maxLines))
        dropFront();
    if (m_count == m_ring.size())
        grow();
    size_t at = m_head + m_count;
    if (at >= m_ring.size())
        at -= m_ring.size();
    m_ring[at] = line;
    ++m_count;
    m_bytes += line.text.size();
    // A line is never longer than m_maxBytes, so the newest one always stays.
    while (m_bytes > m_maxBytes && m_count > 1)
        dropFront();
}

void OutputRing::dropFront()
{
    Q_ASSERT(m_count > 0);
    OutputLine &front = m_ring[m_head];
    m_bytes -= front.text.size();
    front.text = QByteArray(); // its memory goes now, not when the slot is reused
    if (++m_head == m_ring.size())
        m_head = 0;
    --m_count;
    ++m_dropped;
}

void OutputRing::grow()
{
    const size_t capacity = qMin(size_t(m_maxLines), qMax<size_t>(16, m_ring.size() * 2));
    std::vector<OutputLine> bigger;
    bigger.reserve(capacity);
    for (size_t i = 0; i < m_count; ++i) {
        size_t at = m_head + i;
        if (at >= m_ring.size())
            at -= m_ring.size();
        bigger.push_back(std::move(m_ring[at]));
    }
    bigger.resize(capacity);
    m_ring.swap(bigger);
    m_head = 0;
}

QVector<OutputLine> OutputRing::lines() const
{
    QVector<OutputLine> result;
    result.reserve(qsizetype(m_count));
    for (size_t i = 0; i < m_count; ++i) {
        size_t at = m_head + i;
        if (at >= m_ring.size())
            at -= m_ring.size();
        result.push_back(m_ring[at]);
    }
    return result;
}

int OutputRing::lineCount() const
{
    return int(m_count);
}

qint64 OutputRing::byteCount() const
{
    return m_bytes;
}

qint64 OutputRing::pendingBytes() const
{
    return m_partial[0].size() + m_partial[1].size();
}

quint64 OutputRing::droppedLines() const
{
    return m_dropped;
}

quint64 OutputRing::totalLines() const
{
    return m_total;
}

void OutputRing::clear()
{
    std::vector<OutputLine>().swap(m_ring);
    m_head = 0;
    m_count = 0;
    m_bytes = 0;
    m_dropped = 0;
    m_total = 0;
    m_partial[0].clear();
    m_partial[1].clear();
}

} // namespace herd
