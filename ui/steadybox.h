#pragma once

#include <QSize>
#include <QWidget>

namespace herd {

// Holds one widget whose text changes many times a second (a live count, a queue's health)
// and keeps a steady size hint for it: the window is laid out again only when the widget
// needs more room than it has, or much less, not each time a digit changes. A QLabel asks
// for a new layout at every setText(), and Qt then lays out the whole window, up to the top.
// The widget fills the box; what is shown is the same, laid out a few pixels wider at most.
class SteadyBox final : public QWidget
{
    Q_OBJECT

public:
    explicit SteadyBox(QWidget *child, QWidget *parent = nullptr);

    QWidget *child() const { return m_child; }
    // How many times the box asked its layout for a new geometry (for tests).
    int relayouts() const { return m_relayouts; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    bool event(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    // Takes the child's hints when they no longer fit the steady ones; true if it did.
    bool settle();

    QWidget *m_child;
    QSize m_hint;
    QSize m_minimum;
    int m_relayouts = 0;
};

} // namespace herd
