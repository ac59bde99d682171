#pragma once

#include "queue/chunkmapper.h"
#include "queue/queuetypes.h"
#include "result.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QVector>

#include <array>
#include <functional>
#include <memory>
#include <vector>

class QIODevice;

namespace herd {

// The app's record of every task ever enqueued, fed with the queue's drained events
// (TaskQueue::drainEvents / reclaimWorker): state, who took it, attempts and their
// history, wait and run times, result. Rows are numbered in enqueue order (the events'
// ticket). It emits nothing: callers read it after each batch they apply.
//
// Compact: a finished task costs 40 bytes plus its payload bytes; result texts are
// interned, and a per-attempt history is kept only for tasks that had more than one.
class TaskLedger final
{
public:
    enum class State : quint8 {
        Queued,
        Taken,
        Done,
        Failed,
        DeadLettered,
    };
    static constexpr int StateCount = 5;
    static QString stateName(State state); // "queued", "taken", "done", "failed", "dead-lettered"

    // The app's pid -> process name ("Worker-1"), "" while the app does not know the pid.
    // Asked when a worker registers; a worker still without a name is shown as "pid N" and
    // asked again at its later takes (at most every kRenameRetryNs) and by resolveNames().
    using NameResolver = std::function<QString(qint64 pid)>;

    explicit TaskLedger(NameResolver resolver = {});
    ~TaskLedger();
    TaskLedger(const TaskLedger &) = delete;
    TaskLedger &operator=(const TaskLedger &) = delete;

    // Applies events in order. changedRows (optional) receives each row touched.
    void apply(const QVector<TaskEvent> &events, QVector<qint64> *changedRows = nullptr);
    void apply(const TaskEvent &event, QVector<qint64> *changedRows = nullptr);

    // The same steps without a TaskEvent, for TaskQueue::setLedger(): the queue records
    // straight into the ledger as it drains. Each returns the row touched, -1 if none.
    qint64 recordEnqueued(quint64 ticket, quint64 taskId, QByteArrayView payload, qint64 timeNs);
    qint64 recordTaken(quint64 ticket, quint32 slot, qint64 pid, quint32 workerId, quint32 attempt,
                       qint64 timeNs);
    qint64 recordEnded(TaskEventKind kind, quint64 ticket, quint32 slot, int resultCode,
                       const QString &text, qint64 timeNs);

    qint64 size() const { return m_size; } // tasks ever enqueued
    qint64 count(State state) const { return m_counts[size_t(state)]; }
    bool allEnded() const; // every task done, failed or dead-lettered
    qint64 ignoredEvents() const { return m_ignored; } // events for unknown tickets

    struct Task {
        qint64 row = -1;
        quint64 id = 0;
        QByteArray payload;
        State state = State::Queued;
        qint64 workerPid = 0; // current or last taker; 0 if never taken
        QString workerName;
        quint32 attempts = 0; // takes so far
        qint64 enqueuedNs = 0; // CLOCK_MONOTONIC
        double waitMs = -1;   // enqueue to first take; -1 until taken
        double runMs = -1;    // last take to its end; -1 until ended
        int resultCode = 0;
        QString result;       // the worker's result text, or why it was dead-lettered
    };
    Task task(qint64 row) const;
    // What sorting and filtering read of a row, without copying its payload or building
    // its result text.
    struct Brief {
        quint64 id = 0;
        State state = State::Queued;
        quint32 attempts = 0;
        double waitMs = -1;
        double runMs = -1;
        QString workerName;
    };
    Brief brief(qint64 row) const;
    State state(qint64 row) const { return brief(row).state; }
    qint64 rowOfTicket(quint64 ticket) const; // -1 if unknown
    QByteArray payload(qint64 row) const;

    enum class Outcome : quint8 {
        Running,
        Done,
        Failed,
        Requeued,     // its worker died; the task went back to the queue
        DeadLettered,
    };
    static QString outcomeName(Outcome outcome);

    struct Attempt {
        qint64 workerPid = 0;
        QString workerName;
        qint64 takenNs = 0;
        qint64 endedNs = 0; // 0 while running
        Outcome outcome = Outcome::Running;
        QString reason;     // result text, or why it ended ("killed by SIGKILL")
    };
    QVector<Attempt> history(qint64 row) const;
    // "killed by SIGKILL ×3" — the reasons of the attempts that did not finish, grouped.
    QString historySummary(qint64 row) const;

    // Tasks being worked on, with when they were taken: for the per-task watchdog.
    struct InFlight {
        qint64 row = 0;
        quint64 taskId = 0;
        qint64 workerPid = 0;
        quint32 attempt = 0;
        qint64 takenNs = 0;
    };
    QVector<InFlight> inFlight() const;
    qint64 inFlightCount() const { return m_inFlightCount; }

