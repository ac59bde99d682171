#include "session.h"
#include "spawndialog.h"
#include "statebadgedelegate.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

using namespace herd;
using namespace herd::test;

class tst_SpawnDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void buildsCommandSpecs();
    void argumentsArriveVerbatim();
    void missingProgramWarnsButAllows();
    void buildsWorkerSpecs();
    void workerNeedsTheWorkerProgram();
    void remembersLastSettings();
    void countFieldNeverHidesItsValue_data();
    void countFieldNeverHidesItsValue();
    void opensWithoutAnError();
    void everyLabelShowsItsMnemonic();
    void buildsRestartPolicy();

private:
    template<typename T>
    static T *field(SpawnDialog &dialog, const char *name)
    {
        T *w = dialog.findChild<T *>(QLatin1String(name));
        if (!w)
            qFatal("no field %s", name);
        return w;
    }
    static QPushButton *okButton(SpawnDialog &dialog)
    {
        return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    }
};

void tst_SpawnDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_SpawnDialog::init()
{
    QSettings().clear();
}

void tst_SpawnDialog::rejectsBadInput_data()
{
    QTest::addColumn<QString>("fieldName");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("negative timeout") << "timeoutEdit" << "-5" << "The timeout cannot be negative";
    QTest::newRow("timeout too long") << "timeoutEdit" << "25 d" << "The timeout is too long";
    QTest::newRow("timeout not a duration") << "timeoutEdit" << "soon" << "not a duration";
    QTest::newRow("negative grace") << "graceEdit" << "-1" << "The grace period cannot be negative";
    QTest::newRow("empty command") << "commandEdit" << "" << "Enter the program to run";
    QTest::newRow("blank command") << "commandEdit" << "   " << "Enter the program to run";
    QTest::newRow("unclosed quote") << "commandEdit" << "sh -c 'echo" << "is not closed";
    QTest::newRow("duplicate name") << "nameEdit" << "taken" << "A process named “taken” already exists";
    QTest::newRow("env without =") << "environmentEdit" << "GOOD=1\nNOEQUALS" << "Environment line 2 (“NOEQUALS”) is not KEY=VALUE";
    QTest::newRow("env bad key") << "environmentEdit" << "1X=2" << "“1X” is not a variable name";
    QTest::newRow("missing directory") << "directoryEdit" << "/nonexistent/herd-dir" << "does not exist";
    QTest::newRow("bad restart delay") << "backoffEdit" << "-2 s" << "The restart delay cannot be negative";
}

