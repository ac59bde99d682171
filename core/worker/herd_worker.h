/* The C ABI of Herd's worker library: lets any language that can call C (Python through
 * ctypes, for one) drain a Herd task queue. Link -lherd_worker, or dlopen
 * libherd_worker.so. Not thread-safe per handle: use one handle per thread. */
#ifndef HERD_WORKER_H
#define HERD_WORKER_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define HERD_WORKER_API __attribute__((visibility("default")))
#else
#define HERD_WORKER_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct herd_worker herd_worker;

/* One task. payload points into memory owned by the handle, valid until the next take on
 * it or herd_worker_detach; it may contain NUL bytes and is not NUL-terminated. */
typedef struct herd_task {
    uint64_t id;
    const char *payload;
    size_t payload_len;
    uint32_t slot;   /* slot + epoch are the lease; pass the task back unchanged */
    uint32_t attempt;
    uint64_t epoch;
} herd_task;

/* Status codes. */
enum {
    HERD_OK = 0,          /* a task was taken / the acknowledgement was recorded */
    HERD_TIMEOUT = 1,     /* no task within the timeout */
    HERD_CLOSED = 2,      /* the queue is closed and empty, or its owner has exited */
    HERD_INTERRUPTED = 3, /* herd_worker_interrupt() was called */
    HERD_STALE = 4,       /* the lease is no longer ours (reclaimed or already acknowledged) */
    HERD_ERROR = -1       /* see herd_worker_error() */
};

/* Attaches to the queue in HERD_QUEUE with the name in HERD_PROCESS_NAME. Returns NULL on
 * failure; herd_worker_error(NULL) then says why. */
HERD_WORKER_API herd_worker *herd_worker_attach_env(void);
/* Same with an explicit queue address and name (name may be NULL or ""). The address is
 * what Herd puts in HERD_QUEUE, or redis://[user:password@]HOST:PORT/NAME for a queue in
 * Redis Streams (the name then defaults to host:pid). */
HERD_WORKER_API herd_worker *herd_worker_attach(const char *address, const char *name);
HERD_WORKER_API void herd_worker_detach(herd_worker *worker);

/* The worker's name, as Python's current_process().name. */
HERD_WORKER_API const char *herd_worker_name(const herd_worker *worker);

/* Waits up to timeout_ms (-1: no limit, 0: no wait). HERD_OK fills *task. */
HERD_WORKER_API int herd_worker_take(herd_worker *worker, herd_task *task, int timeout_ms);
/* Marks the task done / failed with a result code and a short text (kept up to 44 bytes,
 * may be NULL). */
HERD_WORKER_API int herd_worker_complete(herd_worker *worker, const herd_task *task,
                                         int result_code, const char *text);
HERD_WORKER_API int herd_worker_fail(herd_worker *worker, const herd_task *task,
                                     int result_code, const char *text);
/* Completes *task and takes the next into it under one lock. Returns the take's status;
 * *ack_status (may be NULL) gets the completion's. A worker whose tasks are quick takes
 * several under one lock when many wait, each under its own lease; while it holds them,
 * this call hands out the next without a lock and sends the completion with the next
 * batch (*ack_status is then HERD_OK). herd_worker_complete, herd_worker_fail, running out
 * of tasks and herd_worker_detach send what was held back first. */
HERD_WORKER_API int herd_worker_complete_and_take(herd_worker *worker, herd_task *task,
                                                  int result_code, const char *text,
                                                  int timeout_ms, int *ack_status);
/* Makes a waiting or later take return HERD_INTERRUPTED (async-signal-safe). */
HERD_WORKER_API void herd_worker_interrupt(herd_worker *worker);

/* The last error of this handle, or of the last failed attach in this thread when worker
 * is NULL. Never NULL. */
HERD_WORKER_API const char *herd_worker_error(const herd_worker *worker);
/* "ok", "timeout", "closed", ... */
HERD_WORKER_API const char *herd_worker_status_text(int status);

#ifdef __cplusplus
}
#endif

#endif /* HERD_WORKER_H */
