<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>RedisTaskQueue</name>
    <message>
        <source>the queue address is refused: %1</source>
        <translation>队列地址被拒绝：%1</translation>
    </message>
    <message>
        <source>the lease must be from %1 s to %2 s</source>
        <translation>租期必须在 %1 秒到 %2 秒之间</translation>
    </message>
    <message>
        <source>cannot reach the Redis server at %1 (%2); retrying, and tasks wait in Herd meanwhile</source>
        <translation>无法连接 %1 上的 Redis 服务器（%2）；正在重试，任务暂存在 Herd 中</translation>
    </message>
    <message>
        <source>lost the Redis server at %1 (%2); retrying, and tasks wait in Herd meanwhile</source>
        <translation>与 %1 上的 Redis 服务器失去连接（%2）；正在重试，任务暂存在 Herd 中</translation>
    </message>
    <message numerus="yes">
        <source>reconnected to the Redis server at %1, which had lost the queue; %n unfinished task(s) given to it again</source>
        <translation>
            <numerusform>已重新连接 %1 上的 Redis 服务器，它丢失了队列；已将 %n 个未完成的任务重新交给它</numerusform>
        </translation>
    </message>
    <message>
        <source>reconnected to the Redis server at %1; nothing was lost</source>
        <translation>已重新连接 %1 上的 Redis 服务器；没有丢失任何任务</translation>
    </message>
    <message>
        <source>the Redis server lost it</source>
        <translation>Redis 服务器丢失了它</translation>
    </message>
    <message>
        <source>silent for longer than its lease (%1)</source>
        <translation>沉默时间超过了租期（%1）</translation>
    </message>
    <message>
        <source>left when asked to stop</source>
        <translation>应要求停止后离开</translation>
    </message>
    <message>
        <source>left</source>
        <translation>已离开</translation>
    </message>
    <message>
        <source>its worker %1 was killed from Herd</source>
        <translation>它的工作进程 %1 已被 Herd 强制结束</translation>
    </message>
    <message>
        <source>killed from Herd</source>
        <translation>已被 Herd 强制结束</translation>
    </message>
