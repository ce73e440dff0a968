//! The content pack: a folder with `manifest.toml` naming the film's trailer, poster, credits and
//! legislation. Loading validates everything up front and reports every problem at once, so an operator
//! fixes a pack in one pass and the kiosk never discovers a broken file in front of a visitor.
//!
//! Pure Rust, no Tauri types: the same code backs `screening-kiosk check` and the running kiosk.

mod manifest;
mod view;

pub use manifest::*;
pub use view::*;

use crate::codec_support;
use crate::law_text::{self, Block};
use crate::media_probe::{self, Container, VideoInfo};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

pub const MANIFEST_FILE: &str = "manifest.toml";
/// Written by `screening-kiosk pack`, in `sha256sum` format, so a pack copied to a kiosk can be
/// checked for files changed or damaged on the way.
pub const CHECKSUM_FILE: &str = "checksums.sha256";
pub const SUPPORTED_FORMAT: u32 = 1;
const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;
const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;

/// A file the media server may hand out, addressed by a stable id rather than by its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    pub path: PathBuf,
    pub mime: String,
}

pub const POSTER_MEDIA_ID: &str = "poster";

pub fn trailer_media_id(index: usize) -> String {
    format!("trailer-{index}")
}

pub fn caption_media_id(index: usize) -> String {
    format!("captions-{index}")
}

pub fn audio_description_media_id(index: usize) -> String {
    format!("audio-description-{index}")
}

pub fn logo_media_id(group: usize, index: usize) -> String {
    format!("logo-{group}-{index}")
}

/// A pack that passed validation: every file it names exists inside its root.
#[derive(Debug, Clone)]
pub struct Pack {
    pub root: PathBuf,
    pub manifest: Manifest,
    pub laws: BTreeMap<String, Vec<Block>>,
    pub media: BTreeMap<String, MediaFile>,
    /// Findings that did not stop the pack from loading (unknown fields, for example).
    pub warnings: Vec<Problem>,
    /// Every file the pack uses, as written in the manifest, the manifest first.
    pub files: Vec<String>,
    /// What each trailer rendition's container declares, in manifest order.
    pub renditions: Vec<VideoInfo>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What kind of problem a finding is: stable, for tools and tests; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    ManifestSyntax,
    UnsupportedFormat,
    UnknownField,
    PathEmpty,
    PathBackslash,
    PathParent,
    PathAbsolute,
    PathEscapesPack,
    FileMissing,
    NotAFile,
    FileEmpty,
    FileUnreadable,
    TooLarge,
    NotUtf8,
    NotVideoMime,
    NoRenditions,
    NoLegislation,
    LawEmpty,
    BadId,
    DuplicateId,
    MediaMismatch,
    MediaUnreadable,
    BadLanguage,
    MissingTranslation,
    BadDate,
    NotWebVtt,
    ChecksumSyntax,
    ChecksumMismatch,
    NotInChecksums,
    NoRenditionForPlatform,
}

/// One finding of validation, printed as `file:line:col: error: message` like a compiler diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: {}", self.message)
    }
}

#[derive(Debug)]
pub enum LoadError {
    /// The folder itself cannot be read: nothing to validate.
    Unreadable(String),
    /// The folder was read and is not a valid pack; every finding is listed, warnings included.
    Invalid(Vec<Problem>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Unreadable(why) => write!(f, "{why}"),
            LoadError::Invalid(problems) => {
                let lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
                write!(f, "{}", lines.join("\n"))
            }
        }
    }
}

/// Loads and fully validates the pack in `dir`. A pack with warnings but no errors loads; its
/// warnings travel with it in `Pack::warnings`.
pub fn load(dir: &Path) -> Result<Pack, LoadError> {
    load_with(dir, Checksums::Verify)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checksums {
    Verify,
    Ignore,
}

fn load_with(dir: &Path, checksums: Checksums) -> Result<Pack, LoadError> {
    let root = fs::canonicalize(dir)
        .map_err(|e| LoadError::Unreadable(format!("{}: {e}", dir.display())))?;
    if !root.is_dir() {
        return Err(LoadError::Unreadable(format!(
            "{}: not a folder",
            dir.display()
        )));
    }
    let mut check = Checker {
        root,
        manifest_text: String::new(),
        problems: Vec::new(),
        files: vec![MANIFEST_FILE.to_string()],
    };
    let pack = check
        .read_manifest()
        .and_then(|manifest| check.validate(manifest));
    if pack.is_some() && checksums == Checksums::Verify {
        check.verify_checksums();
    }
    let has_errors = check.problems.iter().any(|p| p.severity == Severity::Error);
    match pack {
        Some(mut pack) if !has_errors => {
            pack.warnings = check.problems;
            pack.files = check.files;
            Ok(pack)
        }
        _ => Err(LoadError::Invalid(check.problems)),
    }
}

/// Why a manifest path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathProblem {
    pub code: Code,
    pub message: String,
}

impl PathProblem {
    fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

struct Checker {
    root: PathBuf,
    manifest_text: String,
    problems: Vec<Problem>,
    files: Vec<String>,
}

impl Checker {
    fn push(
        &mut self,
        file: &str,
        location: Option<(usize, usize)>,
        severity: Severity,
        code: Code,
        message: String,
    ) {
        self.problems.push(Problem {
            file: PathBuf::from(file),
            line: location.map(|(line, _)| line),
            column: location.map(|(_, column)| column),
            severity,
            code,
            message,
        });
    }

    fn error_in(&mut self, file: &str, code: Code, message: impl Into<String>) {
        self.push(file, None, Severity::Error, code, message.into());
    }

