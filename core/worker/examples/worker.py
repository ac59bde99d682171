# worker.py — run a pool of it with: herd --workers 4 --worker-command 'python3 worker.py' --tasks 100
import herd_worker

with herd_worker.Worker() as worker:
    for task in worker:
        result = f"{len(task.payload)} bytes"
        print(f"{worker.name} handled task {task.id}: {result}", flush=True)
        task.done(result)