</context>
<context>
    <name>herd</name>
    <message>
        <source>Show this help and exit.</source>
        <translation>显示此帮助并退出。</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>显示版本并退出。</translation>
    </message>
    <message>
        <source>Run without a window; echo each process&apos;s output prefixed with its name.</source>
        <translation>无窗口运行；显示每个进程的输出，并以进程名称作为前缀。</translation>
    </message>
    <message>
        <source>Start the demo: two workers draining ten tasks, a named process and a process with a 5 s watchdog.</source>
        <translation>启动演示：两个工作进程处理十个任务、一个具名进程，以及一个带 5 秒看门狗的进程。</translation>
    </message>
    <message>
        <source>Spawn a process (repeatable). COMMAND is split into words as a shell would, but no shell runs it.</source>
        <translation>启动一个进程（可重复使用）。COMMAND 像 shell 那样拆分成单词，但不经过任何 shell 运行。</translation>
    </message>
    <message>
        <source>[NAME=]COMMAND</source>
        <translation>[NAME=]COMMAND</translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation>SECONDS</translation>
    </message>
    <message>
        <source>Spawn N stock workers (Worker-1 ...).</source>
        <translation>启动 N 个内置工作进程（Worker-1 ...）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Enqueue tasks 1..N.</source>
        <translation>将任务 1..N 加入队列。</translation>
    </message>
    <message>
        <source>Enqueue one task per line of FILE (- for standard input).</source>
        <translation>将 FILE 的每一行作为一个任务加入队列（- 表示标准输入）。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Stock workers simulate MS of work per task.</source>
        <translation>内置工作进程处理每个任务时模拟 MS 毫秒的工作。</translation>
    </message>
    <message>
        <source>MS</source>
        <translation>MS</translation>
    </message>
    <message>
        <source>Stock workers run CMD per task, {} replaced by the payload (no shell).</source>
        <translation>内置工作进程为每个任务运行 CMD，其中 {} 替换为任务内容（不经过 shell）。</translation>
    </message>
    <message>
        <source>CMD</source>
        <translation>CMD</translation>
    </message>
    <message>
        <source>Stop a worker whose task runs longer than SECONDS; the task goes back to the queue.</source>
        <translation>任务运行超过 SECONDS 秒时停止其工作进程；该任务重新入队。</translation>
    </message>
    <message>
        <source>Attempts per task before it is dead-lettered (default 3).</source>
        <translation>每个任务转入死信前最多尝试的次数（默认 3）。</translation>
    </message>
    <message>
        <source>Language of the interface (en, zh_CN).</source>
        <translation>界面语言（en、zh_CN）。</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>LANG</translation>
    </message>
    <message>
        <source>A session file to load and run.</source>
        <translation>要加载并运行的会话文件。</translation>
    </message>
    <message>
        <source>[FILE]</source>
        <translation>[FILE]</translation>
    </message>
    <message>
        <source>%1 takes a whole number from 0 to %2, not &quot;%3&quot;</source>
        <translation>%1 需要 0 到 %2 之间的整数，而不是“%3”</translation>
    </message>
    <message>
        <source>--exec: %1</source>
        <translation>--exec：%1</translation>
    </message>
    <message>
        <source>--exec needs a command</source>
        <translation>--exec 需要一个命令</translation>
    </message>
    <message>
        <source>--exec and --work-ms cannot be combined: a worker either runs a command or simulates work</source>
        <translation>--exec 和 --work-ms 不能同时使用：工作进程要么运行命令，要么模拟工作</translation>
    </message>
    <message>
        <source>--run %1: %2</source>
        <translation>--run %1：%2</translation>
    </message>
    <message>
        <source>--run needs a command, as in --run &quot;sleep 5&quot; or --run NAME=&quot;sleep 5&quot;</source>
        <translation>--run 需要一个命令，例如 --run &quot;sleep 5&quot; 或 --run NAME=&quot;sleep 5&quot;</translation>
    </message>
    <message>
        <source>only one session file can be given, not %1</source>
        <translation>只能指定一个会话文件，而不是 %1 个</translation>
    </message>
    <message>
        <source>--headless needs something to run: --run, --workers, --demo or a session file</source>
        <translation>--headless 需要可运行的内容：--run、--workers、--demo 或一个会话文件</translation>
    </message>
    <message>
        <source>the %1 cannot be negative (%2 ms); use 0 for none</source>
        <translation>%1 不能为负数（%2 毫秒）；用 0 表示不设</translation>
    </message>
    <message>
        <source>the %1 of %2 is too long; the longest allowed is %3</source>
        <translation>%1 为 %2，太长；最长允许 %3</translation>
    </message>
    <message>
        <source>no program given</source>
        <translation>未指定程序</translation>
    </message>
    <message>
        <source>the program name contains a NUL character</source>
        <translation>程序名包含 NUL 字符</translation>
    </message>
    <message>
        <source>the name contains a NUL character</source>
        <translation>名称包含 NUL 字符</translation>
    </message>
    <message>
        <source>the name is too long (%1 characters; at most %2)</source>
        <translation>名称太长（%1 个字符；最多 %2 个）</translation>
    </message>
    <message>
        <source>argument %1 contains a NUL character, which cannot be passed to a program</source>
        <translation>参数 %1 包含 NUL 字符，无法传给程序</translation>
    </message>
    <message>
        <source>environment entry &quot;%1&quot; is not of the form KEY=VALUE</source>
        <translation>环境变量项“%1”不是 KEY=VALUE 形式</translation>
    </message>
    <message>
        <source>environment entry &quot;%1&quot; contains a NUL character</source>
        <translation>环境变量项“%1”包含 NUL 字符</translation>
    </message>
    <message>
        <source>the working directory contains a NUL character</source>
        <translation>工作目录包含 NUL 字符</translation>
    </message>
    <message>
        <source>signal sent</source>
        <translation>信号已发送</translation>
    </message>
    <message>
        <source>the process is not running</source>
        <translation>该进程未在运行</translation>
    </message>
    <message>
        <source>no such process (it has already ended)</source>
        <translation>没有此进程（它已经结束）</translation>
    </message>
    <message>
        <source>permission denied: the process belongs to another user</source>
        <translation>权限不足：该进程属于其他用户</translation>
    </message>
    <message>
        <source>not a valid signal</source>
        <translation>不是有效的信号</translation>
    </message>
    <message>
        <source>hangup</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>illegal instruction</source>
        <translation>非法指令</translation>
    </message>
    <message>
        <source>trace/breakpoint trap</source>
        <translation>跟踪/断点陷阱</translation>
    </message>
    <message>
        <source>aborted</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>bus error</source>
        <translation>总线错误</translation>
    </message>
    <message>
        <source>floating-point exception</source>
        <translation>浮点异常</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>强制结束</translation>
    </message>
    <message>
        <source>user signal 1</source>
        <translation>用户信号 1</translation>
    </message>
    <message>
        <source>segmentation fault</source>
        <translation>段错误</translation>
    </message>
    <message>
        <source>user signal 2</source>
        <translation>用户信号 2</translation>
    </message>
    <message>
        <source>broken pipe</source>
        <translation>管道破裂</translation>
    </message>
    <message>
        <source>alarm clock</source>
        <translation>闹钟</translation>
    </message>
    <message>
        <source>terminated</source>
        <translation>终止</translation>
    </message>
    <message>
        <source>CPU time limit exceeded</source>
        <translation>超出 CPU 时间限制</translation>
    </message>
    <message>
        <source>file size limit exceeded</source>
        <translation>超出文件大小限制</translation>
    </message>
    <message>
        <source>virtual timer expired</source>
        <translation>虚拟计时器到期</translation>
    </message>
    <message>
        <source>profiling timer expired</source>
        <translation>性能分析计时器到期</translation>
    </message>
    <message>
        <source>bad system call</source>
        <translation>错误的系统调用</translation>
    </message>
    <message>
        <source>power failure</source>
        <translation>电源故障</translation>
    </message>
    <message>
        <source>signal %1</source>
        <translation>信号 %1</translation>
    </message>
    <message>
        <source>task queued</source>
        <translation>任务已入队</translation>
    </message>
    <message>
        <source>the task queue is full; try again once workers have taken some tasks</source>
        <translation>任务队列已满；请等工作进程领取一些任务后再试</translation>
    </message>
    <message>
        <source>the task is larger than the queue&apos;s maximum payload</source>
        <translation>任务超过了队列允许的最大长度</translation>
    </message>
    <message>
        <source>the task queue is busy (its lock is held by another process); try again</source>
        <translation>任务队列正忙（其锁被另一个进程持有）；请重试</translation>
    </message>
    <message>
        <source>the task queue is closed</source>
        <translation>任务队列已关闭</translation>
    </message>
    <message>
        <source> (did you mean &quot;%1&quot;?)</source>
        <translation>（您是指“%1”吗？）</translation>
    </message>
    <message>
        <source>cannot read the session file: %1</source>
        <translation>无法读取会话文件：%1</translation>
    </message>
    <message>
        <source>the session file is larger than 16 MiB</source>
        <translation>会话文件大于 16 MiB</translation>
    </message>
    <message>
        <source>this is not a session file (it holds binary data)</source>
        <translation>这不是会话文件（其中包含二进制数据）</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>the command ends with a lone backslash</source>
        <translation>命令以单独的反斜杠结尾</translation>
    </message>
    <message>
        <source>a single quote (&apos;) is not closed</source>
        <translation>单引号（&apos;）没有闭合</translation>
    </message>
    <message>
        <source>a double quote (&quot;) is not closed</source>
        <translation>双引号（&quot;）没有闭合</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>Starting: the program is being launched.</source>
        <translation>启动中：正在启动程序。</translation>
    </message>
    <message>
        <source>busy with task %1</source>
        <translation>正在处理任务 %1</translation>
    </message>
    <message>
        <source>Running task %1 from the queue.</source>
        <translation>正在运行队列中的任务 %1。</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Waiting for a task from the queue.</source>
        <translation>正在等待队列中的任务。</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Running.</source>
        <translation>运行中。</translation>
    </message>
    <message>
        <source>unkillable (D state?)</source>
        <translation>无法强制结束（D 状态？）</translation>
    </message>
    <message>
        <source>SIGKILL was sent but the process has not ended; it is probably stuck in the kernel (D state). Herd re-sends SIGKILL periodically.</source>
        <translation>已发送 SIGKILL，但进程仍未结束；它可能卡在内核中（D 状态）。Herd 会定期重发 SIGKILL。</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>SIGKILL sent; waiting for the process to be reaped.</source>
        <translation>已发送 SIGKILL；正在等待回收该进程。</translation>
    </message>
    <message>
        <source>SIGTERM sent; SIGKILL follows if it has not ended after %1.</source>
        <translation>已发送 SIGTERM；若 %1 后仍未结束，将发送 SIGKILL。</translation>
    </message>
    <message>
        <source>setup failed</source>
        <translation>初始化失败</translation>
    </message>
    <message>
        <source>exited 0</source>
        <translation>正常退出（0）</translation>
    </message>
    <message>
        <source>failed with code %1</source>
        <translation>失败（退出码 %1）</translation>
    </message>
    <message>
        <source>killed (SIGKILL after %1)</source>
        <translation>被强制结束（%1 后发送 SIGKILL）</translation>
    </message>
    <message>
        <source>terminated by SIGTERM</source>
        <translation>被 SIGTERM 终止</translation>
    </message>
    <message>
        <source>killed by %1</source>
        <translation>被 %1 终止</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>failed to start</source>
        <translation>启动失败</translation>
    </message>
    <message>
        <source>Ended by %1.</source>
        <translation>结束原因：%1。</translation>
    </message>
    <message>
        <source>It exited too quickly (less than a second after it started).</source>
        <translation>退出过快（启动后不到一秒）。</translation>
    </message>
    <message>
        <source>0: it ended normally.</source>
        <translation>0：正常结束。</translation>
    </message>
    <message>
        <source>%1: it ended with error status %1.</source>
        <translation>%1：程序以错误状态 %1 退出。</translation>
    </message>
    <message>
        <source>%1: it was killed by %2 (%3).</source>
        <translation>%1：进程因收到 %2（%3）而结束。</translation>
    </message>
    <message>
        <source>Exit codes follow Python&apos;s convention: 0 is success, a positive number is the program&apos;s error status, -N means killed by signal N.</source>
        <translation>退出码遵循 Python 的约定：0 表示成功，正数是程序的错误状态，-N 表示被信号 N 终止。</translation>
    </message>
    <message>
        <source>its own exit</source>
        <translation>自行退出</translation>
    </message>
    <message>
        <source>the user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>its watchdog</source>
        <translation>看门狗</translation>
    </message>
    <message>
        <source>the per-task watchdog</source>
        <translation>任务超时看门狗</translation>
    </message>
    <message>
        <source>Herd quitting</source>
        <translation>Herd 退出</translation>
    </message>
    <message>
        <source>%1 is not running.</source>
        <translation>%1 未在运行。</translation>
    </message>
    <message>
        <source>%1 has already ended (no such process).</source>
        <translation>%1 已经结束（没有此进程）。</translation>
    </message>
    <message>
        <source>Not allowed to signal %1 (permission denied).</source>
        <translation>无权向 %1 发送信号（权限不足）。</translation>
    </message>
    <message>
        <source>That signal is not valid on this system.</source>
        <translation>该信号在此系统上无效。</translation>
    </message>
    <message>
        <source>Write it as seconds (5, 2.5) or with a unit: 500 ms, 2.5 s, 1 min, 1 h 30 min.</source>
        <translation>请写成秒数（5、2.5）或带单位：500 ms、2.5 s、1 min、1 h 30 min。</translation>
    </message>
    <message>
        <source>%1 cannot be negative; use 0 for none.</source>
        <translation>%1不能为负数；用 0 表示不设。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not a duration. %3</source>
        <translation>%1“%2”不是有效的时长。%3</translation>
    </message>
    <message>
        <source>%1: unknown unit &quot;%2&quot;. %3</source>
        <translation>%1：未知单位“%2”。%3</translation>
    </message>
    <message>
        <source>%1 is too long: at most %2 (%3 ms).</source>
        <translation>%1太长：最多 %2（%3 毫秒）。</translation>
    </message>
    <message>
        <source>%1 is shorter than a millisecond; use 0 for none.</source>
        <translation>%1短于一毫秒；用 0 表示不设。</translation>
    </message>
    <message>
        <source>%1 d %2</source>
        <translation>%1 天 %2</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>+%1 s</source>
        <translation>+%1 秒</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>grace period</source>
        <translation>宽限期</translation>
    </message>
    <message numerus="yes">
        <source>reaped %n orphan(s) left running by a Herd that was killed: %1</source>
        <translation>
            <numerusform>已清理被强制结束的 Herd 遗留的 %n 个孤儿进程：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>crash-looping, gave up</source>
        <translation>反复崩溃，已放弃</translation>
    </message>
    <message>
        <source>It kept failing soon after each start, so its restart policy gave up; Restart starts it again. Its last run: %1</source>
        <translation>它每次启动后很快又失败，重启策略已放弃；“重启”可再次启动它。最后一次运行：%1</translation>
    </message>
    <message>
        <source>Restart the processes and workers of the command line when they end: never, on-failure or always (default: never for --run, on-failure for --workers).</source>
        <translation>命令行启动的进程和工作进程结束时是否重启：never、on-failure 或 always（默认：--run 为 never，--workers 为 on-failure）。</translation>
    </message>
    <message>
        <source>WHEN</source>
        <translation>WHEN</translation>
    </message>
    <message>
        <source>--grace cannot be negative (0 means SIGKILL at once)</source>
        <translation>--grace 不能为负数（0 表示立即 SIGKILL）</translation>
    </message>
    <message>
        <source>--max-attempts takes a whole number from 1 to 1000, not &quot;%1&quot;</source>
        <translation>--max-attempts 需要 1 到 1000 之间的整数，而不是“%1”</translation>
    </message>
    <message>
        <source>--restart is never, on-failure or always, not &quot;%1&quot;</source>
        <translation>--restart 只能是 never、on-failure 或 always，而不是“%1”</translation>
    </message>
    <message>
        <source>--events needs a file name (or - for standard output)</source>
        <translation>--events 需要一个文件名（- 表示标准输出）</translation>
    </message>
    <message>
        <source>--report needs a file name</source>
        <translation>--report 需要一个文件名</translation>
    </message>
    <message>
        <source>cannot read the session file: it is a folder</source>
        <translation>无法读取会话文件：它是一个文件夹</translation>
    </message>
    <message>
        <source>cannot read the session file: it is not a regular file</source>
        <translation>无法读取会话文件：它不是普通文件</translation>
    </message>
    <message>
        <source>standard input</source>
        <translation>标准输入</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Stopped by a signal (SIGSTOP or SIGTSTP) or a debugger: it does nothing until SIGCONT continues it (Send signal… → SIGCONT). Terminate continues it too.</source>
        <translation>已被信号（SIGSTOP 或 SIGTSTP）或调试器暂停：在 SIGCONT 让它继续之前不会做任何事（发送信号… → SIGCONT）。“终止”也会让它先继续。</translation>
    </message>
    <message>
        <source>continued</source>
        <translation>已继续</translation>
    </message>
    <message>
        <source>Continued: it was stopped and runs again.</source>
        <translation>已继续：它曾被暂停，现在重新运行。</translation>
    </message>
    <message>
        <source>a damaged task queue</source>
        <translation>任务队列损坏</translation>
    </message>
    <message>
        <source>Watchdog for the processes of --run: terminate each after SECONDS (0 = none).</source>
        <translation>--run 所启动进程的看门狗：SECONDS 秒后终止每个进程（0 = 不限）。</translation>
    </message>
    <message>
        <source>Seconds between SIGTERM and SIGKILL when stopping what --run and --workers spawn (default 5; 0 = SIGKILL at once).</source>
        <translation>停止 --run 和 --workers 启动的进程时，SIGTERM 与 SIGKILL 之间的秒数（默认 5；0 = 立即 SIGKILL）。</translation>
    </message>
    <message>
        <source>Spawn the processes of --run as daemons: stopped when Herd ends, never waited for.</source>
        <translation>以守护进程方式启动 --run 的进程：Herd 结束时停止，从不等待它们。</translation>
    </message>
    <message>
        <source>The workers of --workers run CMD instead of the stock worker: any program that takes tasks from the queue (split into words, no shell).</source>
        <translation>--workers 的工作进程运行 CMD 而不是自带的工作进程：任何从队列领取任务的程序均可（按词拆分，不经 shell）。</translation>
    </message>
    <message>
        <source>Write every spawn, exit, take and completion as JSON Lines to FILE as they happen (- for standard output).</source>
        <translation>将每次启动、退出、领取和完成实时以 JSON Lines 写入 FILE（- 表示标准输出）。</translation>
    </message>
    <message>
        <source>Write the task ledger as CSV to FILE when the run ends (the window: when it quits).</source>
        <translation>运行结束时将任务台账以 CSV 写入 FILE（窗口模式：退出时）。</translation>
    </message>
    <message>
        <source>--worker-command: %1</source>
        <translation>--worker-command：%1</translation>
    </message>
    <message>
        <source>--worker-command needs a program, as in --worker-command &quot;python3 worker.py&quot;</source>
        <translation>--worker-command 需要一个程序，例如 --worker-command &quot;python3 worker.py&quot;</translation>
    </message>
    <message>
        <source>--work-ms and --exec are for the stock worker; a --worker-command worker takes its own options in the command</source>
        <translation>--work-ms 和 --exec 用于自带的工作进程；--worker-command 的工作进程请在命令中给出它自己的选项</translation>
    </message>
    <message>
        <source>--timeout is the watchdog of the processes of --run: add --run (workers have --task-timeout)</source>
        <translation>--timeout 是 --run 所启动进程的看门狗：请添加 --run（工作进程请用 --task-timeout）</translation>
    </message>
    <message>
        <source>--daemon applies to the processes of --run: add --run</source>
        <translation>--daemon 作用于 --run 的进程：请添加 --run</translation>
    </message>
    <message>
        <source>--work-ms describes the workers of --workers N: add --workers (a session file&apos;s [workers] have their own work-ms)</source>
        <translation>--work-ms 描述 --workers N 的工作进程：请添加 --workers（会话文件的 [workers] 有自己的 work-ms）</translation>
    </message>
    <message>
        <source>--exec describes the workers of --workers N: add --workers (a session file&apos;s [workers] have their own exec)</source>
        <translation>--exec 描述 --workers N 的工作进程：请添加 --workers（会话文件的 [workers] 有自己的 exec）</translation>
    </message>
    <message>
        <source>--worker-command is the program of the workers of --workers N: add --workers (a session file&apos;s [workers] have their own command)</source>
        <translation>--worker-command 是 --workers N 的工作进程所运行的程序：请添加 --workers（会话文件的 [workers] 有自己的 command）</translation>
    </message>
    <message>
        <source>--grace applies to what --run and --workers spawn: add one of them</source>
        <translation>--grace 作用于 --run 和 --workers 启动的进程：请添加其中之一</translation>
    </message>
    <message>
        <source>--restart applies to what --run and --workers spawn: add one of them</source>
        <translation>--restart 作用于 --run 和 --workers 启动的进程：请添加其中之一</translation>
    </message>
    <message>
        <source>%1 and --tasks together make %2 tasks, more than a session holds (%3)</source>
        <translation>%1 与 --tasks 合计 %2 个任务，超过一个会话能容纳的数量（%3）</translation>
    </message>
    <message>
        <source>The events could not be written; see the message when Herd quits.</source>
        <translation>无法写入事件；详情见 Herd 退出时的消息。</translation>
    </message>
    <message>
        <source>Nothing was started: %1</source>
        <translation>未启动任何内容：%1</translation>
    </message>
    <message>
        <source>events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>cannot write the %1 to %2: it is a folder</source>
        <translation>无法将%1写入 %2：它是一个文件夹</translation>
    </message>
    <message>
        <source>cannot write the %1 to %2: permission denied</source>
        <translation>无法将%1写入 %2：权限不足</translation>
    </message>
    <message>
        <source>cannot write the report to %1: it is neither a file nor a device</source>
        <translation>无法将报告写入 %1：它既不是文件也不是设备</translation>
    </message>
    <message>
        <source>cannot write the %1 to %2: the folder %3 does not exist</source>
        <translation>无法将%1写入 %2：文件夹 %3 不存在</translation>
    </message>
    <message>
        <source>cannot write the %1 to %2: %3 is not a folder</source>
        <translation>无法将%1写入 %2：%3 不是文件夹</translation>
    </message>
    <message>
        <source>cannot write the %1 to %2: the folder %3 is not writable</source>
        <translation>无法将%1写入 %2：文件夹 %3 不可写</translation>
    </message>
    <message>
        <source>the %1 and the %2 cannot go to the same file %3</source>
        <translation>%1和%2不能写入同一个文件 %3</translation>
    </message>
    <message>
        <source>the %1 would overwrite %2, which Herd reads</source>
        <translation>%1会覆盖 Herd 要读取的 %2</translation>
    </message>
    <message>
        <source>Herd runs named processes and a pool of workers fed by a shared-memory task queue, and shows live which worker took each task.
