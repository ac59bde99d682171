// herd-window: Herd's window, a module of its own. herd loads it only when a window is
// asked for (see main.cpp), so that --headless starts without Qt's GUI libraries.

#include "commandline.h"
#include "eventrecorder.h"
#include "eventstream.h"
#include "headless.h"
#include "launchplan.h"
#include "mainwindow.h"
#include "runoutputs.h"
#include "session.h"
#include "startup.h"
#include "unixsignalwatcher.h"
#include "windowmodule.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QStatusBar>
#include <QTimer>

#include <cstdio>

namespace {

// The window starts the same work as --headless for the same command line: the options
// (and a session FILE) become one LaunchPlan, started through Session::startDocument as
// headless starts it; the event stream is made by the same EventRecorder, and the report
// is written when the window quits. A fault starts nothing and is said in the window and
// on standard error.
int runWindow(int argc, char **argv, const herd::CommandLine &options)
{
    QApplication app(argc, argv);
    QGuiApplication::setDesktopFileName(QStringLiteral("herd"));
    const QString reaped = herd::beginRun(&app, options.lang);

    const herd::Result<herd::LaunchPlan> built = herd::buildLaunchPlan(options);
    const herd::LaunchPlan &plan = built.value;
    QString launchError = built.error;
    if (built.ok())
        launchError = herd::checkRunOutputs(options.eventsPath, options.reportPath, plan.inputs()).error;
    const bool outputsChecked = launchError.isEmpty();

    herd::Session session;
    const QString queueError = herd::openQueue(&session, plan.document).error;
    if (!queueError.isEmpty())
        std::fprintf(stderr, "herd: %s\n", qPrintable(queueError));
    herd::EventStream events;
    herd::EventRecorder recorder(&session, &events);
    herd::MainWindow window(&session);
    // The Language menu's choice applies at once: the catalogues are swapped here, and the
    // window retranslates itself on the LanguageChange Qt sends it.
    QObject::connect(&window, &herd::MainWindow::languageChosen, &app, [&app](const QString &code) {
        const herd::Result<void> language = herd::installTranslations(&app, code);
        if (!language)
            std::fprintf(stderr, "herd: %s\n", qPrintable(language.error));
    });
    if (!queueError.isEmpty())
        window.showQueueUnavailable(queueError);
    if (outputsChecked && !options.eventsPath.isEmpty()) {
        launchError = events.open(options.eventsPath, [&window] {
            QMetaObject::invokeMethod(&window, [&window] {
                window.reportError(QCoreApplication::translate("herd", "The events could not be written; "
                                                                       "see the message when Herd quits."));
            }, Qt::QueuedConnection);
        }).error;
    }
    // A logout or Ctrl+C in the terminal: stop every process the safe way and quit, without
    // asking; a second signal kills what is left (the session's Shutdown policy).
    herd::UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &herd::UnixSignalWatcher::signalReceived, &window,
                     [&window](int) { window.stopAllAndClose(); });
    window.show();
    if (!reaped.isEmpty())
        window.statusBar()->showMessage(reaped, 30000);
    QTimer::singleShot(0, &window, [&] {
        QString error = launchError;
        if (error.isEmpty()) {
            error = session.startDocument(plan.document, plan.directory).error;
            if (!error.isEmpty()) {
                // What started before the fault is stopped: a command line runs whole or not at all.
                session.supervisor()->killAll(herd::StopCause::Quit);
                if (!plan.sessionFile.isEmpty())
                    error = QStringLiteral("%1: %2").arg(plan.sessionFile, error);
            }
        }
        if (!error.isEmpty()) {
            error = QCoreApplication::translate("herd", "Nothing was started: %1").arg(error);
            std::fprintf(stderr, "herd: %s\n", qPrintable(error));
            window.reportError(error);
        } else if (!plan.sessionFile.isEmpty()) {
            window.statusBar()->showMessage(
                QCoreApplication::translate("herd::MainWindow", "Loaded %1").arg(plan.sessionFile), 5000);
        }
        if (options.demo)
            window.startDemo();
    });
    int status = app.exec();
    if (outputsChecked && !options.reportPath.isEmpty()) {
        const herd::Result<void> written = herd::writeLedgerReport(session.ledger(), options.reportPath);
        if (!written.ok()) {
            std::fprintf(stderr, "herd: %s\n",
                         qPrintable(QCoreApplication::translate("herd::HeadlessRunner", "cannot write the report: %1")
                                        .arg(written.error)));
            status = 1;
        }
    }
    const herd::Result<void> eventsWritten = events.finish(QDeadlineTimer(5000));
    if (!eventsWritten.ok()) {
        std::fprintf(stderr, "herd: %s\n", qPrintable(eventsWritten.error));
        status = 1;
    }
    return status;
}

} // namespace

extern "C" HERD_WINDOW_EXPORT int herd_window_main(int argc, char **argv)
{
    // herd has checked the command line already; it is read again here, by this module's
    // own code, so that nothing of herd's memory has to cross into the module.
    const herd::CommandLineOutcome parsed = herd::parseCommandLine(herd::argumentsOf(argc, argv));
    if (parsed.kind != herd::CommandLineOutcome::Kind::Run)
        return 2;
    return runWindow(argc, argv, parsed.options);
}
