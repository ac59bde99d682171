"""python3 -m herd_worker [--work-ms MS | --exec CMD]: Herd's stock worker, in Python.

Takes tasks until the queue is closed and, for each one, simulates work (--work-ms) or runs
a command (--exec; {} is replaced by the payload; no shell unless the command names one).
Prints "<name> handled task <id>" per task, as herd-worker does, and exits with the same
statuses: 0 when the queue closed or a stop signal came, 1 when the queue failed, 2 for a
usage error or no queue to attach to.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shlex
import signal
import subprocess
import sys
import time
from typing import List, Optional

from . import HerdError, StaleLease, Worker

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # In the child, before exec: the command dies with this worker (SIGKILL included), so a
    # task Herd gives to another worker never runs twice at once.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _run(words: List[str], payload: str, env: dict) -> "tuple[bool, int, str]":
    argv = [w.replace("{}", payload) for w in words]
    try:
        proc = subprocess.run(argv, env=env, preexec_fn=_die_with_parent)
    except OSError as e:
        return False, 127, "cannot run %s: %s" % (argv[0], e.strerror)
    if proc.returncode < 0:
        sig = -proc.returncode
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = "signal %d" % sig
        return False, proc.returncode, "killed by %s" % name
    return proc.returncode == 0, proc.returncode, "exit status %d" % proc.returncode


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m herd_worker",
                                     description="Herd's stock worker, written in Python.")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--work-ms", type=int, default=0, metavar="MS",
                      help="simulate MS milliseconds of work per task (0 to 86400000)")
    what.add_argument("--exec", dest="command", metavar="CMD",
                      help="run CMD per task, {} replaced by the payload")
    parser.add_argument("--queue", metavar="ADDR", help="the queue's address (default: $HERD_QUEUE)")
    parser.add_argument("--name", help="the worker's name (default: $HERD_PROCESS_NAME)")
    parser.add_argument("--quiet", action="store_true", help="print nothing per task")
    args = parser.parse_args(argv)
    if not 0 <= args.work_ms <= 86400000:
        parser.error("--work-ms must be between 0 and 86400000")
    words: List[str] = []
    if args.command is not None:
        try:
            words = shlex.split(args.command)
        except ValueError as e:
            parser.error("--exec: %s" % e)
        if not words:
            parser.error("--exec needs a command")
    if args.queue is None and not os.environ.get("HERD_QUEUE"):
        print("herd_worker: no task queue given: set HERD_QUEUE or pass --queue "
              "(Herd sets it for the workers it starts)", file=sys.stderr)
        return 2

    stopping = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.append(True))

    try:
        worker = Worker(args.queue, args.name) if args.queue else Worker()
    except HerdError as e:
        print("herd_worker: %s" % e, file=sys.stderr)
        return 1
    # What this worker starts carries its mark, by which Herd ends it if the worker dies.
    env = dict(os.environ, HERD_WORKER="%d@%s" % (os.getpid(), args.queue or os.environ["HERD_QUEUE"]))
    with worker:
        while not stopping:
            try:
                task = worker.take(timeout=0.5)
            except TimeoutError:
                continue
            except HerdError as e:
                print("herd_worker: %s: %s" % (worker.name, e), file=sys.stderr)
                return 1
            if task is None:
                return 0
            if words:
                if b"\0" in task.payload:
                    ok, code, text = False, 2, "payload has a NUL byte"
                else:
                    ok, code, text = _run(words, task.text, env)
            else:
                time.sleep(args.work_ms / 1000.0)
                ok, code, text = True, 0, ""
            try:
                if ok:
                    task.done(text, code)
                else:
                    task.fail(text, code)
            except StaleLease as e:
                print("herd_worker: %s: %s" % (worker.name, e), file=sys.stderr)
                continue
            if not args.quiet:
                suffix = "" if ok else " (failed: %s)" % text
                print("%s handled task %d%s" % (worker.name, task.id, suffix), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