Without --headless it opens the window and starts there the same work the options describe; the options are the same in both modes. With a session FILE the options add to it (--max-attempts, --task-timeout, --queue and --lease override its [queue]).</source>
        <translation>Herd 运行命名的进程和一组由共享内存任务队列供给的工作进程，并实时显示每个任务由哪个工作进程领取。
不加 --headless 时打开窗口，并在窗口中启动选项所描述的同样工作；两种模式的选项相同。给出会话文件 FILE 时，选项会追加到其中（--max-attempts、--task-timeout、--queue 和 --lease 会覆盖其 [queue]）。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>With --queue: a worker silent for SECONDS loses its task, which goes back to the queue (default 30).</source>
        <translation>配合 --queue：沉默超过 SECONDS 秒的工作进程会失去其任务，任务回到队列（默认 30）。</translation>
    </message>
    <message>
        <source>--lease must be at least 0.1 seconds</source>
        <translation>--lease 至少为 0.1 秒</translation>
    </message>
    <message>
        <source>--lease is for a queue in Redis: add --queue redis://HOST:PORT/NAME</source>
        <translation>--lease 用于 Redis 中的队列：请加上 --queue redis://HOST:PORT/NAME</translation>
    </message>
    <message>
        <source>--lease is for a queue in Redis, and neither %1 nor --queue names one</source>
        <translation>--lease 用于 Redis 中的队列，但 %1 和 --queue 都没有指定队列</translation>
    </message>
    <message>
        <source>Keep the tasks in Redis Streams at URL, redis://[USER:PASSWORD@]HOST:PORT/NAME (or a local server&apos;s socket: redis+unix:///PATH/TO/SOCKET/NAME), so workers on other machines can take them (herd-worker --queue URL); default: shared memory on this machine.</source>
        <translation>把任务放在 URL 所指的 Redis Streams 中，redis://[USER:PASSWORD@]HOST:PORT/NAME（或本机服务器的套接字：redis+unix:///PATH/TO/SOCKET/NAME），让其他机器上的工作进程也能领取（herd-worker --queue URL）；默认：本机共享内存。</translation>
    </message>
    <message>
        <source>--queue takes a Redis address, redis://HOST:PORT/NAME or redis+unix:///PATH/TO/SOCKET/NAME</source>
        <translation>--queue 需要一个 Redis 地址：redis://HOST:PORT/NAME 或 redis+unix:///PATH/TO/SOCKET/NAME</translation>
    </message>
    <message>
        <source>Connected to the queue and waiting for a task.</source>
        <translation>已连接到队列，正在等待任务。</translation>
    </message>
    <message>
        <source>stopping after task %1</source>
        <translation>完成任务 %1 后停止</translation>
    </message>
    <message>
        <source>Asked to finish the task in hand and leave.</source>
        <translation>已要求它完成手头的任务后离开。</translation>
    </message>
    <message>
        <source>silent for %1 s</source>
        <translation>已 %1 秒无响应</translation>
    </message>
    <message>
        <source>No heartbeat for %1: stopped, cut off or dead. Its task goes back to the queue when the silence outlasts the lease.</source>
        <translation>%1 没有心跳：已暂停、断开或已死亡。沉默超过租期时，它的任务会回到队列。</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>已离开</translation>
    </message>
    <message>
        <source>No longer connected to the queue.</source>
        <translation>已不再连接到队列。</translation>
    </message>
    <message>
        <source>No longer connected to the queue: %1.</source>
        <translation>已不再连接到队列：%1。</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
</context>
<context>
    <name>herd::Confirmation</name>
    <message>
        <source>Don&apos;t ask again (Settings → Ask before ending several processes turns it back on)</source>
        <translation>不再询问（可在“设置 → 结束多个进程前询问”中重新打开）</translation>
    </message>
</context>
<context>
    <name>herd::DistributionView</name>
    <message>
        <source>pid %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <source>No worker has taken a task yet.</source>
        <translation>还没有工作进程领取任务。</translation>
    </message>
    <message>
        <source> · %1 failed</source>
        <translation> · %1 个失败</translation>
    </message>
    <message>
        <source> · %1 lost</source>
        <translation> · %1 个丢失</translation>
    </message>
</context>
<context>
    <name>herd::EnqueueDialog</name>
    <message>
        <source>&amp;Number of tasks:</source>
        <translation>任务数量(&amp;N)：</translation>
    </message>
    <message>
        <source>One task per line of a &amp;file:</source>
        <translation>从文件中每行一个任务(&amp;F)：</translation>
    </message>
    <message>
        <source>One task per &amp;line below:</source>
        <translation>在下方每行输入一个任务(&amp;L)：</translation>
    </message>
    <message>
        <source>Enqueue tasks</source>
        <translation>添加任务</translation>
    </message>
    <message>
        <source>Tasks get the next free ids; each task&apos;s payload is its id</source>
        <translation>任务使用接下来的空闲编号；每个任务的内容就是它的编号</translation>
    </message>
    <message>
        <source>tasks.txt</source>
        <translation>tasks.txt</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Tasks, one per line</source>
        <translation>任务，每行一个</translation>
    </message>
    <message>
        <source>resize photo-1.jpg
resize photo-2.jpg</source>
        <translation>resize photo-1.jpg
resize photo-2.jpg</translation>
    </message>
    <message>
        <source>&amp;Enqueue</source>
        <translation>加入队列(&amp;E)</translation>
    </message>
    <message>
        <source>This session has no task queue, so tasks cannot be enqueued.</source>
        <translation>此会话没有任务队列，因此无法添加任务。</translation>
    </message>
    <message>
        <source>Choose a file with one task per line.</source>
        <translation>请选择一个每行一个任务的文件。</translation>
    </message>
    <message>
        <source>Standard input cannot be read from the window; choose a file.</source>
        <translation>窗口中无法读取标准输入；请选择一个文件。</translation>
    </message>
    <message>
        <source>Type at least one task, one per line.</source>
        <translation>请至少输入一个任务，每行一个。</translation>
    </message>
    <message>
        <source>Number of tasks: type a whole number from %1 to %2.</source>
        <translation>任务数量：请输入 %1 到 %2 之间的整数。</translation>
    </message>
</context>
<context>
    <name>herd::EventStream</name>
    <message>
        <source>cannot write events to %1: %2</source>
        <translation>无法将事件写入 %1：%2</translation>
    </message>
    <message>
        <source>cannot write events to %1: nobody reads that FIFO</source>
        <translation>无法将事件写入 %1：没有进程读取该 FIFO</translation>
    </message>
    <message>
        <source>standard output</source>
        <translation>标准输出</translation>
    </message>
    <message numerus="yes">
        <source>cannot write events to %1: %2 (%n event(s) lost)</source>
        <translation>
            <numerusform>无法将事件写入 %1：%2（丢失 %n 个事件）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) lost: nobody read %1 fast enough</source>
        <translation>
            <numerusform>丢失 %n 个事件：没有进程足够快地读取 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>events to %1 may be incomplete: nobody reads them</source>
        <translation>写入 %1 的事件可能不完整：没有进程读取</translation>
    </message>