    /// A finding in the manifest at a byte offset, reported with 1-based line and column.
    fn manifest_finding(
        &mut self,
        offset: usize,
        severity: Severity,
        code: Code,
        message: impl Into<String>,
    ) {
        let location = line_column(&self.manifest_text, offset);
        self.push(
            MANIFEST_FILE,
            Some(location),
            severity,
            code,
            message.into(),
        );
    }

    fn error_at(&mut self, offset: usize, code: Code, message: impl Into<String>) {
        self.manifest_finding(offset, Severity::Error, code, message);
    }

    fn read_manifest(&mut self) -> Option<Manifest> {
        let text = self.read_text(
            MANIFEST_FILE,
            &self.root.join(MANIFEST_FILE),
            MAX_MANIFEST_BYTES,
        )?;
        self.manifest_text = text;
        let mut unknown = Vec::new();
        let parsed = toml::Deserializer::parse(&self.manifest_text).and_then(|deserializer| {
            serde_ignored::deserialize(deserializer, |path| unknown.push(path.to_string()))
        });
        match parsed {
            Ok(manifest) => {
                for reported in unknown {
                    let field = field_path(&reported);
                    let offset = key_offset(&self.manifest_text, &field);
                    self.manifest_finding(
                        offset,
                        Severity::Warning,
                        Code::UnknownField,
                        format!("unknown field `{field}` is ignored (a typo, or written for a newer kiosk?)"),
                    );
                }
                Some(manifest)
            }
            Err(e) => {
                let message = e.message().to_string();
                match e.span() {
                    Some(span) => self.error_at(span.start, Code::ManifestSyntax, message),
                    None => self.error_in(MANIFEST_FILE, Code::ManifestSyntax, message),
                }
                None
            }
        }
    }

    fn validate(&mut self, manifest: Manifest) -> Option<Pack> {
        if *manifest.format.get_ref() != SUPPORTED_FORMAT {
            self.error_at(
                manifest.format.span().start,
                Code::UnsupportedFormat,
                format!(
                    "pack format {} is not supported by this kiosk (it reads format {SUPPORTED_FORMAT}); update the kiosk or re-export the pack",
                    manifest.format.get_ref()
                ),
            );
        }

        self.check_languages(&manifest);

        let mut media = BTreeMap::new();
        if let Some(file) = self.probed_media(&manifest.film.poster, media_probe::image_mime) {
            media.insert(POSTER_MEDIA_ID.to_string(), file);
        }

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
            media.insert(
                trailer_media_id(index),
                MediaFile {
                    path,
                    mime: rendition.mime.get_ref().clone(),
                },
            );
        }
        // Only when every rendition was read: a missing one is already an error of its own.
        if !renditions.is_empty() && renditions.len() == manifest.trailer.renditions.get_ref().len()
        {
            let codecs = renditions
                .iter()
                .map(|info: &VideoInfo| info.codecs.as_slice());
            for platform in codec_support::platforms_without_a_sure_trailer(codecs) {
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

        if manifest.legislation.is_empty() {
            self.error_in(
                MANIFEST_FILE,
                Code::NoLegislation,
                "the pack needs at least one [[legislation]] document",
            );
        }
        let mut laws = BTreeMap::new();
        let mut seen_ids = HashSet::new();
        for law in &manifest.legislation {
            let id = law.id.get_ref();
            if !is_valid_id(id) {
                self.error_at(
                    law.id.span().start,
                    Code::BadId,
                    format!("legislation id {id:?} may only contain a-z, 0-9 and '-'"),
                );
            } else if !seen_ids.insert(id.clone()) {
                self.error_at(
                    law.id.span().start,
                    Code::DuplicateId,
                    format!("legislation id {id:?} is used twice"),
                );
            }
            let Some(path) = self.referenced_file(&law.file) else {
                continue;
            };
            let Some(markdown) = self.read_text(law.file.get_ref(), &path, MAX_TEXT_BYTES) else {
                continue;
            };
            let blocks = law_text::parse_markdown(&markdown);
            if blocks.is_empty() {
                self.error_in(
                    law.file.get_ref(),
                    Code::LawEmpty,
                    "the legislation text has no readable content",
                );
            }
            laws.insert(id.clone(), blocks);
        }

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
            let Some(path) = self.referenced_file(&caption.file) else {
                continue;
            };
            let Some(text) = self.read_text(caption.file.get_ref(), &path, MAX_TEXT_BYTES) else {
                continue;
            };
            // The WebVTT signature: "WEBVTT" alone or followed by a space, tab or line break.
            let signed = text
                .strip_prefix("WEBVTT")
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']));
            if !signed {
                self.push(
                    caption.file.get_ref(),
                    Some((1, 1)),
                    Severity::Error,
                    Code::NotWebVtt,
                    "a caption file must be WebVTT and start with the line `WEBVTT`".into(),
                );
                continue;
            }
            media.insert(
                caption_media_id(index),
                MediaFile {
                    path,
                    mime: "text/vtt".into(),
                },
            );
        }

        for (index, track) in manifest.trailer.audio_description.iter().enumerate() {
            if let Some(file) = self.probed_media(&track.file, media_probe::audio_mime) {
                media.insert(audio_description_media_id(index), file);
            }
        }
        for (group_index, group) in manifest.credits.iter().enumerate() {
            for (index, logo) in group.logos.iter().enumerate() {
                if let Some(file) = self.probed_media(&logo.file, media_probe::image_mime) {
                    media.insert(logo_media_id(group_index, index), file);
                }
            }
        }
        for (key, text) in &manifest.labels {
            if !LABEL_KEYS.contains(&key.as_str()) {
                self.manifest_finding(
                    text.span().start,
                    Severity::Warning,
                    Code::UnknownField,
                    format!(
                        "label `{key}` is not one the kiosk shows and is ignored (labels: {})",
                        LABEL_KEYS.join(", ")
                    ),
                );
            }
        }

        for event in &manifest.timeline {
            if !is_iso_date(event.date.get_ref()) {
                self.error_at(
                    event.date.span().start,
                    Code::BadDate,
                    format!(
                        "timeline date {:?} is not an ISO date: write 2009, 2009-11 or 2009-11-16",
                        event.date.get_ref()
                    ),
                );
            }
        }

        Some(Pack {
            root: self.root.clone(),
            manifest,
            laws,
            media,
            warnings: Vec::new(),
            files: Vec::new(),
            renditions,
        })
    }

