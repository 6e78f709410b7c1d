#!/usr/bin/env bash
# Checks the .deb as a user gets it, on a machine that has nothing else of HRStyle's: installs it with
# `apt-get install ./hrstyle_*.deb` alone (its Depends must bring everything), then runs the installed
# hrstyle-cli on the installed samples (train a few steps, apply to a JPEG) and starts hrstyle under Xvfb and
# checks a screenshot of its window is not blank. Xvfb and the screenshot tools are installed only after the
# package, so the package cannot lean on them. CI runs it as root in a fresh Debian 12 root
# (scripts/ci-clean-root.sh); it installs packages system-wide, so not meant for a working machine.
#   scripts/check-installed-deb.sh path/to/hrstyle_VERSION_ARCH.deb
# Exit 0 pass, 1 fail.
set -euo pipefail
deb="$(realpath "${1:?usage: check-installed-deb.sh HRSTYLE.deb}")"
[ "$(id -u)" -eq 0 ] || { echo "check-installed-deb: run as root (it installs packages)" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# A non-empty file that starts with the 8-byte PNG signature.
is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

t0=$(date +%s)
apt-get update >/dev/null
(cd "$(dirname "$deb")" && apt-get install -y "./$(basename "$deb")")
t1=$(date +%s)
echo "installed-deb: apt-get install ./$(basename "$deb") $((t1 - t0)) s"
for tool in xvfb xauth imagemagick x11-utils; do
  installed "$tool" && fail "the package pulled in $tool (a test tool)" || pass "$tool not pulled in"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
samples=/usr/share/hrstyle/samples
unset HRSTYLE_VGG19

# --- hrstyle-cli -------------------------------------------------------------------------------------------
if timeout 600 hrstyle-cli train --content "$samples/chelsea.png" --style "$samples/rocket.jpg" --random-features \
     --size 64 --steps 3 --out-model model.safetensors --out-image trained.png --log losses.jsonl; then
  pass "hrstyle-cli train"
else
  fail "hrstyle-cli train exited $?"
fi
is_png trained.png && pass "train wrote trained.png ($(stat -c %s trained.png) bytes)" || fail "trained.png is missing or not a PNG"
[ -s model.safetensors ] && pass "train wrote model.safetensors" || fail "model.safetensors is missing"
[ "$(wc -l <losses.jsonl 2>/dev/null || echo 0)" -eq 3 ] && pass "losses.jsonl has 3 steps" || fail "losses.jsonl does not have 3 steps"

if timeout 600 hrstyle-cli apply --model model.safetensors --in "$samples/rocket.jpg" --out applied.png; then
  pass "hrstyle-cli apply on rocket.jpg"
else
  fail "hrstyle-cli apply exited $?"
fi
is_png applied.png && pass "apply wrote applied.png ($(stat -c %s applied.png) bytes)" || fail "applied.png is missing or not a PNG"

# --- hrstyle under Xvfb ------------------------------------------------------------------------------------
apt-get install -y --no-install-recommends xvfb xauth imagemagick x11-utils >/dev/null
set +e
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  hrstyle >app.log 2>&1 &
  app=$!
  start=$(date +%s) found=""
  # The main window: titled HRStyle, mapped and larger than the 1x1 helper windows Qt also names so.
  window() {
    for id in $(xwininfo -root -tree | awk "/\"HRStyle/ {print \$1}"); do
      info=$(xwininfo -id "$id")
      grep -q "Map State: IsViewable" <<<"$info" || continue
      [ "$(awk "/Width:/ {print \$2}" <<<"$info")" -gt 100 ] || continue
      echo "$id \"$(xprop -id "$id" _NET_WM_NAME | cut -d\" -f2)\" $(awk "/-geometry/ {print \$2}" <<<"$info")"
      return 0
    done
    return 1
  }
  while [ $(( $(date +%s) - start )) -le 60 ]; do
    if window >/dev/null; then found=$(( $(date +%s) - start )); break; fi
    kill -0 "$app" 2>/dev/null || break
    sleep 1
  done
  [ -n "$found" ] && echo "window after $found s: $(window)"
  sleep 5  # let it load the samples and paint
  import -window root shot.png
  kill "$app" 2>/dev/null
  for _ in $(seq 20); do kill -0 "$app" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$app" 2>/dev/null
  [ -n "$found" ]
'
rc=$?
set -e
if [ $rc -eq 0 ]; then
  pass "hrstyle shows its window under Xvfb"
else
  tail -n 40 app.log
  fail "hrstyle showed no HRStyle window within 60 s"
fi
# A blank screen is one colour; the window with the sample photos has thousands.
colours="$( [ -s shot.png ] && convert shot.png -format %k info: || echo 0)"
[ "$colours" -gt 256 ] && pass "screenshot has $colours colours" || fail "screenshot looks blank ($colours colours)"

if [ $failures -eq 0 ]; then echo "installed-deb: PASS"; else echo "installed-deb: FAILED $failures check(s)"; fi
[ $failures -eq 0 ]
