#include "displaytick.h"

#include <QScopedValueRollback>
#include <QTimer>

namespace herd {

DisplayTick::DisplayTick(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
    , m_soon(new QTimer(this))
{
    m_timer->setInterval(250);
    connect(m_timer, &QTimer::timeout, this, &DisplayTick::tickNow);
    m_soon->setSingleShot(true);
    m_soon->setInterval(16);
    connect(m_soon, &QTimer::timeout, this, &DisplayTick::tickNow);
}

DisplayTick::~DisplayTick() = default;

void DisplayTick::setInterval(int ms)
{
    m_timer->setInterval(qBound(16, ms, 60 * 1000));
}

int DisplayTick::interval() const
{
    return m_timer->interval();
}

void DisplayTick::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (paused) {
        m_timer->stop();
        m_soon->stop();
    } else if (m_running) {
        m_timer->start();
        tickNow();
    }
}

void DisplayTick::start()
{
    m_running = true;
    if (!m_paused && !m_timer->isActive())
        m_timer->start();
}

void DisplayTick::stop()
{
    m_running = false;
    m_timer->stop();
    m_soon->stop();
}

bool DisplayTick::isActive() const
{
    return m_running && !m_paused;
}

void DisplayTick::soon()
{
    if (!m_paused && !m_soon->isActive())
        m_soon->start();
}

void DisplayTick::tickNow()
{
    m_soon->stop();
    ++m_count;
    {
        const QScopedValueRollback<bool> ticking(m_ticking, true);
        emit tick();
    }
    emit shown();
}

} // namespace herd