</context>
<context>
    <name>herd::HeadlessRunner</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>standard output was closed; output is no longer echoed</source>
        <translation>标准输出已关闭；不再回显输出</translation>
    </message>
    <message>
        <source>cannot echo output: %1</source>
        <translation>无法回显输出：%1</translation>
    </message>
    <message>
        <source>standard output was closed: nobody reads the events; stopping every process</source>
        <translation>标准输出已关闭：没有进程读取事件；正在停止所有进程</translation>
    </message>
    <message>
        <source>standard output was closed</source>
        <translation>标准输出已关闭</translation>
    </message>
    <message>
        <source>%1 has nothing to run: no process, no workers and no tasks</source>
        <translation>%1 没有可运行的内容：没有进程、工作进程和任务</translation>
    </message>
    <message>
        <source>%1: tasks need workers to take them: add a [workers] section</source>
        <translation>%1：任务需要工作进程来领取：请添加 [workers] 段</translation>
    </message>
    <message>
        <source>%1, so nothing was started</source>
        <translation>%1，因此没有启动任何内容</translation>
    </message>
    <message>
        <source>%1 holds no tasks</source>
        <translation>%1 中没有任务</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>restarting in %1 s</source>
        <translation>%1 秒后重启</translation>
    </message>
    <message>
        <source>%1 received before anything started</source>
        <translation>在任何内容启动前收到 %1</translation>
    </message>
    <message>
        <source>%1 received</source>
        <translation>收到 %1</translation>
    </message>
    <message>
        <source>%1, stopping every process (a signal again kills them)</source>
        <translation>%1，正在停止所有进程（再发一次信号将强制结束它们）</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) never finished: the run was interrupted</source>
        <translation>
            <numerusform>%n 个任务未完成：运行被中断</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) never finished: no worker was left to take them</source>
        <translation>
            <numerusform>%n 个任务未完成：没有工作进程可以领取它们</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot write the report: %1</source>
        <translation>无法写入报告：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) of output were not echoed: standard output was not read fast enough</source>
        <translation>
            <numerusform>%n 行输出未回显：标准输出读取得不够快</numerusform>
        </translation>
    </message>
    <message>
        <source>remote worker %1 joined from %2 (pid %3)</source>
        <translation>远程工作进程 %1 从 %2 加入（pid %3）</translation>
    </message>
    <message numerus="yes">
        <source>remote worker %1 on %2 left after %n task(s): %3</source>
        <translation>
            <numerusform>%2 上的远程工作进程 %1 在完成 %n 个任务后离开：%3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>herd::LineSplitter</name>
    <message>
        <source>line %1 of %2 is longer than %3 bytes, the most a task holds</source>
        <translation>%2 的第 %1 行超过 %3 字节，即一个任务的上限</translation>
    </message>
    <message>
        <source>%1 holds more than %2 tasks, the most one source may hold</source>
        <translation>%1 包含超过 %2 个任务，即一个任务来源的上限</translation>
    </message>
    <message>
        <source>%1 holds more than %2 MiB; a task source holds at most that</source>
        <translation>%1 超过 %2 MiB；一个任务来源最多只能这么大</translation>
    </message>
    <message>
        <source>line %1 of %2 contains a NUL byte, which a task cannot hold</source>
        <translation>%2 的第 %1 行包含 NUL 字节，任务不能包含它</translation>
    </message>
