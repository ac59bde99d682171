#include "runoutputs.h"

#include "queue/taskledger.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QPair>
#include <QSaveFile>
#include <QVector>

#include <sys/stat.h>

namespace herd {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("herd::HeadlessRunner", text);
}

// A file as the kernel knows it, so "r.csv" and "./r.csv" (or a hard link) are one file.
struct FileIdentity {
    bool exists = false;
    bool device = false;
    dev_t dev = 0;
    ino_t ino = 0;
    QString path;
    bool operator==(const FileIdentity &o) const
    {
        if (exists && o.exists)
            return dev == o.dev && ino == o.ino;
        return path == o.path;
    }
};

FileIdentity identify(const QString &path)
{
    FileIdentity id;
    id.path = QFileInfo(path).absoluteFilePath();
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) == 0) {
        id.exists = true;
        id.device = S_ISCHR(st.st_mode);
        id.dev = st.st_dev;
        id.ino = st.st_ino;
    }
    return id;
}
} // namespace

Result<void> checkRunOutputs(const QString &eventsPath, const QString &reportPath, const QStringList &inputs)
{
    QVector<QPair<QString, QString>> outputs; // what, path
    if (!eventsPath.isEmpty() && eventsPath != QLatin1String("-"))
        outputs << qMakePair(tr("events"), eventsPath);
    if (!reportPath.isEmpty())
        outputs << qMakePair(tr("report"), reportPath);

    for (int i = 0; i < outputs.size(); ++i) {
        const QString &what = outputs.at(i).first;
        const QString &path = outputs.at(i).second;
        const QFileInfo info(path);
        if (info.exists()) {
            if (info.isDir())
                return Result<void>::failure(tr("cannot write the %1 to %2: it is a folder").arg(what, path));
            if (!info.isWritable())
                return Result<void>::failure(tr("cannot write the %1 to %2: permission denied").arg(what, path));
            if (what == tr("report") && !info.isFile() && !identify(path).device)
                return Result<void>::failure(tr("cannot write the report to %1: it is neither a file nor a device").arg(path));
        } else {
            const QFileInfo dir(info.absolutePath());
            if (!dir.exists())
                return Result<void>::failure(tr("cannot write the %1 to %2: the folder %3 does not exist").arg(what, path, dir.filePath()));
            if (!dir.isDir())
                return Result<void>::failure(tr("cannot write the %1 to %2: %3 is not a folder").arg(what, path, dir.filePath()));
            if (!dir.isWritable())
                return Result<void>::failure(tr("cannot write the %1 to %2: the folder %3 is not writable").arg(what, path, dir.filePath()));
        }
        const FileIdentity id = identify(path);
        if (id.device)
            continue; // /dev/null may well take both
        for (int j = i + 1; j < outputs.size(); ++j)
            if (identify(outputs.at(j).second) == id)
                return Result<void>::failure(tr("the %1 and the %2 cannot go to the same file %3").arg(what, outputs.at(j).first, path));
        for (const QString &input : std::as_const(inputs))
            if (identify(input) == id)
                return Result<void>::failure(tr("the %1 would overwrite %2, which Herd reads").arg(what, input));
    }
    return Result<void>::success();
}

Result<void> writeLedgerReport(const TaskLedger *ledger, const QString &path)
{
    if (identify(path).device) {
        // /dev/null, /dev/full: written in place, and a failed write is an error.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return Result<void>::failure(tr("cannot write %1: %2").arg(path, file.errorString()));
        if (const Result<void> written = ledger->writeCsv(&file); !written.ok())
            return Result<void>::failure(tr("cannot write %1: %2").arg(path, written.error));
        if (!file.flush() || file.error() != QFileDevice::NoError)
            return Result<void>::failure(tr("cannot write %1: %2").arg(path, file.errorString()));
        return Result<void>::success();
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Result<void>::failure(tr("cannot write %1: %2").arg(path, file.errorString()));
    if (const Result<void> written = ledger->writeCsv(&file); !written.ok()) {
        file.cancelWriting();
        return Result<void>::failure(tr("cannot write %1: %2").arg(path, written.error));
    }
    if (!file.commit())
        return Result<void>::failure(tr("cannot write %1: %2").arg(path, file.errorString()));
    return Result<void>::success();
}

} // namespace herd
