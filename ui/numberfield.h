#pragma once

#include <QObject>

class QSpinBox;

namespace herd {

// A number field never acts on a value the user does not see. A QSpinBox keeps its last
// valid value while its text is half-typed ("0" where 1 is the least, an empty field), and
// Enter would act on that hidden value, or on a silent correction of it. Guarded, Enter is
// refused while the text is not a valid value (the dialog says why), and leaving the field
// corrects the text to the nearest valid value where the user can see it.
class NumberFieldGuard final : public QObject
{
    Q_OBJECT

public:
    // Guards spin; the guard is a child of the field.
    static NumberFieldGuard *install(QSpinBox *spin);

    // True when what the field shows is a value within its range.
    static bool showsValidValue(const QSpinBox *spin);

signals:
    // The text shown changed, valid or not (QSpinBox's own signals only follow the value).
    void shownTextChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit NumberFieldGuard(QSpinBox *spin);
    QSpinBox *m_spin;
};

} // namespace herd
