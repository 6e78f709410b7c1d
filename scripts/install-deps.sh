#!/usr/bin/env bash
# The Debian 12 packages HRStyle builds, tests and runs with: the one list README, CI and packaging share.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config ccache
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-image-formats-plugins
  libopencv-dev libtiff-dev zlib1g-dev
  libtorch-dev libopenblas0-pthread  # OpenBLAS: ~40x faster sgemm than the reference BLAS (BUILD-NOTES.md)
  libdnnl-dev                        # oneDNN headers: the CPU fast path (the same libdnnl2 LibTorch links)
  nlohmann-json3-dev
  xvfb xauth                         # headless GUI tests and screenshots
  python3-torch python3-numpy python3-pil  # the reference oracle the conformance tests compare against
  python3-torchvision                      # the seed benchmark bench/compare.sh runs side by side
  appstream desktop-file-utils dpkg-dev    # packaging checks
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${missing[@]}"
