//! Looks inside media files: what their bytes really are (magic numbers, via `infer`) and, for
//! video, the codecs and duration their container declares (`mp4` via `mp4-atom`, `webm` via
//! `matroska-demuxer`), held against the file itself: a renamed, truncated or half-copied file is
//! caught by `check`, not by a visitor's black screen. The parsing here is bounded by the file's
//! real length and reads headers and a few small windows, never the whole file; `isolated` runs
//! it in a child process besides, so a demuxer bug can cost a report, never the kiosk.

mod mp4;
mod webm;

pub use mp4::probe_mp4_from;
pub use webm::probe_webm_from;

use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Container {
    Mp4,
    WebM,
    /// Matroska that is not WebM (its DocType says `matroska`): browsers play only WebM, the
    /// subset of Matroska with VP8, VP9 or AV1 and Opus or Vorbis.
    Matroska,
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
            Container::Matroska => "Matroska",
        }
    }
}

/// An H.264 stream's profile as its configuration record (`avcC`) declares it: the profile number
/// of the H.264 specification's Annex A (66 Baseline, 77 Main, 100 High, 110 High 10, ...) and,
/// when the record carries them, the chroma format (1 is 4:2:0) and the bit depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct H264Profile {
    pub profile_idc: u8,
    pub chroma_format: Option<u8>,
    pub bit_depth: Option<u8>,
}

