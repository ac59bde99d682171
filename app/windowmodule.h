#pragma once

// The window lives in a module of its own, herd-window.so, which herd loads (dlopen) only
// when a window is asked for: --headless then starts without loading Qt's GUI libraries
// and what they pull in (some thirty shared libraries), which took about a third of the
// start of every headless run. The module is found beside herd (a build tree) or in
// HERD_WINDOW_DIR relative to it (an installed Herd).

#define HERD_WINDOW_EXPORT __attribute__((visibility("default")))

// herd-window's entry point: runs the window for herd's command line and returns the exit
// status. Looked up by this name.
extern "C" HERD_WINDOW_EXPORT int herd_window_main(int argc, char **argv);
using HerdWindowMain = int (*)(int argc, char **argv);
constexpr const char kWindowModuleFile[] = "herd-window.so";
constexpr const char kWindowModuleEntry[] = "herd_window_main";
