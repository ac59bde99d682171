#pragma once

#include <QString>
#include <QStringList>

namespace herd {

class TaskLedger;

// Where a run's event stream and report go, checked before anything starts (in both
// modes): an existing folder, writable, not the same file twice, not over a file Herd
// reads (inputs). eventsPath "-" is standard output. Returns "" or the fault, in words.
QString checkRunOutputs(const QString &eventsPath, const QString &reportPath, const QStringList &inputs);

// The task ledger as CSV: a file is replaced whole (QSaveFile); a device (/dev/null,
// /dev/full) is written in place and a failed write is an error. Returns "" or why not.
QString writeLedgerReport(const TaskLedger *ledger, const QString &path);

} // namespace herd