impl H264Profile {
    /// The same record in an MP4's sample entry and a Matroska track's CodecPrivate.
    fn of(avcc: &mp4_atom::Avcc) -> H264Profile {
        H264Profile {
            profile_idc: avcc.avc_profile_indication,
            chroma_format: avcc.ext.as_ref().map(|ext| ext.chroma_format),
            bit_depth: avcc
                .ext
                .as_ref()
                .map(|ext| ext.bit_depth_luma.max(ext.bit_depth_chroma)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoInfo {
    pub container: Container,
    /// Codec names as the container states them, e.g. `avc1`, `mp4a`, `vp9`, `opus`.
    pub codecs: Vec<String>,
    pub duration_secs: Option<f64>,
    /// The H.264 video track's profile, if the video is H.264.
    #[serde(default)]
    pub h264: Option<H264Profile>,
}

/// Reads a video file's container header. Errors are sentences for the operator.
pub fn probe_video(path: &Path) -> Result<VideoInfo, String> {
    let kind = infer::get_from_path(path).map_err(|e| format!("cannot read: {e}"))?;
    let info = match kind.map(|k| k.mime_type()) {
        Some("video/mp4") => guarded(|| mp4::probe_mp4(path))?,
        Some("video/webm") | Some("video/x-matroska") => guarded(|| webm::probe_webm(path))?,
        // `infer` knows WebM and Matroska only by a DocType written without padding; any file
        // that starts with the EBML magic number goes to the demuxer, which reads the DocType.
        None if starts_with_ebml_magic(path) => guarded(|| webm::probe_webm(path))?,
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

fn starts_with_ebml_magic(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut magic))
        .is_ok_and(|()| magic == [0x1A, 0x45, 0xDF, 0xA3])
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
    matches!(
        codec,
        "avc1" | "hev1" | "hvc1" | "vp09" | "vp8" | "vp9" | "av1"
    )
}

/// Demuxers are fed hostile bytes here; a panic inside one must become a report, never a crash.
fn guarded(
    probe: impl FnOnce() -> Result<VideoInfo, String> + std::panic::UnwindSafe,
) -> Result<VideoInfo, String> {
    std::panic::catch_unwind(probe)
        .unwrap_or_else(|_| Err("the container is damaged (the demuxer could not read it)".into()))
}

/// The size of one window of media data that `zero_window` reads.
const ZERO_WINDOW: u64 = 4096;
/// How many windows, spread evenly from the start of the media data to its end (and one more at
/// the very end).
const ZERO_WINDOWS: u64 = 8;

/// The report for a file that holds a window of zeros at `at`.
fn half_copied(format: &str, at: u64) -> String {
    format!(
        "not a playable {format}: at byte {at}, where its media should be, it holds only zeros: a half-copied file (the copy set the file's full size first and never filled it in); copy it again"
    )
}

/// The first of a few windows of the media data (`ranges`: offset and length of each stretch of
/// it, in file order) that holds nothing but zero bytes; only the last window if `last_only`. A copy that sets the file's full size
/// first (preallocating) and dies part-way leaves the rest of the file zeros, with every size and
/// index intact. Real compressed video and audio never hold 4 KiB of zeros: an encoder spends no
/// bits on nothing, and its output looks random; so one such window is proof enough, and a few
/// spread over the data find a zero tail of any length worth caring about.
fn zero_window<R: Read + Seek>(
    reader: &mut R,
    ranges: &[(u64, u64)],
    last_only: bool,
) -> Result<Option<u64>, String> {
    let total: u64 = ranges.iter().map(|(_, length)| length).sum();
    let mut window = [0u8; ZERO_WINDOW as usize];
    let first = if last_only { ZERO_WINDOWS } else { 0 };
    for k in first..=ZERO_WINDOWS {
        // The k-th eighth of the way through the media bytes, as a file offset.
        let mut wanted = (u128::from(total) * u128::from(k) / u128::from(ZERO_WINDOWS)) as u64;
        let Some(&(offset, length)) = ranges.iter().find(|(_, length)| {
            let inside = wanted < *length || (k == ZERO_WINDOWS && wanted == *length);
            if !inside {
                wanted -= length;
            }
            inside
        }) else {
            continue;
        };
        if length < ZERO_WINDOW {
            continue;
        }
        let start = offset + wanted.min(length - ZERO_WINDOW);
        reader
            .seek(SeekFrom::Start(start))
            .map_err(|e| format!("cannot read: {e}"))?;
        reader
            .read_exact(&mut window)
            .map_err(|e| format!("cannot read: {e}"))?;
        if window.iter().all(|&byte| byte == 0) {
            return Ok(Some(start));
        }
    }
    Ok(None)
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

    /// One MP4 box: a 32-bit size, or size 1 and a 64-bit size after the type.
    fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut out = ((8 + body.len()) as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out
    }

    fn ftyp() -> Vec<u8> {
        mp4_box(b"ftyp", b"isom\0\0\x02\0isomiso2avc1mp41")
    }

    fn probe_bytes(bytes: &[u8]) -> Result<VideoInfo, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.mp4");
        std::fs::write(&path, bytes).unwrap();
        probe_video(&path)
    }

    #[test]
    fn regression_a_huge_64_bit_size_inside_meta_does_not_allocate_it() {
        // Once an 8 TiB allocation and SIGABRT: a child of `meta` whose 64-bit size is 2^43.
        let mut child = 1u32.to_be_bytes().to_vec();
        child.extend_from_slice(b"hdlr");
        child.extend_from_slice(&(1u64 << 43).to_be_bytes());
        child.extend_from_slice(&[0; 16]);
        let meta = mp4_box(b"meta", &[&[0u8; 4][..], &child].concat());
        let bytes = [ftyp(), mp4_box(b"moov", &meta)].concat();
        let err = probe_bytes(&bytes).unwrap_err();
        assert!(err.contains("MP4"), "{err}");
    }

    #[test]
    fn regression_a_child_box_of_size_zero_ends_the_walk() {
        // Once an endless loop: size 0 ("to the end") on a box inside a container.
        let mut zero = 0u32.to_be_bytes().to_vec();
        zero.extend_from_slice(b"skip");
        zero.extend_from_slice(&[0; 24]);
        let bytes = [ftyp(), mp4_box(b"moov", &zero)].concat();
        let err = probe_bytes(&bytes).unwrap_err();
        assert!(err.contains("MP4"), "{err}");
    }

    #[test]
    fn regression_one_damaged_byte_in_the_mvhd_size_is_reported() {
        // Once an endless loop: byte 43 of the bundled trailer is the `mvhd` box's size.
        let mut bytes = std::fs::read(default_pack_file("trailer/trailer.mp4")).unwrap();
        assert_eq!(
            bytes[43], 0x6c,
            "the bundled trailer changed: find the mvhd size byte again"
        );
        bytes[43] = 0x9e;
        let err = probe_bytes(&bytes).unwrap_err();
        assert!(err.contains("MP4"), "{err}");
    }

    #[test]
    fn an_mp4_whose_media_data_is_cut_off_is_caught() {
        // The bundled trailer keeps its index first, so a half copy still has a whole `moov`.
        let bytes = std::fs::read(default_pack_file("trailer/trailer.mp4")).unwrap();
        let err = probe_bytes(&bytes[..bytes.len() / 2]).unwrap_err();
        assert!(err.contains("ends inside its 'mdat' box"), "{err}");
    }

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/media")
                .join(name),
        )
        .unwrap()
    }

    /// The offset and type of each top-level box of a well-formed MP4.
    fn top_level_boxes(bytes: &[u8]) -> Vec<(usize, String)> {
        let mut boxes = Vec::new();
        let mut offset = 0;
        while offset + 8 <= bytes.len() {
            let size = u32::from_be_bytes(bytes[offset..offset + 4].try_into().unwrap()) as usize;
            assert!(
                size >= 8,
                "the fixture has a box of size {size}: not what the test expects"
            );
            boxes.push((
                offset,
                String::from_utf8_lossy(&bytes[offset + 4..offset + 8]).into(),
            ));
            offset += size;
        }
        boxes
    }

    #[test]
    fn a_whole_fragmented_mp4_is_read() {
        let info = probe_bytes(&fixture("fragmented.mp4")).unwrap();
        assert_eq!(info.codecs, ["avc1", "mp4a"]);
        assert!(
            (1.9..2.1).contains(&info.duration_secs.unwrap()),
            "{info:?}"
        );
    }

    #[test]
    fn a_fragmented_mp4_cut_at_any_fragment_past_the_first_is_caught() {
        // A cut between two fragments leaves every box whole: only the declared length tells.
        let bytes = fixture("fragmented.mp4");
        let moofs: Vec<usize> = top_level_boxes(&bytes)
            .into_iter()
            .filter(|(_, kind)| kind == "moof")
            .map(|(offset, _)| offset)
            .collect();
        assert_eq!(moofs.len(), 9, "the fixture changed: {moofs:?}");
        // The last two fragments are audio: cut there, the picture is whole and so is the length
        // the file plays, which is all the fragments can tell.
        for &cut in &moofs[1..7] {
            let err = probe_bytes(&bytes[..cut]).unwrap_err();
            assert!(
                err.contains("the fragments cover only"),
                "cut at {cut}: {err}"
            );
            assert!(
                err.contains("of the 2.0 s the file declares"),
                "cut at {cut}: {err}"
            );
        }
    }

    #[test]
    fn a_fragmented_mp4_init_segment_alone_holds_no_media() {
        let bytes = fixture("fragmented.mp4");
        let (first_moof, _) = top_level_boxes(&bytes)
            .into_iter()
            .find(|(_, kind)| kind == "moof")
            .unwrap();
        let err = probe_bytes(&bytes[..first_moof]).unwrap_err();
        assert!(err.contains("init segment alone"), "{err}");
    }

    #[test]
    fn a_faststart_mp4_whose_second_half_is_zeros_is_caught() {
        // What a copy that first sets the file's full size leaves when it dies half-way.
        let mut bytes = std::fs::read(default_pack_file("trailer/trailer.mp4")).unwrap();
        let half = bytes.len() / 2;
        bytes[half..].fill(0);
        let err = probe_bytes(&bytes).unwrap_err();
        assert!(err.contains("it holds only zeros"), "{err}");
        assert!(err.contains("half-copied"), "{err}");
    }

    #[test]
    fn an_mp4_whose_last_twentieth_is_zeros_is_caught() {
        let mut bytes = std::fs::read(default_pack_file("trailer/trailer.mp4")).unwrap();
        let start = bytes.len() - bytes.len() / 20;
        bytes[start..].fill(0);
        let err = probe_bytes(&bytes).unwrap_err();
        assert!(err.contains("half-copied"), "{err}");
    }

    #[test]
    fn a_cut_mp4_whose_mdat_runs_to_the_end_of_the_file_is_caught() {
        // An `mdat` of size 0 ("to the end of the file") fits any length: the sample table does not.
        let mut bytes = std::fs::read(default_pack_file("trailer/trailer.mp4")).unwrap();
        let (mdat, _) = top_level_boxes(&bytes)
            .into_iter()
            .find(|(_, kind)| kind == "mdat")
            .unwrap();
        bytes[mdat..mdat + 4].copy_from_slice(&0u32.to_be_bytes());
        assert!(probe_bytes(&bytes).is_ok(), "whole, the file still reads");
        let one_byte_short = &bytes[..bytes.len() - 1];
        let err = probe_bytes(one_byte_short).unwrap_err();
        assert!(
            err.contains("its last chunk of media ends at byte"),
            "{err}"
        );
        let err = probe_bytes(&bytes[..bytes.len() * 3 / 4]).unwrap_err();
        assert!(err.contains("its sample table puts media at byte"), "{err}");
    }

    #[test]
    fn hevc_tagged_hvc1_and_av1_in_mp4_are_video() {
        assert_eq!(probe_bytes(&fixture("hvc1.mp4")).unwrap().codecs, ["hvc1"]);
        assert_eq!(probe_bytes(&fixture("av01.mp4")).unwrap().codecs, ["av1"]);
    }

    #[test]
    fn the_h264_profile_is_read_from_the_mp4_and_the_matroska_file() {
        let trailer = probe_video(&default_pack_file("trailer/trailer.mp4")).unwrap();
        assert_eq!(
            trailer.h264.map(|h264| h264.profile_idc),
            Some(77),
            "Main, as its mime says"
        );
        let mkv = probe_bytes(&fixture("h264-aac.mkv")).unwrap();
        assert_eq!(
            mkv.h264.map(|h264| h264.profile_idc),
            Some(66),
            "openh264's Baseline"
        );
    }

    #[test]
    fn a_matroska_file_is_matroska_not_webm_and_its_codecs_have_their_mp4_names() {
        let info = probe_bytes(&fixture("h264-aac.mkv")).unwrap();
        assert_eq!(info.container, Container::Matroska);
        assert_eq!(info.codecs, ["avc1", "mp4a"]);
    }

    #[test]
    fn a_whole_live_style_webm_is_read() {
        let info = probe_bytes(&fixture("live.webm")).unwrap();
        assert_eq!(info.container, Container::WebM);
        assert_eq!(info.codecs, ["vp8", "opus"]);
        assert_eq!(info.duration_secs, None, "the fixture declares no duration");
    }

    #[test]
    fn a_live_style_webm_cut_anywhere_after_its_first_cluster_is_caught() {
        // No Segment size and no duration: only the clusters' own sizes tell.
        let bytes = fixture("live.webm");
        for percent in [50, 60, 75, 90, 99] {
            let cut = bytes.len() * percent / 100;
            let err = probe_bytes(&bytes[..cut]).unwrap_err();
            assert!(
                err.contains("the file ends inside a cluster"),
                "cut at {percent}%: {err}"
            );
        }
    }

    #[test]
    fn a_webm_cut_between_clusters_short_of_its_declared_segment_is_caught() {
        // Every cluster left is whole; only the Segment's declared size tells. The live fixture's
        // Segment size (8 bytes, all ones: unknown) is set to what the whole file holds.
        let mut bytes = fixture("live.webm");
        let segment_size_at = 28 + 4;
        assert_eq!(
            bytes[segment_size_at..segment_size_at + 8],
            [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        );
        let size = (bytes.len() - segment_size_at - 8) as u64;
        bytes[segment_size_at + 1..segment_size_at + 8].copy_from_slice(&size.to_be_bytes()[1..]);
        assert!(
            probe_bytes(&bytes).is_ok(),
            "the whole file with its Segment size still reads"
        );
        let last_cluster = bytes.len()
            - bytes
                .windows(4)
                .rev()
                .position(|w| w == [0x1F, 0x43, 0xB6, 0x75])
                .unwrap()
            - 4;
        let err = probe_bytes(&bytes[..last_cluster]).unwrap_err();
        assert!(err.contains("its Segment declares"), "{err}");
        assert!(err.contains("cut off while copying"), "{err}");
    }

    #[test]
    fn a_webm_whose_second_half_is_zeros_is_caught() {
        for bytes in [
            std::fs::read(default_pack_file("trailer/trailer.webm")).unwrap(),
            fixture("live.webm"),
        ] {
            let mut bytes = bytes;
            let half = bytes.len() / 2;
            bytes[half..].fill(0);
            let err = probe_bytes(&bytes).unwrap_err();
            assert!(err.contains("half-copied"), "{err}");
        }
    }

    #[test]
    fn regression_fuzz_an_sgpd_box_of_endless_empty_entries_is_not_decoded() {
        // Found by `cargo xtask fuzz mp4_probe`: decoding this file's whole `moov` ran out of memory.
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/media/fuzz-sgpd-endless-entries.mp4");
        let _ = probe_video(&path);
    }

    #[test]
    fn regression_fuzz_a_webm_segment_opening_with_a_crc32_is_refused_not_looped_on() {
        // Found by `cargo xtask fuzz webm_probe`: the demuxer read this CRC-32 element forever.
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/media/fuzz-webm-segment-opens-with-crc32.webm");
        let err = probe_video(&path).unwrap_err();
        assert!(err.contains("opens with a CRC-32 element"), "{err}");
    }

    #[test]
    fn regression_fuzz_a_webm_the_demuxer_goes_round_in_circles_on_ends_in_bounded_time() {
        // Found by `cargo xtask fuzz webm_probe`: a CRC-32 element the demuxer reaches after bytes
        // it skips, read forever.
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/media/fuzz-webm-demuxer-loop.webm");
        let err = probe_video(&path).unwrap_err();
        assert!(err.contains("went round in circles"), "{err}");
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
