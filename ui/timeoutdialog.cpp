#include "timeoutdialog.h"

#include "process/processtypes.h"
#include "statebadgedelegate.h"
#include "units.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace herd {

TimeoutDialog::TimeoutDialog(const QString &target, qint64 currentMs, QWidget *parent)
    : QDialog(parent)
    , m_edit(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Set timeout"));
    auto *intro = new QLabel(tr("Stop %1 when this much time has passed from now. "
                                "0 removes the watchdog.")
                                 .arg(target),
                             this);
    intro->setWordWrap(true);
    m_edit->setText(durationInputText(currentMs));
    m_edit->setPlaceholderText(tr("e.g. 30 s, 500 ms, 2 min; 0 for none"));
    m_edit->selectAll();
    m_error->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    QPalette p = m_error->palette();
    p.setColor(QPalette::WindowText, StateBadgeDelegate::colors(BadgeTone::Danger, palette()).text);
    m_error->setPalette(p);
    m_error->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // Room for a two-line message is kept whether or not one shows, so the dialog does not
    // have to grow (or clip it) when the input goes wrong.
    m_error->setMinimumHeight(m_error->fontMetrics().lineSpacing() * 2 + 2);
    {
        QSizePolicy keep = m_error->sizePolicy();
        keep.setRetainSizeWhenHidden(true);
        m_error->setSizePolicy(keep);
    }
    intro->setObjectName(QStringLiteral("introLabel"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_edit);
    layout->addWidget(m_error);
    layout->addStretch(1); // spare height goes here: the rows above never move
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TimeoutDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &TimeoutDialog::reject);
    connect(m_edit, &QLineEdit::textChanged, this, &TimeoutDialog::validate);
    validate();
    // Wide enough for the prompt and the longest message in two lines, in any language; the
    // height follows from the width, and the layout never lets the dialog get smaller.
    const int width = qMax(fontMetrics().averageCharWidth() * 52, 420);
    setMinimumWidth(width);
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    resize(width, qMax(sizeHint().height(), layout->hasHeightForWidth() ? layout->totalHeightForWidth(width) : 0));
}

QString TimeoutDialog::errorText() const
{
    return m_error->text();
}

void TimeoutDialog::validate()
{
    const Result<qint64> d = parseDuration(m_edit->text(), kMaxTimeoutMs, tr("The timeout"));
    m_valid = d.ok();
    m_ms = d.ok() ? d.value : 0;
    m_error->setText(d.error);
    m_error->setVisible(!d.ok());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(d.ok());
}

void TimeoutDialog::accept()
{
    validate();
    if (m_valid)
        QDialog::accept();
}

} // namespace herd
