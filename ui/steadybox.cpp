#include "steadybox.h"

#include <QEvent>

namespace herd {

namespace {

// A steady size follows the wanted one when that is taller or shorter, wider, or narrower
// by more than a quarter (so a shorter text does not leave a wide gap for long).
bool outgrown(const QSize &steady, const QSize &wanted)
{
    return wanted.height() != steady.height() || wanted.width() > steady.width()
        || wanted.width() < steady.width() - steady.width() / 4;
}

} // namespace

SteadyBox::SteadyBox(QWidget *child, QWidget *parent)
    : QWidget(parent)
    , m_child(child)
{
    m_child->setParent(this);
    setSizePolicy(m_child->sizePolicy());
    m_hint = m_child->sizeHint();
    m_minimum = m_child->minimumSizeHint();
}

QSize SteadyBox::sizeHint() const
{
    return m_hint;
}

QSize SteadyBox::minimumSizeHint() const
{
    return m_minimum;
}

bool SteadyBox::settle()
{
    const QSize hint = m_child->sizeHint();
    const QSize minimum = m_child->minimumSizeHint();
    if (!outgrown(m_hint, hint) && !outgrown(m_minimum, minimum))
        return false;
    m_hint = hint;
    m_minimum = minimum;
    ++m_relayouts;
    updateGeometry();
    return true;
}

bool SteadyBox::event(QEvent *event)
{
    switch (event->type()) {
    case QEvent::LayoutRequest: // the child's updateGeometry(), posted to us
    case QEvent::Show:
        settle();
        break;
    default:
        break;
    }
    return QWidget::event(event);
}

void SteadyBox::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_child->setGeometry(rect());
}

} // namespace herd
