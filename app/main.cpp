// herd: the window, or with --headless the same session without one.

#include "commandline.h"
#include "eventrecorder.h"
#include "eventstream.h"
#include "headless.h"
#include "launchplan.h"
#include "process/orphanreaper.h"
#include "runoutputs.h"
#include "session.h"
#include "unixsignalwatcher.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QPointer>
#include <QTranslator>

#include <cstdio>
#include <cstring>

#ifdef HERD_HAVE_UI
#include "mainwindow.h"
#include <QApplication>
#include <QStatusBar>
#endif

namespace {

QStringList argumentsOf(int argc, char **argv)
{
    QStringList list;
    for (int i = 0; i < argc; ++i)
        list << QString::fromLocal8Bit(argv[i]);
    return list;
}

// The interface language: --lang, else the one chosen in the window's Language menu, else
// the system's. English is built in; other languages load Herd's and Qt's own catalogues.
// Called again when the Language menu changes it: the catalogues installed before are
// removed first, and Qt tells every widget (QEvent::LanguageChange), which retranslates.
// Fails (Herd then speaks English) when the asked language is not available.
herd::Result<void> installTranslations(QCoreApplication *app, const QString &requested)
{
    static QPointer<QTranslator> installedHerd;
    static QPointer<QTranslator> installedQt;
    for (QPointer<QTranslator> *installed : {&installedHerd, &installedQt}) {
        if (*installed) {
            QCoreApplication::removeTranslator(*installed);
            delete installed->data();
        }
    }
    QString lang = requested;
    if (lang.isEmpty())
        lang = QSettings().value(QStringLiteral("ui/language")).toString();
    const QLocale locale = lang.isEmpty() ? QLocale::system() : QLocale(lang);
    // QLocale("xx") is the C locale: an unknown name must be said, not taken for English.
    if (!requested.isEmpty() && locale.language() == QLocale::C && requested != QLatin1String("C"))
        return herd::Result<void>::failure(QStringLiteral("no language called \"%1\"; using English").arg(requested));
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return herd::Result<void>::success();
    auto *herd = new QTranslator(app);
    if (!herd->load(locale, QStringLiteral("herd"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete herd;
        if (requested.isEmpty())
            return herd::Result<void>::success(); // the system's language, which Herd does not speak
        return herd::Result<void>::failure(QStringLiteral("no translation for \"%1\"; using English").arg(requested));
    }
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        installedQt = qt;
    } else {
        delete qt;
    }
    // Herd's last: it is looked up first.
    QCoreApplication::installTranslator(herd);
    installedHerd = herd;
    return herd::Result<void>::success();
}

// --lang's value straight from argv, for messages printed before the options are known.
QString requestedLanguage(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            return QString::fromLocal8Bit(argv[i + 1]);
        if (std::strncmp(argv[i], "--lang=", 7) == 0)
            return QString::fromLocal8Bit(argv[i] + 7);
    }
    return {};
}

// Processes left running by a Herd that was itself killed outright (its direct children
// die with it; their descendants do not): ended before this Herd starts anything. Returns
// what was done, for the user, or an empty string.
QString killLeftovers()
{
    const herd::OrphanReaper::Leftovers left = herd::OrphanReaper::killLeftovers();
    if (left.processes.isEmpty())
        return {};
    return QCoreApplication::translate("herd", "reaped %n orphan(s) left running by a Herd that was killed: %1",
                                       nullptr, int(left.processes.size()))
        .arg(left.processes.join(QStringLiteral(", ")));
}

void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("herd"));
    QCoreApplication::setOrganizationName(QStringLiteral("herd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HERD_VERSION));
}

int runHeadless(int argc, char **argv, const herd::CommandLine &options)
{
    QCoreApplication app(argc, argv);
    setIdentity();
    const herd::Result<void> language = installTranslations(&app, options.lang);
    if (!language.ok())
        std::fprintf(stderr, "herd: %s\n", qPrintable(language.error));
    const QString reaped = killLeftovers();
    if (!reaped.isEmpty())
        std::fprintf(stderr, "herd: %s\n", qPrintable(reaped));
    herd::Session session;
    herd::HeadlessRunner runner(&session, options);
    int status = 0;
    QObject::connect(&runner, &herd::HeadlessRunner::finished, &app, [&status](int s) {
        status = s;
        QCoreApplication::exit(s);
    });
    const herd::Result<void> started = runner.start();
    if (!started.ok()) {
        std::fprintf(stderr, "herd: %s\n", qPrintable(started.error));
        return 2;
    }
    app.exec();
    return status;
}

#ifdef HERD_HAVE_UI
// The window starts the same work as --headless for the same command line: the options
// (and a session FILE) become one LaunchPlan, started through Session::startDocument as
// headless starts it; the event stream is made by the same EventRecorder, and the report
// is written when the window quits. A fault starts nothing and is said in the window and
// on standard error.
int runWindow(int argc, char **argv, const herd::CommandLine &options)
{
    QApplication app(argc, argv);
    setIdentity();
    QGuiApplication::setDesktopFileName(QStringLiteral("herd"));
    const herd::Result<void> language = installTranslations(&app, options.lang);
    if (!language.ok())
        std::fprintf(stderr, "herd: %s\n", qPrintable(language.error));
    const QString reaped = killLeftovers();
    if (!reaped.isEmpty())
        std::fprintf(stderr, "herd: %s\n", qPrintable(reaped));

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
        const herd::Result<void> language = installTranslations(&app, code);
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
#endif

} // namespace

int main(int argc, char **argv)
{
    herd::CommandLineOutcome parsed = herd::parseCommandLine(argumentsOf(argc, argv));
    if (parsed.kind == herd::CommandLineOutcome::Kind::Help || parsed.kind == herd::CommandLineOutcome::Kind::Error) {
        // Said in the user's language: parse again once the translations are installed.
        QCoreApplication app(argc, argv);
        setIdentity();
        // The help or the error is what is said here; a language not available is English.
        static_cast<void>(installTranslations(&app, requestedLanguage(argc, argv)));
        parsed = herd::parseCommandLine(argumentsOf(argc, argv));
    }
    switch (parsed.kind) {
    case herd::CommandLineOutcome::Kind::Help:
        std::fputs(qPrintable(parsed.text), stdout);
        return 0;
    case herd::CommandLineOutcome::Kind::Version:
        std::printf("%s\n", qPrintable(parsed.text));
        return 0;
    case herd::CommandLineOutcome::Kind::Error:
        std::fprintf(stderr, "herd: %s\nTry 'herd --help' for the options.\n", qPrintable(parsed.text));
        return 2;
    case herd::CommandLineOutcome::Kind::Run:
        break;
    }
#ifdef HERD_HAVE_UI
    // Without a display Qt would abort with a core dump: say what to do instead.
    if (!parsed.options.headless && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::fprintf(stderr, "herd: no display; use --headless\n");
        return 2;
    }
    if (!parsed.options.headless)
        return runWindow(argc, argv, parsed.options);
#else
    if (!parsed.options.headless) {
        std::fprintf(stderr, "herd: this build has no window; use --headless\n");
        return 2;
    }
#endif
    return runHeadless(argc, argv, parsed.options);
}
