#!/usr/bin/env bash
# The steps scripts/ci-clean-root.sh runs inside a brand-new minimal Debian 12 root: README's test command
# scripts/test.sh, timed by step, then README's app command (scripts/check-run-app.sh), then the .deb copied to
# OUT_DIR for the second root. The build happens once: the dependency step and the build run first on their
# own only to time them; test.sh then installs nothing and rebuilds nothing, and run-app.sh neither.
#   scripts/ci-root-steps.sh OUT_DIR
# OUT_DIR gets summary (one line of figures), the logs and hrstyle_*.deb. Exit 0 only if every step passed;
# the steps after a failed one still run, to report as much as one run can.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
out="${1:?usage: ci-root-steps.sh OUT_DIR}"
mkdir -p "$out"
failed=()

t0=$(date +%s)
scripts/install-deps.sh 2>&1 | tee "$out/deps.log" || failed+=(deps)
t1=$(date +%s)
echo "clean-root: deps $((t1 - t0)) s"
# apt's own figure for what the dependency step added to the disk.
disk="$(grep -o 'After this operation, .* of additional disk space will be used' "$out/deps.log" | head -n1 |
        sed 's/After this operation, \(.*\) of additional.*/\1/')"

scripts/build.sh 2>&1 | tee "$out/build.log" || failed+=(build)
t2=$(date +%s)
echo "clean-root: build $((t2 - t1)) s"

scripts/test.sh 2>&1 | tee "$out/test.log" || failed+=(tests)
t3=$(date +%s)
tests="$(grep -E '^[0-9]+% tests passed' "$out/test.log" | tail -n1)"
echo "clean-root: tests $((t3 - t2)) s"
# A test that skips for want of a package passes in ctest's count; show every skip so a gap cannot hide.
skips="$( { grep -h '^SKIP ' build/Testing/Temporary/LastTest.log 2>/dev/null; grep -E '\(Skipped\)' "$out/test.log"; } || true)"
skipped=$(grep -c . <<<"$skips" || true)
[ -z "$skips" ] || { echo "clean-root: skipped:"; echo "$skips"; }

scripts/check-run-app.sh 2>&1 | tee "$out/run-app.log" || failed+=(run-app)
t4=$(date +%s)
app="$(grep -E '^run-app: ' "$out/run-app.log" | tail -n1)"

# The .deb tst_Package built; cpack here if that test did not leave one.
debs=(build/packaging/package-test/out/hrstyle_*.deb)
if [ ! -f "${debs[0]}" ]; then
  (cd build && cpack -G DEB) >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log"; failed+=(cpack); }
  debs=(build/hrstyle_*.deb)
fi
[ -f "${debs[0]}" ] && cp "${debs[0]}" "$out/"

summary="clean-root: deps $((t1 - t0)) s${disk:+ (+$disk)}, build $((t2 - t1)) s, tests $((t3 - t2)) s"
summary+=" (${tests:-no ctest summary}; $skipped skipped), run-app check $((t4 - t3)) s (${app:-no result})"
[ ${#failed[@]} -eq 0 ] || summary+="; FAILED: ${failed[*]}"
echo "$summary" | tee "$out/summary"
[ ${#failed[@]} -eq 0 ]