</context>
<context>
    <name>herd::MainWindow</name>
    <message>
        <source>Herd</source>
        <translation>Herd</translation>
    </message>
    <message>
        <source>%1 restarts in %2 (its restart policy)</source>
        <translation>%1 将在 %2 后重启（按其重启策略）</translation>
    </message>
    <message>
        <source>&amp;Spawn…</source>
        <translation>启动(&amp;S)…</translation>
    </message>
    <message>
        <source>Spawn processes: a command or stock workers (%1)</source>
        <translation>启动进程：命令或内置工作进程（%1）</translation>
    </message>
    <message>
        <source>Spawn &amp;worker</source>
        <translation>启动工作进程(&amp;W)</translation>
    </message>
    <message>
        <source>Kill &amp;all</source>
        <translation>全部强制结束(&amp;A)</translation>
    </message>
    <message>
        <source>Kill every running process of the session (%1)</source>
        <translation>强制结束本会话中所有正在运行的进程（%1）</translation>
    </message>
    <message>
        <source>&amp;Enqueue tasks…</source>
        <translation>添加任务(&amp;E)…</translation>
    </message>
    <message>
        <source>Enqueue tasks for the workers (available once the session has a task queue)</source>
        <translation>为工作进程添加任务（会话有任务队列后可用）</translation>
    </message>
    <message>
        <source>&amp;Demo</source>
        <translation>演示(&amp;D)</translation>
    </message>
    <message>
        <source>Start the demo scenario: a named process, a process with a 5 s watchdog and a daemon</source>
        <translation>启动演示场景：一个具名进程、一个带 5 秒看门狗的进程和一个守护进程</translation>
    </message>
    <message>
        <source>&amp;Details panel</source>
        <translation>详情面板(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Filter processes</source>
        <translation>筛选进程(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About Herd</source>
        <translation>关于 Herd(&amp;A)</translation>
    </message>
    <message>
        <source>About Herd</source>
        <translation>关于 Herd</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Herd %1&lt;/h3&gt;&lt;p&gt;A process monitor with a shared-memory task queue: spawn named processes and workers, watch them live, stop them with a click or a watchdog.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Herd %1&lt;/h3&gt;&lt;p&gt;带共享内存任务队列的进程监视器：启动具名进程和工作进程，实时观察它们，一键或由看门狗停止它们。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Process</source>
        <translation>进程(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Could not spawn %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>The stock worker program (herd-worker) was not found.</source>
        <translation>找不到内置工作进程程序（herd-worker）。</translation>
    </message>
    <message>
        <source>Spawn a stock worker (herd-worker was not found)</source>
        <translation>启动一个内置工作进程（找不到 herd-worker）</translation>
    </message>
    <message>
        <source>%1 running</source>
        <translation>%1 个运行中</translation>
    </message>
    <message>
        <source>%1 starting</source>
        <translation>%1 个启动中</translation>
    </message>
    <message>
        <source>%1 stopping</source>
        <translation>%1 个停止中</translation>
    </message>
    <message>
        <source>%1 ended</source>
        <translation>%1 个已结束</translation>
    </message>
    <message numerus="yes">
        <source>%n with problems</source>
        <translation>
            <numerusform>%n 个异常</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Quit Herd</source>
        <translation>退出 Herd</translation>
    </message>
    <message>
        <source>1 process is still running.</source>
        <translation>还有 1 个进程在运行。</translation>
    </message>
    <message>
        <source>%1 processes are still running.</source>
        <translation>还有 %1 个进程在运行。</translation>
    </message>
    <message>
        <source>&amp;Wait for them</source>
        <translation>等待它们(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Stop them</source>
        <translation>停止它们(&amp;S)</translation>
    </message>
    <message>
        <source>Stopping every process before quitting…</source>
        <translation>退出前正在停止所有进程…</translation>
    </message>
    <message>
        <source>Could not start the demo: %1</source>
        <translation>无法启动演示：%1</translation>
    </message>
    <message>
        <source>Enqueue tasks for the workers: a number of tasks, or one per line</source>
        <translation>为工作进程添加任务：指定数量，或每行一个</translation>
    </message>
    <message>
        <source>&amp;Open session…</source>
        <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Herd sessions (*.herd);;All files (*)</source>
        <translation>Herd 会话 (*.herd);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Save session as…</source>
        <translation>会话另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Herd sessions (*.herd)</source>
        <translation>Herd 会话 (*.herd)</translation>
    </message>
    <message>
        <source>&amp;Export task ledger as CSV…</source>
        <translation>将任务台账导出为 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Export task ledger</source>
        <translation>导出任务台账</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>There is no session to load into.</source>
        <translation>没有可供加载的会话。</translation>
    </message>
    <message>
        <source>%1 was not loaded, and nothing was started:
%2</source>
        <translation>未加载 %1，也未启动任何进程：
%2</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>已加载 %1</translation>
    </message>
    <message>
        <source>There is no session to save.</source>
        <translation>没有可保存的会话。</translation>
    </message>
    <message>
        <source>Saved the session to %1</source>
        <translation>已将会话保存到 %1</translation>
    </message>
    <message>
        <source>There is no task ledger to export.</source>
        <translation>没有可导出的任务台账。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n task(s) to %1</source>
        <translation>
            <numerusform>已将 %n 个任务导出到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>No task queue: %1</source>
        <translation>没有任务队列：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;No task queue:&lt;/b&gt; %1.&lt;br&gt;Processes run as usual; workers need the queue, so Spawn worker and Enqueue tasks are not available in this session.</source>
        <translation>&lt;b&gt;没有任务队列：&lt;/b&gt;%1。&lt;br&gt;进程照常运行；工作进程需要任务队列，因此本次会话中无法启动工作进程或添加任务。</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Ask before ending several processes</source>
        <translation>结束多个进程前询问(&amp;A)</translation>
    </message>
    <message>
        <source>Kill all, and Terminate or Kill on a selection of several processes, ask first</source>
        <translation>“全部强制结束”以及对多个选中进程的“终止”或“强制结束”会先询问</translation>
    </message>
    <message>
        <source>Herd asks before ending several processes</source>
        <translation>Herd 在结束多个进程前会询问</translation>
    </message>
    <message>
        <source>Herd no longer asks before ending several processes</source>
        <translation>Herd 在结束多个进程前不再询问</translation>
    </message>
    <message>
        <source>Spawned %1</source>
        <translation>已启动 %1</translation>
    </message>
    <message numerus="yes">
        <source>Spawned %n processes</source>
        <translation>
            <numerusform>已启动 %n 个进程</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Killed all %n running process(es) (SIGKILL)</source>
        <translation>
            <numerusform>已强制结束全部 %n 个运行中的进程（SIGKILL）</numerusform>
        </translation>
    </message>
    <message>
        <source>Kill all</source>
        <translation>全部强制结束</translation>
    </message>
    <message numerus="yes">
        <source>Kill all %n running processes at once with SIGKILL? They get no chance to clean up, and the workers&apos; tasks go back to the queue.</source>
        <translation>
            <numerusform>立即用 SIGKILL 强制结束全部 %n 个运行中的进程？它们没有机会清理，工作进程的任务会回到队列。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Kill all</source>
        <translation>全部强制结束(&amp;K)</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>另外 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to end on their own</source>
        <translation>%1 自行结束</translation>
    </message>
    <message numerus="yes">
        <source>%1 to finish the %n task(s) left in the queue (then they are stopped)</source>
        <translation>
            <numerusform>%1 完成队列中剩余的 %n 个任务（之后将停止它们）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, idle: stopped, as the queue has nothing left</source>
        <translation>%1 空闲：队列已无任务，将停止它们</translation>
    </message>
    <message>
        <source>Quitting when they have ended: waiting for %1. Close again to stop them.</source>
        <translation>它们结束后退出：正在等待 %1。再次关闭可停止它们。</translation>
    </message>
    <message>
        <source>Wait for %1, and close Herd when they have; Stop sends them SIGTERM, then SIGKILL after their grace period. Daemon processes are stopped either way.</source>
        <translation>等待 %1，完成后关闭 Herd；“停止”会向它们发送 SIGTERM，宽限期后发送 SIGKILL。守护进程无论如何都会被停止。</translation>
    </message>
    <message numerus="yes">
        <source>Enqueued %n task(s)</source>
        <translation>
            <numerusform>已加入 %n 个任务</numerusform>
        </translation>
    </message>
    <message>
        <source>Spawn wor&amp;kers…</source>
        <translation>生成多个工作进程(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Clear ended processes automatically</source>
        <translation>自动清除已结束的进程(&amp;C)</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>10 seconds after they end</source>
        <translation>结束 10 秒后</translation>
    </message>
    <message>
        <source>1 minute after they end</source>
        <translation>结束 1 分钟后</translation>
    </message>
    <message>
        <source>10 minutes after they end</source>
        <translation>结束 10 分钟后</translation>
    </message>
    <message>
        <source>runs %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>runs %1 for each task</source>
        <translation>每个任务运行 %1</translation>
    </message>
    <message>
        <source>%1 of work per task</source>
        <translation>每个任务工作 %1</translation>
    </message>
    <message>
        <source>no work per task</source>
        <translation>每个任务无工作</translation>
    </message>
    <message>
        <source>never restarted</source>
        <translation>从不重启</translation>
    </message>
    <message>
        <source>restarted on failure</source>
        <translation>失败时重启</translation>
    </message>
    <message>
        <source>always restarted</source>
        <translation>总是重启</translation>
    </message>
    <message>
        <source>stopped after %1</source>
        <translation>%1 后停止</translation>
    </message>
    <message>
        <source>no timeout</source>
        <translation>无超时</translation>
    </message>
    <message>
        <source>Could not spawn a worker: %1</source>
        <translation>无法生成工作进程：%1</translation>
    </message>
    <message>
        <source>Spawned %1 (%2)</source>
        <translation>已生成 %1（%2）</translation>
    </message>
    <message>
        <source>Spawned %1 workers (%2)</source>
        <translation>已生成 %1 个工作进程（%2）</translation>
    </message>
    <message>
        <source>Spawn workers</source>
        <translation>生成工作进程</translation>
    </message>
    <message>
        <source>Like the session&apos;s pool: %1.</source>
        <translation>与会话的工作进程池相同：%1。</translation>
    </message>
    <message>
        <source>How &amp;many:</source>
        <translation>数量(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Spawn</source>
        <translation>生成(&amp;S)</translation>
    </message>
    <message>
        <source>Spawn a worker like the session&apos;s worker pool: the same work, restart policy and timeout (%1)</source>
        <translation>按会话的工作进程池生成一个工作进程：相同的工作、重启策略和超时（%1）</translation>
    </message>
    <message>
        <source>Spawn a number of workers like the session&apos;s pool (%1)</source>
        <translation>按会话的工作进程池生成若干工作进程（%1）</translation>
    </message>
    <message>
        <source>the system&apos;s</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Language: %1</source>
        <translation>语言：%1</translation>
    </message>
    <message>
        <source>Ended processes leave the list %1 after they end</source>
        <translation>已结束的进程在结束 %1 后离开列表</translation>
    </message>
    <message>
        <source>Ended processes stay in the list until you clear them</source>
        <translation>已结束的进程留在列表中，直到你清除它们</translation>
    </message>
</context>
<context>
    <name>herd::ManagedProcess</name>
    <message>
        <source>failed to start: cannot enter the working directory %1: %2</source>
        <translation>启动失败：无法进入工作目录 %1：%2</translation>
    </message>
    <message>
        <source>Too many open files</source>
        <translation>打开的文件过多</translation>
    </message>
    <message>
        <source>No such file or directory (the program exists; is its interpreter or loader missing?)</source>
        <translation>没有那个文件或目录（程序存在；是否缺少其解释器或加载器？）</translation>
    </message>
    <message>
        <source>failed to start: %1</source>
        <translation>启动失败：%1</translation>
    </message>
    <message>
        <source>failed to start: setup failed: %1</source>
        <translation>启动失败：初始化失败：%1</translation>
    </message>
    <message>
        <source>killed by SIGKILL after %1 grace</source>
        <translation>宽限期 %1 过后被 SIGKILL 强制结束</translation>
    </message>
    <message>
        <source>terminated by SIGTERM</source>
        <translation>被 SIGTERM 终止</translation>
    </message>
    <message>
        <source>killed by SIGKILL</source>
        <translation>被 SIGKILL 强制结束</translation>
    </message>
    <message>
        <source>killed by %1 (%2)</source>
        <translation>被 %1（%2）终止</translation>
    </message>
    <message>
        <source>ended; its exit status was lost</source>
        <translation>已结束；其退出状态已丢失</translation>
    </message>
    <message>
        <source>exited with code %1</source>
        <translation>已退出，退出码 %1</translation>
    </message>
    <message>
        <source>timed out after %1 (%2)</source>
        <translation>%1 后超时（%2）</translation>
    </message>
    <message>
        <source>its task timed out (%1)</source>
        <translation>其任务超时（%1）</translation>
    </message>
    <message>
        <source>“%1” is still running</source>
        <translation>“%1”仍在运行</translation>
    </message>
    <message>
        <source>%1 is a directory, not a program</source>
        <translation>%1 是目录，不是程序</translation>
    </message>
    <message>
        <source>“%1” is a recorded run; it cannot be started here</source>
        <translation>“%1”是一次记录下来的运行，无法在此启动</translation>
    </message>
</context>
<context>
    <name>herd::OutputPane</name>
    <message>
        <source>Follow the end of the output</source>
        <translation>自动滚动到输出末尾</translation>
    </message>
    <message>
        <source>Find in output</source>
        <translation>在输出中查找</translation>
    </message>
    <message>
        <source>Enter: next match · Shift+Enter: previous match</source>
        <translation>Enter：下一个匹配 · Shift+Enter：上一个匹配</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>上一个匹配（Shift+F3）</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>下一个匹配（F3）</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Show the output of every process, whatever is selected</source>
        <translation>显示所有进程的输出，无论选中了什么</translation>
    </message>
    <message>
        <source>All processes</source>
        <translation>所有进程</translation>
    </message>
    <message>
        <source>Copy the selection, or all of the output</source>
        <translation>复制所选内容，或全部输出</translation>
    </message>
    <message>
        <source>Clear this view (the processes keep running)</source>
        <translation>清空此视图（进程继续运行）</translation>
    </message>
    <message>
        <source>Output of the processes appears here.</source>
        <translation>进程的输出显示在这里。</translation>
    </message>
    <message>
        <source>… %1 lines not shown: output arrived faster than it can be displayed</source>
        <translation>… 有 %1 行未显示：输出到达的速度超过了显示速度</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Output · all processes</source>
        <translation>输出 · 所有进程</translation>
    </message>
    <message>
        <source>Output · %1</source>
        <translation>输出 · %1</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
</context>
<context>
    <name>herd::ProcessDetailsPanel</name>
    <message>
        <source>Select a process to see its details: how it was started, its watchdog, and how its run ended.</source>
        <translation>选择一个进程以查看其详情：它如何启动、它的看门狗，以及它的运行如何结束。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>Watchdog</source>
        <translation>看门狗</translation>
    </message>
    <message>
        <source>Grace</source>
        <translation>宽限期</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>启动时间</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>退出码</translation>
    </message>
    <message>
        <source>Ended by</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>Stop timeline</source>
        <translation>停止时间线</translation>
    </message>
    <message>
        <source>stock worker</source>
        <translation>内置工作进程</translation>
    </message>
    <message>
        <source>process</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>daemon (stopped when Herd quits, dies if Herd is killed)</source>
        <translation>守护进程（Herd 退出时停止，Herd 被强制结束时随之结束）</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>第 %1 次运行</translation>
    </message>
    <message>
        <source>%1, leader of its own process group</source>
        <translation>%1，其自身进程组的组长</translation>
    </message>
    <message>
        <source>%1 (ended)</source>
        <translation>%1（已结束）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Herd&apos;s own</source>
        <translation>与 Herd 相同</translation>
    </message>
    <message>
        <source>Herd&apos;s own, plus HERD_PROCESS_NAME</source>
        <translation>与 Herd 相同，另加 HERD_PROCESS_NAME</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>fired after %1</source>
        <translation>%1 后触发</translation>
    </message>
    <message>
        <source>%1 from SIGTERM to SIGKILL</source>
        <translation>从 SIGTERM 到 SIGKILL 间隔 %1</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未启动</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>being stopped by %1</source>
        <translation>正在停止（原因：%1）</translation>
    </message>
    <message>
        <source>still running</source>
        <translation>仍在运行</translation>
    </message>
    <message>
        <source>none: the program never ran</source>
        <translation>无：程序从未运行</translation>
    </message>
    <message>
        <source>it could not start</source>
        <translation>它无法启动</translation>
    </message>
    <message>
        <source>Stop asked by %1</source>
        <translation>请求停止（%1）</translation>
    </message>
    <message>
        <source>SIGTERM sent</source>
        <translation>已发送 SIGTERM</translation>
    </message>
    <message>
        <source>SIGKILL sent</source>
        <translation>已发送 SIGKILL</translation>
    </message>
    <message>
        <source>Reaped</source>
        <translation>已回收</translation>
    </message>
    <message>
        <source>Ended on its own</source>
        <translation>自行结束</translation>
    </message>
    <message>
        <source>Not stopped.</source>
        <translation>未被停止。</translation>
    </message>
    <message>
        <source>It never ran.</source>
        <translation>它从未运行。</translation>
    </message>
    <message>
        <source>No stop was needed.</source>
        <translation>无需停止。</translation>
    </message>
    <message>
        <source>SIGKILL did not end it: the process is probably stuck in the kernel (D state).</source>
        <translation>SIGKILL 未能结束它：该进程可能卡在内核中（D 状态）。</translation>
    </message>
    <message>
        <source>never restarted</source>
        <translation>从不重启</translation>
    </message>
    <message>
        <source>on failure</source>
        <translation>失败时</translation>
    </message>
    <message>
        <source>always</source>
        <translation>总是</translation>
    </message>
    <message>
        <source>%1, at most %2 within %3, first after %4 (doubling up to %5)</source>
        <translation>%1重启，%3内最多 %2 次，首次延迟 %4（逐次翻倍，最长 %5）</translation>
    </message>
    <message>
        <source>Restart policy</source>
        <translation>重启策略</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>重启次数</translation>
    </message>
    <message>
        <source>Last exit</source>
        <translation>上次退出</translation>
    </message>
    <message>
        <source>%1 so far</source>
        <translation>迄今 %1 次</translation>
    </message>
    <message>
        <source>gave up: crash-looping, left stopped (Restart starts it again)</source>
        <translation>已放弃：反复崩溃，保持停止（“重启”可再次启动它）</translation>
    </message>
    <message>
        <source>next restart in %1</source>
        <translation>%1 后重启</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>resident</source>
        <translation>常驻内存</translation>
    </message>
    <message>
        <source>Stopped by a signal</source>
        <translation>被信号暂停</translation>
    </message>
    <message>
        <source>Continued</source>
        <translation>已继续</translation>
    </message>
    <message>
        <source>States</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Names</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Terminate, Kill, Send signal, Restart and Set timeout act on all of them.</source>
        <translation>终止、强制结束、发送信号、重启和设置超时将作用于所有选中的进程。</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>忙碌</translation>
    </message>
    <message numerus="yes">
        <source>%n processes selected</source>
        <translation>
            <numerusform>已选中 %n 个进程</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n workers selected</source>
        <translation>
            <numerusform>已选中 %n 个工作进程</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n processes selected (%1 of them workers)</source>
        <translation>
            <numerusform>已选中 %n 个进程（其中 %1 个是工作进程）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 together (100 % is one core)</source>
        <translation>合计 %1（100 % 为一个核心）</translation>
    </message>
    <message>
        <source>none running</source>
        <translation>无运行中的进程</translation>
    </message>
    <message>
        <source>%1 resident together</source>
        <translation>合计常驻内存 %1</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>remote worker: it joined the queue by itself</source>
        <translation>远程工作进程：它自行加入了队列</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>%1 (this machine)</source>
        <translation>%1（本机）</translation>
    </message>
    <message>
        <source>%1 on its host</source>
        <translation>%1（在其主机上）</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Tasks done</source>
        <translation>已完成任务</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>最近心跳</translation>
    </message>
    <message>
        <source>Terminate asks it to finish the task in hand and leave; Kill tells it to leave at once, and its task goes back to the queue. Herd has no CPU or memory figures, output, signals or watchdog for it: it runs on its own.</source>
        <translation>“终止”要求它完成手头的任务后离开；“强制结束”让它立即离开，它的任务回到队列。Herd 没有它的 CPU 或内存数据、输出、信号或看门狗：它独立运行。</translation>
    </message>
</context>
<context>
    <name>herd::ProcessListWidget</name>
    <message>
        <source>ask it to terminate</source>
        <translation>请求它终止</translation>
    </message>
    <message>
        <source>interrupt, like Ctrl+C</source>
        <translation>中断，如同 Ctrl+C</translation>
    </message>
    <message>
        <source>hang up; many daemons reload</source>
        <translation>挂起；许多守护进程会重新加载</translation>
    </message>
    <message>
        <source>user-defined 1</source>
        <translation>用户自定义 1</translation>
    </message>
    <message>
        <source>user-defined 2</source>
        <translation>用户自定义 2</translation>
    </message>
    <message>
        <source>pause it</source>
        <translation>暂停它</translation>
    </message>
    <message>
        <source>let a paused process continue</source>
        <translation>让已暂停的进程继续</translation>
    </message>
    <message>
        <source>quit with a core dump</source>
        <translation>退出并生成核心转储</translation>
    </message>
    <message>
        <source>end it at once; cannot be caught</source>
        <translation>立即结束它；无法被捕获</translation>
    </message>
    <message>
        <source>&amp;Terminate</source>
        <translation>终止(&amp;T)</translation>
    </message>
    <message>
        <source>Terminate the selected processes: SIGTERM, then SIGKILL after their grace period (Delete)</source>
        <translation>终止所选进程：先发送 SIGTERM，宽限期过后再发送 SIGKILL（Delete）</translation>
    </message>
    <message>
        <source>&amp;Kill</source>
        <translation>强制结束(&amp;K)</translation>
    </message>
    <message>
        <source>Kill the selected processes at once: SIGKILL to their process groups (Shift+Delete)</source>
        <translation>立即强制结束所选进程：向其进程组发送 SIGKILL（Shift+Delete）</translation>
    </message>
    <message>
        <source>Send &amp;signal…</source>
        <translation>发送信号(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>重启(&amp;R)</translation>
    </message>
    <message>
        <source>Set &amp;timeout…</source>
        <translation>设置超时(&amp;T)…</translation>
    </message>
    <message>
        <source>Show &amp;output</source>
        <translation>显示输出(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Copy command line</source>
        <translation>复制命令行(&amp;C)</translation>
    </message>
    <message>
        <source>Filter by name, command, pid or state</source>
        <translation>按名称、命令、PID 或状态筛选</translation>
    </message>
    <message>
        <source>All processes</source>
        <translation>所有进程</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>Send signal</source>
        <translation>发送信号</translation>
    </message>
    <message>
        <source>Signal to send to the process group of %1:</source>
        <translation>要发送给 %1 进程组的信号：</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Could not restart %1: %2</source>
        <translation>无法重启 %1：%2</translation>
    </message>
    <message>
        <source>Could not set the timeout of %1: %2</source>
        <translation>无法设置 %1 的超时：%2</translation>
    </message>
    <message>
        <source>%1 processes</source>
        <translation>%1 个进程</translation>
    </message>
    <message>
        <source>Terminating %1: SIGTERM sent, SIGKILL follows after the grace period</source>
        <translation>正在终止 %1：已发送 SIGTERM，宽限期后发送 SIGKILL</translation>
    </message>
    <message numerus="yes">
        <source>Terminate %n processes</source>
        <translation>
            <numerusform>终止 %n 个进程</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Terminate %n processes? Each gets SIGTERM, then SIGKILL after its grace period.</source>
        <translation>
            <numerusform>终止 %n 个进程？每个进程先收到 SIGTERM，宽限期后收到 SIGKILL。</numerusform>
        </translation>
    </message>
    <message>
        <source>Killed %1 (SIGKILL)</source>
        <translation>已强制结束 %1（SIGKILL）</translation>
    </message>
    <message numerus="yes">
        <source>Kill %n processes</source>
        <translation>
            <numerusform>强制结束 %n 个进程</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Kill %n processes at once with SIGKILL? They get no chance to clean up.</source>
        <translation>
            <numerusform>立即用 SIGKILL 强制结束 %n 个进程？它们没有机会清理。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent %1 to %2</source>
        <translation>已向 %2 发送 %1</translation>
    </message>
    <message>
        <source>Restarted %1</source>
        <translation>已重启 %1</translation>
    </message>
    <message>
        <source>The watchdog stops %1 in %2 from now</source>
        <translation>看门狗将在 %2 后停止 %1</translation>
    </message>
    <message>
        <source>Removed the watchdog of %1</source>
        <translation>已移除 %1 的看门狗</translation>
    </message>
    <message>
        <source>Copied the command line of %1</source>
        <translation>已复制 %1 的命令行</translation>
    </message>
    <message>
        <source>C&amp;lear ended processes</source>
        <translation>清除已结束的进程(&amp;L)</translation>
    </message>
    <message>
        <source>Remove the processes that have ended from the list; running ones stay, and the report and event stream keep every one (%1)</source>
        <translation>从列表中移除已结束的进程；运行中的进程保留，报告和事件流保留每一个进程的记录（%1）</translation>
    </message>
    <message>
        <source>Cleared 1 ended process from the list</source>
        <translation>已从列表中清除 1 个已结束的进程</translation>
    </message>
    <message>
        <source>Cleared %1 ended processes from the list</source>
        <translation>已从列表中清除 %1 个已结束的进程</translation>
    </message>
    <message>
        <source>%1 is no longer connected to the queue</source>
        <translation>%1 已不再连接到队列</translation>
    </message>
    <message>
        <source>Asked %1 to finish the task in hand and leave</source>
        <translation>已要求 %1 完成手头的任务后离开</translation>
    </message>
    <message>
        <source>Told %1 to leave at once; its task went back to the queue</source>
        <translation>已让 %1 立即离开；它的任务已回到队列</translation>
    </message>
    <message>
        <source>Not for a remote worker: Herd did not start it and can only ask it, through the queue, to stop (Terminate) or to leave at once (Kill).</source>
        <translation>不适用于远程工作进程：它不是 Herd 启动的，Herd 只能通过队列要求它停止（终止）或立即离开（强制结束）。</translation>
    </message>
</context>
<context>
    <name>herd::ProcessNameDelegate</name>
    <message>
        <source>daemon</source>
        <translation>守护</translation>
    </message>
    <message>
        <source>remote</source>
        <translation>远程</translation>
    </message>
</context>
<context>
    <name>herd::ProcessTableModel</name>
    <message>
        <source>Kill %1</source>
        <translation>强制结束 %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时长</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Watchdog</source>
        <translation>看门狗</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务数</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>退出码</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>The process&apos;s name; it reaches the child as HERD_PROCESS_NAME.</source>
        <translation>进程的名称；它以 HERD_PROCESS_NAME 传给子进程。</translation>
    </message>
    <message>
        <source>Process id, which is also its process group id: Herd signals the whole group.</source>
        <translation>进程 ID，也是其进程组 ID：Herd 向整个进程组发送信号。</translation>
    </message>
    <message>
        <source>Where the process is in its life, and how it ended.</source>
        <translation>进程处于生命周期的哪个阶段，以及它是如何结束的。</translation>
    </message>
    <message>
        <source>How long the current (or last) run has lasted.</source>
        <translation>本次（或上一次）运行持续了多久。</translation>
    </message>
    <message>
        <source>CPU use as a share of one core.</source>
        <translation>CPU 使用率，以占单个核心的百分比表示。</translation>
    </message>
    <message>
        <source>Resident memory (RSS).</source>
        <translation>常驻内存（RSS）。</translation>
    </message>
    <message>
        <source>Time left before the watchdog stops the process.</source>
        <translation>看门狗停止该进程之前剩余的时间。</translation>
    </message>
    <message>
        <source>Tasks a worker has completed.</source>
        <translation>工作进程已完成的任务数。</translation>
    </message>
    <message>
        <source>Exit code in Python&apos;s convention: 0 success, &gt; 0 error status, -N killed by signal N.</source>
        <translation>Python 约定的退出码：0 成功，&gt; 0 错误状态，-N 表示被信号 N 结束。</translation>
    </message>
    <message>
        <source>The program and its arguments, exactly as passed (no shell).</source>
        <translation>程序及其参数，与传入时完全一致（不经过 shell）。</translation>
    </message>
    <message>
        <source>Kill button: SIGKILL to the process group at once.</source>
        <translation>强制结束按钮：立即向进程组发送 SIGKILL。</translation>
    </message>
    <message>
        <source>worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>process</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>daemon</source>
        <translation>守护进程</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>第 %1 次运行</translation>
    </message>
    <message>
        <source>Process %1, leader of its own process group</source>
        <translation>进程 %1，其自身进程组的组长</translation>
    </message>
    <message>
        <source>Process %1 (ended)</source>
        <translation>进程 %1（已结束）</translation>
    </message>
    <message>
        <source>Running for %1</source>
        <translation>已运行 %1</translation>
    </message>
    <message>
        <source>Ran for %1</source>
        <translation>运行了 %1</translation>
    </message>
    <message>
        <source>The watchdog stops this process in %1.</source>
        <translation>看门狗将在 %1 后停止该进程。</translation>
    </message>
    <message>
        <source>No watchdog. Set timeout… adds one.</source>
        <translation>没有看门狗。可用“设置超时…”添加。</translation>
    </message>
    <message>
        <source>The watchdog stopped this process.</source>
        <translation>看门狗停止了该进程。</translation>
    </message>
    <message>
        <source>1 task completed</source>
        <translation>已完成 1 个任务</translation>
    </message>
    <message>
        <source>%1 tasks completed</source>
        <translation>已完成 %1 个任务</translation>
    </message>
    <message>
        <source>No exit code: the program never ran.</source>
        <translation>没有退出码：程序从未运行。</translation>
    </message>
    <message>
        <source>%1
in %2</source>
        <translation>%1
工作目录：%2</translation>
    </message>
    <message>
        <source>Kill %1: SIGKILL to its whole process group, at once</source>
        <translation>强制结束 %1：立即向其整个进程组发送 SIGKILL</translation>
    </message>
    <message>
        <source>fired</source>
        <translation>已触发</translation>
    </message>
    <message>
        <source>A daemon: stopped without asking when Herd quits, and it dies if Herd is killed.</source>
        <translation>守护进程：Herd 退出时不经询问即被停止，Herd 被杀死时它也会结束。</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Herd measures only the processes of its own machine that it started.</source>
        <translation>Herd 只测量它在本机上启动的进程。</translation>
    </message>
    <message>
        <source>on this machine (%1)</source>
        <translation>在本机（%1）</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>在 %1 上</translation>
    </message>
    <message>
        <source>last heartbeat %1</source>
        <translation>最近心跳 %1</translation>
    </message>
    <message>
        <source>%1 (remote worker %2)</source>
        <translation>%1（远程工作进程 %2）</translation>
    </message>
    <message>
        <source>It joined the queue by itself; Terminate asks it to finish its task and leave, Kill to leave at once.</source>
        <translation>它自行加入了队列；“终止”要求它完成任务后离开，“强制结束”让它立即离开。</translation>
    </message>
    <message>
        <source>Process %1 %2</source>
        <translation>进程 %1 %2</translation>
    </message>
    <message>
        <source>Herd does not know when it started.</source>
        <translation>Herd 不知道它何时启动。</translation>
    </message>
    <message>
        <source>No watchdog: it is not a process Herd started.</source>
        <translation>没有看门狗：它不是 Herd 启动的进程。</translation>
    </message>
    <message>
        <source>remote worker %1, %2</source>
        <translation>远程工作进程 %1，%2</translation>
    </message>
    <message>
        <source>remote worker %1</source>
        <translation>远程工作进程 %1</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>Kill %1: it leaves at once, and its task goes back to the queue</source>
        <translation>强制结束 %1：它立即离开，它的任务回到队列</translation>
    </message>
</context>
<context>
    <name>herd::QueuePanel</name>
    <message>
        <source>Task queue</source>
        <translation>任务队列</translation>
    </message>
    <message>
        <source>Filter by task, payload or result</source>
        <translation>按任务、内容或结果筛选</translation>
    </message>
    <message>
        <source>All workers</source>
        <translation>所有工作进程</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Distribution</source>
        <translation>分布</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>dead-lettered</source>
        <translation>已转入死信</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>no tasks yet</source>
        <translation>尚无任务</translation>
    </message>
    <message>
        <source> · %1 tasks/s</source>
        <translation> · %1 个任务/秒</translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation> · 预计剩余 %1</translation>
    </message>
    <message>
        <source>depth %1 of %2 (high-water %3)</source>
        <translation>队列深度 %1 / %2（峰值 %3）</translation>
    </message>
    <message>
        <source>oldest waiting %1</source>
        <translation>最长等待 %1</translation>
    </message>
    <message>
        <source>%1 waiting for room</source>
        <translation>%1 个等待空位</translation>
    </message>
    <message numerus="yes">
        <source>%n worker(s) idle</source>
        <translation>
            <numerusform>%n 个工作进程空闲</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lock recovery(ies)</source>
        <translation>
            <numerusform>%n 次锁恢复</numerusform>
        </translation>
    </message>
    <message>
        <source>no task queue</source>
        <translation>没有任务队列</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>吞吐量</translation>
    </message>
    <message>
        <source>done/s</source>
        <translation>完成/秒</translation>
    </message>
    <message>
        <source>failed/s</source>
        <translation>失败/秒</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Keep the newest running task in view (scrolling away turns this off)</source>
        <translation>让最新运行的任务保持可见（滚动离开会关闭此项）</translation>
    </message>
    <message>
        <source>No matching tasks</source>
        <translation>没有匹配的任务</translation>
    </message>
    <message>
        <source>No tasks yet</source>
        <translation>还没有任务</translation>
    </message>
    <message>
        <source>in Redis at %1</source>
        <translation>位于 Redis：%1</translation>
    </message>
    <message>
        <source>Redis unreachable, retrying: tasks wait in Herd</source>
        <translation>Redis 无法连接，正在重试：任务暂存在 Herd 中</translation>
    </message>
</context>
<context>
    <name>herd::Reader</name>
    <message>
        <source>expected &quot;key = value&quot; or a [section], not &quot;%1&quot;</source>
        <translation>应为“键 = 值”或 [节]，而不是“%1”</translation>
    </message>
    <message>
        <source>&quot;%1&quot; comes before any [section]</source>
        <translation>“%1”出现在任何 [节] 之前</translation>
    </message>
    <message>
        <source>%1 has no command</source>
        <translation>%1 缺少 command</translation>
    </message>
    <message>
        <source>[workers] needs count = N (at least 1)</source>
        <translation>[workers] 需要 count = N（至少为 1）</translation>
    </message>
    <message>
        <source>a section header must end with ]</source>
        <translation>节标题必须以 ] 结尾</translation>
    </message>
    <message>
        <source>unknown section %1: expected [process NAME], [workers], [tasks] or [queue]</source>
        <translation>未知的节 %1：应为 [process 名称]、[workers]、[tasks] 或 [queue]</translation>
    </message>
    <message>
        <source>the name &quot;%1&quot; is used twice; names are unique</source>
        <translation>名称“%1”被使用了两次；名称必须唯一</translation>
    </message>
    <message>
        <source>[%1] takes no name</source>
        <translation>[%1] 不接受名称</translation>
    </message>
    <message>
        <source>[tasks] appears twice</source>
        <translation>[tasks] 出现了两次</translation>
    </message>
    <message>
        <source>[queue] appears twice</source>
        <translation>[queue] 出现了两次</translation>
    </message>
    <message>
        <source>%1 takes a whole number from %2 to %3, not &quot;%4&quot;</source>
        <translation>%1 需要 %2 到 %3 之间的整数，而不是“%4”</translation>
    </message>
    <message>
        <source>restart is never, on-failure or always, not &quot;%1&quot;</source>
        <translation>restart 只能是 never、on-failure 或 always，而不是“%1”</translation>
    </message>
    <message>
        <source>unknown key &quot;%1&quot; in %2%3</source>
        <translation>%2 中的未知键“%1”%3</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is given twice in %2</source>
        <translation>“%1”在 %2 中出现了两次</translation>
    </message>
    <message>
        <source>command is empty</source>
        <translation>command 为空</translation>
    </message>
    <message>
        <source>env takes KEY=VALUE, not &quot;%1&quot;</source>
        <translation>env 需要 KEY=VALUE，而不是“%1”</translation>
    </message>
    <message>
        <source>daemon is yes or no, not &quot;%1&quot;</source>
        <translation>daemon 只能是 yes 或 no，而不是“%1”</translation>
    </message>
    <message>
        <source>work-ms and exec cannot be combined</source>
        <translation>work-ms 和 exec 不能同时使用</translation>
    </message>
    <message>
        <source>exec is empty</source>
        <translation>exec 为空</translation>
    </message>
    <message>
        <source>file is empty</source>
        <translation>file 为空</translation>
    </message>
    <message>
        <source>command names the worker program; work-ms and exec are for the stock worker: give its own options in the command</source>
        <translation>command 指定工作进程程序；work-ms 和 exec 用于自带的工作进程：请在命令中给出它自己的选项</translation>
    </message>
    <message>
        <source>lease must be at least 0.1 seconds</source>
        <translation>lease 至少为 0.1 秒</translation>
    </message>
    <message>
        <source>queue takes a Redis address, redis://HOST:PORT/NAME or redis+unix:///PATH/TO/SOCKET/NAME</source>
        <translation>queue 需要一个 Redis 地址：redis://HOST:PORT/NAME 或 redis+unix:///PATH/TO/SOCKET/NAME</translation>
    </message>
</context>
<context>
    <name>herd::Session</name>
    <message>
        <source>the task queue is already open</source>
        <translation>任务队列已经打开</translation>
    </message>
    <message>
        <source>cannot create the task queue: %1</source>
        <translation>无法创建任务队列：%1</translation>
    </message>
    <message>
        <source>there is no task queue for workers to take tasks from</source>
        <translation>没有可供工作进程领取任务的任务队列</translation>
    </message>
    <message>
        <source>a pool needs at least one worker</source>
        <translation>工作进程池至少需要一个工作进程</translation>
    </message>
    <message>
        <source>there is no task queue</source>
        <translation>没有任务队列</translation>
    </message>
    <message>
        <source>the task queue is closed</source>
        <translation>任务队列已关闭</translation>
    </message>
    <message>
        <source>the number of tasks must be at least 1</source>
        <translation>任务数量至少为 1</translation>
    </message>
    <message>
        <source>there are no tasks to enqueue</source>
        <translation>没有要加入的任务</translation>
    </message>
    <message>
        <source>task %1 is %2 bytes; a task holds at most %3 bytes, so nothing was enqueued</source>
        <translation>任务 %1 有 %2 字节；每个任务最多 %3 字节，因此没有加入任何任务</translation>
    </message>
    <message>
        <source>standard input is already being read</source>
        <translation>已经在读取标准输入</translation>
    </message>
    <message>
        <source>%1 holds no tasks</source>
        <translation>%1 中没有任务</translation>
    </message>
    <message>
        <source>the task timeout cannot be negative (0 means none)</source>
        <translation>任务超时不能为负数（0 表示不设）</translation>
    </message>
    <message>
        <source>the task timeout is too long: at most %1 seconds</source>
        <translation>任务超时太长：最多 %1 秒</translation>
    </message>
    <message>
        <source>the queue&apos;s lock is held by stopped process %1; workers are waiting</source>
        <translation>队列锁被已暂停的进程 %1 持有；工作进程正在等待</translation>
    </message>
    <message>
        <source>killed %1: it held the queue&apos;s lock stopped for %2 s</source>
        <translation>已强制结束 %1：它在暂停状态下持有队列锁达 %2 秒</translation>
    </message>
    <message numerus="yes">
        <source>%1 keeps failing: %n restart(s) within %2 s; left stopped (last: %3)</source>
        <translation>
            <numerusform>%1 反复失败：%2 秒内重启了 %n 次；已停止，不再重启（最近一次：%3）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is still running; stop it first</source>
        <translation>%1 仍在运行；请先停止它</translation>
    </message>
    <message>
        <source>this session has workers or tasks but there is no task queue</source>
        <translation>此会话有工作进程或任务，但没有任务队列</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>the name &quot;%1&quot; is already taken in this session</source>
        <translation>名称“%1”在此会话中已被占用</translation>
    </message>
    <message>
        <source>%1, so nothing was enqueued</source>
        <translation>%1，因此没有任务入队</translation>
    </message>
    <message>
        <source>%1: the tasks after it were not read</source>
        <translation>%1：其后的任务未被读取</translation>
    </message>
    <message>
        <source>a session holds at most %1 tasks; %2 more do not fit, so nothing was enqueued</source>
        <translation>一个会话最多容纳 %1 个任务；再加 %2 个放不下，因此没有任务入队</translation>
    </message>
    <message numerus="yes">
        <source>the task of %1 waits: %n process(es) it started still run after SIGKILL</source>
        <translation>
            <numerusform>%1 的任务在等待：它启动的 %n 个进程在 SIGKILL 后仍在运行</numerusform>
        </translation>
    </message>
    <message>
        <source>an unknown process</source>
        <translation>一个未知进程</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>pid %1</translation>
    </message>
    <message>
        <source>%1 (pid %2)</source>
        <translation>%1（pid %2）</translation>
    </message>
    <message>
        <source>its worker (pid %1) is gone</source>
        <translation>其工作进程（pid %1）已消失</translation>
    </message>
    <message>
        <source>its queue was damaged</source>
        <translation>其队列已损坏</translation>
    </message>
    <message numerus="yes">
        <source>the task queue was damaged by %1 (%2); %n unfinished task(s) moved to a new queue</source>
        <translation>
            <numerusform>任务队列被 %1 损坏（%2）；%n 个未完成的任务已移到新队列</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the task queue was damaged (%1); %n unfinished task(s) moved to a new queue</source>
        <translation>
            <numerusform>任务队列已损坏（%1）；%n 个未完成的任务已移到新队列</numerusform>
        </translation>
    </message>
    <message>
        <source>but a new queue could not be created: %1</source>
        <translation>但无法创建新队列：%1</translation>
    </message>
    <message>
        <source>its lock could not be taken for %1 (the lock says pid %2 holds it)</source>
        <translation>其锁在 %1 内无法获取（锁显示由 pid %2 持有）</translation>
    </message>
    <message>
        <source>killed %1: it held the queue&apos;s lock for %2 s</source>
        <translation>已强制结束 %1：它持有队列锁达 %2 秒</translation>
    </message>
    <message>
        <source>the task file %1 is a folder</source>
        <translation>任务文件 %1 是一个文件夹</translation>
    </message>
    <message>
        <source>%1: the directory %2 does not exist</source>
        <translation>%1：目录 %2 不存在</translation>
    </message>
    <message>
        <source>%1: %2 is not a directory</source>
        <translation>%1：%2 不是目录</translation>
    </message>
    <message>
        <source>the task timeout must be from 0 to %1 seconds</source>
        <translation>任务超时必须在 0 到 %1 秒之间</translation>
    </message>
    <message>
        <source>%1, so nothing was started</source>
        <translation>%1，因此没有启动任何内容</translation>
    </message>
    <message>
        <source>the worker command &quot;%1&quot; cannot be split into words</source>
        <translation>无法将工作进程命令“%1”拆分为词</translation>
    </message>
    <message>
        <source>the attempts per task must be from 1 to %1</source>
        <translation>每个任务的尝试次数必须在 1 到 %1 之间</translation>
    </message>
    <message>
        <source>standard input can be a task source only once</source>
        <translation>标准输入只能作为一次任务来源</translation>
    </message>
    <message>
        <source>cannot read the task file %1: it does not exist</source>
        <translation>无法读取任务文件 %1：文件不存在</translation>
    </message>
    <message>
        <source>cannot read the task file %1: permission denied</source>
        <translation>无法读取任务文件 %1：权限不足</translation>
    </message>
    <message>
        <source>ran past its task timeout (%1)</source>
        <translation>超过了任务超时（%1）</translation>
    </message>
</context>
<context>
    <name>herd::SpawnDialog</name>
    <message>
        <source>Spawn processes</source>
        <translation>启动进程</translation>
    </message>
    <message>
        <source>blank: Process-N, or Worker-N for workers</source>
        <translation>留空则为 Process-N，工作进程为 Worker-N</translation>
    </message>
    <message>
        <source>Names are unique in a session. With more than one process, each gets the name followed by -1, -2, …</source>
        <translation>名称在会话中必须唯一。启动多个进程时，每个进程的名称后面依次加上 -1、-2、…</translation>
    </message>
    <message>
        <source>What to run</source>
        <translation>要运行的内容</translation>
    </message>
    <message>
        <source>A &amp;command</source>
        <translation>命令(&amp;C)</translation>
    </message>
    <message>
        <source>program and arguments, e.g. sleep 30</source>
        <translation>程序和参数，例如 sleep 30</translation>
    </message>
    <message>
        <source>Split into words like a shell does (&apos;quotes&apos;, &quot;quotes&quot;, \ escapes), but no shell runs it: nothing is expanded or substituted.</source>
        <translation>像 shell 一样拆分成单词（&apos;引号&apos;、&quot;引号&quot;、\ 转义），但不经过任何 shell 运行：不做任何展开或替换。</translation>
    </message>
    <message>
        <source>A stock &amp;worker</source>
        <translation>内置工作进程(&amp;W)</translation>
    </message>
    <message>
        <source>simulated work per task:</source>
        <translation>每个任务模拟的工作时长：</translation>
    </message>
    <message>
        <source>e.g. 500 ms</source>
        <translation>例如 500 ms</translation>
    </message>
    <message>
        <source>run a command per task:</source>
        <translation>每个任务运行一个命令：</translation>
    </message>
    <message>
        <source>e.g. convert {} out/{}.png  ({} is the task&apos;s payload)</source>
        <translation>例如 convert {} out/{}.png（{} 代表任务内容）</translation>
    </message>
    <message>
        <source>0: no watchdog</source>
        <translation>0：无看门狗</translation>
    </message>
    <message>
        <source>The watchdog stops the process this long after it starts. Seconds, or with a unit: 500 ms, 30 s, 2 min. 0 means none.</source>
        <translation>进程启动后经过这段时间，看门狗将停止它。可填秒数，或带单位：500 ms、30 s、2 min。0 表示不设。</translation>
    </message>
    <message>
        <source>How long a process may take to exit after SIGTERM before SIGKILL ends it.</source>
        <translation>收到 SIGTERM 后进程可以用多长时间退出，超时则由 SIGKILL 结束。</translation>
    </message>
    <message>
        <source>&amp;Daemon: stopped when Herd quits, and dies if Herd is killed</source>
        <translation>守护进程(&amp;D)：Herd 退出时停止，Herd 被强制结束时随之结束</translation>
    </message>
    <message>
        <source>Herd&apos;s own</source>
        <translation>与 Herd 相同</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>KEY=VALUE, one per line</source>
        <translation>KEY=VALUE，每行一个</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>How &amp;many:</source>
        <translation>数量(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Timeout:</source>
        <translation>超时(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Grace:</source>
        <translation>宽限期(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Working directory:</source>
        <translation>工作目录(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>环境变量(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Spawn</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>The stock worker program (herd-worker) was not found.</source>
        <translation>找不到内置工作进程程序（herd-worker）。</translation>
    </message>
    <message>
        <source>Runs %1, which takes tasks from the session&apos;s queue.</source>
        <translation>运行 %1，它从会话的任务队列中领取任务。</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>工作目录</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>on failure</source>
        <translation>失败时</translation>
    </message>
    <message>
        <source>always</source>
        <translation>总是</translation>
    </message>
    <message>
        <source>On failure: when it does not exit with 0 (a stop you ask for never restarts it). Always: whenever it ends on its own.</source>
        <translation>失败时：进程未以 0 退出时重启（您主动要求的停止不会触发重启）。总是：只要进程自行结束就重启。</translation>
    </message>
    <message>
        <source>Past this many restarts within a minute the process is left stopped as crash-looping.</source>
        <translation>一分钟内重启超过此次数后，该进程被视为反复崩溃，保持停止，不再重启。</translation>
    </message>
    <message>
        <source>The delay before the first restart; it doubles with each one, up to 30 s.</source>
        <translation>首次重启前的延迟；之后每次翻倍，最长 30 秒。</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>每分钟最多</translation>
    </message>
    <message>
        <source>times a minute, first after</source>
        <translation>次，首次延迟</translation>
    </message>
    <message>
        <source>&amp;Restart:</source>
        <translation>自动重启(&amp;R)：</translation>
    </message>
    <message>
        <source>How many: type a whole number from 1 to %1.</source>
        <translation>数量：请输入 1 到 %1 之间的整数。</translation>
    </message>
    <message>
        <source>Restart at most: type a whole number from %1 to %2.</source>
        <translation>重启上限：请输入 %1 到 %2 之间的整数。</translation>
    </message>
</context>
<context>
    <name>herd::SpawnForm</name>
    <message>
        <source>“%1” does not exist: it will fail to start.</source>
        <translation>“%1”不存在：它将启动失败。</translation>
    </message>
    <message>
        <source>“%1” is not an executable file: it will fail to start.</source>
        <translation>“%1”不是可执行文件：它将启动失败。</translation>
    </message>
    <message>
        <source>“%1” was not found in PATH: it will fail to start.</source>
        <translation>在 PATH 中找不到“%1”：它将启动失败。</translation>
    </message>
    <message>
        <source>The stock worker program (herd-worker) was not found next to Herd, so workers cannot be spawned. Choose a command instead.</source>
        <translation>在 Herd 所在目录中找不到内置工作进程程序（herd-worker），因此无法启动工作进程。请改选“命令”。</translation>
    </message>
    <message>
        <source>Enter the command each task runs.</source>
        <translation>请输入每个任务要运行的命令。</translation>
    </message>
    <message>
        <source>The command per task cannot be read: %1.</source>
        <translation>无法解析每个任务的命令：%1。</translation>
    </message>
    <message>
        <source>The work per task</source>
        <translation>每个任务的工作时长</translation>
    </message>
    <message>
        <source>The command cannot be read: %1.</source>
        <translation>无法解析命令：%1。</translation>
    </message>
    <message>
        <source>Enter the program to run, followed by its arguments.</source>
        <translation>请输入要运行的程序及其参数。</translation>
    </message>
    <message>
        <source>The timeout</source>
        <translation>超时时间</translation>
    </message>
    <message>
        <source>The grace period</source>
        <translation>宽限期</translation>
    </message>
    <message>
        <source>The working directory “%1” does not exist.</source>
        <translation>工作目录“%1”不存在。</translation>
    </message>
    <message>
        <source>The working directory “%1” is not a directory.</source>
        <translation>工作目录“%1”不是一个目录。</translation>
    </message>
    <message>
        <source>Environment line %1 (“%2”) is not KEY=VALUE.</source>
        <translation>环境变量第 %1 行（“%2”）不是 KEY=VALUE。</translation>
    </message>
    <message>
        <source>Environment line %1: “%2” is not a variable name (letters, digits and _, not starting with a digit).</source>
        <translation>环境变量第 %1 行：“%2”不是变量名（字母、数字和 _，且不能以数字开头）。</translation>
    </message>
    <message>
        <source>A process named “%1” already exists; names are unique in a session.</source>
        <translation>名为“%1”的进程已存在；名称在会话中必须唯一。</translation>
    </message>
    <message>
        <source>The restart delay</source>
        <translation>重启延迟</translation>
    </message>
</context>
<context>
    <name>herd::Supervisor</name>
    <message>
        <source>the name “%1” is already taken by another process</source>
        <translation>名称“%1”已被另一个进程占用</translation>
    </message>
    <message>
        <source>the working directory %1 does not exist</source>
        <translation>工作目录 %1 不存在</translation>
    </message>
    <message>
        <source>a recorded process needs its name</source>
        <translation>记录下来的进程需要名称</translation>
    </message>
</context>
<context>
    <name>herd::TaskSource</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>cannot read %1: it is a directory</source>
        <translation>无法读取 %1：它是一个目录</translation>
    </message>
    <message>
        <source>%1 is %2 MiB; a task source holds at most %3 MiB</source>
        <translation>%1 为 %2 MiB；一个任务来源最多 %3 MiB</translation>
    </message>
</context>
<context>
    <name>herd::TaskTableModel</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>dead-lettered</source>
        <translation>已转入死信</translation>
    </message>
    <message>
        <source>exit %1</source>
        <translation>退出码 %1</translation>
    </message>
    <message numerus="yes">
        <source>Task %1, %n attempt(s):</source>
        <translation>
            <numerusform>任务 %1，共 %n 次尝试：</numerusform>
        </translation>
    </message>
    <message>
        <source>%1. %2 — %3</source>
        <translation>%1. %2 — %3</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>等待时间</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>herd::TimelineView</name>
    <message>
        <source>pid %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <source>Tasks appear here as workers take them.</source>
        <translation>工作进程领取任务后，任务会显示在这里。</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>−%1 s</source>
        <translation>−%1 秒</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>lost when its worker died</source>
        <translation>工作进程意外退出，任务丢失</translation>
    </message>
    <message>
        <source>Task %1 · %2 · %3 ms · %4</source>
        <translation>任务 %1 · %2 · %3 毫秒 · %4</translation>
    </message>
</context>
<context>
    <name>herd::TimeoutDialog</name>
    <message>
        <source>Set timeout</source>
        <translation>设置超时</translation>
    </message>
    <message>
        <source>Stop %1 when this much time has passed from now. 0 removes the watchdog.</source>
        <translation>从现在起经过这段时间后停止 %1。0 表示移除看门狗。</translation>
    </message>
    <message>
        <source>e.g. 30 s, 500 ms, 2 min; 0 for none</source>
        <translation>例如 30 s、500 ms、2 min；0 表示不设</translation>
    </message>
    <message>
        <source>The timeout</source>
        <translation>超时时间</translation>
    </message>
</context>
</TS>
