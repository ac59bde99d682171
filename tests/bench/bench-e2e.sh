#!/usr/bin/env bash
# End to end, one machine, one run: `herd --headless --workers 2 --tasks N` against the
# tutorial's Python program scaled to N tasks (tutorial_scaled.py). Both print a line per task,
# sent to /dev/null. Prints the median of RUNS runs of each and the ratio.
#   tests/bench/bench-e2e.sh BUILD_DIR [N] [RUNS]
set -euo pipefail
build=${1:?build directory}
n=${2:-1000000}
runs=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); awk "BEGIN { print $e - $s }"; }
herd_times=(); py_times=()
for _ in $(seq "$runs"); do
    herd_times+=("$(timeit "$build/app/herd" --headless --workers 2 --tasks "$n")")
    # Python as a user runs it: PYTHONUNBUFFERED (set in some environments) would make each
    # print a system call of its own and slow the baseline down.
    py_times+=("$(timeit env -u PYTHONUNBUFFERED python3 "$here/tutorial_scaled.py" "$n")")
done
h=$(printf '%s\n' "${herd_times[@]}" | median)
p=$(printf '%s\n' "${py_times[@]}" | median)
printf 'end to end, %s tasks, 2 workers, median of %s runs:\n' "$n" "$runs"
printf '  herd --headless       %6.2f s  (%s)\n' "$h" "${herd_times[*]}"
printf '  Python tutorial, scaled   %6.2f s  (%s)\n' "$p" "${py_times[*]}"
printf '  Herd is %.1fx faster (target: at least 30x)\n' "$(awk "BEGIN { print $p / $h }")"
