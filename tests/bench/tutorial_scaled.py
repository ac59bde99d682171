# The tutorial's queue example (two workers draining a multiprocessing.Queue, printing who
# handled which task) scaled to N tasks: a sentinel per worker instead of the racy
# empty()-then-get(), and no sleep. The baseline of bench-e2e.sh.
import multiprocessing, sys
def func(q):
    name = multiprocessing.current_process().name
    while True:
        task = q.get()
        if task is None:
            break
        print("进程{name}处理任务{task}".format(name=name, task=task))
if __name__ == '__main__':
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    q = multiprocessing.Queue()
    p_lst = [multiprocessing.Process(target=func, args=(q,)) for i in range(2)]
    for p in p_lst: p.start()
    for item in range(1, n + 1): q.put(item)
    for p in p_lst: q.put(None)
    for p in p_lst: p.join()
