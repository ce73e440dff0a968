//! Media files and how they reach the webview: what a file's bytes really are (`probe`), which
//! platform's webview plays which codec (`codecs`), and the loopback HTTP server that streams the
//! files a pack names (`server`). Knows nothing of packs: `content` uses it, not the other way.

pub mod codecs;
pub(crate) mod probe;
pub(crate) mod server;

pub(crate) use server::{Catalog, MediaServer};
use std::path::PathBuf;

/// A file the media server may hand out, addressed by a stable id rather than by its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    pub path: PathBuf,
    pub mime: String,
}
