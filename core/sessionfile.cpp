#include "sessionfile.h"

#include "durations.h"
#include "shellwords.h"
#include "tasksource.h"

#include <QCoreApplication>
#include <QFile>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>

namespace herd {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("herd", text);
}

// A message quotes what the file says: a 10 MB line or an escape sequence must not reach
// the terminal as it is. Control characters are shown as \xNN and long text is clipped.
QString clipped(const QString &text)
{
    constexpr int kMaxQuoted = 300;
    QString out;
    for (const QChar c : text) {
        if (out.size() >= kMaxQuoted) {
            out += QStringLiteral("… (%1 characters)").arg(text.size());
            break;
        }
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

enum class Section {
    None,
    Queue,
    Process,
    Workers,
    Tasks,
};

const QStringList kProcessKeys = {QStringLiteral("command"), QStringLiteral("directory"), QStringLiteral("env"), QStringLiteral("timeout"), QStringLiteral("grace"), QStringLiteral("daemon"), QStringLiteral("restart"),
                                  QStringLiteral("max-restarts"), QStringLiteral("restart-window"), QStringLiteral("backoff"), QStringLiteral("max-backoff")};
const QStringList kWorkerKeys = {QStringLiteral("count"), QStringLiteral("work-ms"), QStringLiteral("exec"), QStringLiteral("command"), QStringLiteral("timeout"), QStringLiteral("grace"), QStringLiteral("restart"),
                                 QStringLiteral("max-restarts"), QStringLiteral("restart-window"), QStringLiteral("backoff"), QStringLiteral("max-backoff")};
const QStringList kTaskKeys = {QStringLiteral("count"), QStringLiteral("file"), QStringLiteral("task")};
const QStringList kQueueKeys = {QStringLiteral("max-attempts"), QStringLiteral("task-timeout"), QStringLiteral("queue"),
                                QStringLiteral("lease")};

// Levenshtein distance, for "did you mean" on a misspelt key.
int distance(const QString &a, const QString &b)
{
    QVector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (int j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

QString suggestion(const QString &key, const QStringList &known)
{
    QString best;
    int bestDistance = 3;
    for (const QString &k : known) {
        const int d = distance(key, k);
        if (d < bestDistance) {
            bestDistance = d;
            best = k;
        }
    }
    return best.isEmpty() ? QString() : tr(" (did you mean \"%1\"?)").arg(best);
}

bool parseBool(const QString &v, bool *out)
{
    const QString s = v.toLower();
    if (s == QLatin1String("yes") || s == QLatin1String("true") || s == QLatin1String("on") || s == QLatin1String("1")) {
        *out = true;
        return true;
    }
    if (s == QLatin1String("no") || s == QLatin1String("false") || s == QLatin1String("off") || s == QLatin1String("0")) {
        *out = false;
        return true;
    }
    return false;
}

class Reader
{
public:
    SessionFileResult result;

    // lupdate files the strings of this class under "herd::Reader".
    static QString tr(const char *text) { return QCoreApplication::translate("herd::Reader", text); }

    bool fail(int line, const QString &key, const QString &error)
    {
        if (result.error.isEmpty()) {
            result.line = line;
            result.key = clipped(key);
            result.error = clipped(error);
        }
        return false;
    }

    bool run(const QString &text)
    {
        const QStringList lines = text.split(QLatin1Char('\n'));
        for (int i = 0; i < lines.size(); ++i) {
            if (!line(i + 1, lines.at(i)))
                return false;
        }
        return finishSection();
    }

private:
    Section m_section = Section::None;
    QString m_sectionLabel;
    int m_sectionLine = 0;
    QSet<QString> m_seenKeys;
    QSet<QString> m_names;
    bool m_hasCommand = false;
    bool m_seenQueue = false;
    bool m_seenTasks = false;

    bool line(int n, QString text)
    {
        if (text.endsWith(QLatin1Char('\r')))
            text.chop(1);
        const QString t = text.trimmed();
        if (t.isEmpty() || t.startsWith(QLatin1Char('#')) || t.startsWith(QLatin1Char(';')))
            return true;
        if (t.startsWith(QLatin1Char('[')))
            return header(n, t);
        const int eq = t.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return fail(n, {}, tr("expected \"key = value\" or a [section], not \"%1\"").arg(t));
        const QString key = t.left(eq).trimmed();
        const QString value = t.mid(eq + 1).trimmed();
        if (m_section == Section::None)
            return fail(n, key, tr("\"%1\" comes before any [section]").arg(key));
        return entry(n, key, value);
    }

    bool finishSection()
    {
        if (m_section == Section::Process && !m_hasCommand)
            return fail(m_sectionLine, m_sectionLabel, tr("%1 has no command").arg(m_sectionLabel));
        if (m_section == Section::Workers && result.document.pools.last().count < 1)
            return fail(m_sectionLine, m_sectionLabel, tr("[workers] needs count = N (at least 1)"));
        return true;
    }

    bool header(int n, const QString &t)
    {
        if (!finishSection())
            return false;
        if (!t.endsWith(QLatin1Char(']')))
            return fail(n, {}, tr("a section header must end with ]"));
        const QString inner = t.mid(1, t.size() - 2).trimmed();
        const QString kind = inner.section(QLatin1Char(' '), 0, 0);
        const QString name = inner.section(QLatin1Char(' '), 1).trimmed();
        m_seenKeys.clear();
        m_sectionLine = n;
        m_sectionLabel = QStringLiteral("[%1]").arg(inner);
        m_hasCommand = false;
        static const QStringList kinds = {QStringLiteral("process"), QStringLiteral("workers"), QStringLiteral("tasks"), QStringLiteral("queue")};
        if (!kinds.contains(kind))
            return fail(n, m_sectionLabel,
                        tr("unknown section %1: expected [process NAME], [workers], [tasks] or [queue]").arg(m_sectionLabel));
        if (kind == QLatin1String("process")) {
            m_section = Section::Process;
            ProcessSpec spec;
            spec.name = name;
            if (!name.isEmpty()) {
                if (m_names.contains(name))
                    return fail(n, m_sectionLabel, tr("the name \"%1\" is used twice; names are unique").arg(name));
                m_names.insert(name);
            }
            result.document.processes << spec;
            return true;
        }
        if (!name.isEmpty())
            return fail(n, m_sectionLabel, tr("[%1] takes no name").arg(kind));
        if (kind == QLatin1String("workers")) {
            m_section = Section::Workers;
            result.document.pools << WorkerPoolSpec{};
            return true;
        }
        if (kind == QLatin1String("tasks")) {
            if (m_seenTasks)
                return fail(n, m_sectionLabel, tr("[tasks] appears twice"));
            m_seenTasks = true;
            m_section = Section::Tasks;
            return true;
        }
        if (m_seenQueue)
            return fail(n, m_sectionLabel, tr("[queue] appears twice"));
        m_seenQueue = true;
        m_section = Section::Queue;
        return true;
    }

    bool duration(int n, const QString &key, const QString &value, qint64 *out)
    {
        const Result<qint64> ms = parseDuration(value, kMaxTimeoutMs, key);
        if (!ms.ok())
            return fail(n, key, ms.error);
        *out = ms.value;
        return true;
    }

    bool number(int n, const QString &key, const QString &value, qint64 min, qint64 max, qint64 *out)
    {
        bool ok = false;
        const qint64 v = value.toLongLong(&ok);
        if (!ok || v < min || v > max)
            return fail(n, key, tr("%1 takes a whole number from %2 to %3, not \"%4\"").arg(key).arg(min).arg(max).arg(value));
        *out = v;
        return true;
    }

    bool restartKey(int n, const QString &key, const QString &value, RestartPolicy *policy)
    {
        qint64 v = 0;
        if (key == QLatin1String("restart")) {
            if (!parseRestartMode(value, &policy->mode))
                return fail(n, key, tr("restart is never, on-failure or always, not \"%1\"").arg(value));
            return true;
        }
        if (key == QLatin1String("max-restarts")) {
            if (!number(n, key, value, 0, 1000000, &v))
                return false;
            policy->maxRestarts = int(v);
            return true;
        }
        if (key == QLatin1String("restart-window"))
            return duration(n, key, value, &policy->windowMs);
        if (key == QLatin1String("backoff"))
            return duration(n, key, value, &policy->backoffMs);
        if (key == QLatin1String("max-backoff"))
            return duration(n, key, value, &policy->maxBackoffMs);
        return false;
    }

    bool entry(int n, const QString &key, const QString &value)
    {
        const QStringList &known = m_section == Section::Process ? kProcessKeys
            : m_section == Section::Workers                     ? kWorkerKeys
            : m_section == Section::Tasks                       ? kTaskKeys
                                                                : kQueueKeys;
        if (!known.contains(key))
            return fail(n, key, tr("unknown key \"%1\" in %2%3").arg(key, m_sectionLabel, suggestion(key, known)));
        const bool repeatable = key == QLatin1String("env") || key == QLatin1String("task")
            || (m_section == Section::Tasks && key == QLatin1String("file"));
        if (!repeatable && m_seenKeys.contains(key))
            return fail(n, key, tr("\"%1\" is given twice in %2").arg(key, m_sectionLabel));
        m_seenKeys.insert(key);

        SessionDocument &doc = result.document;
        qint64 v = 0;
        switch (m_section) {
        case Section::Process: {
            ProcessSpec &spec = doc.processes.last();
            if (key == QLatin1String("command")) {
                const Result<QStringList> words = splitShellWords(value);
                if (!words.ok())
                    return fail(n, key, words.error);
                if (words.value.isEmpty())
                    return fail(n, key, tr("command is empty"));
                spec.program = words.value.first();
                spec.arguments = words.value.mid(1);
                m_hasCommand = true;
                return true;
            }
            if (key == QLatin1String("directory")) {
                spec.workingDirectory = value;
                return true;
            }
            if (key == QLatin1String("env")) {
                if (value.indexOf(QLatin1Char('=')) <= 0)
                    return fail(n, key, tr("env takes KEY=VALUE, not \"%1\"").arg(value));
                spec.environment << value;
                return true;
            }
            if (key == QLatin1String("timeout"))
                return duration(n, key, value, &spec.timeoutMs);
            if (key == QLatin1String("grace"))
                return duration(n, key, value, &spec.graceMs);
            if (key == QLatin1String("daemon")) {
                if (!parseBool(value, &spec.daemon))
                    return fail(n, key, tr("daemon is yes or no, not \"%1\"").arg(value));
                return true;
            }
            return restartKey(n, key, value, &spec.restart);
        }
        case Section::Workers: {
            WorkerPoolSpec &pool = doc.pools.last();
            if (key == QLatin1String("count")) {
                if (!number(n, key, value, 1, 4096, &v))
                    return false;
                pool.count = int(v);
                return true;
            }
            if (key == QLatin1String("command")) {
                if (pool.workMs > 0 || !pool.exec.isEmpty())
                    return fail(n, key, tr("command names the worker program; work-ms and exec are "
                                           "for the stock worker: give its own options in the command"));
                const Result<QStringList> words = splitShellWords(value);
                if (!words.ok())
                    return fail(n, key, words.error);
                if (words.value.isEmpty())
                    return fail(n, key, tr("command is empty"));
                pool.command = value;
                return true;
            }
            if (!pool.command.isEmpty() && (key == QLatin1String("work-ms") || key == QLatin1String("exec")))
                return fail(n, key, tr("command names the worker program; work-ms and exec are "
                                       "for the stock worker: give its own options in the command"));
            if (key == QLatin1String("work-ms")) {
                if (!pool.exec.isEmpty())
                    return fail(n, key, tr("work-ms and exec cannot be combined"));
                return number(n, key, value, 0, kMaxTimeoutMs, &pool.workMs);
            }
            if (key == QLatin1String("exec")) {
                if (pool.workMs > 0)
                    return fail(n, key, tr("work-ms and exec cannot be combined"));
                const Result<QStringList> words = splitShellWords(value);
                if (!words.ok())
                    return fail(n, key, words.error);
                if (words.value.isEmpty())
                    return fail(n, key, tr("exec is empty"));
                pool.exec = value;
                return true;
            }
            if (key == QLatin1String("timeout"))
                return duration(n, key, value, &pool.timeoutMs);
            if (key == QLatin1String("grace"))
                return duration(n, key, value, &pool.graceMs);
            return restartKey(n, key, value, &pool.restart);
        }
        case Section::Tasks:
            if (key == QLatin1String("count"))
                return number(n, key, value, 0, kMaxSessionTasks, &doc.tasks.count);
            if (key == QLatin1String("file")) {
                if (value.isEmpty())
                    return fail(n, key, tr("file is empty"));
                doc.tasks.files << value;
                return true;
            }
            doc.tasks.payloads << value;
            return true;
        case Section::Queue:
            if (key == QLatin1String("max-attempts")) {
                if (!number(n, key, value, 1, 1000, &v))
                    return false;
                doc.maxAttempts = int(v);
                return true;
            }
            if (key == QLatin1String("queue")) {
                if (!value.startsWith(QLatin1String("redis://")) && !value.startsWith(QLatin1String("rediss://"))
                    && !value.startsWith(QLatin1String("redis+unix://")))
                    return fail(n, key, tr("queue takes a Redis address, redis://HOST:PORT/NAME or "
                                           "redis+unix:///PATH/TO/SOCKET/NAME"));
                doc.queueUrl = value;
                return true;
            }
            if (key == QLatin1String("lease")) {
                if (!duration(n, key, value, &doc.leaseMs))
                    return false;
                if (doc.leaseMs < 100)
                    return fail(n, key, tr("lease must be at least 0.1 seconds"));
                return true;
            }
            return duration(n, key, value, &doc.taskTimeoutMs);
        case Section::None:
            break;
        }
        return false;
    }
};

void writeRestart(QString &out, const RestartPolicy &policy, const RestartPolicy &defaults = {})
{
    if (policy.mode != defaults.mode)
        out += QStringLiteral("restart = %1\n").arg(restartModeName(policy.mode));
    if (policy.maxRestarts != defaults.maxRestarts)
        out += QStringLiteral("max-restarts = %1\n").arg(policy.maxRestarts);
    if (policy.windowMs != defaults.windowMs)
        out += QStringLiteral("restart-window = %1\n").arg(formatSeconds(policy.windowMs));
    if (policy.backoffMs != defaults.backoffMs)
        out += QStringLiteral("backoff = %1\n").arg(formatSeconds(policy.backoffMs));
    if (policy.maxBackoffMs != defaults.maxBackoffMs)
        out += QStringLiteral("max-backoff = %1\n").arg(formatSeconds(policy.maxBackoffMs));
}

} // namespace

bool operator==(const ProcessSpec &a, const ProcessSpec &b)
{
    return a.name == b.name && a.program == b.program && a.arguments == b.arguments
        && a.workingDirectory == b.workingDirectory && a.environment == b.environment
        && a.timeoutMs == b.timeoutMs && a.graceMs == b.graceMs && a.daemon == b.daemon && a.kind == b.kind
        && a.restart == b.restart;
}

bool operator==(const SessionDocument &a, const SessionDocument &b)
{
    return a.processes == b.processes && a.pools == b.pools && a.tasks == b.tasks
        && a.maxAttempts == b.maxAttempts && a.taskTimeoutMs == b.taskTimeoutMs && a.queueUrl == b.queueUrl
        && a.leaseMs == b.leaseMs;
}

QString SessionFileResult::describe(const QString &fileName) const
{
    if (ok())
        return {};
    QString where = fileName;
    if (line > 0)
        where += QStringLiteral(":%1").arg(line);
    return QStringLiteral("%1: %2").arg(where, error);
}

SessionFileResult parseSessionFile(const QString &text)
{
    Reader reader;
    reader.run(text);
    if (!reader.result.ok())
        reader.result.document = SessionDocument{};
    return reader.result;
}

SessionFileResult readSessionFile(const QString &path)
{
    // Only a regular file: a FIFO would block open() until a writer comes, and nothing could
    // interrupt it (signals are handled on the event loop, which runs after this).
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        SessionFileResult r;
        r.error = info.isDir() ? tr("cannot read the session file: it is a folder")
                               : tr("cannot read the session file: it is not a regular file");
        return r;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        SessionFileResult r;
        r.error = tr("cannot read the session file: %1").arg(file.errorString());
        return r;
    }
    const QByteArray bytes = file.read(16 * 1024 * 1024 + 1);
    if (bytes.size() > 16 * 1024 * 1024) {
        SessionFileResult r;
        r.error = tr("the session file is larger than 16 MiB");
        return r;
    }
    if (bytes.contains('\0')) {
        SessionFileResult r;
        r.error = tr("this is not a session file (it holds binary data)");
        return r;
    }
    SessionFileResult r = parseSessionFile(QString::fromUtf8(bytes));
    r.directory = QFileInfo(path).absolutePath();
    return r;
}

QString resolveSessionPath(const QString &directory, const QString &path)
{
    if (path.isEmpty() || path == QLatin1String("-") || QFileInfo(path).isAbsolute() || directory.isEmpty())
        return path;
    return QDir(directory).filePath(path);
}

QString formatSessionFile(const SessionDocument &doc)
{
    QString out = QStringLiteral("# Herd session\n");
    const SessionDocument defaults;
    if (doc.maxAttempts != defaults.maxAttempts || doc.taskTimeoutMs != defaults.taskTimeoutMs
        || doc.queueUrl != defaults.queueUrl || doc.leaseMs != defaults.leaseMs) {
        out += QStringLiteral("\n[queue]\n");
        if (!doc.queueUrl.isEmpty())
            out += QStringLiteral("queue = %1\n").arg(doc.queueUrl);
        if (doc.leaseMs != defaults.leaseMs)
            out += QStringLiteral("lease = %1\n").arg(formatSeconds(doc.leaseMs));
        if (doc.maxAttempts != defaults.maxAttempts)
            out += QStringLiteral("max-attempts = %1\n").arg(doc.maxAttempts);
        if (doc.taskTimeoutMs != defaults.taskTimeoutMs)
            out += QStringLiteral("task-timeout = %1\n").arg(formatSeconds(doc.taskTimeoutMs));
    }
    const ProcessSpec plain;
    for (const ProcessSpec &spec : doc.processes) {
        out += spec.name.isEmpty() ? QStringLiteral("\n[process]\n") : QStringLiteral("\n[process %1]\n").arg(spec.name);
        out += QStringLiteral("command = %1\n").arg(joinShellWords(QStringList{spec.program} + spec.arguments));
        if (!spec.workingDirectory.isEmpty())
            out += QStringLiteral("directory = %1\n").arg(spec.workingDirectory);
        for (const QString &kv : spec.environment)
            out += QStringLiteral("env = %1\n").arg(kv);
        if (spec.timeoutMs != plain.timeoutMs)
            out += QStringLiteral("timeout = %1\n").arg(formatSeconds(spec.timeoutMs));
        if (spec.graceMs != plain.graceMs)
            out += QStringLiteral("grace = %1\n").arg(formatSeconds(spec.graceMs));
        if (spec.daemon)
            out += QStringLiteral("daemon = yes\n");
        writeRestart(out, spec.restart);
    }
    const WorkerPoolSpec pool0;
    for (const WorkerPoolSpec &pool : doc.pools) {
        out += QStringLiteral("\n[workers]\ncount = %1\n").arg(pool.count);
        if (pool.workMs != pool0.workMs)
            out += QStringLiteral("work-ms = %1\n").arg(pool.workMs);
        if (!pool.exec.isEmpty())
            out += QStringLiteral("exec = %1\n").arg(pool.exec);
        if (!pool.command.isEmpty())
            out += QStringLiteral("command = %1\n").arg(pool.command);
        if (pool.timeoutMs != pool0.timeoutMs)
            out += QStringLiteral("timeout = %1\n").arg(formatSeconds(pool.timeoutMs));
        if (pool.graceMs != pool0.graceMs)
            out += QStringLiteral("grace = %1\n").arg(formatSeconds(pool.graceMs));
        writeRestart(out, pool.restart, pool0.restart);
    }
    if (!doc.tasks.isEmpty()) {
        out += QStringLiteral("\n[tasks]\n");
        if (doc.tasks.count > 0)
            out += QStringLiteral("count = %1\n").arg(doc.tasks.count);
        for (const QString &file : doc.tasks.files)
            out += QStringLiteral("file = %1\n").arg(file);
        for (const QString &payload : doc.tasks.payloads)
            out += QStringLiteral("task = %1\n").arg(payload);
    }
    return out;
}

Result<void> writeSessionFile(const QString &path, const SessionDocument &document)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Result<void>::failure(tr("cannot write %1: %2").arg(path, file.errorString()));
    // A queue address with a password in it is a secret: the file is for its owner alone.
    if (document.queueUrl.contains(QLatin1Char('@')))
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(formatSessionFile(document).toUtf8());
    if (!file.commit())
        return Result<void>::failure(tr("cannot write %1: %2").arg(path, file.errorString()));
    return Result<void>::success();
}

} // namespace herd
