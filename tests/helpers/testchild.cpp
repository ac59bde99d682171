// herd-testchild: a child program for Herd's process tests, one behaviour per argument.
// Plain C++ and POSIX only. Every behaviour ends by itself within a few minutes (SIGALRM)
// so that even a broken test cannot leave it running for long.
//
//   sleep SECONDS            sleep, then exit 0
//   exit CODE                exit with CODE at once
//   ignore-term              ignore SIGTERM, print "ready", sleep
//   term-handler             print "ready"; exit 0 on SIGTERM
//   stop-self                like term-handler, then stop itself with SIGSTOP
//   crash                    die by SIGSEGV
//   abort                    die by SIGABRT
//   flood                    write "y" lines as fast as possible, forever
//   print-env NAME           print the value of NAME ("<unset>" when unset)
//   print-argv-json ARGS...  print the following arguments as a JSON array
//   grandchild [ignore-term] fork a grandchild that sleeps in the same process group;
//                            print "grandchild PID", then sleep
//   grandchild-setsid [ignore-term | term-file PATH]
//                            the same, but the grandchild leaves the process group and
//                            the session with setsid(); with term-file it writes "term"
//                            into PATH when SIGTERM comes, then exits 0
//   daemonize                fork a grandchild that calls setsid() and sleeps; print
//                            "grandchild PID", then exit 0 at once
//   hang                     sleep silently
//   lines N                  print N numbered lines ("line 1" ...), then exit 0
//   stderr-lines N           the same on stderr
//   partial TEXT             print TEXT without a newline, then exit 0
//   tick MS                  print "tick N" every MS milliseconds
//   busy SECONDS [MB]        spin on the CPU (after touching MB megabytes), then exit 0
//   signal-state             print "blocked N ignored M" (signals blocked / ignored) and
//                            "fds F" (open descriptors >= 3), then exit 0
//   pgid                     print "pid P pgid G", then exit 0
//   fake-setup-failure       write Herd's setup-failure line to stderr, exit 113
//   write-file PATH          create PATH, then exit 0 (proves a command did run)

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <sys/types.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr unsigned kSafetySeconds = 290; // below CTest's default timeout of 300 s

const char *termFile = nullptr;

void writeTermFileAndExit(int)
{
    const int fd = open(termFile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        (void)!write(fd, "term\n", 5);
        close(fd);
    }
    _exit(0);
}

void sleepForever()
{
    for (;;)
        pause();
}

