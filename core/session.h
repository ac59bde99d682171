#pragma once

#include "process/supervisor.h"

#include <QObject>

namespace herd {

// One Herd session: the supervisor of its processes and the task queue they drain. The
// window and the headless runner both drive a Session, so neither rewires the parts; a
// worker's death is turned into the recovery of its task here.
class Session final : public QObject
{
    Q_OBJECT

public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    Supervisor *supervisor() const { return m_supervisor; }

private:
    Supervisor *m_supervisor;
};

} // namespace herd
