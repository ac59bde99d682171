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
for path in ./usr/bin/herd ./usr/bin/herd-worker ./usr/share/applications/herd.desktop \
            ./usr/share/icons/hicolor/scalable/apps/herd.svg ./usr/share/herd/translations/herd_zh_CN.qm \
            ./usr/lib/libherd_worker.so ./usr/include/herd_worker.h ./usr/share/doc/herd/README.md; do
    if grep -q " $path\$" <<<"$contents"; then echo "ok: $path"; else echo "MISSING: $path"; fail=1; fi
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libqt6core6 libqt6widgets6 libqt6gui6 libc6; do
    if grep -q "$lib" <<<"$depends"; then echo "ok: depends on $lib"; else echo "MISSING dependency: $lib"; fail=1; fi
done
dpkg-deb -x "$deb" "$work/root"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$work/root/usr/share/applications/herd.desktop" && echo "ok: desktop entry is valid" || fail=1
fi
grep -q '^Exec=herd' "$work/root/usr/share/applications/herd.desktop" || { echo "desktop entry does not run herd"; fail=1; }
version=$("$work/root/usr/bin/herd" --version)
echo "unpacked herd says: $version"
[ "$version" = "herd $(dpkg-deb -f "$deb" Version)" ] || { echo "version mismatch"; fail=1; }
LD_LIBRARY_PATH="$work/root/usr/lib" python3 - "$work/root/usr/lib/libherd_worker.so" <<'PY' || fail=1
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
assert hasattr(lib, "herd_worker_attach_env"), "C ABI missing"
print("ok: libherd_worker.so loads and exports the C ABI")
PY
exit $fail
