#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

class QSocketNotifier;

namespace herd {

// Bounds on tasks, so that an endless or huge source (/dev/zero, a 1 GB sparse file,
// --tasks 1000000000) is refused quickly with bounded memory instead of growing until
// the kernel kills Herd. The ledger keeps every task (about 40 bytes plus its payload).
constexpr qint64 kMaxSessionTasks = 10000000;            // tasks per session, from all sources
constexpr qint64 kMaxSourceLines = 1000000;              // tasks per file or stream
constexpr qint64 kMaxSourceBytes = 64 * 1024 * 1024;     // bytes per file or stream

// Cuts bytes into lines, one task each, and checks every line as it arrives: no longer
// than a task holds, no NUL byte, and the source within the bounds above. The first fault
// stops it: memory never holds more than one line beyond the lines already accepted.
class LineSplitter final
{
public:
    LineSplitter(const QString &sourceName, qint64 maxLineBytes);
    // Appends data; complete lines are appended to *out. False once a fault is found.
    bool feed(const char *data, qint64 size, QList<QByteArray> *out);
    // End of input: a last line without a newline is a line too.
    bool finish(QList<QByteArray> *out);
    QString error() const { return m_error; }
    qint64 lines() const { return m_lines; }

private:
    bool fail(const QString &message);
    bool addLine(QByteArray line, QList<QByteArray> *out);

    QString m_name;
    qint64 m_maxLine;
    QByteArray m_partial;
    qint64 m_lines = 0;
    qint64 m_bytes = 0;
    QString m_error;
};

// One task source: a file, a FIFO, a device or standard input ("-"), read line by line as
// data arrives, on the event loop and never blocking it: the file is opened non-blocking
// (a FIFO with no writer does not block in open()), and each wake-up reads a bounded amount.
class TaskSource final : public QObject
{
    Q_OBJECT

public:
    TaskSource(const QString &path, qint64 maxLineBytes, QObject *parent = nullptr);
    ~TaskSource() override;

    // Opens the source and starts reading, or says why it cannot be read.
    Result<void> start();
    QString path() const { return m_path; }
    bool isFinished() const { return m_finished; }
    QString error() const { return m_splitter.error(); }
    // The lines read since the last call.
    QList<QByteArray> takeLines();

    // A regular file read whole: its lines; or, for anything else (a FIFO, a device),
    // notRegular and nothing read.
    struct FileLines {
        QList<QByteArray> lines;
        bool notRegular = false;
    };
    // Reads a whole regular file now (bounded; refused at once when larger than the bound).
    static Result<FileLines> readRegularFile(const QString &path, qint64 maxLineBytes);

signals:
    // New lines can be taken.
    void linesRead();
    // The source ended (error "") or reading stopped at a fault (error says why, in words).
    void finished(const QString &error);

private:
    void onReadable();
    void stop(const QString &error);

    QString m_path;
    LineSplitter m_splitter;
    int m_fd = -1;
    bool m_ownsFd = false;
    bool m_finished = false;
    QSocketNotifier *m_notifier = nullptr;
    QList<QByteArray> m_lines;
};

// The name of a source in messages: "standard input" for "-".
QString taskSourceName(const QString &path);

} // namespace herd
