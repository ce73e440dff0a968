#!/usr/bin/env bash
# Regenerates the PLACEHOLDER trailer of the default content pack:
#   assets/justice-for-sergei/trailer/trailer.mp4   (H.264 Main + AAC-LC, faststart)
#   assets/justice-for-sergei/trailer/trailer.webm  (VP9 + Opus)
#
# About 49 seconds of title cards (warm off-white serif and a thin gold rule on a still, vignetted dark
# ground; the text of each card fades in and out slowly) over a quiet synthesized chord bed. Every
# statement on the cards is a sourced fact about the case, worded for this kiosk; nothing here is
# footage or sound from the film.
# The operator replaces these files with the licensed trailer (see docs/content-pack.md).
#
# Needs only ffmpeg (with libx264, libvpx-vp9, libopus, drawtext) and fonts-dejavu-core.
# Usage: assets/tools/make-trailer.sh [OUTPUT_DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="${1:-$here/../justice-for-sergei/trailer}"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

# shellcheck source=fonts.sh
source "$here/fonts.sh"
command -v ffmpeg >/dev/null || { echo "ffmpeg is required" >&2; exit 1; }

W=1280 H=720 FPS=25
BG=0x15120F      # warm near-black
IVORY=0xEEE6D3   # warm off-white
GOLD=0xC9A55E
MUTED=0xB3A893
FADE=1.1         # seconds of fade in and out on every card

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- layout ------------------------------------------------------------------------------------
# A card is a list of rows "style|text". Each style has a font, size, colour and row height; rows are
# stacked and the block is centred vertically. Every text row is its own drawtext (ffmpeg 5 cannot
# centre the lines of one multi-line text), placed by baseline so mixed sizes line up calmly.
style() { # style -> "font size colour row_height"
  case "$1" in
    title)  echo "$SERIF 80 $IVORY 112" ;;
    body)   echo "$SERIF 40 $IVORY 60" ;;
    bodyi)  echo "$SERIF_ITALIC 40 $IVORY 60" ;;
    kicker) echo "$SERIF_ITALIC 34 $GOLD 58" ;;
    small)  echo "$SERIF_ITALIC 30 $MUTED 50" ;;
    list)   echo "$SERIF 32 $GOLD 52" ;;
    touch)  echo "$SERIF_ITALIC 30 $GOLD 50" ;;
    rule)   echo "- 0 - 40" ;;
    gap)    echo "- 0 - 22" ;;
    *) echo "unknown style $1" >&2; exit 1 ;;
  esac
}

filters="$work/graph.txt"
: >"$filters"
cards=0
total=0

card() { # card DURATION ROW...
  local dur="$1"; shift
  local height=0 row st
  for row in "$@"; do
    st="${row%%|*}"
    read -r _ _ _ lh <<<"$(style "$st")"
    height=$((height + lh))
  done
  local top=$(( (H - height) / 2 - 8 ))
  # text is drawn on a transparent layer; only the layer fades, the ground below stays still
  local chain="color=c=black@0:s=${W}x${H}:r=${FPS}:d=${dur},format=yuva444p"
  local y=$top i=0 text font size colour lh base file
  for row in "$@"; do
    st="${row%%|*}"; text="${row#*|}"
    read -r font size colour lh <<<"$(style "$st")"
    case "$st" in
      rule)
        chain+=",drawbox=x=(iw-200)/2:y=$((y + lh / 2 - 1)):w=200:h=2:color=${GOLD}@1:t=fill:replace=1" ;;
      gap) ;;
      *)
        file="$work/card${cards}_row${i}.txt"
        printf '%s' "$text" >"$file"
        # baseline sits a little below the middle of the row (cap height of DejaVu Serif ~ 0.73 em)
        base=$(( y + (lh + size * 73 / 100) / 2 ))
        chain+=",drawtext=fontfile=${font}:textfile=${file}:expansion=none:fontsize=${size}"
        chain+=":fontcolor=${colour}:x=(w-text_w)/2:y=${base}-ascent"
        ;;
    esac
    y=$((y + lh)); i=$((i + 1))
  done
  local out_at
  out_at=$(awk -v d="$dur" -v f="$FADE" 'BEGIN { printf "%.2f", d - f }')
  chain+=",fade=t=in:st=0:d=${FADE}:alpha=1,fade=t=out:st=${out_at}:d=${FADE}:alpha=1"
  echo "${chain}[c${cards}];" >>"$filters"
  cards=$((cards + 1))
  total=$(awk -v a="$total" -v b="$dur" 'BEGIN { print a + b }')
}

