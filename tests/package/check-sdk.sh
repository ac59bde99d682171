#!/usr/bin/env bash
# Any program is a worker: installs Herd into a temporary prefix, builds the C example
# worker with pkg-config and the C++ one with CMake's find_package(HerdWorker) against
# that prefix, and runs each, and the Python examples, as a pool under the installed herd.
set -euo pipefail
build=${1:?build directory}
source=${2:?source directory}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
examples=$prefix/share/herd/examples
fail=0

# The README shows these very programs.
python3 - "$source/README.md" "$examples" <<'PY' || fail=1
import pathlib, re, sys
readme = pathlib.Path(sys.argv[1]).read_text()
section = readme[readme.index("### Writing a worker"):]
blocks = dict((lang, code) for lang, code in re.findall(r"```(python|c)\n(.*?)```", section, re.S))
for lang, name in (("python", "worker.py"), ("c", "worker.c")):
    if blocks.get(lang) != (pathlib.Path(sys.argv[2]) / name).read_text():
        sys.exit("the README's %s worker differs from examples/%s" % (lang, name))
print("ok: the README's Python and C workers are the examples built and run here")
PY

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046
cc -Wall -Werror "$examples/worker.c" $(pkg-config --cflags --libs herd-worker) -Wl,-rpath,"$prefix/lib" \
   -o "$work/c-worker"
echo "ok: the C worker builds with pkg-config"
cmake -S "$examples" -B "$work/cpp" -DCMAKE_PREFIX_PATH="$prefix" >"$work/cmake.log" 2>&1 \
    && cmake --build "$work/cpp" >>"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; exit 1; }
echo "ok: the C++ worker builds with find_package(HerdWorker)"

export PYTHONPATH=$prefix/lib/python3/dist-packages
pool() { # pool LABEL COMMAND: 3 workers of COMMAND drain 30 tasks under the installed herd
    local label=$1 command=$2 report=$work/$1.csv
    if ! "$prefix/bin/herd" --headless --workers 3 --worker-command "$command" --tasks 30 --report "$report" \
         >"$work/$label.out" 2>&1; then
        echo "FAILED: a pool of $label"; tail -20 "$work/$label.out"; fail=1; return
    fi
    local done
    done=$(grep -c ',done,' "$report" || true)
    if [ "$done" = 30 ] && grep -q "Worker-[0-9] handled task" "$work/$label.out"; then
        echo "ok: a pool of 3 $label workers did 30 tasks"
    else
        echo "FAILED: a pool of $label did $done of 30 tasks"; tail -20 "$work/$label.out"; fail=1
    fi
}
pool c "$work/c-worker"
pool cpp "$work/cpp/cpp-worker"
pool python "python3 $examples/worker.py"
pool python-module "python3 -m herd_worker --work-ms 1"
exit $fail
