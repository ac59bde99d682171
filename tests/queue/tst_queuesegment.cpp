// The segment's defences: a foreign, corrupt, other-version, other-owner or world-writable
// segment is refused with a clear error and never written to; stale segments of a dead
// Herd are removed on the next start, live ones are not; a corrupt payload length in a
// slot is dead-lettered without reading out of bounds.
#include "queue/taskqueue.h"
#include "queuelayout.h"
#include "queuesegment.h"
#include "worker.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <cstddef>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace herd;

namespace {

QString shmPath(const std::string &name)
{
    return QStringLiteral("/dev/shm") + QString::fromStdString(name);
}

QByteArray fileHash(const std::string &name)
{
    QFile f(shmPath(name));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha1);
    h.addData(&f);
    return h.result();
}

// A segment made by hand: size bytes, the given header bytes at the front.
class HandMadeSegment final
{
public:
    HandMadeSegment(const QByteArray &header, quint64 size, mode_t mode = 0600)
    {
        m_name = "/herd-" + std::to_string(getuid()) + "-" + std::to_string(getpid()) + "-test"
                 + std::to_string(QRandomGenerator::global()->generate());
        const int fd = shm_open(m_name.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd < 0)
            return;
        fchmod(fd, mode);
        if (ftruncate(fd, off_t(size)) == 0 && !header.isEmpty())
            m_ok = pwrite(fd, header.constData(), size_t(header.size()), 0) == header.size();
        else
            m_ok = true;
        ::close(fd);
    }
    ~HandMadeSegment() { shm_unlink(m_name.c_str()); }
    const std::string &name() const { return m_name; }
    bool ok() const { return m_ok; }

private:
    std::string m_name;
    bool m_ok = false;
};

// The header (and file size) of a real queue, to corrupt.
struct GoodHeader {
    QByteArray bytes;
    quint64 size = 0;
};

GoodHeader goodHeader()
{
    QueueSegment::CreateOptions o;
    o.capacity = 16;
    o.maxPayload = 64;
    o.maxWorkers = 8;
    std::string error;
    auto s = QueueSegment::create(o, &error);
    GoodHeader g;
    if (!s)
        return g;
    g.size = s->header()->totalSize;
    g.bytes = QByteArray(reinterpret_cast<const char *>(s->header()), int(sizeof(QueueHeader)));
    return g;
}

template <typename T>
void setField(QByteArray *bytes, std::size_t offset, T value)
{
    std::memcpy(bytes->data() + offset, &value, sizeof value);
}

} // namespace

class tst_QueueSegment final : public QObject
{
    Q_OBJECT

private slots:
    void createdSegmentIsPrivate();
    void refusesBadSegments_data();
    void refusesBadSegments();
    void refusesWorldWritableSegment();
    void refusesSegmentOfAnotherUser();
    void fuzzedHeadersRefusedOrHarmless();
    void staleSegmentsRemovedLiveOnesKept();
    void segmentRemovedOnClose();
    void corruptPayloadLengthDeadLettered();
    void workerOfDeadOwnerGetsClosed();
    void wakeAllWakesEverySleeper();
};

