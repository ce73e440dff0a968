//! The WebM and Matroska half of `probe`: the header and tracks via `matroska-demuxer`, then the
//! Segment's element headers walked against the file's real length, so that a copy cut short is
//! caught even when the file declares no length of its own (a live-style WebM).

use super::{half_copied, zero_window, Container, H264Profile, VideoInfo};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

const EBML_HEADER_ID: u32 = 0x1A45_DFA3;
const SEGMENT_ID: u32 = 0x1853_8067;
const CLUSTER_ID: u32 = 0x1F43_B675;
const SIMPLE_BLOCK_ID: u32 = 0xA3;
const BLOCK_GROUP_ID: u32 = 0xA0;
const CUES_ID: u32 = 0x1C53_BB6B;
const CRC32_ID: u32 = 0xBF;
/// Element headers walked before the walk stops and the rest is taken on trust: a file whose
/// clusters declare their sizes needs one per cluster; a live-style one, whose clusters do not,
/// one per frame, and a trailer has some tens of thousands. The bound keeps the probe inside its
/// time limit on a feature-length live recording.
const MAX_WALKED_ELEMENTS: usize = 250_000;

pub(super) fn probe_webm(path: &Path) -> Result<VideoInfo, String> {
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    probe_webm_from(BufReader::new(file))
}

fn io_error(e: std::io::Error) -> String {
    format!("cannot read: {e}")
}

/// `probe_webm` on any seekable bytes (the fuzz target feeds it memory).
pub fn probe_webm_from<R: Read + Seek>(mut reader: R) -> Result<VideoInfo, String> {
    let length = reader.seek(SeekFrom::End(0)).map_err(io_error)?;
    reader.seek(SeekFrom::Start(0)).map_err(io_error)?;
    if segment_opens_with_crc32(&mut reader) {
        return Err("not a WebM this kiosk can read: its Segment opens with a CRC-32 element, which the WebM reader of `check` cannot step past (it would never finish); remux the file, e.g. `ffmpeg -i in.webm -c copy out.webm`".into());
    }
    reader.seek(SeekFrom::Start(0)).map_err(io_error)?;
    let opened = matroska_demuxer::MatroskaFile::open(Budgeted::new(&mut reader));
    let webm = match opened {
        Ok(webm) => webm,
        Err(matroska_demuxer::DemuxError::IoError(e)) if budget_exhausted(&e) => {
            return Err(format!(
                "not a readable WebM: its reader went round in circles ({DEMUXER_IO_BUDGET} reads and seeks without finishing the header; the container is damaged)"
            ))
        }
        Err(e) => return Err(open_failed(e, &mut reader, length)?),
    };
    // Muxers may pad the DocType string with NULs (GStreamer does).
    let container = match webm.ebml_header().doc_type().trim_end_matches('\0') {
        "webm" => Container::WebM,
        "matroska" => Container::Matroska,
        other => {
            return Err(format!(
                "not a WebM or Matroska file: its EBML header says it is a {other:?} document"
            ))
        }
    };
    let codecs = webm
        .tracks()
        .iter()
        .map(|track| matroska_codec_name(track.codec_id()))
        .collect();
    // H.264 in Matroska keeps the same configuration record as in MP4 (`avcC`).
    let h264 = webm.tracks().iter().find_map(|track| {
        let private = track.codec_private()?;
        (matroska_codec_name(track.codec_id()) == "avc1")
            .then(|| <mp4_atom::Avcc as mp4_atom::Atom>::decode_body(&mut &private[..]).ok())
            .flatten()
            .map(|avcc| H264Profile::of(&avcc))
    });
    let info = webm.info();
    let duration = info
        .duration()
        .map(|ticks| ticks * info.timestamp_scale().get() as f64 / 1e9)
        .filter(|secs| *secs > 0.0);
    drop(webm);
    check_elements_inside(&mut reader, length, container.name())?;
    Ok(VideoInfo {
        container,
        codecs,
        duration_secs: duration,
        h264,
    })
}

