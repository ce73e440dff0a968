//! The checker one validation runs on: it holds the manifest's text and gathers every finding, so
//! an operator sees all problems of a pack in one pass. The subjects it checks live beside it
//! (`media_files`, `legislation`, `languages`, `texts`, `checksums`), each as methods on it.
//! It also keeps the work within the budget of `limits`: a path is resolved once however many
//! entries name it, a report lists a bounded number of findings of each kind, and the text the
//! entries bring in is counted.

use super::law_text::Block;
use super::limits::{MAX_FINDINGS_PER_CODE, MAX_TEXT_TOTAL_BYTES};
use super::paths::{confine, normalized};
use super::problem::{line_column, Code, PathProblem, Problem, Severity};
use super::{MANIFEST_FILE, MAX_TEXT_BYTES};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub(super) struct Checker {
    pub(super) root: PathBuf,
    pub(super) manifest_text: String,
    pub(super) problems: Vec<Problem>,
    /// Every file the pack uses, by normalized path, in the order first met.
    pub(super) files: Vec<String>,
    used: HashSet<String>,
    /// Each path the manifest names, by normalized spelling, as `confine` resolved it.
    resolved: HashMap<String, Result<PathBuf, PathProblem>>,
    /// Law texts by normalized path, parsed once however many entries name them (`None`: refused).
    pub(super) law_texts: HashMap<String, Option<Vec<Block>>>,
    /// Caption files by normalized path: whether the file is WebVTT, read once.
    pub(super) caption_texts: HashMap<String, bool>,
    listed: HashMap<Code, usize>,
    /// Findings past `MAX_FINDINGS_PER_CODE`, by code in order first met: the worst severity
    /// among them and how many.
    omitted: Vec<(Code, Severity, usize)>,
    text_spent: u64,
    text_overspent: bool,
}

impl Checker {
    pub(super) fn new(root: PathBuf) -> Self {
        Self {
            root,
            manifest_text: String::new(),
            problems: Vec::new(),
            files: vec![MANIFEST_FILE.to_string()],
            used: HashSet::from([MANIFEST_FILE.to_string()]),
            resolved: HashMap::new(),
            law_texts: HashMap::new(),
            caption_texts: HashMap::new(),
            listed: HashMap::new(),
            omitted: Vec::new(),
            text_spent: 0,
            text_overspent: false,
        }
    }

    /// Records a finding; past `MAX_FINDINGS_PER_CODE` of its code it is only counted, for the
    /// summary `finish` adds.
    pub(super) fn push(
        &mut self,
        file: &str,
        location: Option<(usize, usize)>,
        severity: Severity,
        code: Code,
        message: String,
    ) {
        let listed = self.listed.entry(code).or_default();
        if *listed >= MAX_FINDINGS_PER_CODE {
            match self.omitted.iter_mut().find(|(c, _, _)| *c == code) {
                Some((_, worst, count)) => {
                    *count += 1;
                    if severity == Severity::Error {
                        *worst = Severity::Error;
                    }
                }
                None => self.omitted.push((code, severity, 1)),
            }
            return;
        }
        *listed += 1;
        self.problems.push(Problem {
            file: PathBuf::from(file),
            line: location.map(|(line, _)| line),
            column: location.map(|(_, column)| column),
            severity,
            code,
            message,
        });
    }

    /// Whether another finding of `code` would be listed rather than only counted, so a check can
    /// skip locating one that would not be shown.
    pub(super) fn lists(&self, code: Code) -> bool {
        self.listed.get(&code).copied().unwrap_or(0) < MAX_FINDINGS_PER_CODE
    }

    /// Adds one summary finding per code that had findings left out of the report.
    pub(super) fn finish(&mut self) {
        for (code, severity, count) in std::mem::take(&mut self.omitted) {
            let file = self
                .problems
                .iter()
                .find(|p| p.code == code)
                .map_or_else(|| PathBuf::from(MANIFEST_FILE), |p| p.file.clone());
            let name = serde_json::to_string(&code).unwrap_or_default();
            self.problems.push(Problem {
                file,
                line: None,
                column: None,
                severity,
                code: Code::TooManyFindings,
                message: format!(
                    "{count} more {} findings are not listed (a report lists the first {MAX_FINDINGS_PER_CODE} of each kind)",
                    name.trim_matches('"')
                ),
            });
        }
    }

    pub(super) fn error_in(&mut self, file: &str, code: Code, message: impl Into<String>) {
        self.push(file, None, Severity::Error, code, message.into());
    }

    /// A finding in the manifest at a byte offset, reported with 1-based line and column.
    pub(super) fn manifest_finding(
        &mut self,
        offset: usize,
        severity: Severity,
        code: Code,
        message: impl Into<String>,
    ) {
        if !self.lists(code) {
            // Only counted: finding its line would cost a scan of the manifest for nothing.
            self.push(MANIFEST_FILE, None, severity, code, message.into());
            return;
        }
        let location = line_column(&self.manifest_text, offset);
        self.push(
            MANIFEST_FILE,
            Some(location),
            severity,
            code,
            message.into(),
        );
    }

    pub(super) fn error_at(&mut self, offset: usize, code: Code, message: impl Into<String>) {
        self.manifest_finding(offset, Severity::Error, code, message);
    }

    /// Resolves a manifest path to a non-empty regular file inside the pack, or records why not.
    /// The file system is asked once per normalized path; each entry naming a bad path is reported.
    pub(super) fn referenced_file(&mut self, relative: &Spanned<String>) -> Option<PathBuf> {
        let key = normalized(relative.get_ref());
        let root = &self.root;
        let resolved = self
            .resolved
            .entry(key.clone())
            .or_insert_with(|| confine(root, relative.get_ref()))
            .clone();
        match resolved {
            Ok(path) => {
                if self.used.insert(key.clone()) {
                    self.files.push(key);
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

    /// A text file an entry names, resolved as `referenced_file` does, with its bytes counted
    /// against the pack's text budget for this entry. Returns its normalized path (the key of the
    /// text caches and the name its own findings carry) and where it is.
    pub(super) fn referenced_text(
        &mut self,
        relative: &Spanned<String>,
    ) -> Option<(String, PathBuf)> {
        let path = self.referenced_file(relative)?;
        // A file over its own size limit is refused as too large when read, not counted here.
        let bytes = fs::metadata(&path)
            .map(|meta| meta.len())
            .unwrap_or(0)
            .min(MAX_TEXT_BYTES + 1);
        if self.text_overspent {
            return None;
        }
        if bytes <= MAX_TEXT_BYTES {
            self.text_spent += bytes;
        }
        if self.text_spent > MAX_TEXT_TOTAL_BYTES {
            // Reported once, at the entry that went over; no entry after it reads any text.
            self.text_overspent = true;
            self.error_at(
                relative.span().start,
                Code::TextBudgetExceeded,
                format!(
                    "{:?} ({bytes} bytes) brings the text this pack's entries use to {} bytes; law texts and captions may total at most {MAX_TEXT_TOTAL_BYTES} bytes, a file counted for every entry that names it",
                    relative.get_ref(),
                    self.text_spent
                ),
            );
            return None;
        }
        Some((normalized(relative.get_ref()), path))
    }

    /// Where `needle` first occurs inside `span` of the manifest, else the span's start.
    pub(super) fn offset_within(&self, span: std::ops::Range<usize>, needle: &str) -> usize {
        self.manifest_text
            .get(span.clone())
            .and_then(|text| text.find(needle))
            .map_or(span.start, |at| span.start + at)
    }

    pub(super) fn read_text(&mut self, display: &str, path: &Path, limit: u64) -> Option<String> {
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