    /// Resolves a manifest path to a non-empty regular file inside the pack, or records why not.
    fn referenced_file(&mut self, relative: &Spanned<String>) -> Option<PathBuf> {
        match confine(&self.root, relative.get_ref()) {
            Ok(path) => {
                if !self.files.contains(relative.get_ref()) {
                    self.files.push(relative.get_ref().clone());
                }
                Some(path)
            }
            Err(why) => {
                self.error_at(
                    relative.span().start,
                    why.code,
                    format!("{:?}: {}", relative.get_ref(), why.message),
                );
                None
            }
        }
    }

    /// Where `needle` first occurs inside `span` of the manifest, else the span's start.
    fn offset_within(&self, span: std::ops::Range<usize>, needle: &str) -> usize {
        self.manifest_text
            .get(span.clone())
            .and_then(|text| text.find(needle))
            .map_or(span.start, |at| span.start + at)
    }

    /// The key of translation `tag` inside a localized text (`ru = ...` in an inline table, or the
    /// `synopsis.ru = ...` line of a dotted one), else the text's start.
    fn translation_offset(&self, span: std::ops::Range<usize>, tag: &str) -> usize {
        let text = self.manifest_text.as_str();
        let line_start = text[..span.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |n| n + 1);
        // A dotted table (`synopsis.en = ...`, later `synopsis.de = ...`) starts at its first key
        // and its other keys may follow many lines later: look for `synopsis.de` itself.
        let first_key = text[line_start..]
            .split(['=', '\n'])
            .next()
            .unwrap_or("")
            .trim();
        if let Some((prefix, _)) = first_key.rsplit_once('.') {
            if let Some(at) = text[line_start..].find(&format!("{prefix}.{tag}")) {
                return line_start + at + prefix.len() + 1;
            }
        }
        let line_end = text[span.end.min(text.len())..]
            .find("\n\n")
            .map_or(text.len(), |n| span.end + n);
        let region = &text[line_start..line_end];
        region
            .match_indices(tag)
            .find(|(at, _)| {
                let before = region[..*at].chars().next_back();
                let after = region[at + tag.len()..].trim_start();
                matches!(before, Some('.' | ' ' | '{' | ',' | '"'))
                    && (after.starts_with('=') || after.starts_with("\" ="))
            })
            .map_or(span.start, |(at, _)| {
                let key = line_start + at;
                if text[..key].ends_with('"') {
                    key - 1
                } else {
                    key
                }
            })
    }

    /// The declared languages are well-formed and include the default; every translation table uses
    /// declared languages only and has the default; captions and law texts name declared languages.
    fn check_languages(&mut self, manifest: &Manifest) {
        let declared = manifest.languages.get_ref();
        if declared.is_empty() {
            self.error_at(
                manifest.languages.span().start,
                Code::BadLanguage,
                "declare at least one language, e.g. languages = [\"en\"]",
            );
        }
        for tag in declared {
            if !is_language_tag(tag) {
                self.error_at(
                    self.offset_within(manifest.languages.span(), &format!("\"{tag}\"")),
                    Code::BadLanguage,
                    format!("{tag:?} is not a language tag like \"en\", \"ru\" or \"pt-BR\""),
                );
            }
        }
        let default = manifest.default_language.get_ref();
        if !declared.contains(default) {
            self.error_at(
                manifest.default_language.span().start,
                Code::BadLanguage,
                format!(
                    "default_language {default:?} is not one of the pack's languages {declared:?}"
                ),
            );
        }
        // With an undeclared default, every table would "lack" it: that one error is the report.
        let default_declared = declared.contains(default);
        for text in localized_fields(manifest) {
            for tag in text.get_ref().languages() {
                if !declared.iter().any(|d| d == tag) {
                    self.error_at(
                        self.translation_offset(text.span(), tag),
                        Code::BadLanguage,
                        format!(
                            "translation {tag:?} is not one of the pack's languages {declared:?}"
                        ),
                    );
                }
            }
            if let Localized::PerLanguage(texts) = text.get_ref() {
                if default_declared && !texts.contains_key(default) {
                    self.error_at(
                        text.span().start,
                        Code::MissingTranslation,
                        format!("this text has no version in the default language {default:?}, which every visitor falls back to"),
                    );
                }
            }
        }
        let named = manifest
            .trailer
            .captions
            .iter()
            .map(|c| &c.language)
            .chain(
                manifest
                    .trailer
                    .audio_description
                    .iter()
                    .map(|a| &a.language),
            )
            .chain(manifest.legislation.iter().map(|l| &l.language));
        for language in named {
            if !declared.contains(language.get_ref()) {
                self.error_at(
                    language.span().start,
                    Code::BadLanguage,
                    format!(
                        "language {:?} is not one of the pack's languages {declared:?}",
                        language.get_ref()
                    ),
                );
            }
        }
    }