    // A name learned late (the take came before the app knew whose pid it was): every
    // worker entry of that pid still shown as "pid N" takes the name, so task rows, their
    // histories, tallies and the CSV all say it. Returns whether anything was renamed.
    bool learnName(qint64 pid, const QString &name);
    // Asks the resolver again for every worker still without a name; returns how many got one.
    int resolveNames();
    // Workers still shown as "pid N".
    int unnamedWorkers() const { return m_unnamed; }
    // Changes whenever a worker is renamed: views compare it to know they must redraw names.
    quint64 namesRevision() const { return m_namesRevision; }
    // The name the ledger gives a pid's worker ("" if it has none yet or never took a task).
    QString nameOf(qint64 pid) const;

    struct WorkerTally {
        qint64 pid = 0;
        QString name;
        qint64 taken = 0;
        qint64 done = 0;
        qint64 failed = 0;
        qint64 lost = 0; // takes that ended with its death
    };
    QVector<WorkerTally> workers() const;

    // One row per task: id,payload,state,worker,attempts,wait_ms,run_ms,result_code,result
    // (RFC 4180 quoting; a payload that is not printable UTF-8 is written as base64:...).
    // Fails with why it could not be written.
    Result<void> writeCsv(QIODevice *out) const;
    Result<void> writeCsv(const QString &path) const;

    qint64 memoryBytes() const; // approximate footprint

private:
    struct Record;
    struct WorkerEntry {
        qint64 pid = 0;
        QString name;
        WorkerTally tally;
        bool named = false;  // false: shown as "pid N" until the name is learned
        qint64 askedNs = 0;  // when the resolver was last asked for it
    };
    static constexpr qint64 kRenameRetryNs = 50 * 1000 * 1000;
    void askName(WorkerEntry &w, qint64 timeNs);
    void rename(WorkerEntry &w, const QString &name);
    struct Running {
        qint64 row = -1; // -1: the slot holds no running task
        qint64 takenNs = 0;
        qint64 pid = 0;
        quint32 worker = 0;
        quint32 attempt = 0;
    };
    struct StoredAttempt {
        quint32 worker = 0;
        qint64 takenNs = 0;
        qint64 endedNs = 0;
        Outcome outcome = Outcome::Running;
        quint32 reason = 0;
    };

    Record &record(qint64 row);
    const Record &record(qint64 row) const;
    quint32 workerFor(qint64 pid, quint32 workerId, qint64 timeNs);
    const Running *runningRow(qint64 row) const;
    quint32 intern(int code, const QString &text);
    quint64 storePayload(QByteArrayView payload);
    QByteArray payloadOf(qint64 row, const Record &r) const;
    quint64 idOf(qint64 row) const;
    void setState(Record &r, State state);
    void endAttempt(qint64 row, Record &r, quint32 slot, qint64 timeNs, Outcome outcome, quint32 reason);

    // The ledger grows by chunks of anonymous memory (see ChunkMapper): past the first of
    // each kind (a session of more than 65536 tasks) each comes faulted in, made ahead.
    using Chunk = ChunkMapper::Chunk;

    NameResolver m_resolver;
    ChunkMapper m_recordMapper;
    ChunkMapper m_payloadMapper;
    std::vector<Chunk> m_records;       // of kRecordsPerChunk Records
    std::vector<Chunk> m_payloadChunks; // of kPayloadChunk bytes
    quint64 m_payloadUsed = 0; // in the last chunk
    qint64 m_size = 0;
    quint64 m_ticketBase = 0;
    quint64 m_idBase = 0;             // the first row's task id
    QHash<qint64, quint64> m_otherIds; // rows whose id is not m_idBase + row
    qint64 m_originNs = -1;
    std::array<qint64, StateCount> m_counts{};
    qint64 m_ignored = 0;
    QVector<WorkerEntry> m_workers;
    int m_unnamed = 0;
    quint64 m_namesRevision = 0;
    QHash<QPair<qint64, quint32>, quint32> m_workerIndex;
    QPair<qint64, quint32> m_lastWorkerKey[2];   // a small cache in front of m_workerIndex
    quint32 m_lastWorker[2] = {0, 0};
    QVector<QPair<int, QString>> m_results; // interned (code, text); index 0 = (0, "")
    QHash<QPair<int, QString>, quint32> m_resultIndex;
    std::vector<Running> m_running; // by queue slot: a task in flight holds its slot
    qint64 m_inFlightCount = 0;
    QHash<qint64, QVector<StoredAttempt>> m_histories; // rows with more than one attempt
};

} // namespace herd