void sleepSeconds(double seconds)
{
    timespec ts;
    ts.tv_sec = time_t(seconds);
    ts.tv_nsec = long((seconds - double(ts.tv_sec)) * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

void say(const char *text)
{
    printf("%s\n", text);
    fflush(stdout);
}

void onTermExit(int)
{
    const char text[] = "got SIGTERM\n";
    ssize_t ignored = write(STDOUT_FILENO, text, sizeof text - 1);
    (void)ignored;
    _exit(0);
}

void installTermHandler()
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = onTermExit;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
}

std::string jsonString(const char *text)
{
    std::string out = "\"";
    for (const unsigned char *c = reinterpret_cast<const unsigned char *>(text); *c; ++c) {
        switch (*c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (*c < 0x20) {
                char buffer[8];
                snprintf(buffer, sizeof buffer, "\\u%04x", *c);
                out += buffer;
            } else {
                out += char(*c);
            }
        }
    }
    return out + "\"";
}

int usage()
{
    fprintf(stderr, "herd-testchild: unknown or incomplete behaviour\n");
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    const std::string what = argv[1];
    const char *arg = argc > 2 ? argv[2] : nullptr;
    alarm(kSafetySeconds);

    if (what == "sleep" && arg) {
        sleepSeconds(atof(arg));
        return 0;
    }
    if (what == "exit" && arg)
        return atoi(arg);
    if (what == "ignore-term") {
        signal(SIGTERM, SIG_IGN);
        say("ready");
        sleepForever();
    }
    if (what == "term-handler") {
        installTermHandler();
        say("ready");
        sleepForever();
    }
    if (what == "stop-self") {
        installTermHandler();
        say("ready");
        raise(SIGSTOP);
        sleepForever();
    }
    if (what == "crash") {
        // Back to the default action first: a sanitizer runtime would catch it otherwise.
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
        return 1;
    }
    if (what == "abort") {
        signal(SIGABRT, SIG_DFL);
        raise(SIGABRT);
        return 1;
    }
    if (what == "flood") {
        std::vector<char> buffer(64 * 1024);
        for (size_t i = 0; i + 1 < buffer.size(); i += 2) {
            buffer[i] = 'y';
            buffer[i + 1] = '\n';
        }
        for (;;) {
            if (write(STDOUT_FILENO, buffer.data(), buffer.size()) < 0 && errno != EINTR)
                return 1;
        }
    }
    if (what == "print-env" && arg) {
        const char *value = getenv(arg);
        say(value ? value : "<unset>");
        return 0;
    }
    if (what == "print-argv-json") {
        std::string out = "[";
        for (int i = 2; i < argc; ++i) {
            if (i > 2)
                out += ",";
            out += jsonString(argv[i]);
        }
        say((out + "]").c_str());
        return 0;
    }
    if (what == "grandchild" || what == "grandchild-setsid" || what == "daemonize") {
        const bool ignoreTerm = arg && std::string(arg) == "ignore-term";
        const bool leaveGroup = what != "grandchild";
        termFile = arg && std::string(arg) == "term-file" && argc > 3 ? argv[3] : nullptr;
        int ready[2];
        if (pipe(ready) != 0)
            return 1;
        const pid_t pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0) {
            if (ignoreTerm)
                signal(SIGTERM, SIG_IGN);
            if (termFile)
                signal(SIGTERM, writeTermFileAndExit);
            alarm(kSafetySeconds); // not inherited across fork()
            if (leaveGroup)
                setsid();
            close(ready[0]);
            close(ready[1]); // tells the parent the grandchild is set up
            sleepForever();
        }
        close(ready[1]);
        char byte;
        while (read(ready[0], &byte, 1) < 0 && errno == EINTR) {
        }
        printf("grandchild %d\n", int(pid));
        fflush(stdout);
        if (what == "daemonize")
            return 0;
        sleepForever();
    }
    if (what == "hang")
        sleepForever();
    if ((what == "lines" || what == "stderr-lines") && arg) {
        FILE *out = what == "lines" ? stdout : stderr;
        const long n = atol(arg);
        for (long i = 1; i <= n; ++i)
            fprintf(out, "line %ld\n", i);
        fflush(out);
        return 0;
    }
    if (what == "partial" && arg) {
        fputs(arg, stdout);
        fflush(stdout);
        return 0;
    }
    if (what == "tick" && arg) {
        const double seconds = atof(arg) / 1000.0;
        for (long i = 1;; ++i) {
            printf("tick %ld\n", i);
            fflush(stdout);
            sleepSeconds(seconds);
        }
    }
    if (what == "busy" && arg) {
        const long megabytes = argc > 3 ? atol(argv[3]) : 0;
        std::vector<char> memory(size_t(megabytes) * 1024 * 1024);
        for (size_t i = 0; i < memory.size(); i += 4096)
            memory[i] = char(i);
        say("ready");
        timespec start, now;
        clock_gettime(CLOCK_MONOTONIC, &start);
        volatile unsigned long spin = 0;
        do {
            for (int i = 0; i < 100000; ++i)
                spin = spin + 1;
            clock_gettime(CLOCK_MONOTONIC, &now);
        } while (double(now.tv_sec - start.tv_sec) + double(now.tv_nsec - start.tv_nsec) / 1e9 < atof(arg));
        return memory.empty() ? 0 : int(memory[0] & 0);
    }
    if (what == "signal-state") {
        sigset_t mask;
        sigprocmask(SIG_SETMASK, nullptr, &mask);
        int blocked = 0, ignored = 0;
        for (int sig = 1; sig < NSIG; ++sig) {
            if (sigismember(&mask, sig) == 1)
                ++blocked;
            struct sigaction action;
            if (sigaction(sig, nullptr, &action) == 0 && action.sa_handler == SIG_IGN)
                ++ignored;
        }
        int fds = 0;
        if (DIR *dir = opendir("/proc/self/fd")) {
            const int own = dirfd(dir);
            while (dirent *entry = readdir(dir)) {
                const int fd = atoi(entry->d_name);
                if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9' && fd >= 3 && fd != own)
                    ++fds;
            }
            closedir(dir);
        }
        printf("blocked %d ignored %d\nfds %d\n", blocked, ignored, fds);
        return 0;
    }
    if (what == "pgid") {
        printf("pid %d pgid %d\n", int(getpid()), int(getpgrp()));
        return 0;
    }
    if (what == "fake-setup-failure") {
        const char text[] = "herd: setup failed: pretend (errno 1)\n";
        ssize_t ignored = write(STDERR_FILENO, text, sizeof text - 1);
        (void)ignored;
        _exit(113);
    }
    if (what == "write-file" && arg) {
        FILE *file = fopen(arg, "w");
        if (!file)
            return 1;
        fclose(file);
        return 0;
    }
    return usage();
}
