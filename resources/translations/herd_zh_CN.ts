<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>herd</name>
    <message>
        <source>Herd runs named processes and a pool of workers fed by a shared-memory task queue, and shows live which worker took each task.
Without --headless it opens the window; the options are the same in both modes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run without a window; echo each process&apos;s output prefixed with its name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the demo: two workers draining ten tasks, a named process and a process with a 5 s watchdog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spawn a process (repeatable). COMMAND is split into words as a shell would, but no shell runs it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[NAME=]COMMAND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watchdog for the processes spawned: terminate each after SECONDS (0 = none).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds between SIGTERM and SIGKILL when stopping (default 5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spawn the processes as daemons: stopped when Herd ends, never waited for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spawn N stock workers (Worker-1 ...).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enqueue tasks 1..N.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enqueue one task per line of FILE (- for standard input).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stock workers simulate MS of work per task.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stock workers run CMD per task, {} replaced by the payload (no shell).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop a worker whose task runs longer than SECONDS; the task goes back to the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts per task before it is dead-lettered (default 3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write every spawn, exit, take and completion as JSON Lines to FILE (- for standard output).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the task ledger as CSV to FILE when the run ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of the interface (en, zh_CN).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LANG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A session file to load and run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[FILE]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--grace is too long: at most %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 takes a whole number from 0 to %2, not &quot;%3&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--max-attempts must be at least 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--exec: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--exec needs a command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--exec and --work-ms cannot be combined: a worker either runs a command or simulates work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--run %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--run needs a command, as in --run &quot;sleep 5&quot; or --run NAME=&quot;sleep 5&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only one session file can be given, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--headless needs something to run: --run, --workers, --demo or a session file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tasks need workers to take them: add --workers N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 takes a number of seconds, not &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be negative (0 means no limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too long: at most %2 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too short: at least 0.001 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 cannot be negative (%2 ms); use 0 for none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 of %2 is too long; the longest allowed is %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no program given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the program name contains a NUL character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the name contains a NUL character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the name is too long (%1 characters; at most %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>argument %1 contains a NUL character, which cannot be passed to a program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>environment entry &quot;%1&quot; is not of the form KEY=VALUE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>environment entry &quot;%1&quot; contains a NUL character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the working directory contains a NUL character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signal sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the process is not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no such process (it has already ended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permission denied: the process belongs to another user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid signal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hangup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>illegal instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trace/breakpoint trap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aborted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bus error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>floating-point exception</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user signal 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>segmentation fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user signal 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>broken pipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarm clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>terminated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU time limit exceeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file size limit exceeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>virtual timer expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>profiling timer expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad system call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>power failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signal %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>task queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the task queue is full; try again once workers have taken some tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the task is larger than the queue&apos;s maximum payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the task queue is busy (its lock is held by another process); try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the task queue is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (did you mean &quot;%1&quot;?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the session file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the session file is larger than 16 MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is not a session file (it holds binary data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the command ends with a lone backslash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a single quote (&apos;) is not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a double quote (&quot;) is not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting: the program is being launched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>busy with task %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running task %1 from the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for a task from the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unkillable (D state?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIGKILL was sent but the process has not ended; it is probably stuck in the kernel (D state). Herd re-sends SIGKILL periodically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIGKILL sent; waiting for the process to be reaped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIGTERM sent; SIGKILL follows if it has not ended after %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>setup failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exited 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed with code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>killed (SIGKILL after %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>terminated by SIGTERM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>killed by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed to start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It exited too quickly (less than a second after it started).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0: it ended normally.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: it ended with error status %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: it was killed by %2 (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit codes follow Python&apos;s convention: 0 is success, a positive number is the program&apos;s error status, -N means killed by signal N.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its own exit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its watchdog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the per-task watchdog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herd quitting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has already ended (no such process).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not allowed to signal %1 (permission denied).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That signal is not valid on this system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write it as seconds (5, 2.5) or with a unit: 500 ms, 2.5 s, 1 min, 1 h 30 min.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be negative; use 0 for none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not a duration. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unknown unit &quot;%2&quot;. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too long: at most %2 (%3 ms).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is shorter than a millisecond; use 0 for none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::EventStream</name>
    <message>
        <source>cannot write events to standard output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write events to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::HeadlessRunner</name>
    <message>
        <source>cannot write to the terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot run %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot spawn workers: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>herd: %1 received, stopping every process (again to kill them)
</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>herd: %n task(s) never finished: no worker was left to take them
</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>herd: cannot write the report: %1
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::MainWindow</name>
    <message>
        <source>ask it to terminate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupt, like Ctrl+C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hang up; many daemons reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user-defined 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user-defined 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pause it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>let a paused process continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quit with a core dump</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end it at once; cannot be caught</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 restarts in %2 (its restart policy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Spawn…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spawn processes: a command or stock workers (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spawn &amp;worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Terminate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminate the selected processes: SIGTERM, then SIGKILL after their grace period (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kill the selected processes at once: SIGKILL to their process groups (Shift+Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kill &amp;all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kill every running process of the session (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enqueue tasks…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enqueue tasks for the workers (available once the session has a task queue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the demo scenario: a named process, a process with a 5 s watchdog and a daemon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send &amp;signal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &amp;timeout…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Details panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Herd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Herd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Herd %1&lt;/h3&gt;&lt;p&gt;A process monitor with a shared-memory task queue: spawn named processes and workers, watch them live, stop them with a click or a watchdog.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name, command, pid or state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not spawn %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stock worker program (herd-worker) was not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send signal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signal to send to the process group of %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not restart %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not set the timeout of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spawn a stock worker (herd-worker was not found)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spawn a stock worker with the last worker settings (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n with problems</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit Herd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 process is still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 processes are still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon processes are stopped either way. Wait lets the others finish on their own and closes Herd when they have; Stop sends them SIGTERM, then SIGKILL after their grace period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Wait for them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the processes to end; Herd closes when they have. Close again to stop them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping every process before quitting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start the demo: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::ManagedProcess</name>
    <message>
        <source>failed to start: cannot enter the working directory %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many open files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such file or directory (the program exists; is its interpreter or loader missing?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed to start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed to start: setup failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>killed by SIGKILL after %1 grace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>terminated by SIGTERM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>killed by SIGKILL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>killed by %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ended; its exit status was lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exited with code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timed out after %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its task timed out (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is still running</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::OutputPane</name>
    <message>
        <source>Follow the end of the output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find in output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter: next match · Shift+Enter: previous match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the output of every process, whatever is selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selection, or all of the output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear this view (the processes keep running)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output of the processes appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… %1 lines not shown: output arrived faster than it can be displayed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output · all processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::ProcessDetailsPanel</name>
    <message>
        <source>Select a process to see its details: how it was started, its watchdog, and how its run ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watchdog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stock worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>daemon (stopped when Herd quits, dies if Herd is killed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, leader of its own process group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (ended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herd&apos;s own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herd&apos;s own, plus HERD_PROCESS_NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fired after %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 from SIGTERM to SIGKILL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>being stopped by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: the program never ran</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it could not start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop asked by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIGTERM sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIGKILL sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reaped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended on its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It never ran.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No stop was needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIGKILL did not end it: the process is probably stuck in the kernel (D state).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::ProcessTableModel</name>
    <message>
        <source>Kill %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watchdog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The process&apos;s name; it reaches the child as HERD_PROCESS_NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process id, which is also its process group id: Herd signals the whole group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the process is in its life, and how it ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the current (or last) run has lasted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU use as a share of one core.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resident memory (RSS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left before the watchdog stops the process.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks a worker has completed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit code in Python&apos;s convention: 0 success, &gt; 0 error status, -N killed by signal N.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The program and its arguments, exactly as passed (no shell).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kill button: SIGKILL to the process group at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>daemon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process %1, leader of its own process group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process %1 (ended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ran for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The watchdog stops this process in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No watchdog. Set timeout… adds one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The watchdog stopped this process.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 task completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tasks completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No exit code: the program never ran.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kill %1: SIGKILL to its whole process group, at once</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::Reader</name>
    <message>
        <source>expected &quot;key = value&quot; or a [section], not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; comes before any [section]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[workers] needs count = N (at least 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a section header must end with ]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown section %1: expected [process NAME], [workers], [tasks] or [queue]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the name &quot;%1&quot; is used twice; names are unique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[%1] takes no name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[tasks] appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[queue] appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 takes a whole number from %2 to %3, not &quot;%4&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restart is never, on-failure or always, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown key &quot;%1&quot; in %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is given twice in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>command is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>env takes KEY=VALUE, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>daemon is yes or no, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>work-ms and exec cannot be combined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exec is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file is empty</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::Session</name>
    <message>
        <source>the task queue is already open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create the task queue: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no task queue for workers to take tasks from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a pool needs at least one worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no task queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the task queue is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the number of tasks must be at least 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there are no tasks to enqueue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>task %1 is %2 bytes; a task holds at most %3 bytes, so nothing was enqueued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard input is already being read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 of %2 is %3 bytes; a task holds at most %4 bytes, so nothing was enqueued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds no tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 of standard input is %2 bytes; a task holds at most %3 bytes: skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the task timeout cannot be negative (0 means none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the task timeout is too long: at most %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the queue&apos;s lock is held by stopped process %1; workers are waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>killed %1: it held the queue&apos;s lock stopped for %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 keeps failing: %n restart(s) within %2 s; left stopped (last: %3)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is still running; stop it first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this session has workers or tasks but there is no task queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this session wants %1 attempts per task, but the queue was opened with %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the task file %1 cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the name &quot;%1&quot; is already taken in this session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::SpawnDialog</name>
    <message>
        <source>“%1” does not exist: it will fail to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an executable file: it will fail to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” was not found in PATH: it will fail to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spawn processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blank: Process-N, or Worker-N for workers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Names are unique in a session. With more than one process, each gets the name followed by -1, -2, …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A &amp;command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>program and arguments, e.g. sleep 30</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split into words like a shell does (&apos;quotes&apos;, &quot;quotes&quot;, \ escapes), but no shell runs it: nothing is expanded or substituted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A stock &amp;worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simulated work per task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 500 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run a command per task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. convert {} out/{}.png  ({} is the task&apos;s payload)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0: no watchdog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The watchdog stops the process this long after it starts. Seconds, or with a unit: 500 ms, 30 s, 2 min. 0 means none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long a process may take to exit after SIGTERM before SIGKILL ends it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Daemon: stopped when Herd quits, and dies if Herd is killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herd&apos;s own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KEY=VALUE, one per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How &amp;many:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Grace:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Working directory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Spawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stock worker program (herd-worker) was not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs %1, which takes tasks from the session&apos;s queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stock worker program (herd-worker) was not found next to Herd, so workers cannot be spawned. Choose a command instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the command each task runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command per task cannot be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The work per task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command cannot be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the program to run, followed by its arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The grace period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The working directory “%1” does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The working directory “%1” is not a directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment line %1 (“%2”) is not KEY=VALUE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment line %1: “%2” is not a variable name (letters, digits and _, not starting with a digit).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A process named “%1” already exists; names are unique in a session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::Supervisor</name>
    <message>
        <source>the name “%1” is already taken by another process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the working directory %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>herd::TimeoutDialog</name>
    <message>
        <source>Set timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop %1 when this much time has passed from now. 0 removes the watchdog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 30 s, 500 ms, 2 min; 0 for none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The timeout</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
