//! A short, known test clip and a content pack that loops it, for the soak and the benchmark: the
//! real trailer is 49 s long, so a thousand loops of it would take most of a day.
//!
//! The clip opens on a solid `FIRST_FRAME_RGB` slate, so a test can tell from the X screen's
//! pixels alone when the first frame is shown.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Error;

/// The colour of the clip's first second. A second rather than less: the kiosk shows its poster
/// until GStreamer's first frame is up and then fades it out, and a shorter slate could pass
/// under the fade unseen (docs/performance.md, first frame).
pub const FIRST_FRAME_RGB: (u8, u8, u8) = (255, 0, 255);
/// What the default pack's MP4 rendition declares; the clip is encoded to match it.
const MP4_MIME: &str = "video/mp4; codecs=\"avc1.4D401F, mp4a.40.2\"";

/// Where the clip's frame marker sits, as fractions of the frame's width and height: a square
/// whose hue turns once a second, so every frame differs there from the one before and a program
/// that skips or holds frames can be caught from the screen (`bench`'s frames shown per second).
pub const FRAME_MARKER: (f32, f32) = (0.5, 0.25);

/// Encodes `seconds` of 30 fps H.264 (Main, level 3.1) with AAC sound into `out`: the slate, then
/// ffmpeg's moving test pattern with a counter, so a stalled picture is visible too; the frame
/// marker over both.
pub fn make_clip(out: &Path, seconds: f32, width: u32, height: u32) -> Result<(), Error> {
    let slate = 1.0_f32.min(seconds / 2.0);
    let rest = seconds - slate;
    let (r, g, b) = FIRST_FRAME_RGB;
    let size = format!("{width}x{height}");
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y"])
        .args(["-f", "lavfi", "-i"])
        .arg(format!(
            "color=c=0x{r:02X}{g:02X}{b:02X}:size={size}:rate=30:duration={slate}"
        ))
        .args(["-f", "lavfi", "-i"])
        .arg(format!("testsrc2=size={size}:rate=30:duration={rest}"))
        .args(["-f", "lavfi", "-i"])
        .arg(format!("sine=frequency=440:duration={seconds}"))
        .args(["-f", "lavfi", "-i"])
        .arg(format!(
            "color=c=0xd04848:size={side}x{side}:rate=30:duration={seconds},hue=H=2*PI*t",
            side = height / 7
        ))
        .args([
            "-filter_complex",
            &format!(
                "[0:v][1:v]concat=n=2:v=1:a=0[film];[film][3:v]overlay=x=W*{}-w/2:y=H*{}-h/2,format=yuv420p[v]",
                FRAME_MARKER.0, FRAME_MARKER.1
            ),
            "-map",
            "[v]",
            "-map",
            "2:a",
            "-c:v",
            "libx264",
            "-profile:v",
            "main",
            "-level",
            "3.1",
            "-c:a",
            "aac",
            "-movflags",
            "+faststart",
        ])
        .arg(out)
        .status()
        .map_err(|e| Error(format!("cannot run ffmpeg (Debian package: ffmpeg): {e}")))?;
    if !status.success() {
        return Err(Error(format!("ffmpeg could not make {}", out.display())));
    }
    Ok(())
}

/// A copy of the default pack in `dest` whose only trailer rendition is `clip`.
pub fn pack_with_clip(repo: &Path, dest: &Path, clip: &Path) -> Result<PathBuf, Error> {
    let source = repo.join("assets/justice-for-sergei");
    copy_dir(&source, dest).map_err(|e| {
        Error(format!(
            "cannot copy {} to {}: {e}",
            source.display(),
            dest.display()
        ))
    })?;
    let trailer = dest.join("trailer");
    fs::copy(clip, trailer.join("trailer.mp4"))
        .map_err(|e| Error(format!("cannot copy the clip: {e}")))?;
    let _ = fs::remove_file(trailer.join("trailer.webm"));
    let manifest_path = dest.join("manifest.toml");
    let manifest = fs::read_to_string(&manifest_path)
        .map_err(|e| Error(format!("cannot read {}: {e}", manifest_path.display())))?;
    let manifest = only_mp4_rendition(&manifest)?;
    fs::write(&manifest_path, manifest)
        .map_err(|e| Error(format!("cannot write {}: {e}", manifest_path.display())))?;
    Ok(dest.to_path_buf())
}

/// The manifest with its `[[trailer.renditions]]` tables replaced by the one MP4 clip.
fn only_mp4_rendition(manifest: &str) -> Result<String, Error> {
    let mut out = String::new();
    let mut skipping = false;
    let mut replaced = false;
    for line in manifest.lines() {
        let header = line.trim_start().starts_with('[');
        if header {
            skipping = line.trim() == "[[trailer.renditions]]";
            if skipping && !replaced {
                out.push_str(&format!(
                    "[[trailer.renditions]]\nfile = \"trailer/trailer.mp4\"\nmime = '{MP4_MIME}'\n\n"
                ));
                replaced = true;
            }
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !replaced {
        return Err(Error(
            "the default pack has no [[trailer.renditions]]".into(),
        ));
    }
    Ok(out)
}

pub(crate) fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_keeps_everything_but_the_renditions_which_become_one() {
        let manifest = "format = 1\n\n[trailer]\nnote.en = \"x\"\n\n[[trailer.renditions]]\nfile = \"a.mp4\"\nmime = 'video/mp4'\n\n[[trailer.renditions]]\nfile = \"a.webm\"\nmime = 'video/webm'\n\n[[trailer.captions]]\nlanguage = \"en\"\n";
        let out = only_mp4_rendition(manifest).unwrap();
        assert_eq!(out.matches("[[trailer.renditions]]").count(), 1);
        assert!(out.contains("file = \"trailer/trailer.mp4\""));
        assert!(!out.contains("a.webm") && !out.contains("a.mp4"));
        assert!(out.contains("[[trailer.captions]]\nlanguage = \"en\""));
        assert!(out.starts_with("format = 1\n\n[trailer]\nnote.en = \"x\""));
    }
}