# --- the cards (sourced facts, worded for this kiosk) ------------------------------------------
card 4.8 \
  "small|A documentary by" \
  "body|Hans Hermans and Martin Maat" \
  "rule|" \
  "small|The Netherlands · 2010"

card 6.6 \
  "kicker|Moscow, 2008" \
  "rule|" \
  "body|Sergei Magnitsky, of the law firm" \
  "body|Firestone Duncan, testifies against" \
  "body|officers of Russia’s Interior Ministry." \
  "gap|" \
  "body|On 24 November 2008 he is arrested."

card 6.2 \
  "kicker|16 November 2009" \
  "rule|" \
  "body|After 358 days in pre-trial detention," \
  "body|Sergei Magnitsky dies in custody." \
  "gap|" \
  "body|He was 37."

card 6.2 \
  "kicker|16 November 2010" \
  "rule|" \
  "body|One year after his death," \
  "bodyi|Justice for Sergei" \
  "body|premieres in parliaments" \
  "body|in Europe and North America."

card 6.0 \
  "kicker|14 December 2012" \
  "rule|" \
  "body|The United States enacts the" \
  "body|Sergei Magnitsky Rule of Law" \
  "body|Accountability Act." \
  "gap|" \
  "small|Title IV of Public Law 112-208"

card 6.2 \
  "kicker|23 December 2016" \
  "rule|" \
  "body|The Global Magnitsky Act lets" \
  "body|the United States sanction abusers" \
  "body|of human rights and corrupt officials" \
  "body|anywhere in the world."

card 6.6 \
  "kicker|Beyond the United States" \
  "rule|" \
  "body|Other countries, and the European Union," \
  "body|adopt Magnitsky-style laws of their own." \
  "gap|" \
  "list|Canada 2017 · Lithuania 2017 · Latvia 2018" \
  "list|United Kingdom 2020 · European Union 2020" \
  "list|Australia 2021"

card 6.8 \
  "title|Justice for Sergei" \
  "rule|" \
  "small|A film by Hans Hermans and Martin Maat" \
  "gap|" \
  "gap|" \
  "touch|Touch the screen to watch, read the credits and the law"

{
  for ((n = 0; n < cards; n++)); do printf '[c%d]' "$n"; done
  printf 'concat=n=%d:v=1:a=0[text];\n' "$cards"
  # the ground: warm near-black with a soft vignette, the same under every card
  printf 'color=c=%s:s=%dx%d:r=%d:d=%s,vignette=angle=PI/5,format=yuv444p[ground];\n' "$BG" "$W" "$H" "$FPS" "$total"
  printf '[ground][text]overlay=format=yuv444,format=yuv420p[v]\n'
} >>"$filters"

