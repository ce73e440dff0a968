//! The MP4 half of `probe`: the top-level boxes checked against the file's real length, the
//! `moov` index decoded (via `mp4-atom`), and then what the index promises held against the file:
//! a plain file's chunks lie inside it, a fragmented file's fragments cover its declared length,
//! and its media data is not the zeros a half-finished copy leaves.

use super::{half_copied, zero_window, Container, H264Profile, VideoInfo};
use mp4_atom::{Atom, ReadFrom};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// The most the `moov` box (the MP4's index of tracks and samples) may take: a feature film's
/// sample tables are a few megabytes; more is a damaged size field, not a longer film.
const MAX_MOOV_BYTES: u64 = 64 << 20;
/// The most one `moof` (a fragment's index) may take: it lists a few seconds of samples.
const MAX_MOOF_BYTES: u64 = 16 << 20;
/// Top-level boxes read before giving up: a real file has a handful (ftyp, moov, mdat, free), a
/// fragmented one two per fragment.
const MAX_TOP_LEVEL_BOXES: usize = 100_000;

/// Walks the MP4's top-level boxes by their declared sizes, each checked against the file's real
/// length before anything is read or allocated, and decodes only the `moov` and `moof` boxes (via
/// `mp4-atom`, which never sizes a buffer from an untrusted count). Of the media data only a few
/// small windows are read (`zero_window`).
pub(super) fn probe_mp4(path: &Path) -> Result<VideoInfo, String> {
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let length = file
        .metadata()
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    probe_mp4_from(BufReader::new(file), length)
}

fn ends_early(what: &str) -> String {
    format!("not a readable MP4: the file ends inside its {what} (damaged or still being copied)")
}

fn io_error(e: std::io::Error) -> String {
    format!("cannot read: {e}")
}

/// What the fragments seen so far hold, per track id: the summed sample durations, in the track's
/// own timescale.
#[derive(Default)]
struct Fragments {
    moofs: usize,
    /// `mdat` boxes that come after a `moof`: a fragment's media.
    mdats_after_a_moof: usize,
    durations: HashMap<u32, u64>,
}

impl Fragments {
    fn add(&mut self, moof: &mp4_atom::Moof, mvex: &mp4_atom::Mvex) {
        self.moofs += 1;
        for traf in &moof.traf {
            let track_id = traf.tfhd.track_id;
            let default = traf.tfhd.default_sample_duration.unwrap_or_else(|| {
                mvex.trex
                    .iter()
                    .find(|trex| trex.track_id == track_id)
                    .map_or(0, |trex| trex.default_sample_duration)
            });
            let mut units = 0u64;
            for trun in &traf.trun {
                units = units.saturating_add(match &trun.samples {
                    // A run without per-sample fields is a count: multiply, never iterate it.
                    mp4_atom::TrunSamples::Inherited { count, .. } => {
                        u64::from(*count) * u64::from(default)
                    }
                    mp4_atom::TrunSamples::Explicit(entries) => entries
                        .iter()
                        .map(|entry| u64::from(entry.duration.unwrap_or(default)))
                        .sum(),
                });
            }
            let total = self.durations.entry(track_id).or_default();
            *total = total.saturating_add(units);
        }
    }
}

/// Reads a box body of `body_length` bytes (already checked against the file's length) into
/// memory, refusing more than `limit`.
fn read_body<R: Read>(
    reader: &mut R,
    kind: &str,
    body_length: u64,
    limit: u64,
) -> Result<Vec<u8>, String> {
    if body_length > limit {
        return Err(format!(
            "not a readable MP4: its '{kind}' box declares {body_length} bytes, more than the {limit} a playable file needs"
        ));
    }
    let mut body = Vec::with_capacity(body_length as usize);
    reader
        .take(body_length)
        .read_to_end(&mut body)
        .map_err(io_error)?;
    if body.len() as u64 != body_length {
        return Err(ends_early(&format!("'{kind}' box")));
    }
    Ok(body)
}

