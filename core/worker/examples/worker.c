/* worker.c — cc worker.c $(pkg-config --cflags --libs herd-worker) -o c-worker */
#include <herd_worker.h>
#include <stdio.h>

int main(void)
{
    herd_worker *w = herd_worker_attach_env();
    if (!w)
        return fprintf(stderr, "%s\n", herd_worker_error(NULL)), 2;
    herd_task task;
    while (herd_worker_take(w, &task, -1) == HERD_OK) {
        char result[32];
        snprintf(result, sizeof result, "%zu bytes", task.payload_len);
        herd_worker_complete(w, &task, 0, result);
        printf("%s handled task %llu\n", herd_worker_name(w), (unsigned long long)task.id);
        fflush(stdout);
    }
    herd_worker_detach(w);
    return 0;
}
