#!/usr/bin/env python3
"""The tutorial's multiprocessing.Queue example (seed/multiprocessing-tutorial.zh.md),
scaled for a benchmark: N tasks (default 1,000,000), 2 worker processes, no sleep, one
sentinel per worker instead of the racy empty()-then-get(), and no print per task.
Prints the wall time and tasks/s, for comparison with
    herd --headless --workers 2 --tasks N
"""
import multiprocessing
import sys
import time


def func(q, done):
    handled = 0
    while True:
        task = q.get()
        if task is None:
            break
        handled += 1
    done.put(handled)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    start = time.monotonic()
    q = multiprocessing.Queue()
    done = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=func, args=(q, done)) for _ in range(2)]
    for p in workers:
        p.start()
    for item in range(1, n + 1):
        q.put(item)
    for _ in workers:
        q.put(None)
    handled = sum(done.get() for _ in workers)
    for p in workers:
        p.join()
    elapsed = time.monotonic() - start
    assert handled == n, (handled, n)
    print("python multiprocessing.Queue: %d tasks, 2 workers: %.2f s, %.0f tasks/s" % (n, elapsed, n / elapsed))


if __name__ == "__main__":
    main()
