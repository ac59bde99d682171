#pragma once

#include "processtypes.h"

#include <QVector>

#include <memory>
#include <vector>

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
    // newline; a line longer than maxLineLength is cut into pieces of that length. A line
    // that lies whole in data is handed out as a slice of data's memory (no copy): whoever
    // keeps such a line keeps data's block alive with it (the ring keeps copies).
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
    // A kept line: its bytes are in m_text, from `at` (wrapping around), after the bytes of
    // the line before it.
    struct Entry {
        qint64 t = 0;
        quint32 at = 0;
        quint32 length = 0;
        OutputChannel channel = OutputChannel::Stdout;
    };

    void completePartial(OutputChannel channel, qint64 t, QVector<OutputLine> &completed);
    void completeLine(OutputLine line, QVector<OutputLine> &completed);
    void store(const OutputLine &line);
    void dropFront();
    void growEntries();
    void growText(qint64 needed);
    Entry &entry(size_t i); // the i-th kept line, oldest first
    const Entry &entry(size_t i) const;
    qint64 textHead() const { return m_count > 0 ? qint64(m_ring[m_head].at) : 0; } // the oldest byte

    int m_maxLines;
    qint64 m_maxBytes;
    int m_maxLineLength;
    // The kept lines, oldest first from m_head, m_count of them, wrapping around; their
    // bytes, one after the other, in m_text from the oldest line's, wrapping around too. A line
    // stored is a copy into m_text and one entry, a line dropped moves two indices: no
    // allocation and no reference count per line. Both grow with use, up to m_maxLines
    // entries and m_maxBytes bytes.
    std::vector<Entry> m_ring;
    size_t m_head = 0;
    size_t m_count = 0;
    std::unique_ptr<char[]> m_text;
    qint64 m_textSize = 0;
    qint64 m_bytes = 0;
    quint64 m_dropped = 0;
    quint64 m_total = 0;
    QByteArray m_partial[2];
};

} // namespace herd
