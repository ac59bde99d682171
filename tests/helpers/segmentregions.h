// The parts of a queue segment, by name, as byte ranges: where the hostile writers of the
// queue trust tests (herd-vandal, tst_queuetrust) aim. Plain C++ over the layout header.
#pragma once

#include "queuelayout.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace herd::test {

// [from, to) of the named region: header, lock, intent, counters, slots, ready, events,
// workers, or anything else for the whole control part (everything before the payloads).
inline std::pair<std::uint64_t, std::uint64_t> segmentRegion(const std::string &region, const QueueGeometry &g)
{
    const std::uint64_t lock = offsetof(QueueHeader, mutex);
    if (region == "header")
        return {0, lock};
    if (region == "lock")
        return {lock, lock + sizeof(pthread_mutex_t) + 16};
    if (region == "intent")
        return {offsetof(QueueHeader, readyHead), offsetof(QueueHeader, recoveries)};
    if (region == "counters")
        return {offsetof(QueueHeader, recoveries), sizeof(QueueHeader)};
    if (region == "slots")
        return {g.slotsOffset, g.readyOffset};
    if (region == "ready")
        return {g.readyOffset, g.eventsOffset};
    if (region == "events")
        return {g.eventsOffset, g.workersOffset};
    if (region == "workers")
        return {g.workersOffset, g.arenaOffset};
    return {0, g.controlSize};
}

} // namespace herd::test