void tst_QueueSegment::createdSegmentIsPrivate()
{
    QString error;
    auto q = TaskQueue::create({}, &error);
    QVERIFY2(q, qPrintable(error));
    QVERIFY(q->address().startsWith(QStringLiteral("/herd-%1-%2-").arg(getuid()).arg(getpid())));
    struct stat st;
    QCOMPARE(::stat(qPrintable(shmPath(q->address().toStdString())), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(0600));
    QCOMPARE(st.st_uid, getuid());
    QCOMPARE(q->capacity(), 65536u);
    QCOMPARE(q->maxPayload(), 4096u);
    QCOMPARE(q->maxAttempts(), 3u);
}

void tst_QueueSegment::refusesBadSegments_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<quint64>("size");
    QTest::addColumn<QString>("reason");
    const GoodHeader g = goodHeader();
    QVERIFY(!g.bytes.isEmpty());

    QByteArray random(int(sizeof(QueueHeader)), '\0');
    for (char &c : random)
        c = char(QRandomGenerator::global()->bounded(256));
    QTest::newRow("random bytes") << random << g.size << "not a Herd task queue";
    QTest::newRow("empty file") << QByteArray() << quint64(0) << "too small";
    QTest::newRow("too small") << QByteArray() << quint64(100) << "too small";
    QByteArray b = g.bytes;
    setField<quint64>(&b, offsetof(QueueHeader, magic), 0x1234);
    QTest::newRow("wrong magic") << b << g.size << "not a Herd task queue";
    b = g.bytes;
    setField<quint32>(&b, offsetof(QueueHeader, version), kQueueLayoutVersion + 1);
    QTest::newRow("wrong version") << b << g.size << "incompatible Herd version";
    b = g.bytes;
    setField<quint32>(&b, offsetof(QueueHeader, slotSize), 64);
    QTest::newRow("wrong record size") << b << g.size << "record sizes";
    b = g.bytes;
    setField<quint32>(&b, offsetof(QueueHeader, ownerUid), getuid() + 1);
    QTest::newRow("other owner in header") << b << g.size << "belongs to user id";
    b = g.bytes;
    setField<quint32>(&b, offsetof(QueueHeader, capacity), 1u << 30);
    QTest::newRow("huge capacity") << b << g.size << "impossible sizes";
    b = g.bytes;
    setField<quint32>(&b, offsetof(QueueHeader, capacity), 17);
    QTest::newRow("capacity disagrees with offsets") << b << g.size << "inconsistent";
    b = g.bytes;
    setField<quint64>(&b, offsetof(QueueHeader, arenaOffset), 1);
    QTest::newRow("bad arena offset") << b << g.size << "inconsistent";
    QTest::newRow("file shorter than header says") << g.bytes << (g.size - 4096) << "does not match its header";
    QTest::newRow("file longer than header says") << g.bytes << (g.size + 4096) << "does not match its header";
    b = g.bytes;
    setField<qint32>(&b, offsetof(QueueHeader, creatorPid), 0);
    QTest::newRow("no creator") << b << g.size << "names no creator";
}

void tst_QueueSegment::refusesBadSegments()
{
    QFETCH(QByteArray, header);
    QFETCH(quint64, size);
    QFETCH(QString, reason);
    HandMadeSegment seg(header, size);
    QVERIFY(seg.ok());
    const QByteArray before = fileHash(seg.name());
    std::string error;
    auto w = Worker::attach(seg.name(), "Worker-1", &error);
    QVERIFY(!w);
    QVERIFY2(QString::fromStdString(error).contains(reason), error.c_str());
    QVERIFY2(QString::fromStdString(error).startsWith(QStringLiteral("cannot use the task queue")), error.c_str());
    QCOMPARE(fileHash(seg.name()), before); // never written to
}

void tst_QueueSegment::refusesWorldWritableSegment()
{
    const GoodHeader g = goodHeader();
    for (mode_t mode : {mode_t(0666), mode_t(0640), mode_t(0602)}) {
        HandMadeSegment seg(g.bytes, g.size, mode);
        QVERIFY(seg.ok());
        const QByteArray before = fileHash(seg.name());
        std::string error;
        QVERIFY(!Worker::attach(seg.name(), "w", &error));
        QVERIFY2(error.find("permissions") != std::string::npos, error.c_str());
        QCOMPARE(fileHash(seg.name()), before);
    }
}

void tst_QueueSegment::refusesSegmentOfAnotherUser()
{
    if (geteuid() != 0)
        QSKIP("needs root to give a segment to another user");
    const GoodHeader g = goodHeader();
    HandMadeSegment seg(g.bytes, g.size);
    QVERIFY(seg.ok());
    QCOMPARE(::chown(qPrintable(shmPath(seg.name())), 65534, 65534), 0);
    const QByteArray before = fileHash(seg.name());
    std::string error;
    QVERIFY(!Worker::attach(seg.name(), "w", &error));
    QVERIFY2(error.find("belongs to user id 65534") != std::string::npos, error.c_str());
    QCOMPARE(fileHash(seg.name()), before);
}

