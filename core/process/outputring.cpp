#include "outputring.h"

#include <cstring>

namespace herd {

namespace {

// Bytes [pos, pos + length) of block as a QByteArray that shares the block's memory: one
// more reference to it instead of an allocation and a copy of its own. (Qt 6 keeps the data
// pointer apart from the block's start for this; only raw, unowned data is copied.) Like
// any shared QByteArray, a slice copies itself before it is changed; unlike most, its bytes
// are not followed by a '\0'.
QByteArray sliceOf(const QByteArray &block, qsizetype pos, qsizetype length)
{
    QByteArray::DataPointer d = const_cast<QByteArray &>(block).data_ptr(); // one more reference
    if (!d.d_ptr())
        return QByteArray(block.constData() + pos, length);
    d.ptr += pos;
    d.size = length;
    return QByteArray(std::move(d));
}

} // namespace

OutputRing::OutputRing(int maxLines, qint64 maxBytes, int maxLineLength)
    : m_maxLines(qMax(1, maxLines))
    , m_maxBytes(qBound<qint64>(1, maxBytes, qint64(1) << 30)) // offsets into the kept bytes are 32-bit
    , m_maxLineLength(int(qBound(qint64(1), qint64(maxLineLength), m_maxBytes)))
{
}

QVector<OutputLine> OutputRing::feed(OutputChannel channel, const QByteArray &data, qint64 t)
{
    QVector<OutputLine> completed;
    QByteArray &partial = m_partial[channel == OutputChannel::Stderr ? 1 : 0];
    const char *bytes = data.constData();
    const qsizetype size = data.size();

    // A chunk usually holds many lines (a busy worker's stdout arrives in blocks of up to
    // 256 KiB): find the newlines first, so the list of completed lines is allocated once
    // and the chunk is searched once.
    static thread_local std::vector<qsizetype> newlines; // one per thread, for its capacity
    newlines.clear();
    for (const char *p = bytes, *end = bytes + size;
         (p = static_cast<const char *>(memchr(p, '\n', size_t(end - p)))) != nullptr; ++p)
        newlines.push_back(qsizetype(p - bytes));
    completed.reserve(qsizetype(newlines.size()) + 1);

    qsizetype pos = 0;
    size_t next = 0; // the first newline at or after pos
    while (pos < size) {
        const bool nl = next < newlines.size();
        const qsizetype end = nl ? newlines[next++] : size;
        if (nl && partial.isEmpty() && end - pos <= m_maxLineLength) {
            // The common case, a whole line within this chunk: handed out as a slice of
            // the chunk, kept as a copy into the ring's own bytes.
            qsizetype length = end - pos;
            if (length > 0 && bytes[end - 1] == '\r')
                --length;
            completeLine(OutputLine{t, channel, length > 0 ? sliceOf(data, pos, length) : QByteArray()},
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
    store(line);
    completed.push_back(std::move(line));
}

void OutputRing::store(const OutputLine &line)
{
    const qint64 length = line.text.size(); // at most m_maxLineLength, so at most m_maxBytes
    if (m_count == size_t(m_maxLines))
        dropFront();
    // The newest line always stays: older ones go until its bytes fit.
    while (m_bytes + length > m_maxBytes && m_count > 0)
        dropFront();
    if (m_count == m_ring.size())
        growEntries();
    if (m_bytes + length > m_textSize)
        growText(m_bytes + length);

    const qint64 capacity = m_textSize;
    qint64 at = textHead() + m_bytes;
    if (at >= capacity)
        at -= capacity;
    const qint64 first = qMin(length, capacity - at);
    if (first > 0)
        std::memcpy(m_text.get() + at, line.text.constData(), size_t(first));
    if (length > first)
        std::memcpy(m_text.get(), line.text.constData() + first, size_t(length - first));

    ++m_count;
    entry(m_count - 1) = Entry{line.t, quint32(at), quint32(length), line.channel};
    m_bytes += length;
}

void OutputRing::dropFront()
{
    Q_ASSERT(m_count > 0);
    m_bytes -= m_ring[m_head].length;
    if (++m_head == m_ring.size())
        m_head = 0;
    --m_count;
    ++m_dropped;
}

void OutputRing::growEntries()
{
    const size_t capacity = qMin(size_t(m_maxLines), qMax<size_t>(16, m_ring.size() * 2));
    std::vector<Entry> bigger;
    bigger.reserve(capacity);
    for (size_t i = 0; i < m_count; ++i)
        bigger.push_back(entry(i));
    bigger.resize(capacity);
    m_ring.swap(bigger);
    m_head = 0;
}

void OutputRing::growText(qint64 needed)
{
    // Doubling, from 4 KiB up to m_maxBytes; the kept bytes move to the front.
    qint64 capacity = qMax<qint64>(4096, m_textSize);
    while (capacity < needed)
        capacity *= 2;
    capacity = qMin(capacity, m_maxBytes);
    // Not zero-filled: only the bytes of kept lines are ever read, and each is written first.
    std::unique_ptr<char[]> bigger(new char[size_t(capacity)]);
    const qint64 head = textHead();
    const qint64 first = qMin(m_bytes, m_textSize - head);
    if (first > 0)
        std::memcpy(bigger.get(), m_text.get() + head, size_t(first));
    if (m_bytes > first)
        std::memcpy(bigger.get() + first, m_text.get(), size_t(m_bytes - first));
    // The entries' offsets move with their bytes, oldest first from 0.
    qint64 at = 0;
    for (size_t i = 0; i < m_count; ++i) {
        entry(i).at = quint32(at);
        at += entry(i).length;
    }
    m_text = std::move(bigger);
    m_textSize = capacity;
}

OutputRing::Entry &OutputRing::entry(size_t i)
{
    size_t slot = m_head + i;
    if (slot >= m_ring.size())
        slot -= m_ring.size();
    return m_ring[slot];
}

const OutputRing::Entry &OutputRing::entry(size_t i) const
{
    return const_cast<OutputRing *>(this)->entry(i);
}

QVector<OutputLine> OutputRing::lines() const
{
    QVector<OutputLine> result;
    result.reserve(qsizetype(m_count));
    const qint64 capacity = m_textSize;
    for (size_t i = 0; i < m_count; ++i) {
        const Entry &e = entry(i);
        QByteArray text;
        if (e.length > 0) {
            text.resize(qsizetype(e.length));
            const qint64 first = qMin<qint64>(e.length, capacity - e.at);
            std::memcpy(text.data(), m_text.get() + e.at, size_t(first));
            if (e.length > first)
                std::memcpy(text.data() + first, m_text.get(), size_t(e.length - first));
        }
        result.push_back(OutputLine{e.t, e.channel, std::move(text)});
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
    std::vector<Entry>().swap(m_ring);
    m_head = 0;
    m_count = 0;
    m_text.reset();
    m_textSize = 0;
    m_bytes = 0;
    m_dropped = 0;
    m_total = 0;
    m_partial[0].clear();
    m_partial[1].clear();
}

} // namespace herd