# --- audio bed: slow chords of soft sine partials, a breath of low noise, tremolo and fades ---------
chord() { # chord "f1 f2 ..." -> aevalsrc expression per channel (slightly detuned right channel)
  local detune="$1"; shift
  local expr="" k=0 f amp
  for f in "$@"; do
    amp=$(awk -v k="$k" 'BEGIN { printf "%.3f", 0.22 / (1 + 0.45 * k) }')
    expr+="${expr:+ + }${amp}*sin(2*PI*${f}*${detune}*t)*(0.75+0.25*sin(2*PI*0.05*t+${k}))"
    k=$((k + 1))
  done
  echo "$expr"
}
voice() { # voice START LENGTH FREQS... -> one chord, faded in and out, delayed to START
  local start="$1" len="$2"; shift 2
  local l r ms
  l=$(chord 1 "$@"); r=$(chord 1.0015 "$@")
  ms=$(awk -v s="$start" 'BEGIN { printf "%d", s * 1000 }')
  printf "aevalsrc=exprs='%s|%s':s=48000:d=%s,afade=t=in:d=4:curve=qsin,afade=t=out:st=%s:d=4.5:curve=qsin,adelay=%s|%s" \
    "$l" "$r" "$len" "$(awk -v l="$len" 'BEGIN { print l - 4.5 }')" "$ms" "$ms"
}
half=$(awk -v t="$total" 'BEGIN { print t / 4 }')
audio="$work/audio.txt"
{
  # D minor, B-flat major, F major, back to D minor: each chord overlaps the next by a few seconds
  echo "$(voice 0 "$(awk -v h="$half" 'BEGIN { print h + 4 }')" 73.42 110.00 146.83 174.61 220.00)[a0];"
  echo "$(voice "$half" "$(awk -v h="$half" 'BEGIN { print h + 4 }')" 58.27 87.31 116.54 146.83 174.61)[a1];"
  echo "$(voice "$(awk -v h="$half" 'BEGIN { print 2 * h }')" "$(awk -v h="$half" 'BEGIN { print h + 4 }')" 87.31 130.81 174.61 220.00 261.63)[a2];"
  echo "$(voice "$(awk -v h="$half" 'BEGIN { print 3 * h }')" "$half" 73.42 110.00 146.83 174.61 220.00 293.66)[a3];"
  echo "anoisesrc=color=brown:amplitude=0.035:d=${total}:r=48000,lowpass=f=260,highpass=f=35,aformat=channel_layouts=stereo[n];"
  echo "[a0][a1][a2][a3][n]amix=inputs=5:duration=longest:normalize=0,"
  echo "tremolo=f=0.18:d=0.25,lowpass=f=1500,aecho=0.8:0.6:90|170:0.25|0.15,"
  echo "loudnorm=I=-20:TP=-3:LRA=7,aresample=48000,atrim=0:${total},"
  echo "afade=t=in:d=2.5,afade=t=out:st=$(awk -v t="$total" 'BEGIN { print t - 3.5 }'):d=3.5[a]"
} >"$audio"

echo "rendering ${cards} cards, ${total}s" >&2
ffmpeg -hide_banner -loglevel error -y -filter_complex_script "$filters" -map '[v]' \
  -c:v ffv1 -t "$total" "$work/master.mkv"
ffmpeg -hide_banner -loglevel error -y -filter_complex_script "$audio" -map '[a]' \
  -c:a pcm_s16le -ar 48000 "$work/bed.wav"

echo "encoding trailer.mp4" >&2
ffmpeg -hide_banner -loglevel error -y -i "$work/master.mkv" -i "$work/bed.wav" -map 0:v -map 1:a \
  -c:v libx264 -profile:v main -level:v 3.1 -preset slow -tune stillimage -crf 22 -g 50 -pix_fmt yuv420p \
  -c:a aac -b:a 128k -ar 48000 -movflags +faststart -shortest \
  -metadata title="Justice for Sergei — placeholder trailer made for the Screening Kiosk" \
  "$out_dir/trailer.mp4"

echo "encoding trailer.webm" >&2
ffmpeg -hide_banner -loglevel error -y -i "$work/master.mkv" -i "$work/bed.wav" -map 0:v -map 1:a \
  -c:v libvpx-vp9 -b:v 0 -crf 33 -deadline good -cpu-used 4 -row-mt 1 -g 125 -pix_fmt yuv420p \
  -c:a libopus -b:a 96k -shortest \
  -metadata title="Justice for Sergei — placeholder trailer made for the Screening Kiosk" \
  "$out_dir/trailer.webm"

ls -l "$out_dir/trailer.mp4" "$out_dir/trailer.webm" >&2