/// Why the demuxer could not open the file, in the operator's words.
fn open_failed<R: Read + Seek>(
    error: matroska_demuxer::DemuxError,
    reader: &mut R,
    length: u64,
) -> Result<String, String> {
    // A file whose index (Cues) comes last, half-copied, fails in the demuxer: its last window
    // tells why.
    if let Some(at) = zero_window(reader, &[(0, length)], true)? {
        return Ok(half_copied("WebM", at));
    }
    // The demuxer's errors name its internals (or just `None` for a short read): say what it means.
    Ok(match error {
        matroska_demuxer::DemuxError::IoError(_) => {
            "not a readable WebM: the file ends early (damaged or still being copied)".to_string()
        }
        other => format!("not a readable WebM: the container is damaged ({other})"),
    })
}

/// The codec as `codecs` knows it, from a Matroska codec id (`V_VP9`, `A_OPUS`, ...).
fn matroska_codec_name(id: &str) -> String {
    let id = id.trim_end_matches('\0');
    let known = match id {
        "V_VP8" => "vp8",
        "V_VP9" => "vp9",
        "V_AV1" => "av1",
        "V_MPEG4/ISO/AVC" => "avc1",
        "V_MPEGH/ISO/HEVC" => "hev1",
        "A_OPUS" => "opus",
        "A_VORBIS" => "vorbis",
        "A_FLAC" => "flac",
        "A_AC3" => "ac-3",
        "A_EAC3" => "ec-3",
        "A_MPEG/L3" => "mp3",
        _ if id == "A_AAC" || id.starts_with("A_AAC/") => "mp4a",
        _ if id.starts_with("S_") => "text",
        _ => {
            return id
                .split_once('_')
                .map_or(id, |(_, name)| name)
                .to_ascii_lowercase()
        }
    };
    known.to_string()
}

/// The reads and seeks the demuxer may make to open a file: opening a real trailer takes some
/// hundreds (a feature film's Cues some tens of thousands).
const DEMUXER_IO_BUDGET: u64 = 2_000_000;

/// A reader that fails once the demuxer has read or sought `DEMUXER_IO_BUDGET` times. Every loop
/// of the demuxer reads as it goes, so this bounds the loops it may go round forever on a damaged
/// file (fuzzing found two: a CRC-32 element read again and again, however it is reached),
/// whatever their shape, without knowing them.
struct Budgeted<R> {
    inner: R,
    left: u64,
}

const BUDGET_EXHAUSTED: &str = "the demuxer's read budget is spent";

impl<R> Budgeted<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            left: DEMUXER_IO_BUDGET,
        }
    }

    fn spend(&mut self) -> std::io::Result<()> {
        self.left = self
            .left
            .checked_sub(1)
            .ok_or_else(|| std::io::Error::other(BUDGET_EXHAUSTED))?;
        Ok(())
    }
}

fn budget_exhausted(error: &std::io::Error) -> bool {
    error
        .get_ref()
        .is_some_and(|e| e.to_string() == BUDGET_EXHAUSTED)
}

impl<R: Read> Read for Budgeted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.spend()?;
        self.inner.read(buf)
    }
}

impl<R: Seek> Seek for Budgeted<R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.spend()?;
        self.inner.seek(to)
    }
}

/// Whether the Segment's first child is a CRC-32 element. `matroska-demuxer` 0.8 looks for the
/// SeekHead by reading the Segment's first element again and again while it is a CRC-32, so such
/// a file (valid Matroska: a CRC-32 may open any master element) never finishes opening; fuzzing
/// found it. Read here, header by header, before the demuxer sees the file.
fn segment_opens_with_crc32<R: Read + Seek>(reader: &mut R) -> bool {
    let Ok(ebml) = read_header(reader, 0) else {
        return false;
    };
    let (EBML_HEADER_ID, Some(size)) = (ebml.id, ebml.size) else {
        return false;
    };
    let Some(segment_at) = ebml.body.checked_add(size) else {
        return false;
    };
    if reader.seek(SeekFrom::Start(segment_at)).is_err() {
        return false;
    }
    match read_header(reader, segment_at) {
        Ok(segment) if segment.id == SEGMENT_ID => {
            read_header(reader, segment.body).is_ok_and(|first| first.id == CRC32_ID)
        }
        _ => false,
    }
}

/// One element header: its id (with the length marker, as the specification writes ids), where
/// its body starts, and its size (`None`: unknown, the element runs to whatever ends its parent).
struct ElementHeader {
    id: u32,
    body: u64,
    size: Option<u64>,
}

/// Why a header could not be read at some byte.
enum BadHeader {
    EndOfFile,
    /// A first byte that starts no EBML id; zero is what an unwritten part of a file holds.
    Invalid(u8),
}

