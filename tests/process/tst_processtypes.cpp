#include "process/processtypes.h"

#include <QtTest>

#include <csignal>

using namespace herd;

class tst_ProcessTypes final : public QObject
{
    Q_OBJECT

private slots:
    void validateSpec_data();
    void validateSpec();
    void liveStates();
    void names();
    void signalNames_data();
    void signalNames();
    void durations_data();
    void durations();
};

void tst_ProcessTypes::validateSpec_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<qint64>("timeoutMs");
    QTest::addColumn<qint64>("graceMs");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error"); // a word the message must contain; empty: valid

    const QStringList none;
    QTest::newRow("plain") << "sleep" << qint64(0) << qint64(5000) << none << none << "";
    QTest::newRow("timeout 0 means none") << "sleep" << qint64(0) << qint64(0) << none << none << "";
    QTest::newRow("longest timeout") << "sleep" << kMaxTimeoutMs << kMaxGraceMs << none << none << "";
    QTest::newRow("negative timeout") << "sleep" << qint64(-1) << qint64(5000) << none << none << "negative";
    QTest::newRow("absurd timeout") << "sleep" << kMaxTimeoutMs + 1 << qint64(5000) << none << none << "too long";
    QTest::newRow("negative grace") << "sleep" << qint64(0) << qint64(-5) << none << none << "negative";
    QTest::newRow("absurd grace") << "sleep" << qint64(0) << kMaxGraceMs + 1 << none << none << "too long";
    QTest::newRow("no program") << "" << qint64(0) << qint64(5000) << none << none << "no program";
    QTest::newRow("blank program") << "   " << qint64(0) << qint64(5000) << none << none << "no program";
    QTest::newRow("env ok") << "sleep" << qint64(0) << qint64(5000)
                            << QStringList{"A=1", "B=", "C=x=y"} << none << "";
    QTest::newRow("env without =") << "sleep" << qint64(0) << qint64(5000) << QStringList{"NOVALUE"} << none
                                   << "KEY=VALUE";
    QTest::newRow("env without key") << "sleep" << qint64(0) << qint64(5000) << QStringList{"=1"} << none
                                     << "KEY=VALUE";
    QTest::newRow("NUL in argument") << "sleep" << qint64(0) << qint64(5000) << none
                                     << QStringList{"ok", QString(QChar(u'\0'))} << "argument 2";
    QTest::newRow("shell syntax is just text") << "sleep" << qint64(0) << qint64(5000) << none
                                               << QStringList{"; rm -rf ~", "$(touch x)", "\n"} << "";
}

void tst_ProcessTypes::validateSpec()
{
    QFETCH(QString, program);
    QFETCH(qint64, timeoutMs);
    QFETCH(qint64, graceMs);
    QFETCH(QStringList, environment);
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);

    ProcessSpec spec;
    spec.program = program;
    spec.timeoutMs = timeoutMs;
    spec.graceMs = graceMs;
    spec.environment = environment;
    spec.arguments = arguments;
    const QString message = herd::validateSpec(spec).error;
    if (error.isEmpty()) {
        QVERIFY2(message.isEmpty(), qPrintable(message));
    } else {
        QVERIFY2(message.contains(error), qPrintable(message));
    }
}

void tst_ProcessTypes::liveStates()
{
    QVERIFY(isLiveState(ProcessState::Starting));
    QVERIFY(isLiveState(ProcessState::Running));
    QVERIFY(isLiveState(ProcessState::Stopping));
    QVERIFY(!isLiveState(ProcessState::Exited));
    QVERIFY(!isLiveState(ProcessState::Killed));
    QVERIFY(!isLiveState(ProcessState::TimedOut));
    QVERIFY(!isLiveState(ProcessState::FailedToStart));
}

void tst_ProcessTypes::names()
{
    // Machine-readable names used in the event stream.
    QCOMPARE(stateName(ProcessState::TimedOut), QStringLiteral("timed-out"));
    QCOMPARE(stateName(ProcessState::FailedToStart), QStringLiteral("failed-to-start"));
    QCOMPARE(endReasonName(EndReason::Exited), QStringLiteral("exited"));
    QCOMPARE(endReasonName(EndReason::Terminated), QStringLiteral("terminated"));
    QCOMPARE(endReasonName(EndReason::Killed), QStringLiteral("killed"));
    QCOMPARE(endReasonName(EndReason::Timeout), QStringLiteral("timeout"));
    QCOMPARE(endReasonName(EndReason::FailedToStart), QStringLiteral("failed-to-start"));
    QCOMPARE(stopCauseName(StopCause::None), QStringLiteral("self"));
    QCOMPARE(stopCauseName(StopCause::Watchdog), QStringLiteral("watchdog"));
    QVERIFY(!signalResultMessage(SignalResult::NotRunning).isEmpty());
}

void tst_ProcessTypes::signalNames_data()
{
    QTest::addColumn<int>("sig");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("description");
    QTest::newRow("TERM") << int(SIGTERM) << "SIGTERM" << "terminated";
    QTest::newRow("KILL") << int(SIGKILL) << "SIGKILL" << "killed";
    QTest::newRow("SEGV") << int(SIGSEGV) << "SIGSEGV" << "segmentation fault";
    QTest::newRow("ABRT") << int(SIGABRT) << "SIGABRT" << "aborted";
    QTest::newRow("RTMIN+2") << SIGRTMIN + 2 << "SIGRTMIN+2" << QStringLiteral("signal %1").arg(SIGRTMIN + 2);
    QTest::newRow("unknown") << 99 << "signal 99" << "signal 99";
}

void tst_ProcessTypes::signalNames()
{
    QFETCH(int, sig);
    QFETCH(QString, name);
    QFETCH(QString, description);
    QCOMPARE(signalName(sig), name);
    QCOMPARE(signalDescription(sig), description);
}

void tst_ProcessTypes::durations_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("5 s") << qint64(5000) << "5 s";
    QTest::newRow("half") << qint64(500) << "0.5 s";
    QTest::newRow("1.25") << qint64(1250) << "1.25 s";
    QTest::newRow("0") << qint64(0) << "0 s";
}

void tst_ProcessTypes::durations()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(formatDuration(ms), text);
}

QTEST_GUILESS_MAIN(tst_ProcessTypes)
#include "tst_processtypes.moc"
