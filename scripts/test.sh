#!/usr/bin/env bash
# Builds HRStyle and runs every test (README's test command; CI runs exactly this).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
ctest --test-dir build --output-on-failure -j"${HRSTYLE_JOBS:-2}"
