#include "queuetypes.h"

#include <QCoreApplication>

namespace herd {

QString enqueueResultName(EnqueueResult result)
{
    switch (result) {
    case EnqueueResult::Ok:
        return QStringLiteral("ok");
    case EnqueueResult::Full:
        return QStringLiteral("full");
    case EnqueueResult::TooLarge:
        return QStringLiteral("too-large");
    case EnqueueResult::Busy:
        return QStringLiteral("busy");
    case EnqueueResult::Closed:
        return QStringLiteral("closed");
    }
    return QStringLiteral("unknown");
}

QString enqueueResultMessage(EnqueueResult result)
{
    switch (result) {
    case EnqueueResult::Ok:
        return QCoreApplication::translate("herd", "task queued");
    case EnqueueResult::Full:
        return QCoreApplication::translate("herd", "the task queue is full; try again once workers "
                                                   "have taken some tasks");
    case EnqueueResult::TooLarge:
        return QCoreApplication::translate("herd", "the task is larger than the queue's maximum "
                                                   "payload");
    case EnqueueResult::Busy:
        return QCoreApplication::translate("herd", "the task queue is busy (its lock is held by "
                                                   "another process); try again");
    case EnqueueResult::Closed:
        return QCoreApplication::translate("herd", "the task queue is closed");
    }
    return {};
}

QString taskEventKindName(TaskEventKind kind)
{
    switch (kind) {
    case TaskEventKind::Enqueued:
        return QStringLiteral("enqueued");
    case TaskEventKind::Taken:
        return QStringLiteral("taken");
    case TaskEventKind::Done:
        return QStringLiteral("done");
    case TaskEventKind::Failed:
        return QStringLiteral("failed");
    case TaskEventKind::Requeued:
        return QStringLiteral("requeued");
    case TaskEventKind::DeadLettered:
        return QStringLiteral("dead-lettered");
    }
    return QStringLiteral("unknown");
}

} // namespace herd
