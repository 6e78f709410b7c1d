#!/usr/bin/env bash
# Builds HRStyle and opens the desktop app on the bundled sample images (offline, no downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec build/app/gui/hrstyle "$@"
