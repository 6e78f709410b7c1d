#!/usr/bin/env bash
# tst_Package: builds the .deb with CPack, unpacks it into a temporary root (no root rights, nothing installed
# on this machine) and checks what a user would get: the files, Depends, the .desktop entry, the AppStream
# metainfo, and that the unpacked hrstyle-cli runs.
#   check-package.sh BUILD_DIR WORK_DIR APP_ID gui|nogui
# Exit 0 pass, 1 fail, 77 skip (a packaging tool is missing; scripts/install-deps.sh installs them).
set -euo pipefail
build_dir="$1" work="$2" app_id="$3" gui="$4"

for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (scripts/install-deps.sh installs it)"
    exit 77
  fi
done

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# A private output folder: the test neither reads nor leaves anything another test uses.
rm -rf "$work"
mkdir -p "$work/out" "$work/root"
cpack -G DEB -B "$work/out" --config "$build_dir/CPackConfig.cmake" > "$work/cpack.log" 2>&1 || {
  cat "$work/cpack.log"; echo "FAIL: cpack"; exit 1; }
debs=("$work"/out/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "FAIL: expected one .deb in $work/out"; exit 1; }
deb="${debs[0]}"
pass "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# --- control data -----------------------------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = hrstyle ] && pass "Package: hrstyle" || fail "Package is '$(field Package)'"
depends="$(field Depends)"
echo "Depends: $depends"
# Libraries hrstyle-cli links directly; their Debian package names come from dpkg-shlibdeps.
for needed in libtorch libqt6core6 libopencv-imgcodec libc6 libstdc++6; do
  case "$depends" in *"$needed"*) pass "Depends names $needed" ;; *) fail "Depends lacks $needed" ;; esac
done
if [ "$gui" = gui ]; then
  case "$depends" in *libqt6widgets6*) pass "Depends names libqt6widgets6" ;; *) fail "Depends lacks libqt6widgets6" ;; esac
fi

# --- files ------------------------------------------------------------------------------------------------
dpkg-deb -x "$deb" "$work/root"
root="$work/root"
expect=(usr/bin/hrstyle-cli usr/share/doc/hrstyle/copyright usr/share/hrstyle/samples/LICENSES.md usr/share/hrstyle/samples/chelsea.png
        usr/share/hrstyle/samples/rocket.jpg)
if [ "$gui" = gui ]; then
  expect+=(usr/bin/hrstyle "usr/share/applications/$app_id.desktop" "usr/share/metainfo/$app_id.metainfo.xml"
           "usr/share/icons/hicolor/scalable/apps/$app_id.svg")
  for size in 16 22 24 32 48 64 128 256; do expect+=("usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"); done
fi
for path in "${expect[@]}"; do
  [ -f "$root/$path" ] && pass "$path" || fail "missing $path"
done
for exe in usr/bin/hrstyle-cli usr/bin/hrstyle; do
  [ -e "$root/$exe" ] || continue
  [ -x "$root/$exe" ] && pass "$exe is executable" || fail "$exe is not executable"
done
# Nothing outside /usr (no /usr/local, no build paths, no static libraries or headers).
stray="$(cd "$root" && find . -type f ! -path './usr/bin/*' ! -path './usr/share/*' | head -5)"
[ -z "$stray" ] && pass "only usr/bin and usr/share" || fail "unexpected files: $stray"

# --- desktop integration ----------------------------------------------------------------------------------
if [ "$gui" = gui ]; then
  desktop="$root/usr/share/applications/$app_id.desktop"
  desktop-file-validate "$desktop" && pass "desktop-file-validate" || fail "desktop-file-validate"
  grep -q '^MimeType=.*image/jpeg' "$desktop" && pass "opens images (MimeType)" || fail "no image MimeType"
  grep -q '^Exec=hrstyle %[fFuU]' "$desktop" && pass "Exec passes files" || fail "Exec does not pass files"
  grep -q "^Icon=$app_id\$" "$desktop" && pass "Icon=$app_id" || fail "Icon is not $app_id"
  appstreamcli validate --no-net "$root/usr/share/metainfo/$app_id.metainfo.xml" \
    && pass "appstreamcli validate" || fail "appstreamcli validate"
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" \
    "$root/usr/share/metainfo/$app_id.metainfo.xml" && pass "metainfo launches the .desktop" || fail "launchable"
fi

# --- the installed CLI runs (from the unpacked root: no build-tree RPATH left to lean on) -------------------
if help="$("$root/usr/bin/hrstyle-cli" --help 2>&1)" && grep -q "usage: hrstyle-cli" <<<"$help"; then
  pass "usr/bin/hrstyle-cli --help"
else
  echo "$help"; fail "usr/bin/hrstyle-cli --help"
fi
if command -v readelf >/dev/null && readelf -d "$root/usr/bin/hrstyle-cli" | grep -q "$build_dir"; then
  fail "hrstyle-cli keeps an RPATH into the build folder"
fi

[ $failures -eq 0 ] && echo "PASS: package checks" || echo "FAILED: $failures check(s)"
[ $failures -eq 0 ]