/// `probe_mp4` on any seekable bytes of `length` (the fuzz target feeds it memory).
pub fn probe_mp4_from<R: Read + Seek>(mut reader: R, length: u64) -> Result<VideoInfo, String> {
    let mut moov: Option<mp4_atom::Moov> = None;
    let mut fragments = Fragments::default();
    // The media data: each `mdat` body as (offset, length).
    let mut media = Vec::new();
    let mut offset = 0u64;
    let mut boxes = 0usize;
    while offset < length {
        boxes += 1;
        if boxes > MAX_TOP_LEVEL_BOXES {
            return Err(format!(
                "not a readable MP4: more than {MAX_TOP_LEVEL_BOXES} top-level boxes (the container is damaged)"
            ));
        }
        reader.seek(SeekFrom::Start(offset)).map_err(io_error)?;
        let header = mp4_atom::Header::read_from(&mut reader).map_err(|e| match e {
            mp4_atom::Error::UnexpectedEof | mp4_atom::Error::Io(_) => {
                ends_early("last box header")
            }
            other => format!("not a readable MP4: the container is damaged ({other})"),
        })?;
        let header_length = reader.stream_position().map_err(io_error)? - offset;
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
            let body = read_body(&mut reader, "moov", body_length, MAX_MOOV_BYTES)?;
            let decoded = decode_moov(&body)
                .map_err(|e| format!("not a readable MP4: its 'moov' box is damaged ({e})"))?;
            moov = Some(decoded);
        } else if header.kind == mp4_atom::Moof::KIND {
            let Some(found) = moov.as_ref() else {
                return Err(
                    "not a readable MP4: a fragment ('moof') comes before the index ('moov')"
                        .into(),
                );
            };
            // A plain file's index ignores fragments, and so does the player.
            let Some(mvex) = found.mvex.as_ref() else {
                offset = end;
                continue;
            };
            let body = read_body(&mut reader, "moof", body_length, MAX_MOOF_BYTES)?;
            let moof = decode_moof(&body).map_err(|e| {
                format!(
                    "not a readable MP4: fragment {} ('moof' at byte {offset}) is damaged ({e})",
                    fragments.moofs + 1
                )
            })?;
            fragments.add(&moof, mvex);
        } else if header.kind == mp4_atom::Mdat::KIND {
            media.push((offset + header_length, body_length));
            if fragments.moofs > 0 {
                fragments.mdats_after_a_moof += 1;
            }
        }
        offset = end;
    }
    let moov = moov.ok_or("not a readable MP4: it has no 'moov' box (the index of its tracks)")?;

    let mut tracks: Vec<_> = moov.trak.iter().collect();
    tracks.sort_by_key(|track| track.tkhd.track_id);
    let sample_entries: Vec<_> = tracks
        .iter()
        .filter_map(|track| track.mdia.minf.stbl.stsd.codecs.first())
        .collect();
    let codecs = sample_entries
        .iter()
        .map(|codec| mp4_codec_name(codec).to_string())
        .collect();
    let h264 = sample_entries.iter().find_map(|codec| match codec {
        mp4_atom::Codec::Avc1(avc1) => Some(H264Profile::of(&avc1.avcc)),
        mp4_atom::Codec::Avc3(avc3) => Some(H264Profile::of(&avc3.avcc)),
        _ => None,
    });
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
    let duration_secs = (duration > 0.0 && duration.is_finite()).then_some(duration);

    for track in &tracks {
        check_chunks_inside(&track.mdia.minf.stbl, length)?;
    }
    if moov.mvex.is_some() {
        check_fragments(&fragments, &tracks, duration_secs)?;
    }
    if let Some(at) = zero_window(&mut reader, &media, false)? {
        return Err(half_copied("MP4", at));
    }
    Ok(VideoInfo {
        container: Container::Mp4,
        codecs,
        duration_secs,
        h264,
    })
}

/// A plain (unfragmented) file's sample tables say where each chunk of samples starts (`stco` or
/// `co64`) and how large its samples are (`stsc`, `stsz`): every chunk must start inside the file
/// and the last one must end inside it. A copy cut short keeps its index and loses the media the
/// index points at.
fn check_chunks_inside(stbl: &mp4_atom::Stbl, length: u64) -> Result<(), String> {
    let offsets: Vec<u64> = match (&stbl.co64, &stbl.stco) {
        (Some(co64), _) => co64.entries.clone(),
        (None, Some(stco)) => stco.entries.iter().map(|&o| u64::from(o)).collect(),
        (None, None) => return Ok(()),
    };
    let past_the_end = |at: u64| {
        format!(
            "not a readable MP4: its sample table puts media at byte {at}, past the end of the {length}-byte file (cut off while copying?)"
        )
    };
    if let Some(&outside) = offsets.iter().find(|&&offset| offset >= length) {
        return Err(past_the_end(outside));
    }
    let Some(&last_offset) = offsets.last() else {
        return Ok(());
    };
    // The last chunk's number (1-based, as `stsc` counts) and the samples before it.
    let last_chunk = offsets.len() as u64;
    let entries = &stbl.stsc.entries;
    let mut before = 0u64;
    let mut in_last = 0u64;
    for (index, entry) in entries.iter().enumerate() {
        let first = u64::from(entry.first_chunk);
        let per_chunk = u64::from(entry.samples_per_chunk);
        let next_first = entries
            .get(index + 1)
            .map_or(u64::MAX, |next| u64::from(next.first_chunk));
        if first > last_chunk || first == 0 {
            break;
        }
        if next_first > last_chunk {
            before = before.saturating_add((last_chunk - first).saturating_mul(per_chunk));
            in_last = per_chunk;
            break;
        }
        before = before.saturating_add(next_first.saturating_sub(first).saturating_mul(per_chunk));
    }
    let bytes = match &stbl.stsz.samples {
        mp4_atom::StszSamples::Identical { count, size } => {
            let in_last = in_last.min(u64::from(*count).saturating_sub(before));
            in_last.saturating_mul(u64::from(*size))
        }
        mp4_atom::StszSamples::Different { sizes } => {
            let start = usize::try_from(before)
                .unwrap_or(usize::MAX)
                .min(sizes.len());
            let end = usize::try_from(before.saturating_add(in_last))
                .unwrap_or(usize::MAX)
                .min(sizes.len());
            sizes[start..end].iter().map(|&size| u64::from(size)).sum()
        }
    };
    let end = last_offset.saturating_add(bytes);
    if end > length {
        return Err(format!(
            "not a readable MP4: its last chunk of media ends at byte {end}, past the end of the {length}-byte file (cut off while copying?)"
        ));
    }
    Ok(())
}

