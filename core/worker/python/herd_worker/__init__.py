"""Herd workers in Python.

A worker takes tasks from a Herd task queue, one at a time, and says how each one went.
Herd starts its workers with the queue's address in HERD_QUEUE and their name in
HERD_PROCESS_NAME (as multiprocessing.current_process().name), so a worker needs no
arguments::

    import herd_worker

    with herd_worker.Worker() as worker:
        for task in worker:                      # until the queue is closed
            task.done(f"{len(task.payload)} bytes")   # or task.fail("why")

Or let the module run a function per task, a result for each return and a failure for
each exception::

    herd_worker.Worker().run(lambda payload: payload.upper())

``python3 -m herd_worker [--work-ms MS | --exec CMD]`` is a stock worker written with it.

The module is a thin layer over the C ABI of libherd_worker (herd/herd_worker.h), loaded
with ctypes: the library is found through HERD_WORKER_LIB (a path), beside the module's
install prefix, or by the dynamic loader.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from typing import Callable, Iterator, Optional, Union

__all__ = ["Worker", "Task", "HerdError", "StaleLease", "TaskTimeout"]
__version__ = "1.0"

_OK, _TIMEOUT, _CLOSED, _INTERRUPTED, _STALE, _ERROR = 0, 1, 2, 3, 4, -1


class HerdError(RuntimeError):
    """The queue could not be used (not attached, damaged, its owner gone, ...)."""


class StaleLease(HerdError):
    """The task is no longer ours: Herd reclaimed it (this worker was too late)."""


class TaskTimeout(TimeoutError):
    """No task arrived within the timeout given to Worker.take()."""


class _RawTask(ctypes.Structure):
    # struct herd_task from herd/herd_worker.h
    _fields_ = [
        ("id", ctypes.c_uint64),
        ("payload", ctypes.POINTER(ctypes.c_char)),
        ("payload_len", ctypes.c_size_t),
        ("slot", ctypes.c_uint32),
        ("attempt", ctypes.c_uint32),
        ("epoch", ctypes.c_uint64),
    ]


def _candidates() -> Iterator[str]:
    env = os.environ.get("HERD_WORKER_LIB")
    if env:
        yield env
    # <prefix>/lib/python3/dist-packages/herd_worker -> <prefix>/lib
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.normpath(os.path.join(here, "..", "..", "..", "libherd_worker.so.1"))
    yield "libherd_worker.so.1"
    found = ctypes.util.find_library("herd_worker")
    if found:
        yield found


_lib = None


def _library() -> ctypes.CDLL:
    global _lib
    if _lib is not None:
        return _lib
    errors = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            continue
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as e:
            errors.append(str(e))
    else:
        raise HerdError("cannot load libherd_worker: set HERD_WORKER_LIB to its path"
                        + (" (" + "; ".join(errors) + ")" if errors else ""))
    handle, task_p = ctypes.c_void_p, ctypes.POINTER(_RawTask)
    sig = {
        "herd_worker_attach_env": ([], handle),
        "herd_worker_attach": ([ctypes.c_char_p, ctypes.c_char_p], handle),
        "herd_worker_detach": ([handle], None),
        "herd_worker_name": ([handle], ctypes.c_char_p),
        "herd_worker_take": ([handle, task_p, ctypes.c_int], ctypes.c_int),
        "herd_worker_complete": ([handle, task_p, ctypes.c_int, ctypes.c_char_p], ctypes.c_int),
        "herd_worker_fail": ([handle, task_p, ctypes.c_int, ctypes.c_char_p], ctypes.c_int),
        "herd_worker_interrupt": ([handle], None),
        "herd_worker_error": ([handle], ctypes.c_char_p),
    }
    for name, (args, result) in sig.items():
        fn = getattr(lib, name)
        fn.argtypes, fn.restype = args, result
    _lib = lib
    return lib


def _text(value: Union[str, bytes, None]) -> bytes:
    if value is None:
        return b""
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")


class Task:
    """One task in this worker's hands. Finish it once, with done() or fail()."""

    def __init__(self, worker: "Worker", raw: _RawTask):
        self._worker = worker
        self._raw = raw  # the lease (slot + epoch) goes back with the result
        self.id: int = raw.id
        self.attempt: int = raw.attempt  # 1 the first time it is taken
        # A copy: the library reuses its buffer at the next take.
        self.payload: bytes = ctypes.string_at(raw.payload, raw.payload_len) if raw.payload_len else b""
        self.finished = False

    @property
    def text(self) -> str:
        """The payload as text (invalid UTF-8 replaced)."""
        return self.payload.decode("utf-8", "replace")

    def done(self, result: Union[str, bytes, None] = None, code: int = 0) -> None:
        """The task succeeded; result (up to 44 bytes are kept) is shown in Herd."""
        self._finish(_library().herd_worker_complete, code, result)

    def fail(self, reason: Union[str, bytes, None] = None, code: int = 1) -> None:
        """The task failed; reason is shown in Herd."""
        self._finish(_library().herd_worker_fail, code, reason)

    def _finish(self, fn, code: int, text) -> None:
        if self.finished:
            raise HerdError("task %d was already finished" % self.id)
        status = fn(self._worker._handle_or_raise(), ctypes.byref(self._raw), int(code), _text(text))
        self.finished = True
        if status == _STALE:
            raise StaleLease(self._worker.error())
        if status != _OK:
            raise HerdError(self._worker.error())

    def __repr__(self) -> str:
        return "Task(id=%d, attempt=%d, payload=%r)" % (self.id, self.attempt, self.payload[:40])


