#pragma once

#include <QObject>

class QSocketNotifier;

namespace herd {

// Turns SIGINT, SIGTERM, SIGHUP and every other signal that would end Herd outright
// (SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, ...) into a Qt signal on the event loop (self-pipe:
// the handler only write()s the signal number, which is async-signal-safe). SIGPIPE and
// SIGXFSZ are ignored: the failed write says it instead.
// One instance per program.
class UnixSignalWatcher final : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

signals:
    void signalReceived(int sig);

private:
    void onReadable();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace herd
