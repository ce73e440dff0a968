//! Looks inside media files: what their bytes really are (magic numbers, via `infer`) and, for
//! video, the codecs and duration their container declares (via the `mp4-atom` and `matroska-demuxer`
//! demuxers). A renamed or truncated file is caught by `check`, not by a visitor's black screen.
//! The parsing here is bounded by the file's real length; `isolated` runs it in a child process
//! besides, so a demuxer bug can cost a report, never the kiosk.

use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// The most the `moov` box (the MP4's index of tracks and samples) may take: a feature film's
/// sample tables are a few megabytes; more is a damaged size field, not a longer film.
const MAX_MOOV_BYTES: u64 = 64 << 20;
/// Top-level boxes read before giving up: a real file has a handful (ftyp, moov, mdat, free), a
/// fragmented one two per fragment.
const MAX_TOP_LEVEL_BOXES: usize = 100_000;

/// Walks the MP4's top-level boxes by their declared sizes, each checked against the file's real
/// length before anything is read or allocated, and decodes only the `moov` box (via `mp4-atom`,
/// which never sizes a buffer from an untrusted count). The media data is skipped, never read.
fn probe_mp4(path: &Path) -> Result<VideoInfo, String> {
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let length = file
        .metadata()
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    probe_mp4_from(BufReader::new(file), length)
}

/// `probe_mp4` on any seekable bytes of `length` (the fuzz target feeds it memory).
pub fn probe_mp4_from<R: Read + Seek>(mut reader: R, length: u64) -> Result<VideoInfo, String> {
    use mp4_atom::{Atom, ReadFrom};

    let ends_early = |what: &str| {
        format!(
            "not a readable MP4: the file ends inside its {what} (damaged or still being copied)"
        )
    };
    let mut moov = None;
    let mut offset = 0u64;
    let mut boxes = 0usize;
    while offset < length {
        boxes += 1;
        if boxes > MAX_TOP_LEVEL_BOXES {
            return Err(format!(
                "not a readable MP4: more than {MAX_TOP_LEVEL_BOXES} top-level boxes (the container is damaged)"
            ));
        }
        reader
            .seek(SeekFrom::Start(offset))
            .map_err(|e| format!("cannot read: {e}"))?;
        let header = mp4_atom::Header::read_from(&mut reader).map_err(|e| match e {
            mp4_atom::Error::UnexpectedEof | mp4_atom::Error::Io(_) => {
                ends_early("last box header")
            }
            other => format!("not a readable MP4: the container is damaged ({other})"),
        })?;
        let header_length = reader
            .stream_position()
            .map_err(|e| format!("cannot read: {e}"))?
            - offset;
        let body_length = match header.size {
            Some(size) => size as u64,
            None => length - offset - header_length,
        };
        let end = (offset + header_length)
            .checked_add(body_length)
            .filter(|end| *end <= length)
            .ok_or_else(|| ends_early(&format!("'{}' box", header.kind)))?;
        if header.kind == mp4_atom::Moov::KIND {
            if moov.is_some() {
                return Err(
                    "not a readable MP4: it has two 'moov' boxes (the container is damaged)".into(),
                );
            }
            if body_length > MAX_MOOV_BYTES {
                return Err(format!(
                    "not a readable MP4: its 'moov' box declares {body_length} bytes, more than the {MAX_MOOV_BYTES} a playable file needs"
                ));
            }
            let mut body = Vec::with_capacity(body_length as usize);
            (&mut reader)
                .take(body_length)
                .read_to_end(&mut body)
                .map_err(|e| format!("cannot read: {e}"))?;
            if body.len() as u64 != body_length {
                return Err(ends_early("'moov' box"));
            }
            let decoded = decode_moov(&body)
                .map_err(|e| format!("not a readable MP4: its 'moov' box is damaged ({e})"))?;
            moov = Some(decoded);
        }
        offset = end;
    }
    let moov = moov.ok_or("not a readable MP4: it has no 'moov' box (the index of its tracks)")?;

    let mut tracks: Vec<_> = moov.trak.iter().collect();
    tracks.sort_by_key(|track| track.tkhd.track_id);
    let codecs = tracks
        .iter()
        .filter_map(|track| track.mdia.minf.stbl.stsd.codecs.first())
        .map(|codec| mp4_codec_name(codec).to_string())
        .collect();
    let timescale = f64::from(moov.mvhd.timescale);
    let duration_units = match moov.mvex.as_ref().and_then(|mvex| mvex.mehd.as_ref()) {
        Some(mehd) if moov.mvhd.duration == 0 => mehd.fragment_duration,
        _ => moov.mvhd.duration,
    };
    let duration = if timescale > 0.0 {
        duration_units as f64 / timescale
    } else {
        0.0
    };
    Ok(VideoInfo {
        container: Container::Mp4,
        codecs,
        duration_secs: (duration > 0.0 && duration.is_finite()).then_some(duration),
    })
}

