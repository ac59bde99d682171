#include "process/childsetup.h"
#include "process/managedprocess.h"
#include "process/supervisor.h"
#include "testsupport.h"

#include <QtTest>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace herd;
using namespace herd::test;

class tst_ChildSetup final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void ownProcessGroup();
    void signalStateAndDescriptorsReset();
    void fileLimitRaisedForHerdOnly();
    void parentGoneFailsSetup();
    void setupFailureIsReported();

private:
    rlimit m_startLimit = {};
};

void tst_ChildSetup::initTestCase()
{
    QVERIFY2(QFileInfo(testChild()).isExecutable(), "HERD_TESTCHILD must name the helper program");
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &m_startLimit), 0);
}

void tst_ChildSetup::ownProcessGroup()
{
    Supervisor sup;
    const Result<ManagedProcess *> spawned = sup.spawn(childSpec({"pgid"}));
    QVERIFY(spawned.ok());
    ManagedProcess *p = spawned.value;
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 10000);
    QCOMPARE(outputTexts(p), QStringList{QStringLiteral("pid %1 pgid %1").arg(p->pid())});
}

void tst_ChildSetup::signalStateAndDescriptorsReset()
{
    // Herd itself may run with signals ignored or blocked (nohup, a parent's mask) and
    // with descriptors open without close-on-exec; none of it may reach the program.
    struct sigaction oldHup, oldTerm, ignore;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGHUP, &ignore, &oldHup);
    sigaction(SIGTERM, &ignore, &oldTerm);
    sigset_t block, oldMask;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGINT);
    pthread_sigmask(SIG_BLOCK, &block, &oldMask);
    const int leaked = ::open("/dev/null", O_RDONLY); // no O_CLOEXEC on purpose
    QVERIFY(leaked >= 3);

    Supervisor sup;
    const Result<ManagedProcess *> spawned = sup.spawn(childSpec({"signal-state"}));

    ::close(leaked);
    pthread_sigmask(SIG_SETMASK, &oldMask, nullptr);
    sigaction(SIGHUP, &oldHup, nullptr);
    sigaction(SIGTERM, &oldTerm, nullptr);

    QVERIFY(spawned.ok());
    ManagedProcess *p = spawned.value;
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 10000);
    QCOMPARE(outputTexts(p), (QStringList{"blocked 0 ignored 0", "fds 0"}));
}

void tst_ChildSetup::fileLimitRaisedForHerdOnly()
{
    // Herd raises its own soft limit (thousands of children need descriptors); the
    // programs it starts get the limit Herd was started with.
    const QString sh = QStandardPaths::findExecutable(QStringLiteral("sh"));
    if (sh.isEmpty())
        QSKIP("no sh in PATH");
    Supervisor sup;
    rlimit now;
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &now), 0);
    QCOMPARE(now.rlim_cur, now.rlim_max);
    ProcessSpec spec;
    spec.program = sh;
    spec.arguments = QStringList{"-c", "ulimit -n"};
    const Result<ManagedProcess *> spawned = sup.spawn(spec);
    QVERIFY(spawned.ok());
    QTRY_VERIFY_WITH_TIMEOUT(!spawned.value->isAlive(), 10000);
    const QString expected = m_startLimit.rlim_cur == RLIM_INFINITY ? QStringLiteral("unlimited")
                                                                    : QString::number(m_startLimit.rlim_cur);
    QCOMPARE(outputTexts(spawned.value), QStringList{expected});
}

void tst_ChildSetup::parentGoneFailsSetup()
{
    // Run the setup in a forked child that is told another parent pid, as if Herd had
    // died before the child could ask for its death signal: it must exit with the
    // reserved code and say why on stderr.
    int errPipe[2];
    QCOMPARE(::pipe2(errPipe, O_CLOEXEC), 0);
    ChildSetupParams params = ChildSetup::currentParams();
    params.parentPid = params.parentPid + 1;
    const pid_t pid = ::fork();
    QVERIFY(pid >= 0);
    if (pid == 0) {
        ::dup2(errPipe[1], STDERR_FILENO);
        ChildSetup::run(params);
        _exit(0); // not reached
    }
    ::close(errPipe[1]);
    QByteArray text;
    char buffer[256];
    ssize_t n;
    while ((n = ::read(errPipe[0], buffer, sizeof buffer)) > 0)
        text.append(buffer, n);
    ::close(errPipe[0]);
    int status = 0;
    QCOMPARE(::waitpid(pid, &status, 0), pid);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), kSetupFailedExitCode);
    QVERIFY2(text.startsWith(kSetupFailedPrefix), text.constData());
    QVERIFY(text.endsWith('\n'));
}

void tst_ChildSetup::setupFailureIsReported()
{
    // On Qt 6.4 a failed setup looks like started() + finished(113): the reserved code
    // together with the setup's line on stderr is reported as a failure to start.
    Supervisor sup;
    const Result<ManagedProcess *> spawned = sup.spawn(childSpec({"fake-setup-failure"}));
    QVERIFY(spawned.ok());
    ManagedProcess *p = spawned.value;
    QTRY_VERIFY_WITH_TIMEOUT(!p->isAlive(), 10000);
    const ProcessResult r = p->result();
    QCOMPARE(r.state, ProcessState::FailedToStart);
    QCOMPARE(r.reason, EndReason::FailedToStart);
    QVERIFY(r.setupFailed);
    QCOMPARE(r.exitCode, kSetupFailedExitCode);
    QCOMPARE(r.message, QStringLiteral("failed to start: setup failed: pretend (errno 1)"));
}

QTEST_GUILESS_MAIN(tst_ChildSetup)
#include "tst_childsetup.moc"