/// How far the fragments may fall short of the declared length before the file counts as cut:
/// muxers round the declared length and end tracks a frame apart.
fn fragment_slack(declared: f64) -> f64 {
    0.1 + declared / 100.0
}

/// A fragmented file declares its length up front (`mehd`, or `mvhd`) and then appends fragments;
/// a copy cut at a fragment boundary reads as a valid, shorter file, so the samples' summed
/// durations (those the `moov` holds itself, as some muxers put the first fragment there, and the
/// fragments') are held against the declared length. The longest track counts: a track may end
/// early on purpose, the file's length is its longest track's.
fn check_fragments(
    fragments: &Fragments,
    tracks: &[&mp4_atom::Trak],
    declared: Option<f64>,
) -> Result<(), String> {
    let in_moov = |track: &mp4_atom::Trak| -> u64 {
        track
            .mdia
            .minf
            .stbl
            .stts
            .entries
            .iter()
            .map(|entry| u64::from(entry.sample_count) * u64::from(entry.sample_delta))
            .fold(0, u64::saturating_add)
    };
    let moov_has_samples = tracks.iter().any(|track| in_moov(track) > 0);
    if !moov_has_samples && (fragments.moofs == 0 || fragments.mdats_after_a_moof == 0) {
        return Err(
            "not a playable MP4: it is a fragmented MP4's init segment alone: it holds no media (the fragments were not copied with it)"
                .into(),
        );
    }
    let Some(declared) = declared else {
        return Ok(());
    };
    let covered = tracks
        .iter()
        .filter_map(|track| {
            let timescale = track.mdia.mdhd.timescale;
            let fragmented = fragments
                .durations
                .get(&track.tkhd.track_id)
                .copied()
                .unwrap_or(0);
            let units = in_moov(track).saturating_add(fragmented);
            (timescale > 0).then(|| units as f64 / f64::from(timescale))
        })
        .fold(0.0, f64::max);
    if covered + fragment_slack(declared) < declared {
        return Err(format!(
            "not a playable MP4: the fragments cover only {covered:.1} s of the {declared:.1} s the file declares (cut off while copying?)"
        ));
    }
    Ok(())
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

/// Decodes what the probe reads of a fragment (its track fragments' headers and sample runs),
/// skipping every other box unread, for the reason `decode_moov` gives.
fn decode_moof(body: &[u8]) -> Result<mp4_atom::Moof, mp4_atom::Error> {
    use mp4_atom::{Atom, DecodeAtom, Mfhd, Moof, Tfdt, Tfhd, Traf, Trun};

    let mut moof = Moof::default();
    for child in children(body) {
        let (header, mut child) = child?;
        match header.kind {
            Mfhd::KIND => moof.mfhd = Mfhd::decode_atom(&header, &mut child)?,
            Traf::KIND => {
                let mut traf = Traf::default();
                for child in children(child) {
                    let (header, mut child) = child?;
                    match header.kind {
                        Tfhd::KIND => traf.tfhd = Tfhd::decode_atom(&header, &mut child)?,
                        Tfdt::KIND => traf.tfdt = Some(Tfdt::decode_atom(&header, &mut child)?),
                        Trun::KIND => traf.trun.push(Trun::decode_atom(&header, &mut child)?),
                        _ => {}
                    }
                }
                moof.traf.push(traf);
            }
            _ => {}
        }
    }
    Ok(moof)
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
