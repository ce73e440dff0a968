# Shared by the asset scripts: the DejaVu fonts both the trailer and the poster are set in.
# Sourced, not run; sets SERIF and SERIF_ITALIC or exits with the package to install.
font_dir="${DEJAVU_DIR:-/usr/share/fonts/truetype/dejavu}"
SERIF="$font_dir/DejaVuSerif.ttf"
SERIF_ITALIC="$font_dir/DejaVuSerif-Italic.ttf"
for f in "$SERIF" "$SERIF_ITALIC"; do
  [[ -r "$f" ]] || { echo "missing font $f (install fonts-dejavu-core)" >&2; exit 1; }
done