void tst_SpawnDialog::rejectsBadInput()
{
    QFETCH(QString, fieldName);
    QFETCH(QString, value);
    QFETCH(QString, message);
    Session session;
    QVERIFY(session.supervisor()->spawn(childSpec({QStringLiteral("exit"), QStringLiteral("0")}, QStringLiteral("taken"))).ok());
    SpawnDialog dialog(session.supervisor());
    field<QLineEdit>(dialog, "commandEdit")->setText(testChild() + QStringLiteral(" sleep 1"));
    if (fieldName == QLatin1String("backoffEdit"))
        field<QComboBox>(dialog, "restartCombo")->setCurrentIndex(1);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QVERIFY(okButton(dialog)->isEnabled());

    if (fieldName == QLatin1String("environmentEdit"))
        field<QPlainTextEdit>(dialog, "environmentEdit")->setPlainText(value);
    else
        field<QLineEdit>(dialog, qPrintable(fieldName))->setText(value);

    // Explained inside the dialog, Spawn disabled, and accepting anyway runs nothing.
    QVERIFY2(dialog.errorText().contains(message), qPrintable(dialog.errorText()));
    auto *label = field<QLabel>(dialog, "messageLabel");
    QCOMPARE(label->text(), dialog.errorText());
    QVERIFY(!label->isHidden());
    QVERIFY(!okButton(dialog)->isEnabled());
    QVERIFY(dialog.specs().isEmpty());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(session.supervisor()->processes().size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(session.supervisor()->aliveCount(), 0, 5000);
}

void tst_SpawnDialog::buildsCommandSpecs()
{
    Session session;
    SpawnDialog dialog(session.supervisor());
    field<QLineEdit>(dialog, "nameEdit")->setText(QStringLiteral("web"));
    field<QSpinBox>(dialog, "countSpin")->setValue(3);
    field<QLineEdit>(dialog, "commandEdit")->setText(QStringLiteral("sleep 30"));
    field<QLineEdit>(dialog, "timeoutEdit")->setText(QStringLiteral("1.5 s"));
    field<QLineEdit>(dialog, "graceEdit")->setText(QStringLiteral("250 ms"));
    field<QCheckBox>(dialog, "daemonCheck")->setChecked(true);
    field<QLineEdit>(dialog, "directoryEdit")->setText(QDir::tempPath());
    field<QPlainTextEdit>(dialog, "environmentEdit")->setPlainText(QStringLiteral("A=1\n\nB=two words=x"));
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    const QVector<ProcessSpec> specs = dialog.specs();
    QCOMPARE(specs.size(), 3);
    QCOMPARE(specs.at(0).name, QStringLiteral("web-1"));
    QCOMPARE(specs.at(2).name, QStringLiteral("web-3"));
    for (const ProcessSpec &spec : specs) {
        QVERIFY2(QDir::isAbsolutePath(spec.program) && spec.program.endsWith(QLatin1String("/sleep")), qPrintable(spec.program));
        QCOMPARE(spec.arguments, QStringList{QStringLiteral("30")});
        QCOMPARE(spec.timeoutMs, qint64(1500));
        QCOMPARE(spec.graceMs, qint64(250));
        QVERIFY(spec.daemon);
        QCOMPARE(spec.kind, ProcessKind::Plain);
        QCOMPARE(spec.workingDirectory, QDir::tempPath());
        QCOMPARE(spec.environment, (QStringList{"A=1", "B=two words=x"}));
    }
    // Blank name: Herd names them.
    field<QLineEdit>(dialog, "nameEdit")->clear();
    QCOMPARE(dialog.specs().size(), 3);
    QVERIFY(dialog.specs().at(1).name.isEmpty());
}

void tst_SpawnDialog::argumentsArriveVerbatim()
{
    SpawnDialog dialog(nullptr);
    field<QLineEdit>(dialog, "commandEdit")
        ->setText(QStringLiteral("printf '%s\\n' \"$(touch pwned)\" ';' 'rm -rf ~' \"a \\\"quoted\\\" word\" -x"));
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.specs().first().arguments,
             (QStringList{"%s\\n", "$(touch pwned)", ";", "rm -rf ~", "a \"quoted\" word", "-x"}));
}

void tst_SpawnDialog::missingProgramWarnsButAllows()
{
    SpawnDialog dialog(nullptr);
    field<QLineEdit>(dialog, "commandEdit")->setText(QStringLiteral("herd-no-such-program --flag"));
    QVERIFY(dialog.errorText().isEmpty());
    QVERIFY2(dialog.warningText().contains(QLatin1String("was not found in PATH")), qPrintable(dialog.warningText()));
    QCOMPARE(field<QLabel>(dialog, "messageLabel")->text(), dialog.warningText());
    QVERIFY(okButton(dialog)->isEnabled());
    QCOMPARE(dialog.specs().size(), 1);
}

