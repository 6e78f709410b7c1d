#!/usr/bin/env bash
# CI on fresh machines: proves README's two commands and the .deb work on a minimal Debian 12 that has nothing
# installed beyond debootstrap's minbase, using the CI host's clean-debian-run tool (`tool` below; a brand-new
# root per call, holding a clone of the committed HEAD; docs/contributing.md, "CI").
#   1. First root: scripts/install-deps.sh, scripts/build.sh and README's test command scripts/test.sh, timed
#      step by step, then README's app command scripts/run-app.sh under Xvfb (scripts/ci-root-steps.sh). The
#      root is kept until the .deb CPack made there is copied out.
#   2. Second root: only `apt-get install ./hrstyle_*.deb`, then the installed hrstyle-cli and hrstyle are run
#      (scripts/check-installed-deb.sh).
# Prints one line of figures per root and a total; exits non-zero if any step failed.
#   scripts/ci-clean-root.sh            (as root or with sudo, from anywhere in the checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
tool=../shared/tools/clean-debian-run
[ -x "$tool" ] || { echo "ci-clean-root: $tool is missing (../shared beside the checkout)" >&2; exit 2; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# Each root runs in a private mount namespace: every mount clean-debian-run makes goes away with it, whatever
# it fails to unmount, so repeated CI runs leave nothing mounted on this machine.
clean_run() { $sudo unshare --mount --propagation private "$tool" "$@"; }

start=$(date +%s)
work=$(mktemp -d /var/tmp/hrstyle-ci.XXXXXX)
root1="$work/root"

# Never delete through a mount that is still there (clean-debian-run binds shared folders into its roots).
remove_root() {
  [ -d "$root1" ] || return 0
  if grep -q " $root1/" /proc/self/mounts; then
    echo "ci-clean-root: $root1 still has mounts; left in place" >&2
    return 1
  fi
  $sudo rm -rf --one-file-system "$root1"
}
trap 'remove_root || true; rm -rf --one-file-system "$work" 2>/dev/null || true' EXIT

# --- 1. build, test, run the app ---------------------------------------------------------------------------
echo "=== ci-clean-root: first fresh Debian 12 root (deps, build, scripts/test.sh, scripts/run-app.sh) ==="
set +e
clean_run --keep "$root1" scripts/ci-root-steps.sh /src/out
rc1=$?
set -e
t1=$(date +%s)
line1="$(cat "$root1/src/out/summary" 2>/dev/null || echo "clean-root: no summary (see the log above)")"
debs=("$root1"/src/out/hrstyle_*.deb)
deb=""
if [ -f "${debs[0]}" ]; then
  deb="$work/$(basename "${debs[0]}")"
  cp "${debs[0]}" "$deb"
fi
remove_root

# --- 2. install the .deb alone and run it --------------------------------------------------------------------
rc2=1
line2="installed-deb: not run (the first root made no .deb)"
if [ -n "$deb" ]; then
  echo "=== ci-clean-root: second fresh Debian 12 root (apt-get install ./$(basename "$deb"), run it) ==="
  set +e
  clean_run --add "$deb" scripts/check-installed-deb.sh "/src/add/$(basename "$deb")"
  rc2=$?
  set -e
  [ $rc2 -eq 0 ] && line2="installed-deb: passed" || line2="installed-deb: FAILED (exit $rc2)"
fi
t2=$(date +%s)

echo "=== ci-clean-root summary ==="
echo "$line1"
echo "$line2 ($((t2 - t1)) s)"
echo "ci-clean-root: first root $((t1 - start)) s (exit $rc1), second root $((t2 - t1)) s (exit $rc2), total $((t2 - start)) s"
[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]
