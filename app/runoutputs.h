#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

namespace herd {

class TaskLedger;

// Where a run's event stream and report go, checked before anything starts (in both
// modes): an existing folder, writable, not the same file twice, not over a file Herd
// reads (inputs). eventsPath "-" is standard output. Fails with the fault, in words.
Result<void> checkRunOutputs(const QString &eventsPath, const QString &reportPath, const QStringList &inputs);

// The task ledger as CSV: a file is replaced whole (QSaveFile); a device (/dev/null,
// /dev/full) is written in place and a failed write is an error: it fails saying why.
Result<void> writeLedgerReport(const TaskLedger *ledger, const QString &path);

} // namespace herd