    /// A referenced file whose bytes `probe` recognises, served with the MIME type it reports;
    /// otherwise the mismatch is recorded at the manifest line naming the file.
    fn probed_media(
        &mut self,
        relative: &Spanned<String>,
        probe: fn(&Path) -> Result<&'static str, String>,
    ) -> Option<MediaFile> {
        let path = self.referenced_file(relative)?;
        match probe(&path) {
            Ok(mime) => Some(MediaFile {
                path,
                mime: mime.to_string(),
            }),
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

    /// Checks that a rendition's bytes are the container its MIME type promises, with a video track.
    fn probe_rendition(&mut self, rendition: &Rendition, path: &Path) -> Option<VideoInfo> {
        let file = rendition.file.get_ref();
        let info = match media_probe::probe_video(path) {
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
        let declared = Container::from_mime(rendition.mime.get_ref());
        if declared.is_some_and(|declared| declared != info.container) {
            self.error_at(
                rendition.mime.span().start,
                Code::MediaMismatch,
                format!(
                    "{file:?} is a {} file but its mime says {:?}",
                    info.container.name(),
                    rendition.mime.get_ref()
                ),
            );
        }
        Some(info)
    }

    /// When the pack carries a checksum list, every file it names must still have the bytes it had
    /// when the list was written; a file the manifest uses that the list leaves out is a warning.
    fn verify_checksums(&mut self) {
        let list = self.root.join(CHECKSUM_FILE);
        if !list.exists() {
            return;
        }
        let Some(text) = self.read_text(CHECKSUM_FILE, &list, MAX_TEXT_BYTES) else {
            return;
        };
        let mut listed = HashSet::new();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let location = Some((index + 1, 1));
            // `hash  path` (text mode) or `hash *path` (binary mode), as sha256sum writes them.
            let entry = line
                .split_once("  ")
                .or_else(|| line.split_once(" *"))
                .filter(|(hex, _)| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
            let Some((expected, name)) = entry else {
                self.push(
                    CHECKSUM_FILE,
                    location,
                    Severity::Error,
                    Code::ChecksumSyntax,
                    "expected `<64 hex digits>  <path>` (two spaces), as sha256sum writes".into(),
                );
                continue;
            };
            listed.insert(name.to_string());
            let resolved = match confine(&self.root, name) {
                Ok(resolved) => resolved,
                Err(why) => {
                    self.push(
                        CHECKSUM_FILE,
                        location,
                        Severity::Error,
                        why.code,
                        format!("{name:?}: {}", why.message),
                    );
                    continue;
                }
            };
            match sha256_file(&resolved) {
                Ok(actual) if actual.eq_ignore_ascii_case(expected) => {}
                Ok(_) => self.error_in(
                    name,
                    Code::ChecksumMismatch,
                    format!(
                        "the file changed since its checksum was written ({CHECKSUM_FILE} line {}): copy it again, or run `screening-kiosk pack` if the change is intended",
                        index + 1
                    ),
                ),
                Err(e) => self.error_in(name, Code::FileUnreadable, format!("cannot read: {e}")),
            }
        }
        for name in self.files.clone() {
            if !listed.contains(&name) {
                self.push(
                    CHECKSUM_FILE,
                    None,
                    Severity::Warning,
                    Code::NotInChecksums,
                    format!("{name:?} is used by the pack but has no checksum; run `screening-kiosk pack` again"),
                );
            }
        }
    }

    fn read_text(&mut self, display: &str, path: &Path, limit: u64) -> Option<String> {
        let bytes = match fs::metadata(path) {
            // A FIFO would block the read forever and a device would never end: regular files only.
            Ok(meta) if !meta.is_file() => {
                self.error_in(display, Code::NotAFile, "not a regular file");
                return None;
            }
            Ok(meta) if meta.len() > limit => {
                self.error_in(
                    display,
                    Code::TooLarge,
                    format!(
                        "file is {} bytes; the limit for this file is {limit} bytes",
                        meta.len()
                    ),
                );
                return None;
            }
            Ok(_) => fs::read(path),
            Err(e) => Err(e),
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.error_in(display, Code::FileMissing, "file is missing");
                return None;
            }
            Err(e) => {
                self.error_in(display, Code::FileUnreadable, format!("cannot read: {e}"));
                return None;
            }
        };
        let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        match String::from_utf8(without_bom.to_vec()) {
            Ok(text) => Some(text),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let valid = std::str::from_utf8(&without_bom[..offset]).unwrap_or_default();
                self.push(
                    display,
                    Some(line_column(valid, offset)),
                    Severity::Error,
                    Code::NotUtf8,
                    "text is not valid UTF-8 (save the file as UTF-8)".into(),
                );
                None
            }
        }
    }
}

/// SHA-256 of a file as lowercase hex, streamed so a large trailer is never read into memory whole.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher)?;
    Ok(format!("{:x}", hasher.finalize()))
}

/// Validates the pack (its bytes as they are now; an old checksum list is ignored) and writes a
/// fresh checksum list of every file it uses. Returns how many files were listed.
pub fn write_checksums(dir: &Path) -> Result<usize, LoadError> {
    let pack = load_with(dir, Checksums::Ignore)?;
    let mut list = String::new();
    for name in &pack.files {
        let digest = sha256_file(&pack.root.join(name))
            .map_err(|e| LoadError::Unreadable(format!("{name}: {e}")))?;
        list.push_str(&format!("{digest}  {name}\n"));
    }
    // Written aside and renamed, so a kiosk watching the folder never reads half a list.
    let partial = pack.root.join(format!("{CHECKSUM_FILE}.partial"));
    fs::write(&partial, list)
        .and_then(|()| fs::rename(&partial, pack.root.join(CHECKSUM_FILE)))
        .map_err(|e| LoadError::Unreadable(format!("{CHECKSUM_FILE}: {e}")))?;
    Ok(pack.files.len())
}

/// Resolves `relative` inside `root`, refusing anything that could leave it: absolute paths, `..`,
/// backslashes (a Windows separator that would mean something else on another OS) and symlinks that
/// point outside. `root` must already be canonical.
pub fn confine(root: &Path, relative: &str) -> Result<PathBuf, PathProblem> {
    if relative.is_empty() {
        return Err(PathProblem::new(Code::PathEmpty, "the path is empty"));
    }
    if relative.contains('\\') {
        return Err(PathProblem::new(
            Code::PathBackslash,
            "use '/' in pack paths, not '\\'",
        ));
    }
    let as_path = Path::new(relative);
    for component in as_path.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(PathProblem::new(
                    Code::PathParent,
                    "'..' is not allowed in pack paths",
                ))
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(PathProblem::new(
                    Code::PathAbsolute,
                    "absolute paths are not allowed; use a path relative to the pack folder",
                ))
            }
        }
    }
    let resolved = match fs::canonicalize(root.join(as_path)) {
        Ok(resolved) => resolved,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(PathProblem::new(Code::FileMissing, "file is missing"))
        }
        Err(e) => {
            return Err(PathProblem::new(
                Code::FileUnreadable,
                format!("cannot read: {e}"),
            ))
        }
    };
    if !resolved.starts_with(root) {
        return Err(PathProblem::new(
            Code::PathEscapesPack,
            "the path leads outside the pack folder (through a symbolic link)",
        ));
    }
    let meta = fs::metadata(&resolved)
        .map_err(|e| PathProblem::new(Code::FileUnreadable, format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(PathProblem::new(Code::NotAFile, "not a regular file"));
    }
    if meta.len() == 0 {
        return Err(PathProblem::new(Code::FileEmpty, "file is empty"));
    }
    Ok(resolved)
}

