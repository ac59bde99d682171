#include "unixsignalwatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace herd {

namespace {
int g_pipe[2] = {-1, -1};
// Every signal whose default action would end Herd on the spot, leaving its children's
// children running, the segment behind and no report: each is stopped the safe way instead.
// (SIGKILL and SIGSTOP cannot be caught; SIGSEGV and the like are bugs, not requests.)
const int kWatched[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGIO, SIGPWR, SIGXCPU,
                        SIGSTKFLT};
// A write to a closed pipe or past the file-size limit fails with EPIPE or EFBIG, which the
// writer handles; the signal would kill Herd instead.
const int kIgnored[] = {SIGPIPE, SIGXFSZ};

void onSignal(int sig)
{
    const int saved = errno;
    const unsigned char byte = static_cast<unsigned char>(sig);
    [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &byte, 1);
    errno = saved;
}
} // namespace

UnixSignalWatcher::UnixSignalWatcher(QObject *parent)
    : QObject(parent)
{
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignalWatcher::onReadable);
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int sig : kWatched)
        ::sigaction(sig, &sa, nullptr);
    for (int sig : kIgnored)
        ::signal(sig, SIG_IGN);
}

UnixSignalWatcher::~UnixSignalWatcher()
{
    for (int sig : kWatched)
        ::signal(sig, SIG_DFL);
    for (int sig : kIgnored)
        ::signal(sig, SIG_DFL);
    if (g_pipe[0] >= 0) {
        ::close(g_pipe[0]);
        ::close(g_pipe[1]);
        g_pipe[0] = g_pipe[1] = -1;
    }
}

void UnixSignalWatcher::onReadable()
{
    unsigned char byte;
    while (::read(g_pipe[0], &byte, 1) == 1)
        emit signalReceived(byte);
}

} // namespace herd
