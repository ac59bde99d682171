#pragma once

#include <Qt>

namespace herd {

// The item-data roles of Herd's models, in one place: a delegate or proxy that reads a role
// works on every model that provides it (the badge delegate paints the process table's
// and the task table's State column alike), and no two meanings share a number.
namespace ItemRole {
enum : int {
    UnderlyingData = Qt::UserRole + 1, // the raw value for sorting (numbers, not text)
    ProcessId,                         // quint64: the row's process
    BadgeTone,                         // int(BadgeTone) of a State column
    Alive,                             // bool: starting, running or stopping
    Problem,                           // bool: ended in a way worth a look
    WorkerName,                        // QString: the last worker that took the task
    TaskState,                         // int(TaskLedger::State)
    Daemon,                            // bool: a daemon process (dies with Herd)
    Remote,                            // bool: a worker that joined the queue by itself
};
} // namespace ItemRole

} // namespace herd