/// A field path as serde_ignored reports it (`trailer.renditions.$__serde_spanned_private_value.0.colour`)
/// without the segments `toml::Spanned` adds, which mean nothing to an operator.
fn field_path(reported: &str) -> String {
    reported
        .split('.')
        .filter(|segment| !segment.starts_with("$__"))
        .collect::<Vec<_>>()
        .join(".")
}

/// Byte offset of the key a dotted field path (`credits.1.entries.0.label`) names, found by walking
/// the parsed document, so a name used in several tables is located in the right one and quoted
/// keys are found too. Falls back to the start of the file.
fn key_offset(text: &str, path: &str) -> usize {
    use toml::de::{DeArray, DeTable, DeValue};
    let Ok(root) = DeTable::parse(text) else {
        return 0;
    };
    let mut offset = 0;
    let mut table: Option<&DeTable> = Some(root.get_ref());
    let mut array: Option<&DeArray> = None;
    for segment in path.split('.') {
        let next = if let Some(current) = table {
            current
                .iter()
                .find(|(key, _)| key.get_ref() == segment)
                .map(|(key, value)| (key.span().start, value.get_ref()))
        } else if let Some(items) = array {
            segment
                .parse::<usize>()
                .ok()
                .and_then(|index| items.get(index))
                .map(|item| (item.span().start, item.get_ref()))
        } else {
            None
        };
        let Some((at, value)) = next else {
            break;
        };
        offset = at;
        (table, array) = match value {
            DeValue::Table(t) => (Some(t), None),
            DeValue::Array(a) => (None, Some(a)),
            _ => (None, None),
        };
    }
    offset
}

/// Every visitor-facing text of the manifest, for the translation checks.
fn localized_fields(manifest: &Manifest) -> Vec<&Spanned<Localized>> {
    let film = &manifest.film;
    let mut fields = vec![&film.title, &film.country, &film.synopsis];
    for fact in &film.facts {
        fields.extend([&fact.label, &fact.value]);
    }
    fields.extend(manifest.trailer.note.as_ref());
    for group in &manifest.credits {
        fields.push(&group.heading);
        for entry in &group.entries {
            fields.push(&entry.role);
            fields.extend(&entry.names);
        }
    }
    for law in &manifest.legislation {
        fields.extend([&law.title, &law.citation]);
        fields.extend(law.note.as_ref());
    }
    fields.extend(manifest.timeline.iter().map(|event| &event.text));
    for group in &manifest.credits {
        fields.extend(group.logos.iter().map(|logo| &logo.alt));
    }
    fields.extend(manifest.labels.values());
    fields
}

/// A BCP 47 tag in the shape packs use: a 2-3 letter language, then optional subtags.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()));
    language_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and a real calendar date.
