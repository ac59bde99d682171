#include "queue/taskledger.h"

#include "queuelayout.h"
#include "queueprotocol.h"

#include <QFile>
#include <QIODevice>
#include <QSaveFile>

#include <cstring>

namespace herd {

namespace {

constexpr qint64 kRecordsPerChunk = 1 << 16;
constexpr quint64 kPayloadChunk = 4u << 20; // payloads are at most 1 MiB
constexpr int kLengthBits = 24;
constexpr quint64 kLengthMask = (1ull << kLengthBits) - 1;
// A length no payload has (they are at most 1 MiB): the payload is the task id in decimal,
// as every task of --tasks N has, and is not stored.
constexpr quint64 kIdPayload = kLengthMask;
static_assert(kQueueMaxPayloadLimit < kIdPayload, "no payload is as long as the id mark");
constexpr int kStateShift = 40;
constexpr int kAttemptShift = 44;
constexpr quint64 kEnqueueMask = (1ull << kStateShift) - 1; // 40 bits of µs: 12.7 days
constexpr quint64 kAttemptMax = (1ull << 20) - 1;

bool isIdInDecimal(quint64 taskId, QByteArrayView payload)
{
    // Read as a number, digit by digit (no call: this runs for every task). Up to 19
    // digits, so nothing overflows; a longer id is simply stored.
    const qsizetype n = payload.size();
    if (n == 0 || n > 19 || (payload[0] == '0' && n > 1))
        return false;
    quint64 value = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned digit = unsigned(payload[i]) - unsigned('0');
        if (digit > 9)
            return false;
        value = value * 10 + digit;
    }
    return value == taskId;
}

bool printableUtf8(const QByteArray &bytes)
{
    if (bytes.contains('\0'))
        return false;
    // Strict UTF-8 check (no overlongs, no surrogates, nothing past U+10FFFF).
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
    const auto *end = p + bytes.size();
    while (p < end) {
        const unsigned char c = *p;
        int extra = 0;
        quint32 cp = 0;
        if (c < 0x80) {
            ++p;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            extra = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        static const quint32 minimum[] = {0, 0x80, 0x800, 0x10000};
        if (cp < minimum[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        p += extra + 1;
    }
    return true;
}

void appendCsvField(QByteArray *out, const QByteArray &field)
{
    bool quote = false;
    for (char c : field) {
        if (c == ',' || c == '"' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    }
    if (!quote && !field.isEmpty() && (field.front() == ' ' || field.back() == ' '))
        quote = true;
    if (!quote) {
        out->append(field);
        return;
    }
    out->append('"');
    for (char c : field) {
        if (c == '"')
            out->append('"');
        out->append(c);
    }
    out->append('"');
}

QByteArray formatMs(double ms)
{
    if (ms < 0)
        return QByteArray();
    return QByteArray::number(ms, 'f', 3);
}

} // namespace

// A row's task id is not in its record: it is the first row's id plus the row, as the
// session numbers its tasks, or else in m_otherIds (see idOf).
struct TaskLedger::Record {
    quint64 payload; // offset in the payload store << 24 | length; kIdPayload: the id
    quint64 packed;  // enqueue µs since the origin (40 bits) | state (4) | attempts (20)
    float waitMs;
    float runMs;
    quint32 worker;  // index + 1 into m_workers; 0 = never taken
    quint32 result;  // index into m_results
};

QString TaskLedger::stateName(State state)
{
    switch (state) {
    case State::Queued:
        return QStringLiteral("queued");
    case State::Taken:
        return QStringLiteral("taken");
    case State::Done:
        return QStringLiteral("done");
    case State::Failed:
        return QStringLiteral("failed");
    case State::DeadLettered:
        return QStringLiteral("dead-lettered");
    }
    return QStringLiteral("unknown");
}

QString TaskLedger::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Running:
        return QStringLiteral("running");
    case Outcome::Done:
        return QStringLiteral("done");
    case Outcome::Failed:
        return QStringLiteral("failed");
    case Outcome::Requeued:
        return QStringLiteral("requeued");
    case Outcome::DeadLettered:
        return QStringLiteral("dead-lettered");
    }
    return QStringLiteral("unknown");
}

TaskLedger::TaskLedger(NameResolver resolver)
    : m_resolver(std::move(resolver))
    , m_recordMapper(size_t(kRecordsPerChunk) * sizeof(Record))
    , m_payloadMapper(kPayloadChunk)
{
    static_assert(sizeof(Record) == 32, "a ledger row is 32 bytes");
    m_results.append({0, QString()});
    m_resultIndex.insert({0, QString()}, 0);
}

TaskLedger::~TaskLedger() = default;

TaskLedger::Record &TaskLedger::record(qint64 row)
{
    Q_ASSERT(row >= 0 && row < m_size);
    return static_cast<Record *>(m_records[size_t(row / kRecordsPerChunk)].get())[size_t(row % kRecordsPerChunk)];
}

const TaskLedger::Record &TaskLedger::record(qint64 row) const
{
    Q_ASSERT(row >= 0 && row < m_size);
    return static_cast<const Record *>(m_records[size_t(row / kRecordsPerChunk)].get())[size_t(row % kRecordsPerChunk)];
}

quint64 TaskLedger::idOf(qint64 row) const
{
    if (!m_otherIds.isEmpty()) {
        const auto it = m_otherIds.constFind(row);
        if (it != m_otherIds.cend())
            return *it;
    }
    return m_idBase + quint64(row);
}

qint64 TaskLedger::rowOfTicket(quint64 ticket) const
{
    if (m_size == 0 || ticket < m_ticketBase || ticket - m_ticketBase >= quint64(m_size))
        return -1;
    return qint64(ticket - m_ticketBase);
}

quint32 TaskLedger::workerFor(qint64 pid, quint32 workerId, qint64 timeNs)
{
    const QPair<qint64, quint32> key(pid, workerId);
    for (int i = 0; i < 2; ++i) {
        if (m_lastWorker[i] != 0 && m_lastWorkerKey[i] == key) {
            WorkerEntry &w = m_workers[int(m_lastWorker[i]) - 1];
            if (!w.named && timeNs - w.askedNs >= kRenameRetryNs)
                askName(w, timeNs);
            return m_lastWorker[i];
        }
    }
    auto remember = [this, &key](quint32 index) {
        m_lastWorkerKey[1] = m_lastWorkerKey[0];
        m_lastWorker[1] = m_lastWorker[0];
        m_lastWorkerKey[0] = key;
        m_lastWorker[0] = index;
        return index;
    };
    const auto it = m_workerIndex.constFind(key);
    if (it != m_workerIndex.cend()) {
        WorkerEntry &w = m_workers[int(*it) - 1];
        if (!w.named && timeNs - w.askedNs >= kRenameRetryNs)
            askName(w, timeNs);
        return remember(*it);
    }
    WorkerEntry w;
    w.pid = pid;
    w.tally.pid = pid;
    w.name = w.tally.name = QStringLiteral("pid %1").arg(pid);
    ++m_unnamed;
    askName(w, timeNs);
    m_workers.append(w);
    const quint32 index = quint32(m_workers.size());
    m_workerIndex.insert(key, index);
    return remember(index);
}

void TaskLedger::askName(WorkerEntry &w, qint64 timeNs)
{
    w.askedNs = timeNs;
    const QString name = m_resolver ? m_resolver(w.pid) : QString();
    if (!name.isEmpty())
        rename(w, name);
}

void TaskLedger::rename(WorkerEntry &w, const QString &name)
{
    Q_ASSERT(!w.named && !name.isEmpty());
    w.name = w.tally.name = name;
    w.named = true;
    --m_unnamed;
    ++m_namesRevision;
}

bool TaskLedger::learnName(qint64 pid, const QString &name)
{
    if (m_unnamed == 0 || name.isEmpty())
        return false;
    bool renamed = false;
    for (WorkerEntry &w : m_workers) {
        if (!w.named && w.pid == pid) {
            rename(w, name);
            renamed = true;
        }
    }
    return renamed;
}

int TaskLedger::resolveNames()
{
    if (m_unnamed == 0 || !m_resolver)
        return 0;
    int renamed = 0;
    for (WorkerEntry &w : m_workers) {
        if (w.named)
            continue;
        const QString name = m_resolver(w.pid);
        if (!name.isEmpty()) {
            rename(w, name);
            ++renamed;
        }
    }
    return renamed;
}

QString TaskLedger::nameOf(qint64 pid) const
{
    for (auto it = m_workers.crbegin(); it != m_workers.crend(); ++it) {
        if (it->pid == pid)
            return it->named ? it->name : QString();
    }
    return {};
}

quint32 TaskLedger::intern(int code, const QString &text)
{
    if (code == 0 && text.isEmpty())
        return 0;
    const QPair<int, QString> key(code, text);
    const auto it = m_resultIndex.constFind(key);
    if (it != m_resultIndex.cend())
        return *it;
    const quint32 index = quint32(m_results.size());
    m_results.append(key);
    m_resultIndex.insert(key, index);
    return index;
}

quint64 TaskLedger::storePayload(QByteArrayView payload)
{
    const quint64 length = quint64(payload.size()) & kLengthMask;
    if (m_payloadChunks.empty() || m_payloadUsed + length > kPayloadChunk) {
        m_payloadChunks.push_back(m_payloadMapper.next());
        m_payloadUsed = 0;
    }
    const quint64 offset = quint64(m_payloadChunks.size() - 1) * kPayloadChunk + m_payloadUsed;
    if (length > 0)
        std::memcpy(static_cast<char *>(m_payloadChunks.back().get()) + m_payloadUsed, payload.data(), size_t(length));
    m_payloadUsed += length;
    return (offset << kLengthBits) | length;
}

QByteArray TaskLedger::payloadOf(qint64 row, const Record &r) const
{
    if (r.payload == kIdPayload)
        return QByteArray::number(idOf(row));
    const quint64 length = r.payload & kLengthMask;
    const quint64 offset = r.payload >> kLengthBits;
    if (length == 0)
        return QByteArray();
    const char *chunk = static_cast<const char *>(m_payloadChunks[size_t(offset / kPayloadChunk)].get());
    return QByteArray(chunk + offset % kPayloadChunk, int(length));
}

void TaskLedger::setState(Record &r, State state)
{
    const State old = State((r.packed >> kStateShift) & 0xf);
    // TaskQueue hands over only events that agree with its own record of each slot: an
    // ended task never changes again (a late completion from a stale lease is rejected).
    Q_ASSERT(old == State::Queued || old == State::Taken);
    Q_ASSERT(m_counts[size_t(old)] > 0);
    --m_counts[size_t(old)];
    ++m_counts[size_t(state)];
    r.packed = (r.packed & ~(0xfull << kStateShift)) | (quint64(state) << kStateShift);
}

void TaskLedger::endAttempt(qint64 row, Record &r, quint32 slot, qint64 timeNs, Outcome outcome, quint32 reason)
{
    if (slot >= m_running.size() || m_running[slot].row != row)
        return; // never seen taken
    const Running run = m_running[slot];
    m_running[slot].row = -1;
    --m_inFlightCount;
    r.runMs = float(double(timeNs - run.takenNs) * 1e-6);
    WorkerTally &tally = m_workers[int(run.worker) - 1].tally;
    switch (outcome) {
    case Outcome::Done:
        ++tally.done;
        break;
    case Outcome::Failed:
        ++tally.failed;
        break;
    default:
        ++tally.lost;
        break;
    }
    auto history = m_histories.find(row);
    if (history == m_histories.end() && outcome != Outcome::Requeued)
        return; // a task with one attempt: its record says it all
    if (history == m_histories.end())
        history = m_histories.insert(row, {});
    history->append({run.worker, run.takenNs, timeNs, outcome, reason});
}

void TaskLedger::apply(const QVector<TaskEvent> &events, QVector<qint64> *changedRows)
{
    for (const TaskEvent &e : events)
        apply(e, changedRows);
}

void TaskLedger::apply(const TaskEvent &e, QVector<qint64> *changedRows)
{
    qint64 row = -1;
    switch (e.kind) {
    case TaskEventKind::Enqueued:
        row = recordEnqueued(e.ticket, e.taskId, e.payload, e.timeNs);
        break;
    case TaskEventKind::Taken:
        row = recordTaken(e.ticket, e.slot, e.workerPid, e.workerId, e.attempt, e.timeNs);
        break;
    default:
        row = recordEnded(e.kind, e.ticket, e.slot, e.resultCode, e.text, e.timeNs);
        break;
    }
    if (changedRows && row >= 0)
        changedRows->append(row);
}

qint64 TaskLedger::recordEnqueued(quint64 ticket, quint64 taskId, QByteArrayView payload, qint64 timeNs)
{
    if (m_size == 0) {
        m_ticketBase = ticket;
        m_idBase = taskId;
    }
    if (ticket != m_ticketBase + quint64(m_size)) {
        ++m_ignored; // tickets arrive in order from one queue; anything else is not ours
        return -1;
    }
    if (m_originNs < 0)
        m_originNs = timeNs;
    const qint64 row = m_size;
    if (row % kRecordsPerChunk == 0)
        m_records.push_back(m_recordMapper.next());
    ++m_size;
    if (taskId != m_idBase + quint64(row))
        m_otherIds.insert(row, taskId);
    Record &r = record(row);
    r.payload = isIdInDecimal(taskId, payload) ? kIdPayload : storePayload(payload);
    const quint64 us = quint64(qMax<qint64>(0, timeNs - m_originNs) / 1000);
    r.packed = qMin(us, kEnqueueMask) | (quint64(State::Queued) << kStateShift);
    r.waitMs = -1;
    r.runMs = -1;
    r.worker = 0;
    r.result = 0;
    ++m_counts[size_t(State::Queued)];
    return row;
}

qint64 TaskLedger::recordTaken(quint64 ticket, quint32 slot, qint64 pid, quint32 workerId, quint32 attempt,
                               qint64 timeNs)
{
    const qint64 row = rowOfTicket(ticket);
    if (row < 0) {
        ++m_ignored;
        return -1;
    }
    Record &r = record(row);
    const quint32 worker = workerFor(pid, workerId, timeNs);
    r.worker = worker;
    const quint64 attempts = qMin<quint64>(attempt, kAttemptMax);
    r.packed = (r.packed & ~(kAttemptMax << kAttemptShift)) | (attempts << kAttemptShift);
    if (r.waitMs < 0) {
        const qint64 enqueuedNs = m_originNs + qint64(r.packed & kEnqueueMask) * 1000;
        r.waitMs = float(double(qMax<qint64>(0, timeNs - enqueuedNs)) * 1e-6);
    }
    r.runMs = -1;
    if (slot >= m_running.size()) {
        // Grown by doubling, into memory mapped in one call (see prefaultPages).
        std::vector<Running> grown;
        grown.reserve(qMax<size_t>(slot + 1, m_running.size() * 2));
        prefaultPages(grown.data(), grown.capacity() * sizeof(Running));
        grown.insert(grown.end(), m_running.begin(), m_running.end());
        grown.resize(grown.capacity());
        m_running.swap(grown);
    }
    Running &run = m_running[slot];
    if (run.row < 0)
        ++m_inFlightCount;
    run = {row, timeNs, pid, worker, attempt};
    Q_ASSERT(worker >= 1 && worker <= quint32(m_workers.size()));
    ++m_workers[int(worker) - 1].tally.taken;
    setState(r, State::Taken);
    return row;
}

qint64 TaskLedger::recordEnded(TaskEventKind kind, quint64 ticket, quint32 slot, int resultCode,
                               const QString &text, qint64 timeNs)
{
    const qint64 row = rowOfTicket(ticket);
    if (row < 0) {
        ++m_ignored;
        return -1;
    }
    Record &r = record(row);
    switch (kind) {
    case TaskEventKind::Done:
    case TaskEventKind::Failed: {
        const bool done = kind == TaskEventKind::Done;
        r.result = intern(resultCode, text);
        endAttempt(row, r, slot, timeNs, done ? Outcome::Done : Outcome::Failed, r.result);
        setState(r, done ? State::Done : State::Failed);
        break;
    }
    case TaskEventKind::Requeued:
        endAttempt(row, r, slot, timeNs, Outcome::Requeued, intern(0, text));
        setState(r, State::Queued);
        break;
    case TaskEventKind::DeadLettered: {
        const quint32 reason = intern(resultCode, text);
        endAttempt(row, r, slot, timeNs, Outcome::DeadLettered, reason);
        r.result = reason;
        setState(r, State::DeadLettered);
        break;
    }
    case TaskEventKind::Enqueued:
    case TaskEventKind::Taken:
        ++m_ignored;
        return -1;
    }
    return row;
}

bool TaskLedger::allEnded() const
{
    return count(State::Queued) == 0 && count(State::Taken) == 0;
}

QByteArray TaskLedger::payload(qint64 row) const
{
    return row >= 0 && row < m_size ? payloadOf(row, record(row)) : QByteArray();
}

TaskLedger::Brief TaskLedger::brief(qint64 row) const
{
    Brief b;
    if (row < 0 || row >= m_size)
        return b;
    const Record &r = record(row);
    b.id = idOf(row);
    b.state = State((r.packed >> kStateShift) & 0xf);
    b.attempts = quint32((r.packed >> kAttemptShift) & kAttemptMax);
    b.waitMs = r.waitMs;
    b.runMs = r.runMs;
    if (r.worker != 0)
        b.workerName = m_workers[int(r.worker) - 1].name;
    return b;
}

TaskLedger::Task TaskLedger::task(qint64 row) const
{
    Task t;
    if (row < 0 || row >= m_size)
        return t;
    const Record &r = record(row);
    const Brief b = brief(row);
    t.row = row;
    t.id = b.id;
    t.payload = payloadOf(row, r);
    t.state = b.state;
    t.attempts = b.attempts;
    t.enqueuedNs = m_originNs + qint64(r.packed & kEnqueueMask) * 1000;
    t.waitMs = b.waitMs;
    t.runMs = b.runMs;
    t.workerName = b.workerName;
    if (r.worker != 0)
        t.workerPid = m_workers[int(r.worker) - 1].pid;
    const QPair<int, QString> &result = m_results[int(r.result)];
    t.resultCode = result.first;
    t.result = result.second;
    if (t.state == State::DeadLettered && t.attempts > 0) {
        const QString summary = historySummary(row);
        t.result = QStringLiteral("gave up after %1 attempt%2: %3")
                       .arg(t.attempts).arg(t.attempts == 1 ? QString() : QStringLiteral("s"))
                       .arg(summary.isEmpty() ? result.second : summary);
    }
    return t;
}

QVector<TaskLedger::Attempt> TaskLedger::history(qint64 row) const
{
    QVector<Attempt> out;
    if (row < 0 || row >= m_size)
        return out;
    auto toAttempt = [this](quint32 worker, qint64 takenNs, qint64 endedNs, Outcome outcome, quint32 reason) {
        Attempt a;
        if (worker != 0) {
            a.workerPid = m_workers[int(worker) - 1].pid;
            a.workerName = m_workers[int(worker) - 1].name;
        }
        a.takenNs = takenNs;
        a.endedNs = endedNs;
        a.outcome = outcome;
        a.reason = m_results[int(reason)].second;
        return a;
    };
    const Record &r = record(row);
    const State state = State((r.packed >> kStateShift) & 0xf);
    const auto stored = m_histories.constFind(row);
    if (stored != m_histories.cend()) {
        for (const StoredAttempt &s : *stored)
            out.append(toAttempt(s.worker, s.takenNs, s.endedNs, s.outcome, s.reason));
    } else if (r.worker != 0 && state != State::Taken) {
        // One attempt, rebuilt from the record.
        const qint64 enqueuedNs = m_originNs + qint64(r.packed & kEnqueueMask) * 1000;
        const qint64 takenNs = enqueuedNs + qint64(double(r.waitMs) * 1e6);
        const qint64 endedNs = r.runMs >= 0 ? takenNs + qint64(double(r.runMs) * 1e6) : 0;
        const Outcome outcome = state == State::Done ? Outcome::Done
                                : state == State::Failed ? Outcome::Failed
                                                         : Outcome::DeadLettered;
        out.append(toAttempt(r.worker, takenNs, endedNs, outcome, r.result));
    }
    if (const Running *running = runningRow(row))
        out.append(toAttempt(running->worker, running->takenNs, 0, Outcome::Running, 0));
    return out;
}

QString TaskLedger::historySummary(qint64 row) const
{
    const auto stored = m_histories.constFind(row);
    if (stored == m_histories.cend())
        return {};
    // Group the reasons of attempts lost to a worker's death: "killed by SIGKILL ×3".
    QVector<QPair<quint32, int>> groups;
    for (const StoredAttempt &s : *stored) {
        if (s.outcome != Outcome::Requeued && s.outcome != Outcome::DeadLettered)
            continue;
        if (!groups.isEmpty() && groups.last().first == s.reason)
            ++groups.last().second;
        else
            groups.append({s.reason, 1});
    }
    QStringList parts;
    for (const auto &g : groups) {
        QString text = m_results[int(g.first)].second;
        if (text.isEmpty())
            text = QStringLiteral("worker lost");
        parts << (g.second > 1 ? QStringLiteral("%1 \u00d7%2").arg(text).arg(g.second) : text);
    }
    return parts.join(QStringLiteral(", "));
}

const TaskLedger::Running *TaskLedger::runningRow(qint64 row) const
{
    for (const Running &r : m_running) {
        if (r.row == row)
            return &r;
    }
    return nullptr;
}

QVector<TaskLedger::InFlight> TaskLedger::inFlight() const
{
    QVector<InFlight> out;
    out.reserve(int(m_inFlightCount));
    for (const Running &r : m_running) {
        if (r.row >= 0)
            out.append({r.row, idOf(r.row), r.pid, r.attempt, r.takenNs});
    }
    return out;
}

QVector<TaskLedger::WorkerTally> TaskLedger::workers() const
{
    QVector<WorkerTally> out;
    out.reserve(m_workers.size());
    for (const WorkerEntry &w : m_workers)
        out.append(w.tally);
    return out;
}

Result<void> TaskLedger::writeCsv(QIODevice *out) const
{
    QByteArray buffer;
    buffer.reserve(1 << 20);
    buffer.append("id,payload,state,worker,attempts,wait_ms,run_ms,result_code,result\n");
    auto flush = [&] {
        if (out->write(buffer) != buffer.size())
            return false;
        buffer.clear();
        return true;
    };
    for (qint64 row = 0; row < m_size; ++row) {
        const Task t = task(row);
        buffer.append(QByteArray::number(t.id));
        buffer.append(',');
        if (printableUtf8(t.payload))
            appendCsvField(&buffer, t.payload);
        else
            buffer.append("base64:" + t.payload.toBase64());
        buffer.append(',');
        buffer.append(stateName(t.state).toLatin1());
        buffer.append(',');
        appendCsvField(&buffer, t.workerName.toUtf8());
        buffer.append(',');
        buffer.append(QByteArray::number(t.attempts));
        buffer.append(',');
        buffer.append(formatMs(t.waitMs));
        buffer.append(',');
        buffer.append(formatMs(t.runMs));
        buffer.append(',');
        // Only a finished command has a result code; a dead-lettered task has none (why it
        // was given up is in `result`), so an empty field can never be read as "exit 0".
        if (t.state == State::Done || t.state == State::Failed)
            buffer.append(QByteArray::number(t.resultCode));
        buffer.append(',');
        appendCsvField(&buffer, t.result.toUtf8());
        buffer.append('\n');
        if (buffer.size() >= (1 << 20) && !flush())
            return Result<void>::failure(out->errorString());
    }
    if (!flush())
        return Result<void>::failure(out->errorString());
    return Result<void>::success();
}

Result<void> TaskLedger::writeCsv(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Result<void>::failure(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    if (const Result<void> written = writeCsv(&file); !written.ok()) {
        file.cancelWriting();
        return written;
    }
    if (!file.commit())
        return Result<void>::failure(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return Result<void>::success();
}

qint64 TaskLedger::memoryBytes() const
{
    qint64 bytes = qint64(m_records.size()) * kRecordsPerChunk * qint64(sizeof(Record));
    bytes += qint64(m_payloadChunks.size()) * qint64(kPayloadChunk);
    bytes += m_workers.size() * qint64(sizeof(WorkerEntry) + 64);
    for (const auto &r : m_results)
        bytes += 64 + r.second.size() * 2;
    bytes += qint64(m_running.capacity() * sizeof(Running));
    bytes += m_otherIds.size() * qint64(sizeof(qint64) + sizeof(quint64) + 16);
    for (const auto &h : m_histories)
        bytes += 64 + h.size() * qint64(sizeof(StoredAttempt));
    return bytes;
}

} // namespace herd
