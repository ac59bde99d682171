#include "session.h"

namespace herd {

Session::Session(QObject *parent)
    : QObject(parent)
    , m_supervisor(new Supervisor(this))
{
}

Session::~Session() = default;

} // namespace herd
