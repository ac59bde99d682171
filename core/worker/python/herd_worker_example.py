#!/usr/bin/env python3
"""A Herd worker written in Python, with the herd_worker module.

Herd starts it with HERD_QUEUE (the task queue's address) and HERD_PROCESS_NAME (its name,
as multiprocessing.current_process().name) in its environment. It takes tasks until the
queue is closed, handles each one, and reports the result. The herd_worker module loads
libherd_worker through ctypes -- no compiled module needed.

Start a pool of it from Herd:
    herd --workers 4 --worker-command 'python3 herd_worker_example.py --work-ms 100' --tasks 20
"""

import argparse
import signal
import sys
import time

import herd_worker


def handle(payload):
    """The work itself: here, describe the payload. Raise to report a failure."""
    if payload == b"fail":
        raise ValueError("asked to fail")
    return "%d bytes" % len(payload)


def main(argv=None):
    parser = argparse.ArgumentParser(description="A Herd worker in Python.")
    parser.add_argument("--work-ms", type=int, default=0, help="simulated work per task")
    args = parser.parse_args(argv)
    if args.work_ms < 0:
        parser.error("--work-ms must be 0 or more")

    stopping = []
    # SIGTERM: finish the task in hand, then stop (take() waits in short slices, so the
    # flag is seen: Python runs signal handlers between calls, not inside one).
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        worker = herd_worker.Worker()
    except herd_worker.HerdError as e:
        print("herd_worker_example: %s" % e, file=sys.stderr)
        return 2 if "HERD_QUEUE" in str(e) else 1

    with worker:
        while not stopping:
            try:
                task = worker.take(timeout=0.5)
            except herd_worker.TaskTimeout:
                continue
            if task is None:
                break  # closed and empty
            if args.work_ms:
                time.sleep(args.work_ms / 1000.0)
            try:
                result = handle(task.payload)
            except Exception as e:  # the task failed, the worker carries on
                task.fail(str(e))
                print("%s failed task %d: %s" % (worker.name, task.id, e), flush=True)
                continue
            task.done(result)
            print("%s handled task %d" % (worker.name, task.id), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
