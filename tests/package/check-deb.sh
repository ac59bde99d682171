#!/usr/bin/env bash
# Builds the .deb from a finished build directory and checks what a user would get from it:
# the binaries, the desktop entry and icon where the desktop looks for them, the
# translations, the worker library, dependencies on the Qt 6 libraries, and a herd that runs
# from the unpacked tree.
set -euo pipefail
build=${1:?build directory}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$build"
cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/herd_*.deb)
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
contents=$(dpkg-deb -c "$deb")
fail=0
for path in ./usr/bin/herd ./usr/bin/herd-worker ./usr/lib/herd/herd-window.so \
            ./usr/share/applications/herd.desktop \
            ./usr/share/icons/hicolor/scalable/apps/herd.svg ./usr/share/herd/translations/herd_zh_CN.qm \
            ./usr/lib/libherd_worker.so ./usr/lib/libherd_worker.so.1 ./usr/include/herd/herd_worker.h \
            ./usr/include/herd/herd_worker.hpp ./usr/lib/pkgconfig/herd-worker.pc \
            ./usr/lib/cmake/HerdWorker/HerdWorkerConfig.cmake \
            ./usr/lib/python3/dist-packages/herd_worker/__init__.py \
            ./usr/lib/python3/dist-packages/herd_worker/__main__.py \
            ./usr/share/man/man1/herd.1.gz ./usr/share/man/man1/herd-worker.1.gz \
            ./usr/share/bash-completion/completions/herd ./usr/share/bash-completion/completions/herd-worker \
            ./usr/share/doc/herd/copyright ./usr/share/doc/herd/changelog.gz \
            ./usr/share/doc/herd/README.md; do
    if grep -qE " ${path//./\\.}( -> .*)?\$" <<<"$contents"; then echo "ok: $path"; else echo "MISSING: $path"; fail=1; fi
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libqt6core6 libqt6widgets6 libqt6gui6 libqt6svg6 libc6; do
    if grep -q "$lib" <<<"$depends"; then echo "ok: depends on $lib"; else echo "MISSING dependency: $lib"; fail=1; fi
done
dpkg-deb -x "$deb" "$work/root"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$work/root/usr/share/applications/herd.desktop" && echo "ok: desktop entry is valid" || fail=1
fi
grep -q '^Exec=herd' "$work/root/usr/share/applications/herd.desktop" || { echo "desktop entry does not run herd"; fail=1; }
# The window is a module the unpacked herd must find in ../lib/herd: run it (offscreen) until
# a timeout stops it; a herd that cannot open its window ends at once with status 2.
status=0
HOME="$work" XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=offscreen \
    timeout -k 10 -s TERM 5 "$work/root/usr/bin/herd" >"$work/window.log" 2>&1 || status=$?
if [ "$status" -eq 124 ] && ! grep -q "cannot be opened" "$work/window.log"; then
    echo "ok: the unpacked herd opens its window"
else
    echo "the unpacked herd did not open its window (status $status):"; cat "$work/window.log"; fail=1
fi
version=$("$work/root/usr/bin/herd" --version)
echo "unpacked herd says: $version"
[ "$version" = "herd $(dpkg-deb -f "$deb" Version)" ] || { echo "version mismatch"; fail=1; }
LD_LIBRARY_PATH="$work/root/usr/lib" python3 - "$work/root/usr/lib/libherd_worker.so" <<'PY' || fail=1
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
assert hasattr(lib, "herd_worker_attach_env"), "C ABI missing"
print("ok: libherd_worker.so loads and exports the C ABI")
PY
soname=$(objdump -p "$work/root/usr/lib/libherd_worker.so.1" | awk '/SONAME/ {print $2}')
[ "$soname" = "libherd_worker.so.1" ] && echo "ok: SONAME $soname" || { echo "wrong SONAME: $soname"; fail=1; }
# The Python module finds the library beside its own prefix, with nothing set.
PYTHONPATH="$work/root/usr/lib/python3/dist-packages" python3 -c \
    'import herd_worker; herd_worker._library(); print("ok: herd_worker imports and loads its library")' || fail=1
# The man pages render, and name every option of the program's own --help.
for page in herd herd-worker; do
    text=$(zcat "$work/root/usr/share/man/man1/$page.1.gz" | sed 's/\\-/-/g')
    for opt in $("$work/root/usr/bin/$page" --help | grep -oE -- '(^|[ ,])--[a-z][a-z-]*' | tr -d ' ,' | sort -u); do
        grep -q -- "${opt//-/\\-}" <<<"$text" || { echo "MISSING in $page(1): $opt"; fail=1; }
    done
done
echo "ok: the man pages list every option"
if command -v lintian >/dev/null; then
    # Errors fail the package; the warnings kept are explained in CMakeLists.txt.
    lintian --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1 || true
    if grep -q '^E: ' "$work/lintian.log"; then grep '^E: ' "$work/lintian.log"; fail=1; else echo "ok: lintian reports no errors"; fi
fi
exit $fail
