#pragma once

#include "processtypes.h"

#include <QVector>
#include <deque>

namespace herd {

// A bounded store of a process's latest output lines. Bytes are fed as they arrive;
// complete lines are kept, the oldest dropped first once either limit is reached, so a
// child that prints without pause cannot grow Herd's memory without bound.
class OutputRing final
{
public:
    explicit OutputRing(int maxLines = 5000, qint64 maxBytes = 1 << 20, int maxLineLength = 16 * 1024);

    // Splits data into lines; returns the lines completed by this chunk (already stored,
    // though in a flood some may already have been dropped again). "\r\n" counts as a
    // newline; a line longer than maxLineLength is cut into pieces of that length.
    QVector<OutputLine> feed(OutputChannel channel, const QByteArray &data, qint64 t);
    // Flushes a pending partial line (at process end).
    QVector<OutputLine> flush(qint64 t);

    QVector<OutputLine> lines() const;
    int lineCount() const;
    qint64 byteCount() const;    // bytes of the stored lines (at most maxBytes)
    qint64 pendingBytes() const; // bytes of unfinished lines (at most 2 x maxLineLength)
    quint64 droppedLines() const; // lines dropped from the front since the start
    quint64 totalLines() const;   // every line ever completed
    void clear();

private:
    void completeLine(OutputChannel channel, qint64 t, QVector<OutputLine> &completed);

    int m_maxLines;
    qint64 m_maxBytes;
    int m_maxLineLength;
    std::deque<OutputLine> m_lines;
    qint64 m_bytes = 0;
    quint64 m_dropped = 0;
    quint64 m_total = 0;
    QByteArray m_partial[2];
};

} // namespace herd
