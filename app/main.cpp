// herd: the window, or with --headless the same session without one. The window is a
// module of its own, loaded only when it is asked for (see windowmodule.h).

#include "commandline.h"
#include "headless.h"
#include "session.h"
#include "startup.h"

#include <QCoreApplication>

#include <cstdio>

#ifdef HERD_HAVE_UI
#include "windowmodule.h"

#include <climits>
#include <cstring>
#include <string>

#include <dlfcn.h>
#include <unistd.h>
#endif

namespace {

int runHeadless(int argc, char **argv, const herd::CommandLine &options)
{
    QCoreApplication app(argc, argv);
    herd::beginRun(&app, options.lang);
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
// Loads herd-window.so (beside this program, else HERD_WINDOW_DIR relative to it) and runs
// the window. Fails with a message, and 2, when the module cannot be loaded.
int runWindowModule(int argc, char **argv)
{
    char self[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    std::string dir = ".";
    if (n > 0) {
        self[n] = '\0';
        const char *slash = std::strrchr(self, '/');
        if (slash && slash != self)
            dir.assign(self, std::size_t(slash - self));
    }
    std::string why;
    for (const std::string &path : {dir + "/" + kWindowModuleFile,
                                    dir + "/" HERD_WINDOW_DIR "/" + kWindowModuleFile}) {
        if (::access(path.c_str(), F_OK) != 0)
            continue;
        // Never unloaded: its objects live until the process ends.
        void *module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!module) {
            why = ::dlerror();
            break;
        }
        const auto entry = reinterpret_cast<HerdWindowMain>(::dlsym(module, kWindowModuleEntry));
        if (!entry) {
            why = path + ": " + kWindowModuleEntry + " is missing";
            break;
        }
        return entry(argc, argv);
    }
    if (why.empty())
        why = std::string(kWindowModuleFile) + " is neither in " + dir + " nor in " + dir + "/" HERD_WINDOW_DIR;
    std::fprintf(stderr, "herd: the window cannot be opened: %s; use --headless\n", why.c_str());
    return 2;
}
#endif

} // namespace

int main(int argc, char **argv)
{
    herd::CommandLineOutcome parsed = herd::parseCommandLine(herd::argumentsOf(argc, argv));
    if (parsed.kind == herd::CommandLineOutcome::Kind::Help || parsed.kind == herd::CommandLineOutcome::Kind::Error) {
        // Said in the user's language: parse again once the translations are installed.
        QCoreApplication app(argc, argv);
        herd::setIdentity();
        // The help or the error is what is said here; a language not available is English.
        static_cast<void>(herd::installTranslations(&app, herd::requestedLanguage(argc, argv)));
        parsed = herd::parseCommandLine(herd::argumentsOf(argc, argv));
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
        return runWindowModule(argc, argv);
#else
    if (!parsed.options.headless) {
        std::fprintf(stderr, "herd: this build has no window; use --headless\n");
        return 2;
    }
#endif
    return runHeadless(argc, argv, parsed.options);
}
