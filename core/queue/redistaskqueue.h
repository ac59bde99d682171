#pragma once

#include "queue/taskqueueinterface.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>

#include <memory>
#include <vector>

namespace herd {

namespace redis {
struct Presence;
}

// The producer side of a task queue in Redis Streams (redis://[user:password@]HOST:PORT/
// NAME), for workers on any machine: tasks go into the stream NAME, workers take them as
// consumers of the group "herd" (RedisWorker), and what happens to them comes back through
// NAME:events. Herd claims back a task whose worker died (reclaimWorker) or went silent
// past the lease, atomically on the server (a Lua script), so a late acknowledgement is
// refused; after maxAttempts a task goes to NAME:dead.
//
// All network work happens on a thread of its own: no call here waits for the server.
// What was accepted is kept here (payload included) until it ends: while the server is
// away, tasks wait in Herd; if it comes back having lost the queue (restarted without
// persistence), every unfinished task is given to it again. A task whose acknowledgement
// the server lost runs again: at least once on the server, exactly once in the record.
class RedisTaskQueue final : public TaskQueueInterface
{
    Q_DECLARE_TR_FUNCTIONS(RedisTaskQueue)

public:
    struct Options : QueueLimits { // capacity: tasks accepted and not ended at once
        qint64 leaseMs = 30000;    // how long a worker may be silent before its task is claimed back
    };
    static constexpr qint64 kMinLeaseMs = 100;
    static constexpr qint64 kMaxLeaseMs = 86400000;

    // Checks the address and starts connecting in the background (a server that is not
    // there yet is retried). nullptr and *error in words when the address is refused.
    static std::unique_ptr<RedisTaskQueue> create(const QString &url, const Options &options, QString *error);
    ~RedisTaskQueue() override;

    RedisTaskQueue(const RedisTaskQueue &) = delete;
    RedisTaskQueue &operator=(const RedisTaskQueue &) = delete;

    QString address() const override { return m_url; }
    QString environmentEntry() const override { return QStringLiteral("HERD_QUEUE=") + m_url; }
    QString displayAddress() const override { return m_display; }
    bool isRemote() const override { return true; }
    qint64 leaseMs() const { return m_options.leaseMs; }
    bool isConnected() const;

    quint32 capacity() const override { return m_options.capacity; }
    quint32 maxPayload() const override { return m_options.maxPayload; }
    quint32 maxAttempts() const override { return m_options.maxAttempts; }
    void setMaxAttempts(quint32 attempts) override;

    EnqueueResult enqueue(quint64 id, const QByteArray &payload) override;
    EnqueueResult enqueueBatch(const quint64 *ids, const QByteArrayView *payloads, int count,
                               int *accepted) override;
    EnqueueResult enqueueCounted(quint64 firstId, int count, int *accepted) override;

    void setLedger(TaskLedger *ledger) override { m_ledger = ledger; }
    void setEventLog(bool on) override { m_eventLog = on; }
    bool eventLogOn() const override { return m_eventLog; }
    bool holdsTasks(qint64 pid) const override;

    QVector<TaskEvent> drainEvents() override;
    void drainEventsInto(QVector<TaskEvent> *events) override;
    ReclaimStatus reclaimWorker(qint64 pid, const QString &reason, QVector<TaskEvent> *events) override;

    void close() override;
    bool isClosed() const override { return m_closed; }

    QueueStats stats() const override;
    quint64 outstanding() const override { return quint64(m_tasks.size()); }
    QString lastError() const override { return m_error; }

    // The server is the trust boundary: nothing a worker writes there can damage Herd's
    // own record, which checks every event against it.
    void audit() override {}
    bool isDamaged() const override { return false; }
    QString damage() const override { return {}; }
    qint64 suspectPid() const override { return 0; }
    void markDamaged(const QString &what, qint64 suspectPid = 0) override;

    QString workerName(qint64 pid) const override { return m_workerNames.value(pid); }
    QStringList takeNotices() override;

    QVector<RemoteWorkerInfo> remoteWorkers() const override;
    QVector<RemoteWorkerChange> takeRemoteChanges() override;
    bool stopRemoteWorker(quint64 key) override;
    bool killRemoteWorker(quint64 key) override;
    bool abandonTask(quint64 taskId, qint64 workerPid, quint32 attempt, const QString &reason) override;
    // A worker with no heartbeat for this long shows as silent.
    qint64 silentAfterMs() const;

private:
    class Link;
    struct Task {
        quint64 taskId = 0;
        QByteArray payload;
        quint32 slot = 0;
        quint32 attempt = 1;  // of the current take, or of the next one while waiting
        qint64 takerPid = 0;  // 0 while waiting
        QString consumer;     // the taker's consumer name in the group
        QByteArray entry;     // the stream entry it was taken as
        bool finished = false; // ended (done, failed, dead-lettered): about to be forgotten
    };
    // A worker that announced itself in NAME:workers.
    struct Remote {
        RemoteWorkerInfo info;
        QString consumer;
        quint64 beat = 0;
        bool left = false;      // it said so
        bool killed = false;    // Herd told it to leave at once
        bool stopAsked = false; // Herd told it to leave after its task
        bool gone = false;      // reported as left
    };
    struct Event; // one entry of NAME:events

    RedisTaskQueue() = default;
    qint64 workerOf(const QString &consumer, const QString &name, const QString &host, qint64 pid);
    void apply(const Event &event, QVector<TaskEvent> *events);
    void giveAgain(QVector<TaskEvent> *events); // the server lost the queue
    void ended(quint64 ticket, Task &task, TaskEventKind kind, int code, const QString &text,
               QVector<TaskEvent> *events);
    QString reasonText(const QString &raw) const;
    void applyPresence(const std::vector<redis::Presence> &seen);
    void sweepRemotes(); // silent past the lease: gone
    RemoteWorkerInfo infoOf(const Remote &r, qint64 nowNs) const;
    void goneNow(Remote &r, const QString &why);

    Options m_options;
    QString m_url;
    QString m_display;
    QString m_localHost;
    std::unique_ptr<Link> m_link;
    QHash<quint64, Task> m_tasks; // by ticket: every task accepted and not ended
    std::vector<quint32> m_freeSlots;
    quint32 m_nextSlot = 0;
    quint64 m_nextTicket = 0;
    TaskLedger *m_ledger = nullptr;
    bool m_eventLog = true;
    bool m_closed = false;
    QVector<TaskEvent> m_pending; // built at enqueue, handed out at the next drain
    QHash<QString, qint64> m_workers;    // consumer -> pid (local) or kRemoteWorkerBase + n
    QHash<qint64, QString> m_workerNames;
    QHash<QString, int> m_remoteIndex;   // consumer -> index in m_remotes
    std::vector<Remote> m_remotes;       // in the order they came
    QVector<RemoteWorkerChange> m_remoteChanges;
    QHash<qint64, quint64> m_holding;    // worker -> the task id it holds
    QHash<qint64, quint64> m_doneBy;     // worker -> tasks done
    qint64 m_nextRemote = kRemoteWorkerBase;
    QStringList m_notices;
    QString m_error;
    quint64 m_taken = 0;
    quint64 m_done = 0;
    quint64 m_failed = 0;
    quint64 m_dead = 0;
    quint64 m_requeued = 0;
    quint64 m_inFlight = 0;
};

} // namespace herd
