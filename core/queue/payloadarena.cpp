#include "payloadarena.h"

#include "queuelayout.h"
#include "queueprotocol.h"

#include <fcntl.h>

namespace herd {

namespace {
constexpr quint64 kReserveStep = 1 << 20;
}

PayloadArena::PayloadArena(int fd, quint64 fileOffset, quint64 size, char *mapped)
    : m_fd(fd)
    , m_fileOffset(fileOffset)
    , m_size(size)
    , m_mapped(mapped)
    , m_free(32)
{
}

bool PayloadArena::allocate(quint32 length, Block *block)
{
    const quint64 size = payloadBlockSize(length);
    quint32 sizeClass = 0;
    while ((quint64(kArenaGranule) << sizeClass) < size)
        ++sizeClass;
    std::vector<quint64> &list = m_free[sizeClass];
    if (!list.empty()) {
        block->offset = list.back();
        block->sizeClass = sizeClass;
        list.pop_back();
        ++m_live;
        return true;
    }
    if (m_live == 0 && m_bump != 0) {
        // Everything was returned: start over from the front of the arena, so blocks
        // carved for one size never starve another for good.
        for (auto &l : m_free)
            l.clear();
        m_bump = 0;
    }
    if (m_bump + size > m_size)
        return false;
    if (m_bump + size > m_reserved) {
        quint64 target = qMin(m_size, (m_bump + size + kReserveStep - 1) / kReserveStep * kReserveStep);
        const int r = posix_fallocate(m_fd, off_t(m_fileOffset + m_reserved), off_t(target - m_reserved));
        if (r != 0) {
            m_error = QStringLiteral("cannot reserve shared memory for task payloads: %1")
                          .arg(QString::fromStdString(errnoText(r)));
            return false;
        }
        prefaultPages(m_mapped + m_reserved, target - m_reserved);
        m_reserved = target;
    }
    block->offset = m_bump;
    block->sizeClass = sizeClass;
    m_bump += size;
    ++m_live;
    return true;
}

void PayloadArena::release(const Block &block)
{
    m_free[block.sizeClass].push_back(block.offset);
    --m_live;
}

} // namespace herd