void tst_QueueSegment::fuzzedHeadersRefusedOrHarmless()
{
    // A few hundred headers with random fields or bytes overwritten (the identity part:
    // what attach validates). Each is refused cleanly, or accepted only when every value
    // that decides a memory access is still right; nothing crashes (run under ASan).
    const GoodHeader g = goodHeader();
    QRandomGenerator rng(4242);
    const int identityBytes = int(offsetof(QueueHeader, mutex));
    int refused = 0, accepted = 0;
    for (int round = 0; round < 300; ++round) {
        QByteArray b = g.bytes;
        const int edits = 1 + int(rng.bounded(4));
        for (int e = 0; e < edits; ++e) {
            const int at = int(rng.bounded(identityBytes));
            switch (rng.bounded(3)) {
            case 0:
                b[at] = char(rng.bounded(256));
                break;
            case 1: { // a plausible-looking 32-bit value
                const quint32 v = rng.bounded(2) ? rng.generate() : rng.bounded(70000u);
                std::memcpy(b.data() + (at & ~3), &v, qMin<int>(4, identityBytes - (at & ~3)));
                break;
            }
            default:
                b[at] = char(b[at] ^ (1 << rng.bounded(8)));
                break;
            }
        }
        const quint64 size = rng.bounded(8) == 0 ? g.size + 64 * rng.bounded(100) : g.size;
        HandMadeSegment seg(b, size);
        QVERIFY(seg.ok());
        const QByteArray before = fileHash(seg.name());
        std::string error;
        auto w = Worker::attach(seg.name(), "fuzz", &error);
        if (!w) {
            ++refused;
            QVERIFY(!error.empty());
            QCOMPARE(fileHash(seg.name()), before);
            continue;
        }
        ++accepted;
        // QByteArray storage is not aligned for QueueHeader: compare through aligned copies.
        alignas(QueueHeader) unsigned char hb[sizeof(QueueHeader)];
        alignas(QueueHeader) unsigned char ob[sizeof(QueueHeader)];
        std::memcpy(hb, b.constData(), sizeof hb);
        std::memcpy(ob, g.bytes.constData(), sizeof ob);
        const QueueHeader *h = reinterpret_cast<const QueueHeader *>(hb);
        const QueueHeader *o = reinterpret_cast<const QueueHeader *>(ob);
        QCOMPARE(h->capacity, o->capacity);
        QCOMPARE(h->totalSize, o->totalSize);
        QCOMPARE(h->arenaOffset, o->arenaOffset);
        WorkerTask task;
        QCOMPARE(w->take(&task, 0), TakeResult::Timeout);
    }
    qInfo("fuzzed headers: %d refused, %d accepted (unvalidated fields only)", refused, accepted);
    QVERIFY(refused > 200);
}

