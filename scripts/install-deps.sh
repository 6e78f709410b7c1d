#!/usr/bin/env bash
# The Debian 12 packages HRStyle builds, tests and runs with: the one list README, CI and packaging share.
# It assumes nothing beyond a minimal Debian 12 (debootstrap --variant=minbase): not a compiler, not
# certificates, not fonts. .ci/run proves it on every run in such a root (scripts/ci-clean-root.sh).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config ccache
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-image-formats-plugins
  libopencv-dev libtiff-dev zlib1g-dev
  libexiv2-dev                       # image headers and metadata; export settings as XMP (docs/file-formats.md)
  libimage-exiftool-perl exiv2       # tests check that exiftool and the exiv2 tool show the exported settings
  libtorch-dev libopenblas0-pthread  # OpenBLAS: ~40x faster sgemm than the reference BLAS (docs/contributing.md)
  libdnnl-dev                        # oneDNN headers: the CPU fast path (the same libdnnl2 LibTorch links)
  # Debian builds oneDNN with its OpenCL GPU runtime, so its dnnl-config.cmake calls find_package(OpenCL)
  # REQUIRED, and libdnnl-dev does not depend on what that needs. Installing the OpenCL loader's -dev
  # package and headers keeps the upstream config file in charge of oneDNN's targets and flags (a hand-made
  # find_library would have to track them); nothing in HRStyle uses OpenCL itself.
  ocl-icd-opencl-dev opencl-headers
  nlohmann-json3-dev
  xvfb xauth                         # headless GUI tests and screenshots
  fonts-dejavu-core                  # Qt draws no text without a font; a minimal Debian has none
  ca-certificates                    # HTTPS for fetch-weights
  python3-torch python3-numpy python3-pil  # the reference oracle the conformance tests compare against
  python3-torchvision                      # the seed benchmark bench/compare.sh runs side by side
  appstream desktop-file-utils dpkg-dev    # packaging checks
  file                                     # CPackDeb finds the binaries to hand dpkg-shlibdeps with it
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
