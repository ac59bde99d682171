#!/usr/bin/env python3
"""A Herd worker written in Python.

Herd starts it with HERD_QUEUE (the task queue's address) and HERD_PROCESS_NAME (its name,
as multiprocessing.current_process().name) in its environment. It takes tasks until the
queue is closed, handles each one, and reports the result, through the C ABI of
libherd_worker.so (herd_worker.h) loaded with ctypes -- no compiled module needed.

The library is found through HERD_WORKER_LIB (a path), or else by the usual search
(LD_LIBRARY_PATH, ldconfig).

Start it from Herd as a worker program:
    python3 herd_worker_example.py [--work-ms N]
"""

import argparse
import ctypes
import ctypes.util
import os
import signal
import sys
import time

HERD_OK = 0
HERD_TIMEOUT = 1
HERD_CLOSED = 2
HERD_INTERRUPTED = 3
HERD_STALE = 4
HERD_ERROR = -1


class HerdTask(ctypes.Structure):
    """struct herd_task from herd_worker.h."""

    _fields_ = [
        ("id", ctypes.c_uint64),
        ("payload", ctypes.POINTER(ctypes.c_char)),
        ("payload_len", ctypes.c_size_t),
        ("slot", ctypes.c_uint32),
        ("attempt", ctypes.c_uint32),
        ("epoch", ctypes.c_uint64),
    ]


class HerdError(RuntimeError):
    pass


def load_library(path=None):
    path = path or os.environ.get("HERD_WORKER_LIB") or ctypes.util.find_library("herd_worker")
    if not path:
        raise HerdError("cannot find libherd_worker.so: set HERD_WORKER_LIB to its path")
    lib = ctypes.CDLL(path)
    handle = ctypes.c_void_p
    task_p = ctypes.POINTER(HerdTask)
    lib.herd_worker_attach_env.argtypes = []
    lib.herd_worker_attach_env.restype = handle
    lib.herd_worker_attach.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    lib.herd_worker_attach.restype = handle
    lib.herd_worker_detach.argtypes = [handle]
    lib.herd_worker_detach.restype = None
    lib.herd_worker_name.argtypes = [handle]
    lib.herd_worker_name.restype = ctypes.c_char_p
    lib.herd_worker_take.argtypes = [handle, task_p, ctypes.c_int]
    lib.herd_worker_take.restype = ctypes.c_int
    for fn in (lib.herd_worker_complete, lib.herd_worker_fail):
        fn.argtypes = [handle, task_p, ctypes.c_int, ctypes.c_char_p]
        fn.restype = ctypes.c_int
    lib.herd_worker_error.argtypes = [handle]
    lib.herd_worker_error.restype = ctypes.c_char_p
    lib.herd_worker_status_text.argtypes = [ctypes.c_int]
    lib.herd_worker_status_text.restype = ctypes.c_char_p
    return lib


class Task:
    """One task taken from the queue. Pass it back to complete() or fail()."""

    def __init__(self, raw):
        self._raw = raw  # the lease (slot + epoch), handed back on complete/fail
        self.id = raw.id
        self.attempt = raw.attempt
        # Copy the payload out: the library reuses its buffer on the next take.
        self.payload = ctypes.string_at(raw.payload, raw.payload_len) if raw.payload_len else b""


class Worker:
    """The worker side of a Herd task queue (see herd_worker.h)."""

    def __init__(self, lib=None, address=None, name=None):
        self._lib = lib or load_library()
        if address is None:
            self._handle = self._lib.herd_worker_attach_env()
        else:
            self._handle = self._lib.herd_worker_attach(
                address.encode(), name.encode() if name else None)
        if not self._handle:
            raise HerdError(self._lib.herd_worker_error(None).decode(errors="replace"))

    @property
    def name(self):
        return self._lib.herd_worker_name(self._handle).decode(errors="replace")

    def error(self):
        return self._lib.herd_worker_error(self._handle).decode(errors="replace")

    def take(self, timeout_ms=-1):
        """The next Task; None when the queue is closed; TimeoutError when none came."""
        raw = HerdTask()
        status = self._lib.herd_worker_take(self._handle, ctypes.byref(raw), timeout_ms)
        if status == HERD_OK:
            return Task(raw)
        if status == HERD_CLOSED:
            return None
        if status in (HERD_TIMEOUT, HERD_INTERRUPTED):
            raise TimeoutError("no task within %d ms" % timeout_ms)
        raise HerdError(self.error())

    def complete(self, task, code=0, text=""):
        return self._ack(self._lib.herd_worker_complete, task, code, text)

    def fail(self, task, code=1, text=""):
        return self._ack(self._lib.herd_worker_fail, task, code, text)

    def _ack(self, fn, task, code, text):
        status = fn(self._handle, ctypes.byref(task._raw), int(code), text.encode())
        if status == HERD_OK:
            return True
        if status == HERD_STALE:
            return False  # the app reclaimed the task meanwhile; someone else runs it
        raise HerdError(self.error())

    def close(self):
        if self._handle:
            self._lib.herd_worker_detach(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def handle(payload):
    """The work itself: here, describe the payload. Raise to report a failure."""
    text = payload.decode("utf-8", errors="replace")
    if text == "fail":
        raise ValueError("asked to fail")
    return "%d bytes" % len(payload)


def main(argv=None):
    parser = argparse.ArgumentParser(description="A Herd worker in Python.")
    parser.add_argument("--work-ms", type=int, default=0, help="simulated work per task")
    args = parser.parse_args(argv)
    if args.work_ms < 0:
        parser.error("--work-ms must be 0 or more")

    stopping = []
    # SIGTERM: finish the task in hand, then stop. take() waits in slices so the flag is
    # seen (Python runs signal handlers between calls, not inside one).
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))

    try:
        worker = Worker()
    except HerdError as e:
        print("herd_worker_example: %s" % e, file=sys.stderr)
        return 2 if "HERD_QUEUE" in str(e) else 1

    with worker:
        while not stopping:
            try:
                task = worker.take(timeout_ms=500)
            except TimeoutError:
                continue
            if task is None:
                break  # closed and empty
            if args.work_ms:
                time.sleep(args.work_ms / 1000.0)
            try:
                result = handle(task.payload)
            except Exception as e:  # the task failed, the worker carries on
                worker.fail(task, 1, str(e))
                print("%s failed task %d: %s" % (worker.name, task.id, e), flush=True)
                continue
            if worker.complete(task, 0, result):
                print("%s handled task %d" % (worker.name, task.id), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
