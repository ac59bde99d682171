#include "launchplan.h"

#include "session.h"
#include "tasksource.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace herd {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("herd::LaunchPlan", text);
}
} // namespace

QStringList LaunchPlan::taskFiles() const
{
    QStringList files;
    for (const QString &file : document.tasks.files)
        files << resolveSessionPath(directory, file);
    return files;
}

QStringList LaunchPlan::inputs() const
{
    QStringList list;
    if (!sessionFile.isEmpty())
        list << sessionFile;
    for (const QString &file : taskFiles())
        if (file != QLatin1String("-"))
            list << file;
    return list;
}

SessionDocument documentFromOptions(const CommandLine &options)
{
    SessionDocument doc;
    for (const RunRequest &run : options.runs) {
        ProcessSpec spec;
        spec.name = run.name;
        spec.program = run.program;
        spec.arguments = run.arguments;
        spec.timeoutMs = options.timeoutMs;
        spec.graceMs = options.graceMs;
        spec.daemon = options.daemon;
        spec.restart.mode = options.restartSet ? options.restart : RestartPolicy::Mode::Never;
        doc.processes << spec;
    }
    if (options.workers > 0) {
        WorkerPoolSpec pool;
        pool.count = options.workers;
        pool.workMs = options.workMs;
        pool.exec = options.exec;
        pool.command = options.workerCommand;
        pool.graceMs = options.graceMs;
        if (options.restartSet)
            pool.restart.mode = options.restart;
        doc.pools << pool;
    }
    doc.tasks.count = options.tasks;
    if (!options.tasksFrom.isEmpty()) {
        doc.tasks.files << (options.tasksFrom == QLatin1String("-") ? options.tasksFrom
                                                                     : QFileInfo(options.tasksFrom).absoluteFilePath());
    }
    doc.maxAttempts = options.maxAttempts;
    doc.taskTimeoutMs = options.taskTimeoutMs;
    doc.queueUrl = options.queueUrl;
    doc.leaseMs = options.leaseMs;
    return doc;
}

Result<void> openQueue(Session *session, const SessionDocument &document)
{
    TaskQueue::Options options;
    options.maxAttempts = quint32(document.maxAttempts);
    if (document.queueUrl.isEmpty())
        return session->open(options);
    return session->openRedis(document.queueUrl, document.leaseMs, options);
}

Result<LaunchPlan> buildLaunchPlan(const CommandLine &options)
{
    using R = Result<LaunchPlan>;
    LaunchPlan plan;
    const SessionDocument fromOptions = documentFromOptions(options);
    if (options.sessionFile.isEmpty()) {
        plan.document = fromOptions;
        return R::success(std::move(plan));
    }
    const SessionFileResult file = readSessionFile(options.sessionFile);
    if (!file.ok())
        return R::failure(file.describe(options.sessionFile));
    plan.sessionFile = options.sessionFile;
    plan.directory = file.directory;
    SessionDocument &doc = plan.document;
    doc = file.document;
    doc.processes += fromOptions.processes;
    doc.pools += fromOptions.pools;
    doc.tasks.count += fromOptions.tasks.count;
    if (doc.tasks.count > kMaxSessionTasks)
        return R::failure(tr("%1 and --tasks together make %2 tasks, more than a session holds (%3)")
                              .arg(options.sessionFile)
                              .arg(doc.tasks.count)
                              .arg(kMaxSessionTasks));
    doc.tasks.files += fromOptions.tasks.files;
    if (options.maxAttemptsSet)
        doc.maxAttempts = options.maxAttempts;
    if (options.taskTimeoutSet)
        doc.taskTimeoutMs = options.taskTimeoutMs;
    if (!options.queueUrl.isEmpty())
        doc.queueUrl = options.queueUrl;
    if (options.leaseSet)
        doc.leaseMs = options.leaseMs;
    if (options.leaseSet && doc.queueUrl.isEmpty())
        return R::failure(tr("--lease is for a queue in Redis, and neither %1 nor --queue names one").arg(options.sessionFile));
    return R::success(std::move(plan));
}

} // namespace herd
