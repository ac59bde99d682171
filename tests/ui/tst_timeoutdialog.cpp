#include "process/processtypes.h"
#include "timeoutdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace herd;

class tst_TimeoutDialog : public QObject
{
    Q_OBJECT

private slots:
    void validates_data();
    void validates();
    void messagesFitTheDialog_data();
    void messagesFitTheDialog();
};

void tst_TimeoutDialog::validates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("message");
    QTest::newRow("zero removes") << "0" << true << qint64(0) << "";
    QTest::newRow("empty removes") << "" << true << qint64(0) << "";
    QTest::newRow("seconds") << "30" << true << qint64(30000) << "";
    QTest::newRow("with unit") << "750 ms" << true << qint64(750) << "";
    QTest::newRow("the maximum") << "2147483647 ms" << true << kMaxTimeoutMs << "";
    QTest::newRow("negative") << "-1" << false << qint64(0) << "cannot be negative";
    QTest::newRow("past the maximum") << "2147483648 ms" << false << qint64(0) << "too long";
    QTest::newRow("nonsense") << "later" << false << qint64(0) << "not a duration";
}

void tst_TimeoutDialog::validates()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(qint64, ms);
    QFETCH(QString, message);
    TimeoutDialog dialog(QStringLiteral("Process-1"), 5000, nullptr);
    QCOMPARE(dialog.lineEdit()->text(), QStringLiteral("5 s"));
    dialog.lineEdit()->setText(text);
    QPushButton *okButton = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QCOMPARE(okButton->isEnabled(), ok);
    QVERIFY2(dialog.errorText().contains(message), qPrintable(dialog.errorText()));
    dialog.accept();
    QCOMPARE(dialog.result(), int(ok ? QDialog::Accepted : QDialog::Rejected));
    if (ok)
        QCOMPARE(dialog.timeoutMs(), ms);
}

void tst_TimeoutDialog::messagesFitTheDialog_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("negative") << "-1";
    QTest::newRow("past the maximum") << "2147483648 ms";
    QTest::newRow("nonsense") << "later than you think, a long way off";
}

void tst_TimeoutDialog::messagesFitTheDialog()
{
    QFETCH(QString, text);
    // A long target name, as a worker pool's may be.
    TimeoutDialog dialog(QStringLiteral("image-resizer-pool-worker-17"), 5000, nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("errorLabel"));
    auto *intro = dialog.findChild<QLabel *>(QStringLiteral("introLabel"));
    QVERIFY(error && intro);
    const QRect before = error->geometry();
    dialog.lineEdit()->setText(text);
    QVERIFY(!dialog.errorText().isEmpty());
    QTRY_VERIFY(error->isVisible());
    // The message did not move anything, and both texts have the room their words need.
    QCOMPARE(error->pos(), before.topLeft());
    QVERIFY2(error->height() >= error->heightForWidth(error->width()),
             qPrintable(QStringLiteral("%1 < %2").arg(error->height()).arg(error->heightForWidth(error->width()))));
    QVERIFY2(intro->height() >= intro->heightForWidth(intro->width()),
             qPrintable(QStringLiteral("%1 < %2").arg(intro->height()).arg(intro->heightForWidth(intro->width()))));
    QVERIFY(dialog.rect().contains(error->geometry()));
}

QTEST_MAIN(tst_TimeoutDialog)
#include "tst_timeoutdialog.moc"
