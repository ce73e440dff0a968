//! The checker one validation runs on: it holds the manifest's text and gathers every finding, so
//! an operator sees all problems of a pack in one pass. The subjects it checks live beside it
//! (`media_files`, `legislation`, `languages`, `texts`, `checksums`), each as methods on it.

use super::paths::confine;
use super::problem::{line_column, Code, Problem, Severity};
use super::MANIFEST_FILE;
use std::fs;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub(super) struct Checker {
    pub(super) root: PathBuf,
    pub(super) manifest_text: String,
    pub(super) problems: Vec<Problem>,
    pub(super) files: Vec<String>,
}

impl Checker {
    pub(super) fn push(
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
    pub(super) fn referenced_file(&mut self, relative: &Spanned<String>) -> Option<PathBuf> {
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
