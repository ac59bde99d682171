#pragma once

// A redis-server of a test's own, for the tests of the queue in Redis Streams: on a free
// port of 127.0.0.1, without persistence, in a temporary folder; stopped with the object.

#include "redislink.h"

#include <QDeadlineTimer>
#include <QList>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>
#include <string>
#include <vector>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace herd::test {

// A port nobody listens on right now (the kernel's pick for a socket bound to port 0).
inline int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) != 0) {
        if (fd >= 0)
            ::close(fd);
        return 0;
    }
    ::close(fd);
    return ntohs(a.sin_port);
}

inline QString redisServerProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("redis-server"));
}

// A redis-server of the test's own: no persistence, in a temporary folder, on 127.0.0.1.
class RedisServer final
{
public:
    // persistent: an append-only file in the folder, so a restart keeps the data.
    explicit RedisServer(const QString &password = {}, bool persistent = false)
        : m_password(password)
        , m_persistent(persistent)
    {
    }
    ~RedisServer() { stop(); }
    // Listens on a Unix socket in its folder instead of a TCP port (call before start()).
    void useUnixSocket() { m_socket = m_dir.filePath(QStringLiteral("redis.sock")); }
    QString socketPath() const { return m_socket; }

    bool start()
    {
        if (m_port == 0 && m_socket.isEmpty())
            m_port = freePort();
        const std::string program = redisServerProgram().toStdString();
        if (program.empty())
            return false;
        std::vector<std::string> args{program, "--port", std::to_string(m_port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", m_persistent ? "yes" : "no", "--appendfsync", "always",
                                      "--dir", m_dir.path().toStdString()};
        if (!m_password.isEmpty())
            args.insert(args.end(), {"--requirepass", m_password.toStdString()});
        if (!m_socket.isEmpty())
            args.insert(args.end(), {"--unixsocket", m_socket.toStdString(), "--unixsocketperm", "700"});
        std::vector<char *> argv;
        for (std::string &a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        // fork + exec rather than QProcess: ThreadSanitizer follows a plain fork, and the
        // server dies with the test (PDEATHSIG) should the test itself die.
        const pid_t parent = ::getpid();
        m_pid = ::fork();
        if (m_pid == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent)
                ::_exit(127);
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 1);
            ::dup2(null, 2);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        if (m_pid < 0)
            return false;
        // Ready once it answers.
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            std::string e;
            if (redis::Context c = connect(); c) {
                if (redis::Reply r = redis::command(c.get(), {"PING"}, &e); r && redis::text(r.get()) == "PONG")
                    return true;
            }
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = 0;
                return false;
            }
            QThread::msleep(20);
        }
        return false;
    }
    void stop()
    {
        if (m_pid <= 0)
            return;
        ::kill(m_pid, SIGTERM);
        QDeadlineTimer deadline(5000);
        int status = 0;
        while (::waitpid(m_pid, &status, WNOHANG) == 0) {
            if (deadline.hasExpired()) {
                ::kill(m_pid, SIGKILL);
                ::waitpid(m_pid, &status, 0);
                break;
            }
            QThread::msleep(10);
        }
        m_pid = 0;
    }
    int port() const { return m_port; }
    QString url(const QString &stream) const
    {
        const QString auth = m_password.isEmpty() ? QString() : QStringLiteral(":%1@").arg(m_password);
        if (!m_socket.isEmpty())
            return QStringLiteral("redis+unix://") + auth + m_socket + QLatin1Char('/') + stream;
        return QStringLiteral("redis://") + auth + QStringLiteral("127.0.0.1:%1/%2").arg(m_port).arg(stream);
    }
    redis::Context connect() const
    {
        redis::Address a;
        a.host = "127.0.0.1";
        a.port = m_port;
        a.socket = m_socket.toStdString();
        a.password = m_password.toStdString();
        std::string e;
        return redis::connect(a, 1000, &e);
    }
    long long length(const QString &key) const
    {
        redis::Context c = connect();
        std::string e;
        redis::Reply r = c ? redis::command(c.get(), {"XLEN", key.toStdString()}, &e) : redis::Reply();
        return r ? redis::integer(r.get()) : -1;
    }

private:
    QTemporaryDir m_dir;
    pid_t m_pid = 0;
    QString m_password;
    bool m_persistent = false;
    int m_port = 0; // 0 with a Unix socket: no TCP at all
    QString m_socket;
};

// Workers started by hand, as on another machine: not Herd's children, given the queue's
// address in the environment and a name. Stopped (continued first, if stopped) and killed
// with the object or by stopAll().
class HandWorkers final
{
public:
    HandWorkers() = default;
    HandWorkers(const HandWorkers &) = delete;
    HandWorkers &operator=(const HandWorkers &) = delete;
    ~HandWorkers() { stopAll(); }

    // herd-worker (HERD_WORKER_BIN) --name NAME MORE..., or nullptr if it did not start.
    QProcess *start(const QString &url, const QString &name, const QStringList &more = {})
    {
        auto *p = new QProcess;
        m_processes << p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HERD_QUEUE"), url);
        p->setProcessEnvironment(env);
        p->setProgram(qEnvironmentVariable("HERD_WORKER_BIN"));
        p->setArguments(QStringList{QStringLiteral("--name"), name} + more);
        p->start();
        return p->waitForStarted(5000) ? p : nullptr;
    }

    void stopAll()
    {
        for (QProcess *p : std::as_const(m_processes)) {
            if (p->state() != QProcess::NotRunning) {
                ::kill(pid_t(p->processId()), SIGCONT);
                p->kill();
                p->waitForFinished(5000);
            }
            delete p;
        }
        m_processes.clear();
    }

private:
    QList<QProcess *> m_processes;
};

} // namespace herd::test
