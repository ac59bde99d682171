#pragma once

#include <QHash>
#include <QObject>

#include <functional>

class QSocketNotifier;

namespace herd {

// The read ends of every managed process's output pipes, in one epoll set behind one
// notifier. With a notifier per pipe, each turn of the event loop poll()s every pipe of
// every process (two per process, beside its pidfd): with hundreds of workers that was a
// third of Herd's time. Here a turn costs one descriptor, and only the pipes that have
// something are read. The pidfd of each running child is watched here too, instead of
// through QProcess's own notifier (see ManagedProcess::watchDeathInEpoll).
//
// Level-triggered: a pipe with more than one round's worth waits for the next turn, so a
// process that floods cannot starve the others or the event loop.
class PipeReader final : public QObject
{
    Q_OBJECT

public:
    explicit PipeReader(QObject *parent = nullptr);
    ~PipeReader() override;

    // Watches fd (non-blocking, owned by the caller); onReady runs on this object's thread
    // whenever it can be read, or has reached its end. Returns a handle for remove(), or 0
    // when the descriptor cannot be watched (then the caller reads it itself).
    quint64 add(int fd, std::function<void()> onReady);
    // Stops watching; safe inside onReady, also for another handle's.
    void remove(quint64 handle);

private:
    void dispatch();

    struct Entry {
        int fd = -1;
        std::function<void()> onReady;
    };
    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
    QHash<quint64, Entry> m_entries;
    quint64 m_nextHandle = 1;
};

} // namespace herd
