//! Media files and how they reach the webview: what a file's bytes really are (`probe`, run in a
//! child process by `isolation` so a damaged file cannot hang or exhaust the kiosk), which
//! platform's webview plays which codec (`codecs`), and the loopback HTTP server that streams the
//! files a pack names (`server`); on Linux, the attract loop's native GStreamer player
//! (`native`). Knows nothing of packs: `content` uses it, not the other way.

pub mod codecs;
mod connections;
mod identity;
pub mod isolation;
pub(crate) mod native;
pub mod probe;
pub(crate) mod server;

pub use server::redact_tokens;
pub(crate) use server::{Catalog, MediaServer};
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// A file the media server may hand out, addressed by a stable id rather than by its path. It
/// remembers which file its path led to when it was made, and the server serves that file only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    pub path: PathBuf,
    pub mime: String,
    identity: identity::FileIdentity,
}

impl MediaFile {
    /// Records the regular file at `path` as it is now (a symlink at the last step or anything but
    /// a regular file is refused); call it when the file is validated.
    pub fn new(path: PathBuf, mime: impl Into<String>) -> std::io::Result<MediaFile> {
        Ok(MediaFile {
            identity: identity::FileIdentity::of(&path)?,
            path,
            mime: mime.into(),
        })
    }

    /// Opens the file for reading, only if it is still the one validation saw.
    pub fn open(&self) -> std::io::Result<std::fs::File> {
        identity::open_validated(&self.path, self.identity)
    }
}

/// What a served file is to its pack, whatever its path: the last part of its URL. The page gets
/// URLs and never parses them; the core parses them back when the page reports a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MediaId {
    Poster,
    /// The trailer rendition at this index of the manifest.
    Trailer(usize),
    Captions(usize),
    AudioDescription(usize),
    /// Logo `index` of credit group `group`.
    Logo {
        group: usize,
        index: usize,
    },
}

impl fmt::Display for MediaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MediaId::Poster => write!(f, "poster"),
            MediaId::Trailer(index) => write!(f, "trailer-{index}"),
            MediaId::Captions(index) => write!(f, "captions-{index}"),
            MediaId::AudioDescription(index) => write!(f, "audio-description-{index}"),
            MediaId::Logo { group, index } => write!(f, "logo-{group}-{index}"),
        }
    }
}

/// Not a media id; the server answers such a URL as it answers an unknown file.
#[derive(Debug, PartialEq, Eq)]
pub struct NotAMediaId;

impl FromStr for MediaId {
    type Err = NotAMediaId;

    /// Exactly the spelling `Display` writes: `trailer-01` or `trailer-+1` is no id.
    fn from_str(text: &str) -> Result<Self, NotAMediaId> {
        let number = |digits: &str| digits.parse::<usize>().map_err(|_| NotAMediaId);
        let id = if text == "poster" {
            MediaId::Poster
        } else if let Some(index) = text.strip_prefix("trailer-") {
            MediaId::Trailer(number(index)?)
        } else if let Some(index) = text.strip_prefix("captions-") {
            MediaId::Captions(number(index)?)
        } else if let Some(index) = text.strip_prefix("audio-description-") {
            MediaId::AudioDescription(number(index)?)
        } else if let Some((group, index)) = text
            .strip_prefix("logo-")
            .and_then(|rest| rest.split_once('-'))
        {
            MediaId::Logo {
                group: number(group)?,
                index: number(index)?,
            }
        } else {
            return Err(NotAMediaId);
        };
        if id.to_string() == text {
            Ok(id)
        } else {
            Err(NotAMediaId)
        }
    }
}

/// A media id of one generation of packs, as a URL names it: `3-trailer-0`. A video still playing
/// the previous pack keeps its files until the page reloads (see `kiosk::PackState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CatalogKey {
    pub generation: u64,
    pub id: MediaId,
}

impl fmt::Display for CatalogKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.generation, self.id)
    }
}

impl FromStr for CatalogKey {
    type Err = NotAMediaId;

    fn from_str(text: &str) -> Result<Self, NotAMediaId> {
        let (generation, id) = text.split_once('-').ok_or(NotAMediaId)?;
        let key = CatalogKey {
            generation: generation.parse().map_err(|_| NotAMediaId)?,
            id: id.parse()?,
        };
        if key.to_string() == text {
            Ok(key)
        } else {
            Err(NotAMediaId)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_ids_read_back_exactly_what_they_write_and_nothing_else() {
        for id in [
            MediaId::Poster,
            MediaId::Trailer(0),
            MediaId::Captions(12),
            MediaId::AudioDescription(1),
            MediaId::Logo { group: 2, index: 3 },
        ] {
            assert_eq!(id.to_string().parse(), Ok(id));
            let key = CatalogKey { generation: 7, id };
            assert_eq!(key.to_string().parse(), Ok(key));
        }
        for odd in [
            "",
            "trailer",
            "trailer-",
            "trailer-01",
            "trailer-+1",
            "trailer-0-",
            "logo-1",
            "x-poster",
            "-1-poster",
            "01-poster",
            "1-poster-",
            "../poster",
        ] {
            assert!(odd.parse::<CatalogKey>().is_err(), "{odd:?}");
        }
        assert!("trailer-01".parse::<MediaId>().is_err());
    }

    #[test]
    fn a_huge_id_from_a_url_is_refused_without_growing_with_it() {
        // The round trip compares with the id's own short spelling, never a copy of the input.
        let digits = "9".repeat(1 << 20);
        assert!(format!("1-trailer-{digits}").parse::<CatalogKey>().is_err());
        assert!(format!("{digits}-poster").parse::<CatalogKey>().is_err());
        assert!(format!("1-trailer-0{}", "-".repeat(1 << 20))
            .parse::<CatalogKey>()
            .is_err());
    }
}
