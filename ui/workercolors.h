#pragma once

#include <QColor>
#include <QString>

namespace herd {

// One stable colour per worker, shared by the task table, the distribution bars and the
// timeline, so a worker is recognised at a glance everywhere. Worker-N takes the N-th
// colour of a qualitative palette (distinct hues of similar weight, readable as text and
// as fills on light and dark palettes); other names pick one by a hash of the name.
QColor workerColor(const QString &workerName);

} // namespace herd
