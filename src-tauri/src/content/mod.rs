//! The content pack: a folder with `manifest.toml` naming the film's trailer, poster, credits and
//! legislation. Loading validates everything up front and reports every problem at once, so an operator
//! fixes a pack in one pass and the kiosk never discovers a broken file in front of a visitor.
//!
//! Pure Rust, no Tauri types: the same code backs `screening-kiosk check` and the running kiosk.
//! Validation is split by subject, each a set of methods on one `checker::Checker`.

mod checker;
mod checksums;
mod languages;
pub mod law_text;
mod legislation;
mod limits;
mod load;
mod manifest;
mod manifest_errors;
mod media_files;
mod paths;
mod problem;
pub(crate) mod qr;
mod texts;
mod view;
pub mod webvtt;

pub use checksums::{sha256_file, write_checksums};
pub use languages::is_language_tag;
pub use load::load;
pub use manifest::*;
pub use paths::confine;
pub use problem::{printable, Code, LoadError, PathProblem, Problem, Severity};
pub use view::*;

use crate::media::probe::VideoInfo;
use crate::media::{MediaFile, MediaId};
use law_text::Block;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const MANIFEST_FILE: &str = "manifest.toml";
/// Written by `screening-kiosk pack`, in `sha256sum` format, so a pack copied to a kiosk can be
/// checked for files changed or damaged on the way.
pub const CHECKSUM_FILE: &str = "checksums.sha256";
pub const SUPPORTED_FORMAT: u32 = 1;
/// The largest law text, caption file or checksum list a pack may carry.
pub const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;

/// A pack that passed validation: every file it names exists inside its root.
#[derive(Debug, Clone)]
pub struct Pack {
    pub root: PathBuf,
    pub manifest: Manifest,
    pub laws: BTreeMap<String, Vec<Block>>,
    pub media: BTreeMap<MediaId, MediaFile>,
    /// Findings that did not stop the pack from loading (unknown fields, for example).
    pub warnings: Vec<Problem>,
    /// Every file the pack uses, as the manifest names it (normalized: `./law//a.md` is
    /// `law/a.md`), each once, the manifest first.
    pub files: Vec<String>,
    /// What each trailer rendition's container declares, in manifest order.
    pub renditions: Vec<VideoInfo>,
}

#[cfg(test)]
mod tests;