/// Reads the element header at `at`. Hand-written because the demuxer keeps its EBML reader
/// private: the two variable-length integers of RFC 8794 section 4, nothing more.
fn read_header<R: Read>(reader: &mut R, at: u64) -> Result<ElementHeader, BadHeader> {
    let mut byte = [0u8; 1];
    let mut next = |reader: &mut R| -> Result<u8, BadHeader> {
        reader
            .read_exact(&mut byte)
            .map_err(|_| BadHeader::EndOfFile)?;
        Ok(byte[0])
    };
    let first = next(reader)?;
    let id_length = first.leading_zeros() + 1;
    if id_length > 4 {
        return Err(BadHeader::Invalid(first));
    }
    let mut id = u32::from(first);
    for _ in 1..id_length {
        id = (id << 8) | u32::from(next(reader)?);
    }
    let first = next(reader)?;
    let size_length = first.leading_zeros() + 1;
    if size_length > 8 {
        return Err(BadHeader::Invalid(first));
    }
    let mut size = u64::from(first) & (0xFF >> size_length);
    for _ in 1..size_length {
        size = (size << 8) | u64::from(next(reader)?);
    }
    let unknown = size == (1u64 << (7 * size_length)) - 1;
    Ok(ElementHeader {
        id,
        body: at + u64::from(id_length + size_length),
        size: (!unknown).then_some(size),
    })
}

fn element_name(id: u32) -> &'static str {
    match id {
        CLUSTER_ID => "a cluster",
        SIMPLE_BLOCK_ID | BLOCK_GROUP_ID => "a frame",
        CUES_ID => "its index (Cues)",
        _ => "an element",
    }
}

/// Holds the Segment (the element that holds everything else) against the file's length, then
/// walks the element headers inside it: an element of known size is skipped, one of unknown size
/// (a live-style cluster) entered, so every declared size is checked against the file's real end.
/// Block data is never read, and a file whose clusters declare their sizes costs one header per
/// cluster.
fn check_elements_inside<R: Read + Seek>(
    reader: &mut R,
    length: u64,
    format: &str,
) -> Result<(), String> {
    let cut = |what: &str, at: u64| {
        format!(
            "not a readable {format}: the file ends inside {what} that starts at byte {at}, of {length} (damaged or still being copied)"
        )
    };
    let mut reader = BufReader::with_capacity(4096, reader);
    reader.seek(SeekFrom::Start(0)).map_err(io_error)?;
    let mut position = 0u64;
    let mut header_at = |reader: &mut BufReader<&mut R>, at: u64| {
        reader
            .seek_relative(at as i64 - position as i64)
            .map_err(io_error)?;
        let header = read_header(reader, at);
        position = match &header {
            Ok(header) => header.body,
            Err(_) => reader.stream_position().map_err(io_error)?,
        };
        Ok::<_, String>(header)
    };
    let Ok(ebml) = header_at(&mut reader, 0)? else {
        return Err(cut("its header", 0));
    };
    let segment_at = ebml.body + ebml.size.unwrap_or(0);
    let segment = match header_at(&mut reader, segment_at)? {
        Ok(segment) if ebml.id == EBML_HEADER_ID && segment.id == SEGMENT_ID => segment,
        _ => return Err(cut("its Segment header", segment_at)),
    };
    let end = match segment.size {
        Some(size) => {
            let end = segment.body.saturating_add(size);
            if end > length {
                return Err(format!(
                    "not a readable {format}: its Segment declares {end} bytes but the file has {length} (cut off while copying?)"
                ));
            }
            end
        }
        None => length,
    };
    let mut at = segment.body;
    for _ in 0..MAX_WALKED_ELEMENTS {
        if at >= end {
            return Ok(());
        }
        let header = match header_at(&mut reader, at)? {
            Ok(header) => header,
            Err(BadHeader::EndOfFile) => return Err(cut("an element header", at)),
            Err(BadHeader::Invalid(0)) => return Err(half_copied(format, at)),
            Err(BadHeader::Invalid(_)) => {
                return Err(format!(
                    "not a readable {format}: the container is damaged at byte {at} (no element starts there)"
                ))
            }
        };
        at = match header.size {
            Some(size) => {
                let element_end = header.body.saturating_add(size);
                if element_end > length {
                    return Err(cut(element_name(header.id), at));
                }
                element_end
            }
            None => header.body,
        };
    }
    Ok(())
}