void tst_QueueSegment::staleSegmentsRemovedLiveOnesKept()
{
    // A Herd that died: its segment stays behind, its creator is gone.
    std::string staleName;
    int pipeFds[2];
    QCOMPARE(pipe(pipeFds), 0);
    const pid_t child = fork();
    if (child == 0) {
        ::close(pipeFds[0]);
        QueueSegment::CreateOptions o;
        o.capacity = 8;
        o.maxPayload = 16;
        o.maxWorkers = 4;
        std::string error;
        auto s = QueueSegment::create(o, &error);
        const std::string name = s ? s->name() : std::string();
        (void)!write(pipeFds[1], name.data(), name.size());
        _exit(0); // no destructor: the name is left behind as after a crash
    }
    ::close(pipeFds[1]);
    char buffer[256] = {};
    const ssize_t n = read(pipeFds[0], buffer, sizeof buffer - 1);
    ::close(pipeFds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    QVERIFY(n > 0);
    staleName = std::string(buffer, size_t(n));
    QVERIFY(QFile::exists(shmPath(staleName)));

    // A damaged segment (its header no longer validates) of a Herd that is gone is still
    // that Herd's: removed. One whose named creator lives (here: us) is kept, whatever it holds.
    auto junk = [](pid_t pid, const char *tag) {
        const std::string name = "/herd-" + std::to_string(getuid()) + "-" + std::to_string(pid) + "-" + tag;
        const int fd = shm_open(name.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd < 0)
            return std::string();
        const bool ok = ftruncate(fd, 8192) == 0 && pwrite(fd, "not a queue", 11, 0) == 11;
        ::close(fd);
        return ok ? name : std::string();
    };
    const std::string deadJunk = junk(child, "damaged");
    const std::string junkName = junk(getpid(), "junk");
    QVERIFY(!deadJunk.empty());
    QVERIFY(!junkName.empty());

    QString error;
    auto live = TaskQueue::create({}, &error);
    QVERIFY(live);
    auto next = TaskQueue::create({}, &error); // a new start removes what is stale
    QVERIFY(next);
    QVERIFY(!QFile::exists(shmPath(staleName)));
    QVERIFY(QFile::exists(shmPath(live->address().toStdString()))); // its creator (us) lives
    QVERIFY(QFile::exists(shmPath(junkName)));
    QVERIFY(!QFile::exists(shmPath(deadJunk)));
    shm_unlink(junkName.c_str());
    shm_unlink(deadJunk.c_str());
}

void tst_QueueSegment::segmentRemovedOnClose()
{
    QString error;
    auto q = TaskQueue::create({}, &error);
    QVERIFY(q);
    const QString path = shmPath(q->address().toStdString());
    QVERIFY(QFile::exists(path));
    std::string why;
    auto w = Worker::attach(q->address().toStdString(), "w", &why);
    QVERIFY(w);
    q.reset();
    QVERIFY(!QFile::exists(path));
    // An attached worker keeps its mapping and learns the queue is closed.
    WorkerTask task;
    QCOMPARE(w->take(&task, 1000), TakeResult::Closed);
}

void tst_QueueSegment::corruptPayloadLengthDeadLettered()
{
    TaskQueue::Options o;
    o.capacity = 8;
    o.maxPayload = 64;
    QString error;
    auto q = TaskQueue::create(o, &error);
    QVERIFY(q);
    QCOMPARE(q->enqueue(1, "first"), EnqueueResult::Ok);
    QCOMPARE(q->enqueue(2, "second"), EnqueueResult::Ok);
    QCOMPARE(q->enqueue(3, "third"), EnqueueResult::Ok);
    // Damage the first two slots' payload locations through a mapping of our own.
    std::string why;
    auto s = QueueSegment::attach(q->address().toStdString(), &why);
    QVERIFY2(s, why.c_str());
    const quint32 first = *s->readyEntry(0);
    const quint32 second = *s->readyEntry(1);
    s->slot(first)->payloadLength = 0xfffffff0u;          // far past the arena
    s->slot(second)->payloadOffset = s->header()->arenaSize - 2; // runs off the end
    auto w = Worker::attach(q->address().toStdString(), "w", &why);
    QVERIFY(w);
    WorkerTask task;
    QCOMPARE(w->take(&task, 1000), TakeResult::Task);
    QCOMPARE(task.id, quint64(3));
    QCOMPARE(QByteArray::fromStdString(task.payload), QByteArray("third"));
    const QVector<TaskEvent> events = q->drainEvents();
    int dead = 0;
    for (const TaskEvent &e : events) {
        if (e.kind == TaskEventKind::DeadLettered) {
            ++dead;
            QCOMPARE(e.text, QStringLiteral("corrupt payload length"));
        }
    }
    QCOMPARE(dead, 2);
    QCOMPARE(q->stats().deadLettered, quint64(2));
    QCOMPARE(q->checkInvariants(), QString());
}

void tst_QueueSegment::workerOfDeadOwnerGetsClosed()
{
    // The app is SIGKILLed: its segment stays, nobody will close it. A waiting worker
    // notices within a couple of seconds and gets "closed" instead of sleeping forever.
    int toParent[2], toChild[2];
    QCOMPARE(pipe(toParent), 0);
    QCOMPARE(pipe(toChild), 0);
    const pid_t child = fork();
    if (child == 0) {
        // Only our own ends stay open, so neither side can wait on a pipe it holds itself.
        ::close(toParent[0]);
        ::close(toChild[1]);
        QueueSegment::CreateOptions o;
        o.capacity = 8;
        o.maxPayload = 16;
        o.maxWorkers = 4;
        std::string error;
        auto s = QueueSegment::create(o, &error);
        if (!s)
            _exit(1); // the parent reads end-of-file
        (void)!write(toParent[1], s->name().data(), s->name().size());
        ::close(toParent[1]);
        char b;
        (void)!read(toChild[0], &b, 1); // a byte, or end-of-file when the parent is gone
        _exit(0); // dies without closing or removing the queue
    }
    ::close(toParent[1]);
    ::close(toChild[0]);
    std::string name;
    // Whatever happens below, the child ends (end-of-file on its pipe) and is reaped, and
    // the segment it left is removed.
    const auto cleanup = qScopeGuard([&] {
        ::close(toChild[1]);
        ::close(toParent[0]);
        int status = 0;
        waitpid(child, &status, 0);
        if (!name.empty())
            shm_unlink(name.c_str());
    });
    char buffer[256] = {};
    const ssize_t n = read(toParent[0], buffer, sizeof buffer - 1);
    QVERIFY2(n > 0, "the child could not create a queue");
    name.assign(buffer, size_t(n));
    std::string error;
    auto w = Worker::attach(name, "orphan", &error);
    QVERIFY2(w, error.c_str());
    (void)!write(toChild[1], "x", 1);
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QElapsedTimer t;
    t.start();
    WorkerTask task;
    QCOMPARE(w->take(&task, 10000), TakeResult::Closed);
    // Noticed by the worker's periodic check, well before its 10 s wait would end; the
    // bound is generous so that a loaded machine cannot fail it.
    QVERIFY2(t.elapsed() < 8000, qPrintable(QString::number(t.elapsed())));
    QVERIFY2(w->lastError().find("has exited") != std::string::npos, w->lastError().c_str());
}

void tst_QueueSegment::wakeAllWakesEverySleeper()
{
    // Closing the queue wakes every sleeping worker at once; a scan that moved its own
    // starting point as it woke skipped records, and those workers slept out their 1 s.
    QueueSegment::CreateOptions o;
    o.capacity = 8;
    o.maxPayload = 16;
    o.maxWorkers = 8;
    std::string error;
    auto s = QueueSegment::create(o, &error);
    QVERIFY2(s, error.c_str());
    const std::uint32_t n = 5;
    s->header()->workerHighWater.store(n);
    s->header()->sleepers.store(n);
    for (std::uint32_t i = 0; i < n; ++i)
        s->worker(i)->sleep.store(std::uint32_t(SleepState::Sleeping));
    s->wakeSleepers(QueueSegment::kWakeAll, 0);
    for (std::uint32_t i = 0; i < n; ++i)
        QCOMPARE(s->worker(i)->sleep.load(), std::uint32_t(SleepState::Woken));
    // A bounded wake from the middle wakes the next ones round, and says where to go on.
    for (std::uint32_t i = 0; i < n; ++i)
        s->worker(i)->sleep.store(std::uint32_t(SleepState::Sleeping));
    QCOMPARE(s->wakeSleepers(2, 3), 5u);
    QCOMPARE(s->worker(3)->sleep.load(), std::uint32_t(SleepState::Woken));
    QCOMPARE(s->worker(4)->sleep.load(), std::uint32_t(SleepState::Woken));
    QCOMPARE(s->worker(0)->sleep.load(), std::uint32_t(SleepState::Sleeping));
}

QTEST_GUILESS_MAIN(tst_QueueSegment)
#include "tst_queuesegment.moc"