class Worker:
    """A worker attached to a Herd task queue.

    Worker() attaches to the queue in HERD_QUEUE under the name in HERD_PROCESS_NAME, as
    Herd starts its workers; Worker(address, name) attaches to a given queue (what
    ``herd-worker --queue ADDR`` does). Iterating over it yields tasks until the queue is
    closed. Use it as a context manager, or call close().
    """

    def __init__(self, address: Optional[str] = None, name: Optional[str] = None):
        lib = _library()
        if address is None:
            self._handle = lib.herd_worker_attach_env()
        else:
            self._handle = lib.herd_worker_attach(_text(address), _text(name) or None)
        if not self._handle:
            raise HerdError(lib.herd_worker_error(None).decode("utf-8", "replace"))

    def _handle_or_raise(self):
        if not self._handle:
            raise HerdError("the worker is closed")
        return self._handle

    @property
    def name(self) -> str:
        return _library().herd_worker_name(self._handle_or_raise()).decode("utf-8", "replace")

    def error(self) -> str:
        return _library().herd_worker_error(self._handle).decode("utf-8", "replace")

    def take(self, timeout: Optional[float] = None) -> Optional[Task]:
        """The next task, waiting up to timeout seconds (None: as long as it takes).

        Returns None when the queue is closed and empty; raises TaskTimeout when no task
        came in time. A wait is cut into short slices, so Python's signal handlers run.
        """
        raw = _RawTask()
        lib = _library()
        remaining = None if timeout is None else max(0.0, timeout)
        while True:
            slice_ms = 200 if remaining is None else int(min(remaining, 0.2) * 1000)
            status = lib.herd_worker_take(self._handle_or_raise(), ctypes.byref(raw), slice_ms)
            if status == _OK:
                return Task(self, raw)
            if status == _CLOSED:
                return None
            if status in (_TIMEOUT, _INTERRUPTED):
                if remaining is not None:
                    remaining -= slice_ms / 1000.0
                    if remaining <= 0:
                        raise TaskTimeout("no task within %g s" % timeout)
                continue
            raise HerdError(self.error())

    def __iter__(self) -> Iterator[Task]:
        while True:
            task = self.take()
            if task is None:
                return
            yield task

    def run(self, handler: Callable[[bytes], object]) -> int:
        """Calls handler(payload) for each task until the queue closes: what it returns
        is the task's result, an exception it raises fails the task (and the worker goes
        on). Returns how many tasks were done."""
        done = 0
        with self:
            for task in self:
                try:
                    result = handler(task.payload)
                except Exception as e:  # the task failed, not the worker
                    task.fail("%s: %s" % (type(e).__name__, e))
                    continue
                task.done(None if result is None else result if isinstance(result, bytes) else str(result))
                done += 1
        return done

    def close(self) -> None:
        """Detaches from the queue; a task still held goes back to the queue."""
        if self._handle:
            _library().herd_worker_detach(self._handle)
            self._handle = None

    def __enter__(self) -> "Worker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