/// Decodes what the probe reads of a `moov` box (the movie header, the fragment defaults and, per
/// track, its header, media header, handler and sample tables), each box with `mp4-atom`, and
/// skips every other box unread. Decoding the whole `moov` with the crate is not bounded: fuzzing
/// found a 62 KB file whose `sgpd` box (sample groups, which the probe has no use for) declares
/// four billion entries that take no bytes each, so the crate's loop grew memory until it ran out.
fn decode_moov(body: &[u8]) -> Result<mp4_atom::Moov, mp4_atom::Error> {
    use mp4_atom::{Atom, DecodeAtom, Mdia, Minf, Moov, Mvex, Mvhd, Stbl, Trak};

    let mut moov = Moov::default();
    let mut mvhd = None;
    for child in children(body) {
        let (header, mut child) = child?;
        match header.kind {
            Mvhd::KIND => mvhd = Some(Mvhd::decode_atom(&header, &mut child)?),
            Mvex::KIND => moov.mvex = Some(Mvex::decode_atom(&header, &mut child)?),
            Trak::KIND => {
                let mut trak = Trak::default();
                for child in children(child) {
                    let (header, mut child) = child?;
                    match header.kind {
                        mp4_atom::Tkhd::KIND => {
                            trak.tkhd = mp4_atom::Tkhd::decode_atom(&header, &mut child)?
                        }
                        Mdia::KIND => trak.mdia = decode_mdia(child)?,
                        _ => {}
                    }
                }
                moov.trak.push(trak);
            }
            _ => {}
        }
    }
    moov.mvhd = mvhd.ok_or(mp4_atom::Error::MissingBox(Mvhd::KIND))?;
    return Ok(moov);

    fn decode_mdia(body: &[u8]) -> Result<Mdia, mp4_atom::Error> {
        let mut mdia = Mdia::default();
        for child in children(body) {
            let (header, mut child) = child?;
            match header.kind {
                mp4_atom::Mdhd::KIND => {
                    mdia.mdhd = mp4_atom::Mdhd::decode_atom(&header, &mut child)?
                }
                mp4_atom::Hdlr::KIND => {
                    mdia.hdlr = mp4_atom::Hdlr::decode_atom(&header, &mut child)?
                }
                Minf::KIND => {
                    for child in children(child) {
                        let (header, child) = child?;
                        if header.kind == Stbl::KIND {
                            mdia.minf.stbl = decode_stbl(child)?;
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(mdia)
    }

    fn decode_stbl(body: &[u8]) -> Result<Stbl, mp4_atom::Error> {
        use mp4_atom::{Co64, Stco, Stsc, Stsd, Stsz, Stts};
        let mut stbl = Stbl::default();
        for child in children(body) {
            let (header, mut child) = child?;
            match header.kind {
                Stsd::KIND => stbl.stsd = Stsd::decode_atom(&header, &mut child)?,
                Stts::KIND => stbl.stts = Stts::decode_atom(&header, &mut child)?,
                Stsc::KIND => stbl.stsc = Stsc::decode_atom(&header, &mut child)?,
                Stsz::KIND => stbl.stsz = Stsz::decode_atom(&header, &mut child)?,
                Stco::KIND => stbl.stco = Some(Stco::decode_atom(&header, &mut child)?),
                Co64::KIND => stbl.co64 = Some(Co64::decode_atom(&header, &mut child)?),
                _ => {}
            }
        }
        Ok(stbl)
    }
}

/// The boxes inside a container's body, each as its header and its body, every size checked
/// against what is left of the container.
fn children(
    mut body: &[u8],
) -> impl Iterator<Item = Result<(mp4_atom::Header, &[u8]), mp4_atom::Error>> {
    use mp4_atom::Decode;
    std::iter::from_fn(move || {
        if body.is_empty() {
            return None;
        }
        let header = match mp4_atom::Header::decode(&mut body) {
            Ok(header) => header,
            Err(e) => {
                body = &[];
                return Some(Err(e));
            }
        };
        let size = header.size.unwrap_or(body.len());
        if size > body.len() {
            body = &[];
            return Some(Err(mp4_atom::Error::OutOfBounds));
        }
        let (child, rest) = body.split_at(size);
        body = rest;
        Some(Ok((header, child)))
    })
}

/// The sample entry's four-character code as `codecs` knows it; AV1 goes by one name whatever
/// its container.
fn mp4_codec_name(codec: &mp4_atom::Codec) -> &'static str {
    use mp4_atom::Codec;
    match codec {
        Codec::Avc1(_) | Codec::Avc3(_) => "avc1",
        Codec::Hev1(_) => "hev1",
        Codec::Hvc1(_) => "hvc1",
        Codec::Vp08(_) => "vp8",
        Codec::Vp09(_) => "vp09",
        Codec::Av01(_) => "av1",
        Codec::Mp4a(_) => "mp4a",
        Codec::Opus(_) => "opus",
        Codec::Mp3(_) => "mp3",
        Codec::Flac(_) => "flac",
        Codec::Ac3(_) => "ac-3",
        Codec::Eac3(_) => "ec-3",
        Codec::Tx3g(_) | Codec::Wvtt(_) => "text",
        _ => "unknown",
    }
}

fn probe_webm(path: &Path) -> Result<VideoInfo, String> {
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    probe_webm_from(BufReader::new(file))
}

/// `probe_webm` on any seekable bytes (the fuzz target feeds it memory).
pub fn probe_webm_from<R: Read + Seek>(reader: R) -> Result<VideoInfo, String> {
    let webm = matroska_demuxer::MatroskaFile::open(reader)
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
    fn regression_fuzz_an_sgpd_box_of_endless_empty_entries_is_not_decoded() {
        // Found by `cargo xtask fuzz mp4_probe`: decoding this file's whole `moov` ran out of memory.
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/media/fuzz-sgpd-endless-entries.mp4");
        let _ = probe_video(&path);
    }

    #[test]
    fn an_mp4_whose_media_data_is_cut_off_is_caught() {
        // The bundled trailer keeps its index first, so a half copy still has a whole `moov`.
        let bytes = std::fs::read(default_pack_file("trailer/trailer.mp4")).unwrap();
        let err = probe_bytes(&bytes[..bytes.len() / 2]).unwrap_err();
        assert!(err.contains("ends inside its 'mdat' box"), "{err}");
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
