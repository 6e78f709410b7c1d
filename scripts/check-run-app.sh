#!/usr/bin/env bash
# Checks README's app command: scripts/run-app.sh, under Xvfb, with no network and no VGG19 weights (a fresh
# HOME, HRSTYLE_VGG19 unset), must show the main window (title "HRStyle", ui/MainWindow.cpp) on the bundled
# samples within HRSTYLE_APP_WINDOW_LIMIT seconds (60) of starting. Meant to run after the build (CI runs it
# in a fresh Debian 12 root after scripts/test.sh), so run-app.sh's own build step has nothing to do; that
# step still counts against the limit.
# xdotool is installed here for the check only: run-app.sh needs xvfb-run only when there is no display.
# Prints "run-app: ..." as its last line; exit 0 pass, 1 fail.
set -euo pipefail
cd "$(dirname "$0")/.."
limit="${HRSTYLE_APP_WINDOW_LIMIT:-60}"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v xdotool >/dev/null || ! command -v xvfb-run >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends xdotool xvfb xauth >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends xdotool xvfb xauth >/dev/null; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# ccache keeps its folder when HOME moves (run-app.sh's build step uses it).
CCACHE_DIR="$(ccache -k cache_dir 2>/dev/null || true)"
[ -z "$CCACHE_DIR" ] || export CCACHE_DIR
export HOME="$work/home"
mkdir -p "$HOME"
unset HRSTYLE_VGG19 XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM

# No network: a namespace with only a loopback that is down (Xvfb talks over a Unix socket).
net=()
if unshare -n true 2>/dev/null; then
  net=(unshare -n)
  network="no network"
else
  network="network NOT removed (unshare -n needs root)"
fi

set +e
"${net[@]}" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  limit=$1 log=$2
  start=$(date +%s)
  scripts/run-app.sh >"$log" 2>&1 &
  app=$!
  found=""
  while [ $(( $(date +%s) - start )) -le "$limit" ]; do
    if xdotool search --onlyvisible --name "^HRStyle" >/dev/null 2>&1; then found=$(( $(date +%s) - start )); break; fi
    kill -0 "$app" 2>/dev/null || break
    sleep 1
  done
  if [ -n "$found" ]; then
    id=$(xdotool search --onlyvisible --name "^HRStyle" | head -n1)
    echo "window \"$(xdotool getwindowname "$id")\" $(xdotool getwindowgeometry "$id" | sed -n "s/.*Geometry: //p") after $found s"
  fi
  kill "$app" 2>/dev/null
  for _ in $(seq 20); do kill -0 "$app" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$app" 2>/dev/null
  wait "$app" 2>/dev/null
  [ -n "$found" ]
' bash "$limit" "$work/app.log" >"$work/result" 2>&1
rc=$?
set -e
cat "$work/result"
if [ $rc -eq 0 ]; then
  echo "run-app: passed, $(grep '^window' "$work/result" | tail -n1) ($network, no VGG19 weights)"
else
  echo "--- scripts/run-app.sh output ---"
  tail -n 40 "$work/app.log"
  echo "run-app: FAILED, no window titled HRStyle within $limit s ($network)"
fi
exit $rc
