#!/bin/sh
# Runs a test program in a pid namespace of its own, as in a container started from a shell:
# the session's leader lives outside, so getsid() and /proc say session 0 for the processes
# of that session. Skipped (exit 77) where namespaces cannot be made (not root, or denied).
if ! unshare -fp --mount-proc true 2>/dev/null; then
    echo "SKIP: no pid namespace can be made here (unshare -fp needs root)"
    exit 77
fi
exec unshare -fp --mount-proc "$@"