fn is_iso_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let numbers: Option<Vec<u16>> = parts
        .iter()
        .zip([4, 2, 2])
        .map(|(part, width)| {
            (part.len() == width && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect();
    match (parts.len(), numbers.as_deref()) {
        (1, Some([_])) => true,
        (2, Some([_, month])) => (1..=12).contains(month),
        (3, Some([year, month, day])) => time::Month::try_from(*month as u8)
            .ok()
            .and_then(|m| time::Date::from_calendar_date(i32::from(*year), m, *day as u8).ok())
            .is_some(),
        _ => false,
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const GOOD_MANIFEST: &str = r#"format = 1
id = "test-pack"
languages = ["en", "ru"]
default_language = "en"

[film]
title = "Justice for Sergei"
year = 2010
country = "The Netherlands"
synopsis = "A documentary."
poster = "images/poster.jpg"

[[film.facts]]
label = "Directed by"
value = "Hans Hermans and Martin Maat"

[trailer]
[[trailer.renditions]]
file = "trailer/trailer.mp4"
mime = 'video/mp4; codecs="avc1.4D401F, mp4a.40.2"'

[[credits]]
heading = "The film"
[[credits.entries]]
role = "A film by"
names = ["Hans Hermans", "Martin Maat"]

[[legislation]]
id = "law-one"
title = "An Act"
citation = "22 U.S.C. 10101"
source_url = "https://www.govinfo.gov/"
status = "excerpt"
file = "law/one.md"
language = "en"
"#;

    fn write_pack(manifest: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("images")).unwrap();
        fs::create_dir_all(root.join("trailer")).unwrap();
        fs::create_dir_all(root.join("law")).unwrap();
        let default_pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/justice-for-sergei");
        for media in ["images/poster.jpg", "trailer/trailer.mp4"] {
            fs::copy(default_pack.join(media), root.join(media)).unwrap();
        }
        fs::write(root.join("law/one.md"), "# Sec. 1\n\nText.\n").unwrap();
        fs::write(root.join(MANIFEST_FILE), manifest).unwrap();
        dir
    }

    fn problems(manifest: &str) -> Vec<String> {
        let dir = write_pack(manifest);
        match load(dir.path()) {
            Ok(_) => vec![],
            Err(LoadError::Invalid(p)) => p.iter().map(Problem::to_string).collect(),
            Err(other) => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn a_good_pack_loads_with_media_and_law() {
        let dir = write_pack(GOOD_MANIFEST);
        let pack = load(dir.path()).unwrap();
        assert_eq!(
            pack.manifest.film.title.get_ref().resolve("ru", "en"),
            "Justice for Sergei"
        );
        assert_eq!(
            pack.media.keys().collect::<Vec<_>>(),
            ["poster", "trailer-0"]
        );
        assert!(pack.media["trailer-0"]
            .path
            .ends_with("trailer/trailer.mp4"));
        assert_eq!(pack.laws["law-one"].len(), 2);
    }

    #[test]
    fn the_view_carries_urls_by_id_and_never_paths() {
        let dir = write_pack(GOOD_MANIFEST);
        let pack = load(dir.path()).unwrap();
        let view = serde_json::to_value(
            pack.view(None, |id| format!("http://127.0.0.1:1/tok/media/{id}")),
        )
        .unwrap();
        assert_eq!(
            view["film"]["posterUrl"],
            "http://127.0.0.1:1/tok/media/poster"
        );
        assert_eq!(
            view["trailer"]["renditions"][0]["url"],
            "http://127.0.0.1:1/tok/media/trailer-0"
        );
        assert_eq!(view["legislation"][0]["status"], "excerpt");
        assert!(!view.to_string().contains(&*dir.path().to_string_lossy()));
        let law = serde_json::to_value(pack.law("law-one", None).unwrap()).unwrap();
        assert_eq!(law["sourceUrl"], "https://www.govinfo.gov/");
        assert_eq!(law["blocks"][0]["kind"], "heading");
        assert!(pack.law("nope", None).is_none());
    }

    #[test]
    fn every_problem_is_reported_in_one_run_with_line_and_column() {
        let manifest = GOOD_MANIFEST
            .replace("format = 1", "format = 7")
            .replace("images/poster.jpg", "../poster.jpg")
            .replace("law/one.md", "law/missing.md");
        let found = problems(&manifest);
        assert_eq!(
            found,
            [
                "manifest.toml:1:10: error: pack format 7 is not supported by this kiosk (it reads format 1); update the kiosk or re-export the pack",
                "manifest.toml:11:10: error: \"../poster.jpg\": '..' is not allowed in pack paths",
                "manifest.toml:34:8: error: \"law/missing.md\": file is missing",
            ]
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let found = problems(&GOOD_MANIFEST.replace("year = 2010", "year = \"twenty ten\""));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("manifest.toml:8:8: error:"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn confine_refuses_every_way_out_of_the_root() {
        let dir = write_pack(GOOD_MANIFEST);
        let root = fs::canonicalize(dir.path()).unwrap();
        for (path, why) in [
            ("", "empty"),
            ("../etc/passwd", "'..'"),
            ("law/../../x", "'..'"),
            ("/etc/passwd", "absolute"),
            ("law\\one.md", "'/'"),
            ("law", "regular file"),
            ("nope.md", "missing"),
        ] {
            let err = confine(&root, path).unwrap_err();
            assert!(err.message.contains(why), "{path}: {err:?}");
        }
        assert!(confine(&root, "./law/one.md").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn confine_refuses_a_symlink_that_escapes() {
        let dir = write_pack(GOOD_MANIFEST);
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            dir.path().join("law/link.md"),
        )
        .unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        let err = confine(&root, "law/link.md").unwrap_err();
        assert_eq!(err.code, Code::PathEscapesPack, "{err:?}");
    }

    #[test]
    fn empty_files_and_bad_utf8_are_named() {
        let dir = write_pack(GOOD_MANIFEST);
        fs::write(dir.path().join("trailer/trailer.mp4"), b"").unwrap();
        fs::write(dir.path().join("law/one.md"), b"# Title\n\nbad \xFF byte").unwrap();
        let Err(LoadError::Invalid(found)) = load(dir.path()) else {
            panic!("expected invalid")
        };
        let found: Vec<String> = found.iter().map(Problem::to_string).collect();
        assert_eq!(
            found,
            [
                "manifest.toml:19:8: error: \"trailer/trailer.mp4\": file is empty",
                "law/one.md:3:5: error: text is not valid UTF-8 (save the file as UTF-8)",
            ]
        );
    }

    #[test]
    fn unknown_fields_warn_with_their_line_but_the_pack_loads() {
        let manifest = GOOD_MANIFEST
            .replace("year = 2010", "year = 2010\nsubtitel = \"typo\"")
            .replace(
                "status = \"excerpt\"",
                "status = \"excerpt\"\ncolour = \"red\"",
            );
        let dir = write_pack(&manifest);
        let pack = load(dir.path()).unwrap();
        let warnings: Vec<String> = pack.warnings.iter().map(Problem::to_string).collect();
        assert_eq!(
            warnings,
            [
                "manifest.toml:9:1: warning: unknown field `film.subtitel` is ignored (a typo, or written for a newer kiosk?)",
                "manifest.toml:35:1: warning: unknown field `legislation.0.colour` is ignored (a typo, or written for a newer kiosk?)",
            ]
        );
        assert!(pack.warnings.iter().all(|w| w.code == Code::UnknownField));
    }

    #[test]
    fn the_published_schema_matches_the_manifest_types() {
        let published = include_str!("../../../docs/content-pack.schema.json");
        assert!(
            published == manifest_schema(),
            "docs/content-pack.schema.json is stale: run `cargo run -- schema > docs/content-pack.schema.json`"
        );
    }

    #[test]
    fn checksums_name_the_file_that_changed() {
        let dir = write_pack(GOOD_MANIFEST);
        assert_eq!(write_checksums(dir.path()).unwrap(), 4);
        let list = fs::read_to_string(dir.path().join(CHECKSUM_FILE)).unwrap();
        assert!(list.starts_with(&format!(
            "{}  manifest.toml\n",
            sha256_file(&dir.path().join(MANIFEST_FILE)).unwrap()
        )));
        assert!(load(dir.path()).unwrap().warnings.is_empty());

        fs::write(dir.path().join("law/one.md"), "# Sec. 1\n\nChanged text.\n").unwrap();
        let Err(LoadError::Invalid(found)) = load(dir.path()) else {
            panic!("a changed file must invalidate the pack")
        };
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::ChecksumMismatch);
        assert_eq!(found[0].file, Path::new("law/one.md"));

        // Re-packing accepts the change on purpose.
        write_checksums(dir.path()).unwrap();
        assert!(load(dir.path()).is_ok());
    }

    #[test]
    fn a_damaged_checksum_list_is_reported_by_line() {
        let dir = write_pack(GOOD_MANIFEST);
        write_checksums(dir.path()).unwrap();
        let list = fs::read_to_string(dir.path().join(CHECKSUM_FILE)).unwrap();
        let damaged: Vec<&str> = list.lines().collect();
        let text = format!("{}\nnot a checksum\n{}\n", damaged[0], damaged[2]);
        fs::write(dir.path().join(CHECKSUM_FILE), text).unwrap();
        let Err(LoadError::Invalid(found)) = load(dir.path()) else {
            panic!("a damaged list must invalidate the pack")
        };
        let found: Vec<String> = found.iter().map(Problem::to_string).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].starts_with("checksums.sha256:2:1: error: expected"),
            "{}",
            found[0]
        );
        assert!(
            found[1].contains("warning:") && found[1].contains("images/poster.jpg"),
            "{}",
            found[1]
        );
        assert!(
            found[2].contains("warning:") && found[2].contains("law/one.md"),
            "{}",
            found[2]
        );
    }

    #[test]
    fn media_whose_bytes_do_not_match_the_manifest_are_named() {
        let dir = write_pack(GOOD_MANIFEST);
        fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assets/justice-for-sergei/trailer/trailer.webm"),
            dir.path().join("trailer/trailer.mp4"),
        )
        .unwrap();
        fs::write(dir.path().join("images/poster.jpg"), "<svg/>").unwrap();
        let Err(LoadError::Invalid(found)) = load(dir.path()) else {
            panic!("mismatched media must invalidate the pack")
        };
        let found: Vec<(Code, String)> = found.iter().map(|p| (p.code, p.to_string())).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, Code::MediaMismatch);
        assert!(
            found[0]
                .1
                .starts_with("manifest.toml:11:10: error: \"images/poster.jpg\""),
            "{}",
            found[0].1
        );
        assert_eq!(found[1].0, Code::MediaMismatch);
        assert!(
            found[1].1.contains("is a WebM file but its mime says"),
            "{}",
            found[1].1
        );
    }

    #[test]
    fn a_valid_pack_reports_what_its_renditions_contain() {
        let pack = load(write_pack(GOOD_MANIFEST).path()).unwrap();
        assert_eq!(pack.renditions.len(), 1);
        assert_eq!(pack.renditions[0].codecs, ["avc1", "mp4a"]);
    }

    #[test]
    fn texts_fall_back_to_the_default_language() {
        let manifest = GOOD_MANIFEST.replace(
            "synopsis = \"A documentary.\"",
            "synopsis = { en = \"A documentary.\", ru = \"Документальный фильм.\" }\ncountry.ru = \"Нидерланды\"",
        ).replace("country = \"The Netherlands\"\n", "country.en = \"The Netherlands\"\n");
        let dir = write_pack(&manifest);
        let pack = load(dir.path()).unwrap();
        let url = |id: &str| id.to_string();
        let ru = pack.view(Some("ru"), url);
        assert_eq!(ru.language, "ru");
        assert_eq!(ru.film.synopsis, "Документальный фильм.");
        assert_eq!(ru.film.country, "Нидерланды");
        // Not translated: the default language's text.
        assert_eq!(ru.credits[0].entries[0].role, "A film by");
        let unknown = pack.view(Some("fr"), url);
        assert_eq!(unknown.language, "en");
        assert_eq!(unknown.film.synopsis, "A documentary.");
    }

    #[test]
    fn translations_must_use_declared_languages_and_include_the_default() {
        let manifest = GOOD_MANIFEST
            .replace(
                "synopsis = \"A documentary.\"",
                "synopsis = { ru = \"Фильм.\", de = \"Ein Film.\" }",
            )
            .replace("default_language = \"en\"", "default_language = \"en\"\n");
        let found = problems(&manifest);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("manifest.toml:11:29: error: translation \"de\""),
            "{}",
            found[0]
        );
        assert!(
            found[1].contains("no version in the default language \"en\""),
            "{}",
            found[1]
        );

        let bad_default =
            GOOD_MANIFEST.replace("default_language = \"en\"", "default_language = \"nl\"");
        let found = problems(&bad_default);
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("manifest.toml:4:20: error: default_language \"nl\"")),
            "{found:?}"
        );
    }

    #[test]
    fn timeline_dates_must_be_real_iso_dates() {
        for (date, ok) in [
            ("2009", true),
            ("2009-11", true),
            ("2009-11-16", true),
            ("2012-02-29", true),
            ("2011-02-29", false),
            ("2009-13", false),
            ("16 Nov 2009", false),
            ("2009-1-6", false),
        ] {
            assert_eq!(is_iso_date(date), ok, "{date}");
        }
        let manifest = format!("{GOOD_MANIFEST}\n[[timeline]]\ndate = \"16 Nov 2009\"\ntext = \"Dies in custody.\"\nsource = \"https://example.org\"\n");
        let found = problems(&manifest);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("is not an ISO date"), "{}", found[0]);
    }

    #[test]
    fn caption_files_must_be_webvtt_in_a_declared_language() {
        let dir = write_pack(&GOOD_MANIFEST.replace(
            "[[credits]]",
            "[[trailer.captions]]\nlanguage = \"ru\"\nfile = \"captions/ru.vtt\"\n\n[[trailer.captions]]\nlanguage = \"fr\"\nfile = \"captions/fr.vtt\"\n\n[[credits]]",
        ));
        fs::create_dir_all(dir.path().join("captions")).unwrap();
        fs::write(
            dir.path().join("captions/ru.vtt"),
            "WEBVTT\n\n00:00.000 --> 00:02.000\nПривет\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("captions/fr.vtt"),
            "1\n00:00:00,000 --> 00:00:02,000\nSalut\n",
        )
        .unwrap();
        let Err(LoadError::Invalid(found)) = load(dir.path()) else {
            panic!("expected invalid")
        };
        let codes: Vec<Code> = found.iter().map(|p| p.code).collect();
        assert_eq!(codes, [Code::BadLanguage, Code::NotWebVtt], "{found:?}");
        assert_eq!(found[1].file, Path::new("captions/fr.vtt"));
    }

    #[test]
    fn logos_labels_and_audio_description_reach_the_view() {
        let manifest = GOOD_MANIFEST
            .replace(
                "[[credits.entries]]",
                "[[credits.logos]]\nfile = \"images/poster.jpg\"\nalt = { en = \"Festival\", ru = \"Фестиваль\" }\n\n[[credits.entries]]",
            )
            .replace(
                "[[credits]]",
                "[[trailer.audio_description]]\nlanguage = \"en\"\nfile = \"trailer/trailer.mp4\"\n\n[[credits]]",
            )
            + "\n[labels]\ntouch_to_begin = { en = \"Touch to watch\", ru = \"Коснитесь экрана\" }\nmystery = \"?\"\n";
        let dir = write_pack(&manifest);
        let pack = load(dir.path()).unwrap();
        let view = pack.view(Some("ru"), |id| id.to_string());
        assert_eq!(view.credits[0].logos[0].url, "logo-0-0");
        assert_eq!(view.credits[0].logos[0].alt, "Фестиваль");
        assert_eq!(view.trailer.audio_description[0].url, "audio-description-0");
        assert_eq!(view.labels["touch_to_begin"], "Коснитесь экрана");
        assert_eq!(pack.media["logo-0-0"].mime, "image/jpeg");
        assert_eq!(pack.media["audio-description-0"].mime, "audio/mp4");
        let warnings: Vec<String> = pack.warnings.iter().map(Problem::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("label `mystery` is not one the kiosk shows"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn a_logo_that_is_not_an_image_is_named() {
        let manifest = GOOD_MANIFEST.replace(
            "[[credits.entries]]",
            "[[credits.logos]]\nfile = \"law/one.md\"\nalt = \"Logo\"\n\n[[credits.entries]]",
        );
        let found = problems(&manifest);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("\"law/one.md\": the file is not a JPEG, PNG or WebP image"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn language_tags_are_checked_for_shape() {
        for tag in ["en", "ru", "pt-BR", "zh-Hant-TW", "fil"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for tag in ["", "EN", "english", "en_GB", "e"] {
            assert!(!is_language_tag(tag), "{tag}");
        }
    }

    #[test]
    fn a_missing_folder_is_unreadable_not_invalid() {
        let err = load(Path::new("/definitely/not/here")).unwrap_err();
        assert!(matches!(err, LoadError::Unreadable(_)));
    }

    #[test]
    fn duplicate_and_malformed_law_ids_are_refused() {
        let doubled = format!(
            "{GOOD_MANIFEST}\n[[legislation]]\nid = \"Law One!\"\ntitle = \"t\"\ncitation = \"c\"\nsource_url = \"u\"\nstatus = \"full\"\nfile = \"law/one.md\"\nlanguage = \"en\"\n"
        );
        let found = problems(&doubled);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("may only contain"), "{}", found[0]);
    }
}
