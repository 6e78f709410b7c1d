#!/usr/bin/env bash
# Side by side, in one run: the original (seed) code as it runs (the oracle's seed_bench.py, full
# torchvision VGG19, PyTorch) against hrstyle-cli bench, same sizes and thread count. Prints one line per
# size with both median step times and the speed-up. A benchmark, not a test (docs/performance.md).
# With --rounds R the pair runs R times alternately (seed, ours, seed, ours, ...): on a shared machine the
# speed drifts over minutes, so each round's ratio is printed and the median ratio summarises them.
# Usage: bench/compare.sh [--threads T] [--sizes 256,512] [--steps N] [--rounds R] [--cli build/app/cli/hrstyle-cli]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=2 sizes=256,512 steps=5 rounds=1 cli=build/app/cli/hrstyle-cli
reference="${HRSTYLE_REFERENCE_DIR:-../shared/reference}/seed_bench.py"
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --cli) cli=$2; shift 2 ;;
    *) echo "usage: $0 [--threads T] [--sizes 256,512] [--steps N] [--rounds R] [--cli PATH]" >&2; exit 2 ;;
  esac
done
[ -x "$cli" ] || { echo "$cli not built (scripts/build.sh)" >&2; exit 1; }
[ -f "$reference" ] || { echo "$reference not found" >&2; exit 1; }

size_args=()
for s in ${sizes//,/ }; do size_args+=(--size "$s"); done
results=()
for round in $(seq "$rounds"); do
  seed_json=$(/usr/bin/python3 "$reference" --threads "$threads" --sizes "$sizes" --infer "" --reps "$steps" | tail -n 1)
  ours_json=$("$cli" bench "${size_args[@]}" --steps "$steps" --threads "$threads" --device cpu --json)
  results+=("$seed_json" "$ours_json")
done

/usr/bin/python3 - "$threads" "${results[@]}" <<'PY'
import json, statistics, sys
threads, runs = sys.argv[1], sys.argv[2:]
print(f"machine threads={threads}  (median seconds per training step)")
print(f"{'round':>5} {'size':>6} {'seed_s':>9} {'hrstyle_s':>10} {'speed-up':>9} {'peak_rss_mb':>12}")
ratios = {}
for r in range(0, len(runs), 2):
    seed = json.loads(runs[r])["train"]
    for row in [json.loads(line) for line in runs[r + 1].splitlines() if line.strip()]:
        ref = seed.get(str(row["size"])) or seed.get(row["size"])
        ref_s = ref["median_s"] if ref else float("nan")
        ratios.setdefault(row["size"], []).append(ref_s / row["train_step_s"])
        print(f"{r // 2 + 1:>5} {row['size']:>6} {ref_s:>9.3f} {row['train_step_s']:>10.3f} "
              f"{ref_s / row['train_step_s']:>8.2f}x {row['peak_rss_mb']:>12.0f}")
for size, values in ratios.items():
    print(f"size {size}: median speed-up {statistics.median(values):.2f}x over {len(values)} round(s)")
PY
