//! `--screen trailer`: the visitor's trailer with sound and captions instead of the muted loop
//! (and the way from the attract screen to the other screens, for `--screen home` and the rest).
//! The kiosk is driven as a visitor drives it, from the keyboard (a key on the attract screen
//! opens home, then Tab to the trailer tile and Return); Chromium gets a page with one
//! `<video controls>` and a caption track, mpv the captions file. The bench's captions have a
//! cue every few seconds, as a trailer with speech has, so that their drawing is measured too.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::Error;

/// The settling time and the CPU window fit in one pass, with room for the way there.
pub const CLIP_SECONDS: f32 = 40.0;
/// From the tile's Return to the trailer's slate on screen.
pub const START_TIMEOUT: Duration = Duration::from_secs(20);
pub const CAPTIONS_PATH: &str = "/captions.en.vtt";
pub const PAGE_PATH: &str = "/trailer.html";
/// Where the kiosk pack keeps its English captions (assets/justice-for-sergei/manifest.toml).
const PACK_CAPTIONS: &str = "captions/trailer.en.vtt";
/// A cue lasts this long, and the next one starts a little after.
const CUE_SECONDS: u32 = 3;

/// Captions with a new line of text every few seconds over `seconds`.
pub fn captions_vtt(seconds: f32) -> String {
    let mut out = String::from("WEBVTT\n\n");
    let stamp = |ms: u32| {
        format!(
            "00:{:02}:{:02}.{:03}",
            ms / 60_000,
            ms / 1000 % 60,
            ms % 1000
        )
    };
    let cues = (seconds as u32) / CUE_SECONDS;
    for n in 0..cues {
        let start = n * CUE_SECONDS * 1000;
        let end = start + CUE_SECONDS * 1000 - 400;
        let _ = write!(
            out,
            "{}\n{} --> {}\nThe caption of the bench's trailer, line {}\n\n",
            n + 1,
            stamp(start),
            stamp(end),
            n + 1
        );
    }
    out
}

/// The bench's captions in place of the pack's English ones.
pub fn use_captions_in_pack(pack: &Path, vtt: &str) -> Result<(), Error> {
    let file = pack.join(PACK_CAPTIONS);
    std::fs::write(&file, vtt).map_err(|e| Error(format!("cannot write {}: {e}", file.display())))
}

/// How many languages the pack offers: home lists one button for each before its tiles.
pub fn pack_languages(pack: &Path) -> Result<usize, Error> {
    let manifest = pack.join("manifest.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| Error(format!("cannot read {}: {e}", manifest.display())))?;
    languages_in(&text).ok_or_else(|| {
        Error(format!(
            "{}: no `languages = [...]` line to count",
            manifest.display()
        ))
    })
}

fn languages_in(manifest: &str) -> Option<usize> {
    let line = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("languages"))?;
    let list = line.split_once('[')?.1.split_once(']')?.0;
    Some(list.split(',').filter(|tag| !tag.trim().is_empty()).count())
}

/// Chromium's page: the clip with its controls, sound and captions.
pub fn page_html(clip: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><style>\
         html,body{{margin:0;height:100%;background:#000;overflow:hidden}}\
         video{{position:absolute;inset:0;width:100%;height:100%}}</style></head><body>\
         <video src=\"{clip}\" autoplay controls playsinline>\
         <track kind=\"captions\" srclang=\"en\" label=\"English\" src=\"{CAPTIONS_PATH}\" default></video>\
         </body></html>"
    )
}

/// From the kiosk's attract screen to home, and from there through the tile `tile` places after
/// the trailer's (`Some(0)`: the trailer), as a visitor with a keyboard goes; returns when the
/// tile was pressed. On home the focus order is the language buttons, the two display toggles,
/// then the tiles (ui/js/screens/home.js); a changed layout shows as a trailer that never starts.
pub fn open_from_home(
    display: &str,
    languages: usize,
    tile: Option<usize>,
) -> Result<Instant, Error> {
    // Past the attract film's own slate, so the trailer's is not confused with it.
    sleep(Duration::from_secs(2));
    xdotool(display, &["key", "Return"])?;
    sleep(Duration::from_millis(1500));
    let Some(tile) = tile else {
        return Ok(Instant::now());
    };
    // One language has no picker.
    let buttons = if languages > 1 { languages } else { 0 };
    let mut keys = vec!["key", "--delay", "150"];
    keys.extend(std::iter::repeat_n("Tab", buttons + 2 + 1 + tile));
    xdotool(display, &keys)?;
    sleep(Duration::from_millis(300));
    xdotool(display, &["key", "Return"])?;
    Ok(Instant::now())
}

fn xdotool(display: &str, args: &[&str]) -> Result<(), Error> {
    let status = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .status()
        .map_err(|e| Error(format!("cannot run xdotool (Debian package: xdotool): {e}")))?;
    if !status.success() {
        return Err(Error(format!("xdotool {args:?} failed on {display}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cue_every_few_seconds_over_the_clip() {
        let vtt = captions_vtt(40.0);
        assert!(vtt.starts_with("WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.600\n"));
        assert_eq!(vtt.matches(" --> ").count(), 13);
        assert!(vtt.contains("13\n00:00:36.000 --> 00:00:38.600\n"));
        assert!(captions_vtt(70.0).contains("00:01:06.000 --> 00:01:08.600"));
    }

    #[test]
    fn languages_are_counted_from_the_manifest() {
        assert_eq!(
            languages_in("a = 1\nlanguages = [\"en\", \"ru\"]\n"),
            Some(2)
        );
        assert_eq!(languages_in("languages = [\"en\"]"), Some(1));
        assert_eq!(languages_in("languages = []"), Some(0));
        assert_eq!(languages_in("title = \"x\""), None);
    }
}
