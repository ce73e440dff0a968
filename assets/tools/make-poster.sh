#!/usr/bin/env bash
# Regenerates the PLACEHOLDER poster of the default content pack:
#   assets/justice-for-sergei/images/poster.jpg   (1000x1500 JPEG)
#
# A typographic card in the visual language of the placeholder trailer: warm off-white DejaVu Serif
# and thin gold rules on a dark, vignetted ground, with an abstract barred window of light. It is made
# for this kiosk from sourced facts (title, makers, country, year, awards) and is not the film's artwork.
#
# Needs ImageMagick (convert) and fonts-dejavu-core.
# Usage: assets/tools/make-poster.sh [OUTPUT_FILE]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../justice-for-sergei/images/poster.jpg}"
mkdir -p "$(dirname "$out")"

# shellcheck source=fonts.sh
source "$here/fonts.sh"
command -v convert >/dev/null || { echo "ImageMagick's convert is required" >&2; exit 1; }

W=1000 H=1500
IVORY='#EEE6D3' GOLD='#C9A55E' MUTED='#B3A893'

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The ground: a warm radial glow that falls off to near-black at the edges.
convert -size 1800x2200 radial-gradient:'#2B231B'-'#0A0807' \
  -gravity center -crop "${W}x${H}+0-120" +repage \
  -attenuate 0.25 +noise Gaussian -colorspace sRGB "$work/ground.png"

# A high, narrow window: soft light behind four dark bars, blurred so it reads as a memory, not a diagram.
convert -size "${W}x${H}" xc:none \
  -fill 'rgba(214,178,112,0.22)' -draw "rectangle 400,240 600,490" \
  -blur 0x40 \
  -fill 'rgba(236,214,170,0.20)' -draw "rectangle 425,265 575,465" \
  -blur 0x3 \
  -fill 'rgba(10,8,7,0.85)' \
  -draw "rectangle 452,262 460,468" -draw "rectangle 481,262 489,468" \
  -draw "rectangle 510,262 518,468" -draw "rectangle 539,262 547,468" \
  -draw "rectangle 422,352 578,359" \
  -blur 0x1.2 "$work/window.png"

text() { # text FONT SIZE COLOUR Y STRING  (centred, Y is the top of the text box)
  printf -- '-font\0%s\0-pointsize\0%s\0-fill\0%s\0-annotate\0+0+%s\0%s\0' "$1" "$2" "$3" "$4" "$5"
}

mapfile -d '' args < <(
  text "$SERIF_ITALIC" 30 "$MUTED" 170 "A documentary"
  text "$SERIF" 136 "$IVORY" 640 "Justice"
  text "$SERIF_ITALIC" 96 "$IVORY" 800 "for Sergei"
  text "$SERIF_ITALIC" 36 "$MUTED" 1012 "A film by Hans Hermans and Martin Maat"
  text "$SERIF" 32 "$GOLD" 1070 "The Netherlands · 2010"
  text "$SERIF_ITALIC" 24 "$GOLD" 1292 "Cinema for Peace Award for Justice · Berlin 2012"
  text "$SERIF_ITALIC" 24 "$GOLD" 1330 "First Prize, Human Rights Competition · Docudays Kyiv 2011"
)

convert "$work/ground.png" "$work/window.png" -composite \
  -fill none -stroke "$GOLD" -strokewidth 1.5 -draw "rectangle 44,44 $((W - 45)),$((H - 45))" \
  -stroke none -fill "$GOLD" \
  -draw "rectangle $((W / 2 - 120)),975 $((W / 2 + 120)),976" \
  -draw "rectangle $((W / 2 - 60)),1262 $((W / 2 + 60)),1263" \
  -gravity north "${args[@]}" \
  -strip -interlace Plane -sampling-factor 4:2:0 -quality 88 "$out"

ls -l "$out" >&2
