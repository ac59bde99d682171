#!/usr/bin/env bash
# Builds Herd and either launches it or runs the whole test suite.
#   ./build.sh run [herd options]   build, then launch the window on its demo scenario
#   ./build.sh test                 build, run every test, then the core's tests under
#                                   ASan+UBSan and the queue's under TSan
# Installs the Debian packages it needs when they are missing (as root, or with sudo).
set -euo pipefail
cd "$(dirname "$0")"
top=$PWD
jobs=$(nproc 2>/dev/null || echo 2)

packages=(cmake g++ make pkg-config qt6-base-dev qt6-base-dev-tools qt6-tools-dev
          qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libgl-dev libboost-dev python3
          qt6-qpa-plugins qt6-translations-l10n fonts-noto-cjk dpkg-dev desktop-file-utils)

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

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
run)
    install_missing
    configure_and_build build
    exec build/app/herd --demo "$@"
    ;;
test)
    install_missing
    configure_and_build build
    status=0
    (cd build && ctest --output-on-failure -j1) || status=1
    echo "== core tests under AddressSanitizer + UndefinedBehaviorSanitizer =="
    configure_and_build build-asan -DHERD_ENABLE_ASAN=ON -DHERD_BUILD_UI=OFF
    (cd build-asan && ASAN_OPTIONS=detect_leaks=0 ctest --output-on-failure -j1 -L core) || status=1
    echo "== queue tests under ThreadSanitizer =="
    configure_and_build build-tsan -DHERD_ENABLE_TSAN=ON -DHERD_BUILD_UI=OFF
    (cd build-tsan && ctest --output-on-failure -j1 -L tsan) || status=1
    exit $status
    ;;
*)
    echo "usage: ./build.sh run [herd options] | ./build.sh test" >&2
    exit 2
    ;;
esac
