#include "outputring.h"

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
    qsizetype pos = 0;
    while (pos < size) {
        const char *nl = static_cast<const char *>(memchr(bytes + pos, '\n', size_t(size - pos)));
        const qsizetype end = nl ? qsizetype(nl - bytes) : size;
        // Bytes of the current line, cut into pieces of at most m_maxLineLength so a
        // child that never prints a newline cannot grow the pending line without bound.
        while (pos < end) {
            if (partial.size() >= m_maxLineLength)
                completeLine(channel, t, completed);
            const qsizetype n = qMin<qsizetype>(m_maxLineLength - partial.size(), end - pos);
            partial.append(bytes + pos, n);
            pos += n;
        }
        if (nl) {
            completeLine(channel, t, completed);
            pos = end + 1;
        }
    }
    return completed;
}

QVector<OutputLine> OutputRing::flush(qint64 t)
{
    QVector<OutputLine> completed;
    if (!m_partial[0].isEmpty())
        completeLine(OutputChannel::Stdout, t, completed);
    if (!m_partial[1].isEmpty())
        completeLine(OutputChannel::Stderr, t, completed);
    return completed;
}

void OutputRing::completeLine(OutputChannel channel, qint64 t, QVector<OutputLine> &completed)
{
    QByteArray &partial = m_partial[channel == OutputChannel::Stderr ? 1 : 0];
    if (partial.endsWith('\r'))
        partial.chop(1);
    OutputLine line;
    line.t = t;
    line.channel = channel;
    line.text = std::move(partial);
    partial = QByteArray();

    m_bytes += line.text.size();
    ++m_total;
    m_lines.push_back(line);
    completed.push_back(std::move(line));
    while (m_lines.size() > size_t(m_maxLines) || m_bytes > m_maxBytes) {
        m_bytes -= m_lines.front().text.size();
        m_lines.pop_front();
        ++m_dropped;
    }
}

QVector<OutputLine> OutputRing::lines() const
{
    QVector<OutputLine> result;
    result.reserve(qsizetype(m_lines.size()));
    for (const OutputLine &line : m_lines)
        result.push_back(line);
    return result;
}

int OutputRing::lineCount() const
{
    return int(m_lines.size());
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
    m_lines.clear();
    m_bytes = 0;
    m_dropped = 0;
    m_total = 0;
    m_partial[0].clear();
    m_partial[1].clear();
}

} // namespace herd
