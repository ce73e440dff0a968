//! The files the media server will hand out (poster, trailer renditions, captions, audio
//! description, logos): each must be inside the pack and be what the manifest says it is, checked
//! from its bytes, and the trailer should play on every platform.

use super::checker::Checker;
use super::manifest::{Manifest, Rendition};
use super::problem::{Code, Severity};
use super::webvtt::{self, DropReason, Finding, Timestamp, TimingError};
use super::MAX_TEXT_BYTES;
use crate::media::probe::{self, Container, VideoInfo};
use crate::media::{codecs, isolation, MediaFile, MediaId};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use toml::Spanned;

impl Checker {
    pub(super) fn check_renditions(
        &mut self,
        manifest: &Manifest,
        media: &mut BTreeMap<MediaId, MediaFile>,
    ) -> Vec<VideoInfo> {
        if manifest.trailer.renditions.get_ref().is_empty() {
            self.error_at(
                manifest.trailer.renditions.span().start,
                Code::NoRenditions,
                "the trailer needs at least one rendition",
            );
        }
        let mut renditions = Vec::new();
        for (index, rendition) in manifest.trailer.renditions.get_ref().iter().enumerate() {
            if !rendition.mime.get_ref().starts_with("video/") {
                self.error_at(
                    rendition.mime.span().start,
                    Code::NotVideoMime,
                    format!(
                        "trailer rendition mime {:?} is not a video type (expected e.g. 'video/mp4; codecs=\"avc1.4D401F, mp4a.40.2\"')",
                        rendition.mime.get_ref()
                    ),
                );
            }
            let Some(path) = self.referenced_file(&rendition.file) else {
                continue;
            };
            if let Some(info) = self.probe_rendition(rendition, &path) {
                renditions.push(info);
            }
            let mime = rendition.mime.get_ref().clone();
            if let Some(file) = self.served_file(&rendition.file, path, mime) {
                media.insert(MediaId::Trailer(index), file);
            }
        }
        // Only when every rendition was read: a missing one is already an error of its own.
        if !renditions.is_empty() && renditions.len() == manifest.trailer.renditions.get_ref().len()
        {
            // A rendition in a profile most decoders refuse is sure to play nowhere.
            let codecs = renditions
                .iter()
                .filter(|info| {
                    info.h264
                        .is_none_or(|profile| codecs::refused_h264_profile(&profile).is_none())
                })
                .map(|info: &VideoInfo| info.codecs.as_slice());
            for platform in codecs::platforms_without_a_sure_trailer(codecs) {
                self.manifest_finding(
                    manifest.trailer.renditions.span().start,
                    Severity::Warning,
                    Code::NoRenditionForPlatform,
                    format!(
                        "no trailer rendition is sure to play on {} (visitors there may see the poster instead; `check` lists what each file needs); an MP4 with H.264 video and AAC audio plays everywhere",
                        platform.name()
                    ),
                );
            }
        }
        renditions
    }

    /// `renditions` are the trailer renditions that could be read: the shortest is the length
    /// every cue must fit in.
    pub(super) fn check_captions(
        &mut self,
        manifest: &Manifest,
        media: &mut BTreeMap<MediaId, MediaFile>,
        renditions: &[VideoInfo],
    ) {
        let trailer_end = renditions
            .iter()
            .filter_map(|info| info.duration_secs)
            .min_by(f64::total_cmp)
            .map(|secs| Timestamp((secs * 1000.0).round() as u64));
        let mut caption_languages = HashSet::new();
        for (index, caption) in manifest.trailer.captions.iter().enumerate() {
            if !caption_languages.insert(caption.language.get_ref()) {
                self.error_at(
                    caption.language.span().start,
                    Code::DuplicateId,
                    format!(
                        "a second caption track for {:?}: the caption menu offers one per language",
                        caption.language.get_ref()
                    ),
                );
            }
            let Some((key, path)) = self.referenced_text(&caption.file) else {
                continue;
            };
            // A file named by several tracks is read, checked and reported once.
            let usable = match self.caption_texts.get(&key) {
                Some(usable) => *usable,
                None => {
                    let usable = self.usable_captions(&key, &path, trailer_end);
                    self.caption_texts.insert(key, usable);
                    usable
                }
            };
            if !usable {
                continue;
            }
            if let Some(file) = self.served_file(&caption.file, path, "text/vtt".into()) {
                media.insert(MediaId::Captions(index), file);
            }
        }
    }

