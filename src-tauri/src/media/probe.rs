//! Looks inside media files: what their bytes really are (magic numbers, via `infer`) and, for
//! video, the codecs and duration their container declares (via the `mp4` and `matroska-demuxer`
//! demuxers). A renamed or truncated file is caught by `check`, not by a visitor's black screen.

use serde::Serialize;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Container {
    Mp4,
    WebM,
}

impl Container {
    /// The container a declared MIME type (`video/mp4; codecs=...`) promises.
    pub fn from_mime(mime: &str) -> Option<Container> {
        match mime.split(';').next().unwrap_or_default().trim() {
            "video/mp4" => Some(Container::Mp4),
            "video/webm" => Some(Container::WebM),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Container::Mp4 => "MP4",
            Container::WebM => "WebM",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VideoInfo {
    pub container: Container,
    /// Codec names as the container states them, e.g. `avc1`, `mp4a`, `vp9`, `opus`.
    pub codecs: Vec<String>,
    pub duration_secs: Option<f64>,
}

/// Reads a video file's container header. Errors are sentences for the operator.
pub fn probe_video(path: &Path) -> Result<VideoInfo, String> {
    let kind = infer::get_from_path(path).map_err(|e| format!("cannot read: {e}"))?;
    let info = match kind.map(|k| k.mime_type()) {
        Some("video/mp4") => guarded(|| probe_mp4(path))?,
        Some("video/webm") | Some("video/x-matroska") => guarded(|| probe_webm(path))?,
        Some(other) => return Err(format!("the file is {other}, not an MP4 or WebM video")),
        None => {
            return Err("the file is not a video this kiosk can recognise (MP4 or WebM)".into())
        }
    };
    if !info.codecs.iter().any(|codec| is_video_codec(codec)) {
        return Err(format!(
            "the {} file has no video track the kiosk can play (found: {})",
            info.container.name(),
            if info.codecs.is_empty() {
                "none".to_string()
            } else {
                info.codecs.join(", ")
            }
        ));
    }
    Ok(info)
}

/// The MIME type of an image file judged by its bytes, if it is one the kiosk shows.
pub fn image_mime(path: &Path) -> Result<&'static str, String> {
    let kind = infer::get_from_path(path).map_err(|e| format!("cannot read: {e}"))?;
    match kind.map(|k| k.mime_type()) {
        Some(mime @ ("image/jpeg" | "image/png" | "image/webp")) => Ok(mime),
        Some(other) => Err(format!(
            "the file is {other}, not a JPEG, PNG or WebP image"
        )),
        None => Err("the file is not a JPEG, PNG or WebP image".into()),
    }
}

/// The MIME type of an audio file judged by its bytes (audio description tracks).
pub fn audio_mime(path: &Path) -> Result<&'static str, String> {
    let kind = infer::get_from_path(path).map_err(|e| format!("cannot read: {e}"))?;
    match kind.map(|k| k.mime_type()) {
        Some(
            mime @ ("audio/mpeg" | "audio/ogg" | "audio/x-flac" | "audio/m4a" | "audio/aac"
            | "audio/webm"),
        ) => Ok(mime),
        Some("video/webm") => Ok("audio/webm"),
        Some("video/mp4") => Ok("audio/mp4"),
        Some(other) => Err(format!("the file is {other}, not an audio file")),
        None => Err(
            "the file is not an audio file the kiosk can recognise (M4A, MP3, Ogg or WebM)".into(),
        ),
    }
}

fn is_video_codec(codec: &str) -> bool {
    matches!(codec, "avc1" | "hev1" | "vp09" | "vp8" | "vp9" | "av1")
}

/// Demuxers are fed hostile bytes here; a panic inside one must become a report, never a crash.
fn guarded(
    probe: impl FnOnce() -> Result<VideoInfo, String> + std::panic::UnwindSafe,
) -> Result<VideoInfo, String> {
    std::panic::catch_unwind(probe)
        .unwrap_or_else(|_| Err("the container is damaged (the demuxer could not read it)".into()))
}

fn probe_mp4(path: &Path) -> Result<VideoInfo, String> {
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let size = file
        .metadata()
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    let reader = mp4::Mp4Reader::read_header(BufReader::new(file), size)
        .map_err(|e| format!("not a readable MP4: {e}"))?;
    let mut tracks: Vec<_> = reader.tracks().iter().collect();
    tracks.sort_by_key(|(id, _)| **id);
    let codecs = tracks
        .into_iter()
        .map(|(_, track)| {
            track
                .box_type()
                .map_or_else(|_| "unknown".to_string(), |fourcc| fourcc.to_string())
        })
        .collect();
    let duration = reader.duration().as_secs_f64();
    Ok(VideoInfo {
        container: Container::Mp4,
        codecs,
        duration_secs: (duration > 0.0).then_some(duration),
    })
}

fn probe_webm(path: &Path) -> Result<VideoInfo, String> {
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let webm = matroska_demuxer::MatroskaFile::open(BufReader::new(file))
        // The demuxer's errors name its internals (or just `None` for a short read): say what it means.
        .map_err(|e| match e {
            matroska_demuxer::DemuxError::IoError(_) => {
                "not a readable WebM: the file ends early (damaged or still being copied)"
                    .to_string()
            }
            other => format!("not a readable WebM: the container is damaged ({other})"),
        })?;
    let codecs = webm
        .tracks()
        .iter()
        .map(|track| {
            let id = track.codec_id();
            id.split_once('_')
                .map_or(id, |(_, name)| name)
                .to_ascii_lowercase()
        })
        .collect();
    let info = webm.info();
    let duration = info
        .duration()
        .map(|ticks| ticks * info.timestamp_scale().get() as f64 / 1e9)
        .filter(|secs| *secs > 0.0);
    Ok(VideoInfo {
        container: Container::WebM,
        codecs,
        duration_secs: duration,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_pack_file(relative: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/justice-for-sergei")
            .join(relative)
    }

    #[test]
    fn the_default_mp4_declares_h264_and_aac_and_its_length() {
        let info = probe_video(&default_pack_file("trailer/trailer.mp4")).unwrap();
        assert_eq!(info.container, Container::Mp4);
        assert_eq!(info.codecs, ["avc1", "mp4a"]);
        let secs = info.duration_secs.unwrap();
        assert!((30.0..=60.0).contains(&secs), "{secs}");
    }

    #[test]
    fn the_default_webm_declares_vp9_and_opus_and_its_length() {
        let info = probe_video(&default_pack_file("trailer/trailer.webm")).unwrap();
        assert_eq!(info.container, Container::WebM);
        assert_eq!(info.codecs, ["vp9", "opus"]);
        let secs = info.duration_secs.unwrap();
        assert!((30.0..=60.0).contains(&secs), "{secs}");
    }

    #[test]
    fn text_renamed_to_mp4_is_not_a_video() {
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("trailer.mp4");
        std::fs::write(&fake, "this is not a video at all").unwrap();
        let err = probe_video(&fake).unwrap_err();
        assert!(err.contains("not a video"), "{err}");
    }

    #[test]
    fn a_truncated_mp4_is_reported_not_panicked() {
        let dir = tempfile::tempdir().unwrap();
        let cut = dir.path().join("cut.mp4");
        let bytes = std::fs::read(default_pack_file("trailer/trailer.mp4")).unwrap();
        std::fs::write(&cut, &bytes[..4096]).unwrap();
        let err = probe_video(&cut).unwrap_err();
        assert!(err.contains("MP4"), "{err}");
    }

    #[test]
    fn a_jpeg_poster_is_recognised_and_a_video_is_not_an_image() {
        assert_eq!(
            image_mime(&default_pack_file("images/poster.jpg")),
            Ok("image/jpeg")
        );
        let err = image_mime(&default_pack_file("trailer/trailer.webm")).unwrap_err();
        assert!(err.contains("video/webm"), "{err}");
    }

    #[test]
    fn declared_mime_types_map_to_containers() {
        assert_eq!(
            Container::from_mime("video/mp4; codecs=\"avc1.4D401F\""),
            Some(Container::Mp4)
        );
        assert_eq!(Container::from_mime("video/webm"), Some(Container::WebM));
        assert_eq!(Container::from_mime("video/quicktime"), None);
    }
}