void tst_SpawnDialog::buildsWorkerSpecs()
{
    SpawnDialog dialog(nullptr);
    dialog.setWorkerProgram(QStringLiteral("/opt/herd/herd-worker"));
    field<QRadioButton>(dialog, "workerRadio")->setChecked(true);
    QCOMPARE(dialog.kind(), SpawnDialog::Kind::Worker);
    field<QRadioButton>(dialog, "simulatedRadio")->setChecked(true);
    field<QLineEdit>(dialog, "workPerTaskEdit")->setText(QStringLiteral("250 ms"));
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    ProcessSpec spec = dialog.specs().first();
    QCOMPARE(spec.kind, ProcessKind::Worker);
    QCOMPARE(spec.program, QStringLiteral("/opt/herd/herd-worker"));
    QCOMPARE(spec.arguments, (QStringList{"--work-ms", "250"}));

    field<QRadioButton>(dialog, "taskCommandRadio")->setChecked(true);
    field<QLineEdit>(dialog, "taskCommandEdit")->setText(QStringLiteral("convert {} 'out dir/{}.png'"));
    spec = dialog.specs().first();
    QCOMPARE(spec.arguments, (QStringList{"--exec", "convert {} 'out dir/{}.png'"}));

    field<QLineEdit>(dialog, "taskCommandEdit")->setText(QStringLiteral("convert 'unclosed"));
    QVERIFY2(dialog.errorText().contains(QLatin1String("command per task")), qPrintable(dialog.errorText()));
    field<QLineEdit>(dialog, "taskCommandEdit")->clear();
    QVERIFY2(dialog.errorText().contains(QLatin1String("Enter the command each task runs")), qPrintable(dialog.errorText()));
}

void tst_SpawnDialog::workerNeedsTheWorkerProgram()
{
    SpawnDialog dialog(nullptr);
    dialog.setWorkerProgram(QString());
    field<QRadioButton>(dialog, "workerRadio")->setChecked(true);
    QVERIFY2(dialog.errorText().contains(QLatin1String("herd-worker")), qPrintable(dialog.errorText()));
    QVERIFY(!okButton(dialog)->isEnabled());
}