    /// Whether a caption file is WebVTT with cues a browser shows; reports what it drops or
    /// shows wrongly.
    fn usable_captions(&mut self, file: &str, path: &Path, trailer_end: Option<Timestamp>) -> bool {
        let Some(text) = self.read_text(file, path, MAX_TEXT_BYTES) else {
            return false;
        };
        let Ok(report) = webvtt::check(&text) else {
            self.push(
                file,
                Some((1, 1)),
                Severity::Error,
                Code::NotWebVtt,
                "a caption file must be WebVTT and start with the line `WEBVTT`".into(),
            );
            return false;
        };
        self.caption_findings(file, &report, trailer_end);
        !report.cues.is_empty()
    }

    /// What a browser would drop or show wrongly in one caption file, each at its line.
    fn caption_findings(
        &mut self,
        file: &str,
        report: &webvtt::Report,
        trailer_end: Option<Timestamp>,
    ) {
        if report.cues.is_empty() {
            let srt = report.findings.iter().any(|finding| {
                matches!(
                    finding,
                    Finding::Dropped {
                        why: DropReason::BadTiming(TimingError::SrtComma),
                        ..
                    }
                )
            });
            let message = match report.dropped {
                0 => "the file has no cues: add them, or remove this caption track from the manifest".to_string(),
                dropped if srt => format!(
                    "no cue in this file can be shown ({dropped} dropped, listed below): it looks like SRT under a `WEBVTT` line; convert the .srt with `ffmpeg -i captions.srt captions.vtt`"
                ),
                dropped => format!(
                    "no cue in this file can be shown ({dropped} dropped, listed below); a timing line is written `00:00:01.000 --> 00:00:04.000`"
                ),
            };
            self.push(
                file,
                None,
                Severity::Error,
                Code::CaptionsWithoutCues,
                message,
            );
        }
        for finding in &report.findings {
            let code = match finding {
                Finding::Dropped { .. } => Code::CaptionCueDropped,
                Finding::OutOfOrder { .. } => Code::CaptionOutOfOrder,
                Finding::Overlap { .. } => Code::CaptionOverlap,
            };
            self.push(
                file,
                Some((finding.line(), finding.column())),
                Severity::Warning,
                code,
                finding.to_string(),
            );
        }
        for (total, code, what) in [
            (report.dropped, Code::CaptionCueDropped, "dropped blocks"),
            (
                report.out_of_order,
                Code::CaptionOutOfOrder,
                "cues out of order",
            ),
            (report.overlaps, Code::CaptionOverlap, "overlapping cues"),
        ] {
            if total > webvtt::REPORTED_PER_KIND {
                self.push(
                    file,
                    None,
                    Severity::Warning,
                    code,
                    format!(
                        "{} more {what} in this file are not listed ({total} in all)",
                        total - webvtt::REPORTED_PER_KIND
                    ),
                );
            }
        }
        let Some(trailer_end) = trailer_end else {
            return;
        };
        let mut past = report.cues.iter().filter(|cue| cue.end > trailer_end);
        if let Some(first) = past.next() {
            let more = past.count();
            let fate = if first.start >= trailer_end {
                "it is never shown"
            } else {
                "it is cut short"
            };
            let others = match more {
                0 => String::new(),
                1 => "; 1 more cue ends after the trailer too".to_string(),
                more => format!("; {more} more cues end after the trailer too"),
            };
            self.push(
                file,
                Some((first.line, 1)),
                Severity::Warning,
                Code::CaptionPastTrailerEnd,
                format!(
                    "this cue ends at {}, after the trailer ends at {trailer_end}: {fate}{others}",
                    first.end
                ),
            );
        }
    }

    pub(super) fn check_audio_description(
        &mut self,
        manifest: &Manifest,
        media: &mut BTreeMap<MediaId, MediaFile>,
    ) {
        for (index, track) in manifest.trailer.audio_description.iter().enumerate() {
            if let Some(file) = self.probed_media(&track.file, probe::audio_mime) {
                media.insert(MediaId::AudioDescription(index), file);
            }
        }
    }

    pub(super) fn check_logos(
        &mut self,
        manifest: &Manifest,
        media: &mut BTreeMap<MediaId, MediaFile>,
    ) {
        for (group_index, group) in manifest.credits.iter().enumerate() {
            for (index, logo) in group.logos.iter().enumerate() {
                if let Some(file) = self.probed_media(&logo.file, probe::image_mime) {
                    media.insert(
                        MediaId::Logo {
                            group: group_index,
                            index,
                        },
                        file,
                    );
                }
            }
        }
    }

