#include "numberfield.h"

#include <QEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QSpinBox>

namespace herd {

NumberFieldGuard::NumberFieldGuard(QSpinBox *spin)
    : QObject(spin)
    , m_spin(spin)
{
}

NumberFieldGuard *NumberFieldGuard::install(QSpinBox *spin)
{
    auto *guard = new NumberFieldGuard(spin);
    spin->setCorrectionMode(QAbstractSpinBox::CorrectToNearestValue);
    spin->installEventFilter(guard);
    if (auto *edit = spin->findChild<QLineEdit *>())
        connect(edit, &QLineEdit::textChanged, guard, &NumberFieldGuard::shownTextChanged);
    return guard;
}

bool NumberFieldGuard::showsValidValue(const QSpinBox *spin)
{
    if (!spin->hasAcceptableInput())
        return false;
    // The text is acceptable: it must also be the value the field holds.
    bool ok = false;
    const int shown = spin->locale().toInt(spin->cleanText().remove(spin->locale().groupSeparator()), &ok);
    return ok && shown == spin->value();
}

bool NumberFieldGuard::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_spin && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if ((key == Qt::Key_Return || key == Qt::Key_Enter) && !showsValidValue(m_spin))
            return true; // refused: the dialog's message says what is wrong
    }
    return QObject::eventFilter(watched, event);
}

} // namespace herd
