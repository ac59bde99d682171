#include "pipereader.h"

#include <QSocketNotifier>

#include <cerrno>
#include <sys/epoll.h>
#include <unistd.h>

namespace herd {

PipeReader::PipeReader(QObject *parent)
    : QObject(parent)
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
{
    if (m_epoll < 0)
        return;
    m_notifier = new QSocketNotifier(qintptr(m_epoll), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &PipeReader::dispatch);
}

PipeReader::~PipeReader()
{
    delete m_notifier;
    if (m_epoll >= 0)
        ::close(m_epoll);
}

quint64 PipeReader::add(int fd, std::function<void()> onReady)
{
    if (m_epoll < 0 || fd < 0)
        return 0;
    const quint64 handle = m_nextHandle++;
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = handle;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0)
        return 0;
    m_entries.insert(handle, Entry{fd, std::move(onReady)});
    return handle;
}

void PipeReader::remove(quint64 handle)
{
    const auto it = m_entries.find(handle);
    if (it == m_entries.end())
        return;
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, it->fd, nullptr);
    m_entries.erase(it);
}

void PipeReader::dispatch()
{
    // One round: what is ready now. A handler may remove any entry (its own or another's),
    // so each is looked up again before it runs.
    epoll_event events[128];
    int n = -1;
    do {
        n = ::epoll_wait(m_epoll, events, int(std::size(events)), 0);
    } while (n < 0 && errno == EINTR);
    for (int i = 0; i < n; ++i) {
        const auto it = m_entries.constFind(events[i].data.u64);
        if (it == m_entries.cend())
            continue;
        const std::function<void()> onReady = it->onReady; // the entry may go while it runs
        onReady();
    }
}

} // namespace herd
