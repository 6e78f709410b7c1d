#!/usr/bin/env bash
# Regenerates the committed hicolor PNG icons from the app's SVG (run by hand after changing the SVG; the
# build does not need ImageMagick). ImageMagick's internal SVG renderer (Debian's imagemagick without
# librsvg) outlines every shape unless stroke="none" is set on the root, hence the sed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
svg="$here/../../resources/icons/hrstyle.svg"
tmp="$(mktemp --suffix=.svg)"
trap 'rm -f "$tmp"' EXIT
sed 's/<svg /<svg stroke="none" /' "$svg" > "$tmp"
for size in 16 22 24 32 48 64 128 256; do
  convert -background none -density 288 "$tmp" -resize "${size}x${size}" -strip PNG32:"$here/hrstyle-$size.png"
done
