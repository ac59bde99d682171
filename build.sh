#!/usr/bin/env bash
# Builds Herd and either launches it or runs the whole test suite.
#   ./build.sh run [herd options]   build, then launch the window on its demo scenario
#   ./build.sh test                 build, run every test, then the core's tests under
#                                   ASan+UBSan and the queue's under TSan
#   ./build.sh test --loaded        the same, with four busy loops beside every test run,
#                                   as on a shared CI machine: the suite must hold there too
# Installs the Debian packages it needs when they are missing (as root, or with sudo).
set -euo pipefail
cd "$(dirname "$0")"
top=$PWD
jobs=$(nproc 2>/dev/null || echo 2)

packages=(cmake g++ make pkg-config qt6-base-dev qt6-base-dev-tools qt6-tools-dev
          qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libgl-dev libboost-dev python3
          qt6-qpa-plugins qt6-translations-l10n fonts-noto-cjk dpkg-dev desktop-file-utils
          lintian binutils util-linux libhiredis-dev redis-server)

install_missing() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing missing packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# configure_and_build DIR [cmake options...]
configure_and_build() {
    local dir=$1; shift
    cmake -S "$top" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

# Busy loops that load the CPUs while the tests run (./build.sh test --loaded). Started
# just before each test run and stopped right after it, so the builds are not slowed; the
# trap stops them however the script ends.
busy_pids=()
stop_busy_loops() {
    [ ${#busy_pids[@]} -eq 0 ] && return 0
    local pid
    for pid in "${busy_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    busy_pids=()
}
trap stop_busy_loops EXIT
trap 'stop_busy_loops; exit 130' INT
trap 'stop_busy_loops; exit 143' TERM
start_busy_loops() {
    local i
    for i in 1 2 3 4; do
        bash -c 'while :; do :; done' &
        busy_pids+=($!)
    done
}

loaded=0
# run_tests DIR [ctest options...]: the suite in DIR, under load with --loaded.
run_tests() {
    local dir=$1; shift
    local status=0
    [ $loaded -eq 1 ] && start_busy_loops
    (cd "$dir" && ctest --output-on-failure -j1 "$@") || status=1
    stop_busy_loops
    return $status
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
run)
    install_missing
    configure_and_build build
    exec build/app/herd --demo "$@"
    ;;
test)
    for arg in "$@"; do
        case "$arg" in
        --loaded) loaded=1 ;;
        *) echo "usage: ./build.sh test [--loaded]" >&2; exit 2 ;;
        esac
    done
    install_missing
    configure_and_build build
    status=0
    [ $loaded -eq 1 ] && echo "== with four busy loops beside the tests =="
    run_tests build || status=1
    echo "== core tests under AddressSanitizer + UndefinedBehaviorSanitizer =="
    configure_and_build build-asan -DHERD_ENABLE_ASAN=ON -DHERD_BUILD_UI=OFF
    ASAN_OPTIONS=detect_leaks=0 run_tests build-asan -L core || status=1
    echo "== queue tests under ThreadSanitizer =="
    configure_and_build build-tsan -DHERD_ENABLE_TSAN=ON -DHERD_BUILD_UI=OFF
    run_tests build-tsan -L tsan || status=1
    exit $status
    ;;
*)
    echo "usage: ./build.sh run [herd options] | ./build.sh test [--loaded]" >&2
    exit 2
    ;;
esac
