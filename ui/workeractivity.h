#pragma once

#include <QtGlobal>

namespace herd {

// What a worker process is doing with the task queue, as the queue reports it. The process
// table shows it in the state badge ("busy with task N", "idle") and the Tasks column.
struct WorkerActivity {
    bool known = false;      // false until the queue has reported on this worker
    qint64 currentTask = -1; // id of the task it holds; -1 when idle
    quint64 tasksDone = 0;
};

inline bool operator==(const WorkerActivity &a, const WorkerActivity &b)
{
    return a.known == b.known && a.currentTask == b.currentTask && a.tasksDone == b.tasksDone;
}
inline bool operator!=(const WorkerActivity &a, const WorkerActivity &b) { return !(a == b); }

} // namespace herd
