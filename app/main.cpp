// herd: the window, or with --headless the same session without one.

#include "commandline.h"
#include "headless.h"
#include "session.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>
#include <cstring>

#ifdef HERD_HAVE_UI
#include "mainwindow.h"
#include <QApplication>
#endif

namespace {

QStringList argumentsOf(int argc, char **argv)
{
    QStringList list;
    for (int i = 0; i < argc; ++i)
        list << QString::fromLocal8Bit(argv[i]);
    return list;
}

int runHeadless(int argc, char **argv, const herd::CommandLine &options)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("herd"));
    herd::Session session;
    herd::HeadlessRunner runner(&session, options);
    int status = 0;
    QObject::connect(&runner, &herd::HeadlessRunner::finished, &app, [&status](int s) {
        status = s;
        QCoreApplication::exit(s);
    });
    const QString error = runner.start();
    if (!error.isEmpty()) {
        std::fprintf(stderr, "herd: %s\n", qPrintable(error));
        return 2;
    }
    app.exec();
    return status;
}

#ifdef HERD_HAVE_UI
int runWindow(int argc, char **argv, const herd::CommandLine &options)
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("herd"));
    QCoreApplication::setOrganizationName(QStringLiteral("herd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HERD_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("herd"));
    herd::Session session;
    herd::MainWindow window(&session);
    window.show();
    if (options.demo)
        QTimer::singleShot(0, &window, &herd::MainWindow::startDemo);
    return app.exec();
}
#endif

} // namespace

int main(int argc, char **argv)
{
    const herd::CommandLineOutcome parsed = herd::parseCommandLine(argumentsOf(argc, argv));
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
