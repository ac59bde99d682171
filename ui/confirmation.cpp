#include "confirmation.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>

namespace herd {

namespace {

const char kKey[] = "confirm/endSeveral";

QString tr(const char *text)
{
    return QCoreApplication::translate("herd::Confirmation", text);
}

} // namespace

bool Confirmation::isEnabled()
{
    return QSettings().value(QLatin1String(kKey), true).toBool();
}

void Confirmation::setEnabled(bool ask)
{
    QSettings().setValue(QLatin1String(kKey), ask);
}

void Confirmation::ask(QWidget *parent, const QString &title, const QString &text, const QString &confirmText,
                       const std::function<void()> &proceed)
{
    if (!isEnabled()) {
        proceed();
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::NoButton, parent);
    box->setObjectName(QStringLiteral("confirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    QPushButton *yes = box->addButton(confirmText, QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmButton"));
    QPushButton *no = box->addButton(QMessageBox::Cancel);
    no->setObjectName(QStringLiteral("cancelButton"));
    box->setDefaultButton(no);
    box->setEscapeButton(no);
    auto *again = new QCheckBox(tr("Don't ask again (Settings → Ask before ending several processes turns it back on)"));
    again->setObjectName(QStringLiteral("dontAskAgain"));
    box->setCheckBox(again);
    QObject::connect(box, &QMessageBox::finished, box, [box, yes, again, proceed] {
        if (box->clickedButton() != yes)
            return;
        if (again->isChecked())
            setEnabled(false);
        proceed();
    });
    box->open();
}

} // namespace herd
