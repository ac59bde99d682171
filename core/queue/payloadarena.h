#pragma once

#include <QString>
#include <QtGlobal>

#include <vector>

namespace herd {

// The producer's allocator for payload bytes in the segment's arena. Only the producer
// allocates and frees, so it needs no lock. Blocks are powers of two from 64 bytes, kept
// on per-size free lists and reused last-in first-out, so the pages touched stay close
// to the largest number of tasks alive at once. The arena's pages are reserved
// (fallocate) as the arena grows, so a full /dev/shm is an error here, never a SIGBUS,
// and mapped into the producer's view in the same step (the producer writes each
// payload: a page fault per page is dearer than mapping them in one call).
class PayloadArena final
{
public:
    // `mapped` is the arena's first byte in this process's mapping of the file.
    PayloadArena(int fd, quint64 fileOffset, quint64 size, char *mapped);

    struct Block {
        quint64 offset = 0; // from the arena start
        quint32 sizeClass = 0;
    };

    // False when no block fits (fragmented or full: the caller reports the queue full)
    // or the shared memory could not be reserved (error() says so).
    bool allocate(quint32 length, Block *block);
    void release(const Block &block);
    quint64 live() const { return m_live; }
    QString error() const { return m_error; }

private:
    int m_fd;
    quint64 m_fileOffset;
    quint64 m_size;
    char *m_mapped;
    quint64 m_bump = 0;
    quint64 m_reserved = 0;
    quint64 m_live = 0;
    std::vector<std::vector<quint64>> m_free;
    QString m_error;
};

} // namespace herd
