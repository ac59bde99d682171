#!/usr/bin/env bash
# Fails when a process started by the test suite (its environment carries the suite id)
# is still running, and kills it so it cannot disturb later runs.
id=${1:?suite id}
found=0
for env in /proc/[0-9]*/environ; do
    pid=${env#/proc/}; pid=${pid%/environ}
    [ "$pid" = "$$" ] && continue
    if tr '\0' '\n' < "$env" 2>/dev/null | grep -qx "HERD_SUITE_ID=$id"; then
        state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
        [ "$state" = Z ] && continue
        echo "left behind: pid $pid: $(tr '\0' ' ' < /proc/$pid/cmdline 2>/dev/null)"
        kill -KILL "$pid" 2>/dev/null
        found=1
    fi
done
[ $found = 0 ] && echo "no process left behind"
exit $found
