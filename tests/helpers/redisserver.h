#pragma once

// A redis-server of a test's own, for the tests of the queue in Redis Streams: on a free
// port of 127.0.0.1, without persistence, in a temporary folder; stopped with the object.

#include "redislink.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QThread>

#include <netinet/in.h>
#include <sys/socket.h>
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

    bool start()
    {
        if (m_port == 0)
            m_port = freePort();
        QStringList args{QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"),
                         QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(),
                         QStringLiteral("--appendonly"), m_persistent ? QStringLiteral("yes") : QStringLiteral("no"),
                         QStringLiteral("--appendfsync"), QStringLiteral("always"), QStringLiteral("--dir"), m_dir.path()};
        if (!m_password.isEmpty())
            args << QStringLiteral("--requirepass") << m_password;
        m_process.setProgram(redisServerProgram());
        m_process.setArguments(args);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start();
        if (!m_process.waitForStarted(5000))
            return false;
        // Ready once it answers.
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            std::string e;
            if (redis::Context c = connect(); c) {
                if (redis::Reply r = redis::command(c.get(), {"PING"}, &e); r && redis::text(r.get()) == "PONG")
                    return true;
            }
            QThread::msleep(20);
        }
        return false;
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    int port() const { return m_port; }
    QString url(const QString &stream) const
    {
        const QString auth = m_password.isEmpty() ? QString() : QStringLiteral(":%1@").arg(m_password);
        return QStringLiteral("redis://") + auth + QStringLiteral("127.0.0.1:%1/%2").arg(m_port).arg(stream);
    }
    redis::Context connect() const
    {
        redis::Address a;
        a.host = "127.0.0.1";
        a.port = m_port;
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
    QProcess m_process;
    QString m_password;
    bool m_persistent = false;
    int m_port = 0;
};

} // namespace herd::test