void tst_SpawnDialog::remembersLastSettings()
{
    {
        SpawnDialog dialog(nullptr);
        field<QSpinBox>(dialog, "countSpin")->setValue(2);
        field<QLineEdit>(dialog, "commandEdit")->setText(QStringLiteral("sleep 5"));
        field<QLineEdit>(dialog, "timeoutEdit")->setText(QStringLiteral("90 s"));
        field<QCheckBox>(dialog, "daemonCheck")->setChecked(true);
        field<QPlainTextEdit>(dialog, "environmentEdit")->setPlainText(QStringLiteral("K=V"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    SpawnDialog again(nullptr);
    // How to run things is remembered; the one-off choices of that spawn (the command, how
    // many, Daemon) are not carried into the next one.
    QCOMPARE(field<QSpinBox>(again, "countSpin")->value(), 1);
    QCOMPARE(field<QLineEdit>(again, "commandEdit")->text(), QString());
    QVERIFY(!field<QCheckBox>(again, "daemonCheck")->isChecked());
    QCOMPARE(field<QLineEdit>(again, "timeoutEdit")->text(), QStringLiteral("1 min 30 s"));
    field<QLineEdit>(again, "commandEdit")->setText(QStringLiteral("sleep 5"));
    QCOMPARE(again.specs().first().environment, QStringList{"K=V"});
    QCOMPARE(again.specs().first().timeoutMs, qint64(90000));
}

void tst_SpawnDialog::buildsRestartPolicy()
{
    Session session;
    SpawnDialog dialog(session.supervisor());
    field<QLineEdit>(dialog, "commandEdit")->setText(QStringLiteral("sleep 30"));
    // Never by default, and the other restart fields are off then.
    QCOMPARE(dialog.specs().value(0).restart.mode, RestartPolicy::Mode::Never);
    QVERIFY(!field<QSpinBox>(dialog, "maxRestartsSpin")->isEnabled());
    field<QComboBox>(dialog, "restartCombo")->setCurrentIndex(1);
    field<QSpinBox>(dialog, "maxRestartsSpin")->setValue(7);
    field<QLineEdit>(dialog, "backoffEdit")->setText(QStringLiteral("250 ms"));
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    RestartPolicy policy = dialog.specs().value(0).restart;
    QCOMPARE(policy.mode, RestartPolicy::Mode::OnFailure);
    QCOMPARE(policy.maxRestarts, 7);
    QCOMPARE(policy.backoffMs, qint64(250));
    field<QComboBox>(dialog, "restartCombo")->setCurrentIndex(2);
    QCOMPARE(dialog.specs().value(0).restart.mode, RestartPolicy::Mode::Always);
    field<QLineEdit>(dialog, "backoffEdit")->setText(QStringLiteral("2 min"));
    QVERIFY2(dialog.errorText().contains("The restart delay is too long"), qPrintable(dialog.errorText()));
}

QTEST_MAIN(tst_SpawnDialog)
#include "tst_spawndialog.moc"

void tst_SpawnDialog::countFieldNeverHidesItsValue_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("shown");
    // "-" cannot be typed at all (the least is 1), so "-5" shows as what it is: 5.
    QTest::newRow("zero") << "0" << "0";
    QTest::newRow("empty") << "" << "";
    QTest::newRow("minus five") << "-5" << "5";
    QTest::newRow("too many") << "9999" << "99";
}

void tst_SpawnDialog::countFieldNeverHidesItsValue()
{
    QFETCH(QString, typed);
    QFETCH(QString, shown);
    Session session;
    SpawnDialog dialog(session.supervisor());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    field<QLineEdit>(dialog, "commandEdit")->setText(testChild() + QStringLiteral(" sleep 1"));
    auto *count = field<QSpinBox>(dialog, "countSpin");
    count->setValue(5);
    QVERIFY(okButton(dialog)->isEnabled());
    count->setFocus();
    QTest::keyClick(count, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(count, Qt::Key_Backspace);
    QTest::keyClicks(count, typed);
    auto *edit = count->findChild<QLineEdit *>();
    QCOMPARE(edit->text(), shown);
    if (shown == QLatin1String("5") || shown == QLatin1String("99")) {
        // What the field shows is what would run.
        QCOMPARE(count->value(), shown.toInt());
        QCOMPARE(dialog.specs().size(), shown.toInt());
        return;
    }
    // The 5 kept behind "0" or an empty field never runs: refused, and said so.
    QVERIFY2(dialog.errorText().contains(QLatin1String("How many")), qPrintable(dialog.errorText()));
    QVERIFY(!okButton(dialog)->isEnabled());
    QVERIFY(dialog.specs().isEmpty());
    QTest::keyClick(count, Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(edit->text(), shown);
    // Leaving the field corrects it where the user sees it.
    field<QLineEdit>(dialog, "nameEdit")->setFocus();
    QTRY_COMPARE(edit->text(), QStringLiteral("1"));
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.specs().size(), 1);
}

void tst_SpawnDialog::opensWithoutAnError()
{
    Session session;
    SpawnDialog dialog(session.supervisor());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *label = field<QLabel>(dialog, "messageLabel");
    // Nothing typed yet: Spawn is disabled and the label says what is needed, but not in red.
    QVERIFY(!okButton(dialog)->isEnabled());
    QVERIFY(!dialog.errorText().isEmpty());
    const QColor danger = StateBadgeDelegate::colors(BadgeTone::Danger, dialog.palette()).text;
    QVERIFY(label->palette().color(QPalette::WindowText) != danger);
    const QRect before = label->geometry();
    const QRect commandBefore = field<QLineEdit>(dialog, "commandEdit")->geometry();
    // Typing something wrong says it in red; no row moves for it.
    field<QLineEdit>(dialog, "commandEdit")->setText(QStringLiteral("sh -c 'echo"));
    QCOMPARE(label->palette().color(QPalette::WindowText), danger);
    QCOMPARE(label->geometry(), before);
    QCOMPARE(field<QLineEdit>(dialog, "commandEdit")->geometry(), commandBefore);
    field<QLineEdit>(dialog, "commandEdit")->setText(testChild() + QStringLiteral(" sleep 1"));
    QCOMPARE(label->geometry(), before);
}

void tst_SpawnDialog::everyLabelShowsItsMnemonic()
{
    SpawnDialog dialog(nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // A label with "&" and no buddy shows the ampersand itself ("&Restart:").
    for (QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->text().contains(QLatin1Char('&')) && label->textFormat() != Qt::RichText)
            QVERIFY2(label->buddy(), qPrintable(label->text()));
    }
}