    /// A referenced file whose bytes `probe` recognises, served with the MIME type it reports;
    /// otherwise the mismatch is recorded at the manifest line naming the file.
    pub(super) fn probed_media(
        &mut self,
        relative: &Spanned<String>,
        probe: fn(&Path) -> Result<&'static str, String>,
    ) -> Option<MediaFile> {
        let path = self.referenced_file(relative)?;
        match probe(&path) {
            Ok(mime) => self.served_file(relative, path, mime.to_string()),
            Err(why) => {
                self.error_at(
                    relative.span().start,
                    Code::MediaMismatch,
                    format!("{:?}: {why}", relative.get_ref()),
                );
                None
            }
        }
    }

    /// The file as the media server will open it, its identity recorded so that a file swapped in
    /// later is never served; one that cannot be opened so is recorded at the line naming it.
    fn served_file(
        &mut self,
        relative: &Spanned<String>,
        path: PathBuf,
        mime: String,
    ) -> Option<MediaFile> {
        match MediaFile::new(path, mime) {
            Ok(file) => Some(file),
            Err(e) => {
                self.error_at(
                    relative.span().start,
                    Code::FileUnreadable,
                    format!("{:?}: cannot open: {e}", relative.get_ref()),
                );
                None
            }
        }
    }

    /// Checks that a rendition's bytes are the container its MIME type promises, with a video track.
    fn probe_rendition(&mut self, rendition: &Rendition, path: &Path) -> Option<VideoInfo> {
        let file = rendition.file.get_ref();
        let info = match isolation::probe_video(path) {
            Ok(info) => info,
            Err(why) => {
                self.error_at(
                    rendition.file.span().start,
                    Code::MediaUnreadable,
                    format!("{file:?}: {why}"),
                );
                return None;
            }
        };
        let mime = rendition.mime.get_ref();
        let declared = Container::from_mime(mime);
        if declared == Some(Container::WebM) && info.container == Container::Matroska {
            self.error_at(
                rendition.mime.span().start,
                Code::MediaMismatch,
                format!(
                    "{file:?} is a Matroska file (its DocType is \"matroska\"), not WebM, but its mime says {mime:?}: browsers play only WebM, the part of Matroska with VP8, VP9 or AV1 video and Opus or Vorbis audio; remux it as WebM, or make an MP4"
                ),
            );
        } else if declared.is_some_and(|declared| declared != info.container) {
            self.error_at(
                rendition.mime.span().start,
                Code::MediaMismatch,
                format!(
                    "{file:?} is a {} file but its mime says {mime:?}",
                    info.container.name(),
                ),
            );
        } else if let Some(why) = declared_codecs_differ(mime, &info) {
            self.error_at(
                rendition.mime.span().start,
                Code::MediaMismatch,
                format!("{file:?} {why}"),
            );
        }
        if let Some(profile) = info.h264.as_ref().and_then(codecs::refused_h264_profile) {
            self.manifest_finding(
                rendition.file.span().start,
                Severity::Warning,
                Code::CodecProfileUnsupported,
                format!(
                    "{file:?} is H.264 in the {profile}, which most hardware decoders and webviews refuse (visitors may see the poster instead); encode it in the High profile, 8-bit 4:2:0"
                ),
            );
        }
        Some(info)
    }
}

/// Why the codecs a rendition's mime declares are not the ones its file holds, compared by family
/// (`avc1.4D401F` is H.264 whatever its profile string): a player that picks a rendition by its
/// declared codecs must get what it asked for. Codecs either side that `codecs::family` does not
/// know are left out of the comparison.
fn declared_codecs_differ(mime: &str, info: &VideoInfo) -> Option<String> {
    let declared_strings = codecs::declared_codecs(mime)?;
    let families = |names: &mut dyn Iterator<Item = &str>| {
        let mut out: Vec<&'static str> = Vec::new();
        for family in names.filter_map(codecs::family) {
            if !out.contains(&family) {
                out.push(family);
            }
        }
        out
    };
    let declared = families(&mut declared_strings.iter().map(String::as_str));
    let held = families(&mut info.codecs.iter().map(String::as_str));
    let undeclared: Vec<_> = held.iter().filter(|f| !declared.contains(f)).collect();
    let missing: Vec<_> = declared.iter().filter(|f| !held.contains(f)).collect();
    if undeclared.is_empty() && missing.is_empty() {
        return None;
    }
    let list = |families: &[&'static str]| {
        if families.is_empty() {
            "nothing this kiosk knows".to_string()
        } else {
            families.join(" + ")
        }
    };
    Some(format!(
        "holds {} but its mime declares {} ({:?}): a player that picks renditions by their declared codecs could pick one it cannot decode; make the mime say what the file holds",
        list(&held),
        list(&declared),
        declared_strings.join(", ")
    ))
}
