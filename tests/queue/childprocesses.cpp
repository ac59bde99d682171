#include "childprocesses.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QThread>

#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

ChildProcesses::~ChildProcesses()
{
    killAll();
}

pid_t ChildProcesses::spawn(const QStringList &argv, const QStringList &env, const QString &stdoutPath,
                            const QString &stderrPath)
{
    std::vector<std::string> envStrings;
    for (char **e = environ; *e; ++e) {
        const char *eq = std::strchr(*e, '=');
        const QByteArray key = QByteArray(*e, eq ? int(eq - *e) : int(std::strlen(*e)));
        bool replaced = false;
        for (const QString &add : env)
            replaced = replaced || add.toUtf8().startsWith(key + '=');
        if (!replaced)
            envStrings.emplace_back(*e);
    }
    for (const QString &add : env)
        envStrings.push_back(add.toStdString());
    std::vector<std::string> argStrings;
    for (const QString &a : argv)
        argStrings.push_back(a.toStdString());
    std::vector<char *> envp, args;
    for (auto &s : envStrings)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    for (auto &s : argStrings)
        args.push_back(s.data());
    args.push_back(nullptr);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    const QByteArray out = stdoutPath.isEmpty() ? QByteArray("/dev/null") : stdoutPath.toLocal8Bit();
    const QByteArray err = stderrPath.isEmpty() ? QByteArray("/dev/null") : stderrPath.toLocal8Bit();
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out.constData(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err.constData(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    pid_t pid = 0;
    const int r = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (r != 0)
        return 0;
    m_alive.append(pid);
    return pid;
}

QString ChildProcesses::describe(int status)
{
    if (WIFSIGNALED(status)) {
        const char *abbrev = sigabbrev_np(WTERMSIG(status));
        return QStringLiteral("killed by SIG%1").arg(QString::fromLatin1(abbrev ? abbrev : "?"));
    }
    return QStringLiteral("exited with code %1").arg(WEXITSTATUS(status));
}

QVector<ChildProcesses::Ended> ChildProcesses::reap()
{
    QVector<Ended> ended;
    for (int i = m_alive.size() - 1; i >= 0; --i) {
        int status = 0;
        const pid_t r = waitpid(m_alive[i], &status, WNOHANG);
        if (r == m_alive[i]) {
            ended.append({r, status, describe(status)});
            m_alive.removeAt(i);
        }
    }
    return ended;
}

bool ChildProcesses::waitAll(int timeoutMs, QVector<Ended> *ended)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_alive.isEmpty() && !deadline.hasExpired()) {
        const QVector<Ended> e = reap();
        if (ended)
            ended->append(e);
        if (!m_alive.isEmpty())
            QThread::msleep(2);
    }
    return m_alive.isEmpty();
}

void ChildProcesses::killAll()
{
    for (pid_t pid : m_alive) {
        ::kill(pid, SIGKILL);
        ::kill(pid, SIGCONT);
    }
    for (pid_t pid : m_alive) {
        int status = 0;
        waitpid(pid, &status, 0);
    }
    m_alive.clear();
}
