#!/usr/bin/env bash
# Configures and builds HRStyle in ./build (Release, Ninja, two jobs: this is a 2-core machine).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"${HRSTYLE_JOBS:-2}"
